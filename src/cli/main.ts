import { TopologyError, ZeroActorError, formatIssue } from '../errors.js'
import { UsageError, type CliIo } from './args.js'
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
  bench              raw zeromq.js vs zeroactor, side by side (see zeroactor bench --help)
  keygen             make a CURVE key pair (see zeroactor keygen --help)

Every command takes --help.
`

const commands: Record<string, (argv: string[], io: CliIo) => Promise<number>> = { run, check, graph, bench, keygen }

/**
 * The CLI. Returns the exit code (0 ok, 1 runtime failure, 2 invalid topology or usage); only
 * bin.ts calls process.exit.
 */
export async function main (argv: string[], io: CliIo = { stdout: process.stdout, stderr: process.stderr }): Promise<number> {
  const [name, ...rest] = argv
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(mainHelp)
    return name === undefined ? 2 : 0
  }
  const command = commands[name]
  if (command === undefined) {
    io.stderr.write(`zeroactor: unknown command "${name}"\n\n${mainHelp}`)
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
    const code = error instanceof ZeroActorError ? ` [${error.code}]` : ''
    io.stderr.write(`zeroactor ${name}: ${(error as Error).message}${code}\n`)
    return 1
  }
}
