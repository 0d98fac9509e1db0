import type { MessagePort } from 'node:worker_threads'
import type { SerializedError } from '../errors.js'
import type { SocketType } from '../topology/schema.js'
import type { ActorPlan, Plan } from '../plan/types.js'
import type { ActorStats, AuthDeniedEvent } from './app.js'

/** The piscina task that hosts one actor; it stays pending for the actor's whole life. */
export interface HostTask {
  plan: ActorPlan
  /** the actor's control channel (transferred); the runtime sends {@link ToActor} on it */
  port: MessagePort
  /** shared counters (see actor/counters.ts) */
  counters: Float64Array
}

/** Runtime → actor. `term` is czmq's $TERM: stop, close every socket, return. */
export type ToActor =
  | { type: 'term' }
  /** H6: the binder of these inproc endpoints restarted; connect to it again */
  | { type: 'reconnect', endpoints: string[] }

/** Actor → runtime. */
export type FromActor =
  /** `types`: every socket's type (a user module's are known only once it is loaded) */
  | { type: 'ready', threadId: number, pid: number, endpoints: Record<string, string[]>, types: Record<string, SocketType> }
  | { type: 'log', text: string }
  /** the readiness barrier of the actor's pub sockets is down: every topology subscriber seen, or `missing` after the readyTimeout */
  | { type: 'barrier', missing: string[] }
  /** a peer connected or went away on an ipc/tcp socket (monitor events; heartbeats make a frozen peer count as gone) */
  | { type: 'link', socket: string, up: boolean, address: string }
  /** messages from `peer` reach `socket` more than the actor's maxLagMs after they were sent */
  | { type: 'lagging', socket: string, peer: string, lagMs: number }

/** What the task returns when the actor has ended and every socket is closed. */
export interface HostResult {
  /** `finished`: run() returned by itself; `stopped`: ended on $TERM; `failed`: an error ended it */
  outcome: 'finished' | 'stopped' | 'failed'
  /** set when outcome is `failed` */
  error?: SerializedError
  /** false when the actor failed before READY */
  ready: boolean
}

/** Node runtime → child process (over the child's IPC channel). */
export type ToChild =
  | { type: 'start', plan: Plan, node: string, process: string, skip: string[] }
  | { type: 'restart', id: number, actor: string }
  | { type: 'stop' }

/** The per-actor snapshot a child process reports: its stats line and its bound endpoints. */
export type ChildActorSnapshot = ActorStats & { endpoints: Record<string, string[]> }

/** Child process → node runtime. Every message carries a fresh snapshot of the child's actors. */
export type FromChild =
  | { type: 'started', actors: Record<string, ChildActorSnapshot> }
  | { type: 'start-failed', error: SerializedError, actors: Record<string, ChildActorSnapshot> }
  | { type: 'event', event: ChildEvent, actors: Record<string, ChildActorSnapshot> }
  | { type: 'stats', actors: Record<string, ChildActorSnapshot> }
  | { type: 'restarted', id: number, error?: SerializedError, actors: Record<string, ChildActorSnapshot> }
  | { type: 'stopped', actors: Record<string, ChildActorSnapshot> }

/** An app event of an actor in a child process, forwarded as data. */
export type ChildEvent =
  | { name: 'ready', actor: string }
  | { name: 'log', actor: string, text: string }
  | { name: 'finished', actor: string }
  /** the attempt number is the parent's to count: it adds the restarts of earlier processes */
  | { name: 'restart', actor: string, error?: SerializedError }
  | { name: 'failed', actor: string, error: SerializedError }
  /** the child kills itself right after sending this: its parent restarts it */
  | { name: 'stop-timeout', actor: string, error: SerializedError }
  | { name: 'link', actor: string, socket: string, up: boolean, address: string }
  | { name: 'lagging', actor: string, socket: string, peer: string, lagMs: number }
  | ({ name: 'auth-denied', actor: string } & AuthDeniedEvent)
