import { parseArgs, type ParseArgsConfig } from 'node:util'
import { ZeroActorError } from '../errors.js'
import { closest } from '../suggest.js'

/** Output streams and signals of a CLI run; tests pass their own. */
export interface CliIo {
  stdout: NodeJS.WritableStream & { isTTY?: boolean, columns?: number }
  stderr: NodeJS.WritableStream
  /** aborting it acts like SIGINT (tests); the real signals are handled by `run` itself */
  signal?: AbortSignal
}

export class UsageError extends Error {}

/** How a command reports a runtime error (exit code 1): its message, and its code in brackets. */
export function failureLine (command: string, error: Error): string {
  return `zeroactor ${command}: ${error.message}${error instanceof ZeroActorError ? ` [${error.code}]` : ''}`
}

/**
 * `util.parseArgs` that turns its errors into {@link UsageError} (exit code 2) said in our words:
 * an unknown option gets a "did you mean", and a negative number after an option that takes a
 * value is that option's value (`--duration -1`), for the option's own check to refuse.
 */
export function parse<T extends NonNullable<ParseArgsConfig['options']>> (args: string[], options: T): ReturnType<typeof parseArgs<{ args: string[], options: T, allowPositionals: true, strict: true }>> {
  const joined: string[] = []
  for (let i = 0; i < args.length; i++) {
    const name = args[i]!.startsWith('--') ? args[i]!.slice(2) : undefined
    const next = args[i + 1]
    if (name !== undefined && options[name]?.type === 'string' && next !== undefined && /^-\d/.test(next)) { joined.push(`--${name}=${next}`); i++ } else joined.push(args[i]!)
  }
  try {
    return parseArgs({ args: joined, options, allowPositionals: true, strict: true })
  } catch (error) {
    const unknown = /^Unknown option '(-{1,2}[^']+)'/.exec((error as Error).message)?.[1]
    if (unknown !== undefined) {
      const guess = closest(unknown.replace(/^-+/, ''), Object.keys(options))
      throw new UsageError(`unknown option ${unknown}${guess !== undefined ? ` (did you mean --${guess}?)` : ''}`)
    }
    throw new UsageError((error as Error).message)
  }
}
