/**
 * Every error zeroactor raises is a {@link ZeroActorError} with a stable `code`. Errors cross
 * thread boundaries as plain objects (`postMessage` drops `name`, `code` and custom fields), so
 * {@link serializeError} / {@link deserializeError} carry them over and rebuild the right class.
 * Match on `code`, never on the message.
 */

export interface ZeroActorErrorOptions {
  cause?: unknown
}

export class ZeroActorError extends Error {
  readonly code: string = 'ERR_ACTOR'
  constructor (message: string, options?: ZeroActorErrorOptions) {
    super(message, options)
    this.name = new.target.name
  }
}

/** One problem found in a topology, with the path of the field and, for files, where it is. */
export interface TopologyIssue {
  /** field path, e.g. `actors.server.rate` */
  path: string
  message: string
  /** `file:line:col` when the topology came from a file */
  location?: string
}

/** The topology is invalid; `issues` lists every problem at once. */
export class TopologyError extends ZeroActorError {
  override readonly code = 'ERR_ACTOR_INVALID_TOPOLOGY'
  readonly issues: TopologyIssue[]
  constructor (issues: TopologyIssue[], options?: ZeroActorErrorOptions) {
    super(`invalid topology:\n${issues.map(formatIssue).join('\n')}`, options)
    this.issues = issues
  }
}

export function formatIssue (issue: TopologyIssue): string {
  const where = issue.location !== undefined ? `${issue.location}: ` : ''
  return `  ${where}${issue.path === '' ? '(root)' : issue.path}: ${issue.message}`
}

/** A source, handler or actor module could not be loaded or has the wrong shape. */
export class ModuleLoadError extends ZeroActorError {
  override readonly code = 'ERR_ACTOR_MODULE'
}

/** A message frame is larger than the socket's `maxMessageSize`; it was not sent. */
export class MessageTooLargeError extends ZeroActorError {
  override readonly code = 'ERR_ACTOR_MESSAGE_TOO_LARGE'
}

/** A value handed to `send()` is not a string, Buffer, Uint8Array or an array of those. */
export class InvalidMessageError extends ZeroActorError {
  override readonly code = 'ERR_ACTOR_INVALID_MESSAGE'
}

/** The actor code called `process.exit()`; the actor was failed instead of the thread. */
export class ActorExitError extends ZeroActorError {
  override readonly code = 'ERR_ACTOR_EXIT'
}

/** An exception or rejection nobody caught inside the actor's thread. */
export class ActorCrashError extends ZeroActorError {
  override readonly code = 'ERR_ACTOR_CRASHED'
}

/** The actor did not report READY (its sockets or init failed). */
export class ActorStartError extends ZeroActorError {
  override readonly code = 'ERR_ACTOR_START'
}

/** A requester got no reply after its retries (Lazy Pirate gave up). */
export class RequestTimeoutError extends ZeroActorError {
  override readonly code = 'ERR_ACTOR_REQUEST_TIMEOUT'
}

/** One restart a supervisor made, as kept in {@link RestartIntensityError.history}. */
export interface RestartRecord {
  actor: string
  /** epoch ms */
  at: number
  /** the error that ended the actor (none when it returned by itself under `permanent`) */
  error: string | null
}

/**
 * A supervisor made more than `maxRestarts` restarts within `period` ms
 * (reason `restart-intensity-exceeded`): its group was stopped and the actor failed for good.
 */
export class RestartIntensityError extends ZeroActorError {
  override readonly code = 'ERR_ACTOR_RESTART_INTENSITY'
  readonly reason = 'restart-intensity-exceeded'
  /** the supervisor's restarts within the period, oldest first, ending with the one refused */
  history: RestartRecord[]
  constructor (message: string, options?: ZeroActorErrorOptions & { history?: RestartRecord[] }) {
    super(message, options)
    this.history = options?.history ?? []
  }
}

/** An actor did not stop within `shutdownTimeout` after $TERM (a CPU loop, say): the runtime escalated. */
export class StopTimeoutError extends ZeroActorError {
  override readonly code = 'ERR_ACTOR_STOP_TIMEOUT'
  readonly reason = 'stop-timeout'
}

/** An operation on an app or actor that is not in a state to do it. */
export class ActorStateError extends ZeroActorError {
  override readonly code = 'ERR_ACTOR_STATE'
}

/**
 * A socket was asked for what its type or state does not allow: a receive on a send-only socket
 * (pub, push, radio), a send on a receive-only one (sub, pull, dish), a subscription on a socket
 * that does not subscribe, or a rep socket's second receive before its reply (or a reply without
 * a request: zeromq's EFSM).
 */
export class SocketStateError extends ZeroActorError {
  override readonly code = 'ERR_ACTOR_SOCKET_STATE'
}

/**
 * A CURVE key file that cannot be used: missing, unreadable, not a certificate, readable by other
 * users (a secret key file must be mode 0600), or holding a key that does not match the public key
 * the topology gives. The message names the file, never a key.
 */
export class KeyFileError extends ZeroActorError {
  override readonly code = 'ERR_ACTOR_KEY_FILE'
}

/** Every error class by its code: the table used to rebuild errors that crossed a thread. */
export const errorClasses = {
  ERR_ACTOR: ZeroActorError,
  ERR_ACTOR_INVALID_TOPOLOGY: TopologyError,
  ERR_ACTOR_MODULE: ModuleLoadError,
  ERR_ACTOR_MESSAGE_TOO_LARGE: MessageTooLargeError,
  ERR_ACTOR_INVALID_MESSAGE: InvalidMessageError,
  ERR_ACTOR_EXIT: ActorExitError,
  ERR_ACTOR_CRASHED: ActorCrashError,
  ERR_ACTOR_START: ActorStartError,
  ERR_ACTOR_REQUEST_TIMEOUT: RequestTimeoutError,
  ERR_ACTOR_STATE: ActorStateError,
  ERR_ACTOR_RESTART_INTENSITY: RestartIntensityError,
  ERR_ACTOR_STOP_TIMEOUT: StopTimeoutError,
  ERR_ACTOR_KEY_FILE: KeyFileError,
  ERR_ACTOR_SOCKET_STATE: SocketStateError,
} as const

/** An error as it crosses a thread: plain data only. */
export interface SerializedError {
  name: string
  message: string
  code?: string
  stack?: string
  cause?: SerializedError
  /** {@link RestartIntensityError.history} */
  history?: RestartRecord[]
  /** {@link TopologyError.issues} */
  issues?: TopologyIssue[]
}

export function serializeError (error: unknown): SerializedError {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error) }
  const out: SerializedError = { name: error.name, message: error.message }
  const code = (error as { code?: unknown }).code
  if (typeof code === 'string') out.code = code
  if (error.stack !== undefined) out.stack = error.stack
  if (error.cause !== undefined) out.cause = serializeError(error.cause)
  if (error instanceof RestartIntensityError) out.history = error.history
  if (error instanceof TopologyError) out.issues = error.issues
  return out
}

/**
 * Rebuilds an error that crossed a thread: zeroactor codes get their class back, any other code
 * (zeromq errno codes such as `EADDRINUSE`) passes through unchanged on a plain Error.
 */
export function deserializeError (data: SerializedError): Error {
  const cause = data.cause !== undefined ? deserializeError(data.cause) : undefined
  const Class = data.code !== undefined ? errorClasses[data.code as keyof typeof errorClasses] : undefined
  let error: Error
  if (Class === undefined) {
    error = new Error(data.message, { cause })
    error.name = data.name
    if (data.code !== undefined) Object.assign(error, { code: data.code })
  } else if (Class === TopologyError) {
    error = new TopologyError(data.issues ?? [], { cause })
    error.message = data.message
  } else {
    error = new (Class as typeof ZeroActorError)(data.message, { cause })
  }
  if (data.stack !== undefined) error.stack = data.stack
  if (error instanceof RestartIntensityError) error.history = data.history ?? []
  return error
}

/**
 * An error as a stats line shows it: message, code, and the stack with its causes (where the
 * thread or process it came from had one), so a crash report says where.
 */
export function errorReport (error: Error): { message: string, code: string | null, stack?: string } {
  const stacks: string[] = []
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    if (e.stack !== undefined) stacks.push(depth === 0 ? e.stack : `Caused by: ${e.stack}`)
  }
  return { message: error.message, code: (error as { code?: string }).code ?? null, ...(stacks.length > 0 ? { stack: stacks.join('\n') } : {}) }
}
