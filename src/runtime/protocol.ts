import type { MessagePort } from 'node:worker_threads'
import type { SerializedError } from '../errors.js'
import type { ActorPlan } from '../plan/plan.js'

/** The piscina task that hosts one actor; it stays pending for the actor's whole life. */
export interface HostTask {
  plan: ActorPlan
  /** the actor's control channel (transferred); the runtime sends {@link ToActor} on it */
  port: MessagePort
  /** shared counters (see actor/counters.ts) */
  counters: Float64Array
}

/** Runtime → actor. `term` is czmq's $TERM: stop, close every socket, return. */
export type ToActor = { type: 'term' }

/** Actor → runtime. */
export type FromActor =
  | { type: 'ready', threadId: number, pid: number, endpoints: Record<string, string[]> }
  | { type: 'log', text: string }

/** What the task returns when the actor has ended and every socket is closed. */
export interface HostResult {
  /** `finished`: run() returned by itself; `stopped`: ended on $TERM; `failed`: an error ended it */
  outcome: 'finished' | 'stopped' | 'failed'
  /** set when outcome is `failed` */
  error?: SerializedError
  /** false when the actor failed before READY */
  ready: boolean
}
