import { createRequire } from 'node:module'

/**
 * Loads a dependency on first use. Every actor thread imports `zeroactor` (for `defineActor`), and
 * an ES module import is evaluated whole, so a top-level `import` of zod, yaml, prom-client or
 * piscina would cost every actor thread about 100 ms of start-up and 20 MB of memory (measured:
 * `bench/README.md`, "Start-up"). Only the main thread validates, plans, serves metrics and owns
 * the pool; it loads these packages (all of which ship CommonJS) when it first needs them.
 */
export const lazyRequire = createRequire(import.meta.url)
