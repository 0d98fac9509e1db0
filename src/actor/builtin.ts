import type { SocketType } from '../topology/schema.js'
import type { ActorDefinition } from './define-actor.js'

/**
 * The contract of a built-in kind: each `actors/<kind>.ts` exports its definition (default), its
 * socket table and its option fields, and nothing else describes the kind. The topology schema
 * reads the fields, the planner reads the socket table, the actor host runs the definition.
 */

/** The values a built-in kind's own fields take; the topology schema maps each to its check. */
export type FieldType =
  /** a module reference: `"./file.js"`, `"./file.js#name"` or a package */
  | 'module'
  /** messages per second, > 0 */
  | 'rate'
  /** a whole number of messages, > 0 */
  | 'count'
  /** milliseconds, a whole number > 0 */
  | 'timeout'
  /** a whole number ≥ 0 */
  | 'retries'
  /** an array of subscription prefixes */
  | 'prefixes'
  /** a radio/dish group: at most 15 bytes */
  | 'group'
  /** one or more groups */
  | 'groups'
  /** a socket side: `{ bind?, connect? }` plus socket options and CURVE */
  | 'side'
  /** a proxy side: a side with its socket `type` */
  | 'proxy-side'

export interface FieldSpec {
  type: FieldType
  required?: true
  /** what the field means, for docs and the published JSON Schema */
  doc: string
}

/**
 * One socket of a built-in kind. `type`: its socket type (absent: the `type` field of its side,
 * as a proxy's). `from`: the field that holds its endpoints and options (absent: the actor's own
 * `bind`/`connect`).
 */
export interface BuiltinSocketSpec {
  type?: SocketType
  from?: string
}

/** What `actors/<kind>.ts` exports. */
export interface BuiltinKindModule {
  default: ActorDefinition<any, any, any>
  sockets: Readonly<Record<string, BuiltinSocketSpec>>
  fields: Readonly<Record<string, FieldSpec>>
  /**
   * An xsub socket of the actor forwards the subscriptions its xpub socket receives (a proxy):
   * the readiness barrier then looks through it to the subscribers behind (plan/readiness.ts).
   */
  forwardsSubscriptions?: true
}
