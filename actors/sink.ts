/**
 * `sink`: a PULL socket that collects results (from workers, say) and hands each to its handler,
 * up to `count`.
 * @example
 * { "kind": "sink", "bind": "results", "handler": "./tally.js", "count": 1000 }
 */
import type { BuiltinSocketSpec } from '../src/actor.js'
import { handlingReceiver, handlingReceiverFields, type HandlingReceiverOptions } from './handling-receiver.js'

/** Fields of a `sink` actor (besides bind/connect and socket options). */
export type SinkOptions = HandlingReceiverOptions

export const sockets = { pull: { type: 'pull' } } as const satisfies Record<string, BuiltinSocketSpec>
export const fields = handlingReceiverFields

export default handlingReceiver<'pull', SinkOptions>('pull', 'pull')
