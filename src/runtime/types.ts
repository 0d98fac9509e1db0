import type { LinkStatsMap } from '../counters.js'

/**
 * The runtime's vocabulary: the states an actor goes through, its stats line, and the events a
 * running topology emits. A leaf (types and one constant): the app, the actor runners, child processes and the
 * CLI all speak it, so an event has one name everywhere (docs/api.md lists them).
 */

/** How often the runtime measures each actor thread's busy share (ms): `busy` is over the last one. */
export const kBusyInterval = 1000

/** The states of an actor, as `app.stats()` reports them. */
export type ActorState = 'starting' | 'running' | 'restarting' | 'stopped' | 'failed'

/** A link event: which socket of the actor, and the endpoint address zeromq reported. */
export interface LinkEvent { socket: string, address: string }

/** A lagging event: the actor's socket, the peer (`actor.socket`) whose messages arrive late, and by how much. */
export interface LagEvent { socket: string, peer: string, lagMs: number }

/**
 * A handshake refused by the authenticator: the actor's CURVE server socket, the peer's IP
 * address, its mechanism and public key, why, and how many such attempts since the last report
 * (a refused peer that keeps retrying is reported once per 5 s).
 */
export interface AuthDeniedEvent { socket: string, address: string, mechanism: string, publicKey?: string, reason: string, attempts: number }

/** One actor's line in {@link Stats}. */
export interface ActorStats {
  kind: string
  state: ActorState
  pid: number | null
  threadId: number | null
  restarts: number
  sent: number
  received: number
  errors: number
  bytesSent: number
  bytesReceived: number
  /**
   * Busy %: the share of the last second the actor's thread was running rather than waiting (its
   * event loop's utilisation, 0 to 1; see {@link kBusyInterval}); null while it has no running
   * thread. The actor that stays near 1 is a pipeline's bottleneck.
   */
  busy: number | null
  /**
   * Internal links only: per socket, per peer (`actor.socket`), what the socket saw of it:
   * messages `received`, messages `dropped` (pub → sub: sequence numbers that never arrived; once
   * the app has stopped, also what the publisher sent after the last one that arrived),
   * `lagMs` (the last message's time from send to receive) and `peakLagMs`.
   */
  links?: LinkStatsMap
  /** the last error, when the actor failed or was restarted after one */
  error?: { message: string, code: string | null, stack?: string }
}

/** The object of `--stats-json` and `app.stats()`. */
export interface Stats {
  topology: string
  elapsedMs: number
  actors: Record<string, ActorStats>
}

export interface AppEvents {
  ready: [actor: string]
  log: [actor: string, text: string]
  finished: [actor: string]
  restart: [actor: string, attempt: number, error: Error | undefined]
  failed: [actor: string, error: Error]
  /** an actor did not stop within shutdownTimeout after $TERM; see "Failure and recovery" */
  'stop-timeout': [actor: string, error: Error]
  'peer-up': [actor: string, link: LinkEvent]
  'peer-down': [actor: string, link: LinkEvent]
  /** messages of an internal link reach the actor later than its maxLagMs (once per episode) */
  lagging: [actor: string, lag: LagEvent]
  /** the authenticator refused a peer of one of the actor's CURVE server sockets */
  'auth-denied': [actor: string, denial: AuthDeniedEvent]
}

/**
 * A handler for every app event, under the event's own name: how actor runners, supervisors and
 * child processes report to the app, which raises them as they are.
 */
export type EventSink = { [E in keyof AppEvents]: (...args: AppEvents[E]) => void }
