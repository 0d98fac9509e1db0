import type { MessagePort } from 'node:worker_threads'
import type { SerializedError } from '../errors.js'
import type { ActorPlan } from '../plan/types.js'
import type { SocketType } from '../topology/schema.js'

/**
 * The thread protocol: what the runtime (main thread) and an actor host (its worker thread) say
 * to each other. A leaf: types only, imported by both sides.
 */

/** The piscina task that hosts one actor; it stays pending for the actor's whole life. */
export interface HostTask {
  plan: ActorPlan
  /** the actor's control channel (transferred); the runtime sends {@link ToActor} on it */
  port: MessagePort
  /** shared counters (see actor/counters.ts) */
  counters: Float64Array
  /** whether the host holds sockets: how the main thread waits for the close path at process.exit() (close-flag.ts) */
  closeFlag: Int32Array
  /** the topology's: how long the runtime waits after $TERM (a finished publisher stopped before its acknowledgements waits for them within it: tail.ts) */
  shutdownTimeout: number
}

/** Runtime → actor. `term` is czmq's $TERM: stop, close every socket, return. */
export type ToActor =
  | { type: 'term' }
  /** H6 in docs/hazards.md: the binder of these inproc endpoints restarted; connect to it again */
  | { type: 'reconnect', endpoints: string[] }

/** Actor → runtime. */
export type FromActor =
  /** `types`: every socket's type (a user module's are known only once it is loaded) */
  | { type: 'ready', threadId: number, pid: number, endpoints: Record<string, string[]>, types: Record<string, SocketType> }
  | { type: 'log', text: string }
  /** the readiness barrier of the actor's pub sockets is down: every topology subscriber seen, or `missing` after the readyTimeout */
  | { type: 'barrier', missing: string[] }
  /** a peer connected or went away on an ipc/tcp socket (monitor events; heartbeats make a frozen peer count as gone) */
  | { type: 'peer', socket: string, up: boolean, address: string }
  /** messages from `peer` reach `socket` more than the actor's maxLagMs after they were sent */
  | { type: 'lagging', socket: string, peer: string, lagMs: number }
  /**
   * run() returned, what it sent is handed to zeromq, and its consumers on other nodes have the
   * whole stream where that can be known (tail.ts: H35, H37); the actor holds its ipc/tcp sending
   * sockets open until $TERM (H30 in docs/hazards.md: closing them could lose what the peer has
   * not read yet); the task returns only then
   */
  | { type: 'finished' }

/** What the task returns when the actor has ended and every socket is closed. */
export interface HostResult {
  /** `finished`: run() returned by itself; `stopped`: ended on $TERM; `failed`: an error ended it */
  outcome: 'finished' | 'stopped' | 'failed'
  /** set when outcome is `failed` */
  error?: SerializedError
  /** false when the actor failed before READY */
  ready: boolean
}
