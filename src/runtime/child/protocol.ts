import type { SerializedError } from '../../errors.js'
import type { LinkEnds } from '../../counters.js'
import type { Plan } from '../../plan/types.js'
import type { ActorStats, AppEvents } from '../types.js'

/**
 * The child-process protocol: what the node runtime and one of its child processes say to each
 * other over the child's IPC channel. A leaf: types only.
 */

/** Node runtime → child process (over the child's IPC channel). */
export type ToChild =
  | { type: 'start', plan: Plan, node: string, process: string, skip: string[] }
  | { type: 'restart', id: number, actor: string }
  | { type: 'stop' }

/** The per-actor snapshot a child process reports: its stats line, its bound endpoints, where its internal links stand and its consumers on other nodes (counters.ts: kFarConsumers). */
export type ChildActorSnapshot = ActorStats & { endpoints: Record<string, string[]>, ends: LinkEnds, farConsumers: number }

/** Child process → node runtime. Every message carries a fresh snapshot of the child's actors. */
export type FromChild =
  | { type: 'started', actors: Record<string, ChildActorSnapshot> }
  | { type: 'start-failed', error: SerializedError, actors: Record<string, ChildActorSnapshot> }
  | { type: 'event', event: ChildEvent, actors: Record<string, ChildActorSnapshot> }
  | { type: 'stats', actors: Record<string, ChildActorSnapshot> }
  | { type: 'restarted', id: number, error?: SerializedError, actors: Record<string, ChildActorSnapshot> }
  | { type: 'stopped', actors: Record<string, ChildActorSnapshot> }

/**
 * An app event of an actor in a child process, relayed as it was raised there: the event's name
 * and its arguments, errors serialized (see relay.ts).
 */
export interface ChildEvent { name: keyof AppEvents, args: unknown[] }
