/**
 * `dish`: a DISH socket (zeromq's draft radio/dish, e.g. over `udp://`) that joins its groups
 * before READY and hands each message to its handler as `[group, body]`.
 * @example
 * { "kind": "dish", "bind": "udp://239.0.0.1:5555", "groups": ["ticks"], "handler": "./print.js" }
 */
import type { BuiltinSocketSpec, FieldSpec } from '../src/actor.js'
import { handlingReceiver, handlingReceiverFields, type HandlingReceiverOptions } from './handling-receiver.js'

/** Fields of a `dish` actor (besides bind/connect and socket options). */
export interface DishOptions extends HandlingReceiverOptions {
  /** groups to join (exact names, at most 15 bytes each) */
  groups: string[]
}

export const sockets = { dish: { type: 'dish' } } as const satisfies Record<string, BuiltinSocketSpec>
export const fields = {
  ...handlingReceiverFields,
  groups: { type: 'groups', required: true, doc: 'groups to join (exact names, at most 15 bytes each)' },
} as const satisfies Record<keyof DishOptions, FieldSpec>

export default handlingReceiver<'dish', DishOptions>('dish', 'dish', ctx => {
  ctx.sockets.dish.subscribe(...ctx.config.groups)
})
