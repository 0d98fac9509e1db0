import { parseArgs, type ParseArgsConfig } from 'node:util'

/** Output streams and signals of a CLI run; tests pass their own. */
export interface CliIo {
  stdout: NodeJS.WritableStream & { isTTY?: boolean, columns?: number }
  stderr: NodeJS.WritableStream
  /** aborting it acts like SIGINT (tests); the real signals are handled by `run` itself */
  signal?: AbortSignal
}

export class UsageError extends Error {}

/** `util.parseArgs` that turns its errors into {@link UsageError} (exit code 2). */
export function parse<T extends NonNullable<ParseArgsConfig['options']>> (args: string[], options: T): ReturnType<typeof parseArgs<{ args: string[], options: T, allowPositionals: true, strict: true }>> {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true })
  } catch (error) {
    throw new UsageError((error as Error).message)
  }
}
