import { readFileSync } from 'node:fs'
import { TopologyError, formatIssue } from '../errors.js'
import { closest } from '../suggest.js'
import { failureLine, UsageError, type CliIo } from './args.js'
import { bench } from './bench.js'
import { check } from './check.js'
import { graph } from './graph.js'
import { keygen } from './keygen.js'
import { run } from './run.js'

export const mainHelp = `Usage: zeroactor <command> [options]

Commands:
  run <topology>     run a topology (see zeroactor run --help)
  check <topology>   validate a topology and print its plan
  graph <topology>   draw the topology (mermaid or dot)
  bench              raw zeromq.js vs zeroactor, side by side (from a clone of
                     the repository)
  keygen             make a CURVE key pair (see zeroactor keygen --help)

Every command takes --help (or: zeroactor help <command>). zeroactor --version
prints the version.

Exit codes: 0 success, 1 a runtime failure (an actor failed or could not start),
2 an invalid topology or usage.
`

const commands: Record<string, (argv: string[], io: CliIo) => Promise<number>> = { run, check, graph, bench, keygen }

/**
 * The CLI. Returns the exit code (0 ok, 1 runtime failure, 2 invalid topology or usage); only
 * bin.ts calls process.exit.
 */
export async function main (argv: string[], io: CliIo = { stdout: process.stdout, stderr: process.stderr }): Promise<number> {
  const [name, ...rest] = argv
  if (name === '--version' || name === '-v' || name === 'version') {
    io.stdout.write(`${version()}\n`)
    return 0
  }
  if (name === 'help' && rest[0] !== undefined && commands[rest[0]] !== undefined) return await main([rest[0], '--help'], io)
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(mainHelp)
    return name === undefined ? 2 : 0
  }
  const command = commands[name]
  if (command === undefined) {
    const guess = closest(name, Object.keys(commands))
    io.stderr.write(`zeroactor: unknown command "${name}"${guess !== undefined ? ` (did you mean "${guess}"?)` : ''}\n\n${mainHelp}`)
    return 2
  }
  try {
    return await command(rest, io)
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`zeroactor ${name}: ${error.message}\n`)
      return 2
    }
    if (error instanceof TopologyError) {
      io.stderr.write(`zeroactor ${name}: invalid topology (${error.issues.length} problem${error.issues.length === 1 ? '' : 's'}):\n${error.issues.map(formatIssue).join('\n')}\n`)
      return 2
    }
    io.stderr.write(`${failureLine(name, error as Error)}\n`)
    return 1
  }
}

/** The package's version, from its package.json (two folders up from src/cli and dist/src/cli alike). */
function version (): string {
  for (const up of ['../../package.json', '../../../package.json']) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(up, import.meta.url), 'utf8')) as { name?: string, version?: string }
      if (pkg.name === 'zeroactor') return pkg.version ?? 'unknown'
    } catch { /* not there: try the next */ }
  }
  return 'unknown'
}
