import { existsSync } from 'node:fs'
import type { CliIo } from './args.js'

/**
 * `zeroactor bench`: the benchmark lives in the repository's bench/ folder, outside the library
 * (it is not shipped in the package). From a clone, this runs it; from an installed package, it
 * says where to find it.
 */
export async function bench (argv: string[], io: CliIo): Promise<number> {
  const ext = import.meta.url.endsWith('.ts') ? '.ts' : '.js'
  const entry = new URL(`../../bench/cli${ext}`, import.meta.url)
  if (!existsSync(entry)) {
    io.stderr.write('zeroactor bench: the benchmark ships with the repository, not the package: clone it, then `npm ci && npm run bench`\n')
    return 2
  }
  const { bench: run } = await import(entry.href) as { bench: (argv: string[], io: CliIo) => Promise<number> }
  return await run(argv, io)
}
