import { createRequire } from 'node:module'

/**
 * Loads a dependency on first use. Every actor thread imports `zeroactor` (for `defineActor`), and
 * an ES module import is evaluated whole, so a top-level `import` of zod, yaml, prom-client or
 * piscina would cost every actor thread start-up time and about 13 MB of memory (8 actors on 2
 * cores: READY in 956 ms with them, 340–420 ms without; bench/README.md). Only the main thread validates, plans, serves metrics and owns
 * the pool; it loads these packages (all of which ship CommonJS) when it first needs them.
 */
export const lazyRequire = createRequire(import.meta.url)

/** `build()` on the first call, its result on every call after (for what needs a lazily loaded package). */
export function once<T> (build: () => T): () => T {
  let value: { v: T } | undefined
  return () => (value ??= { v: build() }).v
}
