import { writeFile } from 'node:fs/promises'
import { kParts, kSizes, kTransports, runBench } from './bench.js'
import { figures, renderReport, renderScalingSvg } from './report.js'
import { shutdown } from '../src/runtime/pool.js'
import { parse, UsageError, type CliIo } from '../src/cli/args.js'

export const benchHelp = `Usage: zeroactor bench [--quick] [--json <file>] [--svg <file>]
                       [--max-workers <n>] [--only <parts>]
                       [--transports <list>] [--sizes <list>]

Measures, in one run and side by side: raw zeromq.js against zeroactor on
internal and edge links (PUSH → PULL, 16 B to 64 KiB, inproc/ipc/tcp), the
user's path (built-in ventilator → sink and publisher → subscriber with a source
and a handler module), the REQ/REP round trip, pipeline scaling over 1…n workers
against n independent processes, and start-up time and memory per actor.
Progress goes to stderr, the table to stdout; --json writes every figure, --svg
the scaling chart.

--quick         a few messages per row: checks that every row produces a number
                (CI), in about a minute and a half on 2 cores; its numbers mean
                nothing
--only          comma-separated parts to run (default: all):
                ${kParts.join(',')}
--transports    comma-separated: ${kTransports.join(',')} (default: all), for
                throughput and user
--sizes         comma-separated message sizes in bytes, e.g. 16,65536
                (default: ${kSizes.join(',')})
`

export async function bench (argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(argv, {
    quick: { type: 'boolean' },
    json: { type: 'string' },
    svg: { type: 'string' },
    'max-workers': { type: 'string' },
    only: { type: 'string' },
    transports: { type: 'string' },
    sizes: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  })
  if (values.help === true) { io.stdout.write(benchHelp); return 0 }
  if (positionals.length > 0) throw new UsageError('bench takes no positional argument')
  const maxWorkers = values['max-workers'] === undefined ? undefined : Number(values['max-workers'])
  if (maxWorkers !== undefined && !(Number.isInteger(maxWorkers) && maxWorkers >= 1)) throw new UsageError(`--max-workers must be a positive integer, got "${values['max-workers']}"`)
  const parts = listOf('--only', values.only, kParts)
  const transports = listOf('--transports', values.transports, kTransports)
  const sizes = values.sizes?.split(',').map(size => {
    const n = Number(size)
    if (!(Number.isInteger(n) && n >= 1)) throw new UsageError(`--sizes takes positive integers (bytes), got "${size}"`)
    return n
  })
  try {
    const results = await runBench({ quick: values.quick === true, maxWorkers, parts, transports, sizes, progress: line => io.stderr.write(`${line}\n`) })
    io.stdout.write(renderReport(results))
    if (values.json !== undefined) await writeFile(values.json, JSON.stringify(results, null, 2) + '\n')
    if (values.svg !== undefined) await writeFile(values.svg, renderScalingSvg(results))
    const missing = figures(results).filter(([, v]) => v === null || !Number.isFinite(v)).map(([name]) => name)
    if (missing.length > 0) {
      io.stderr.write(`zeroactor bench: no result for ${missing.join(', ')}\n`)
      return 1
    }
    return 0
  } finally {
    await shutdown()
  }
}

/** A comma-separated option's values, each one of `allowed`. */
function listOf<T extends string> (flag: string, value: string | undefined, allowed: readonly T[]): T[] | undefined {
  return value?.split(',').map(item => {
    if (!allowed.includes(item as T)) throw new UsageError(`${flag} takes ${allowed.join(', ')}; got "${item}"`)
    return item as T
  })
}
