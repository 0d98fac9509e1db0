/**
 * `subscriber`: a SUB socket that subscribes to its prefixes before READY and hands each message
 * to its handler, up to `count`.
 * @example
 * { "kind": "subscriber", "connect": "ticks", "subscribe": ["eu."], "handler": "./print.js" }
 */
import type { BuiltinSocketSpec, FieldSpec } from '../src/actor.js'
import { handlingReceiver, handlingReceiverFields, type HandlingReceiverOptions } from './handling-receiver.js'

/** Fields of a `subscriber` actor (besides bind/connect and socket options). */
export interface SubscriberOptions extends HandlingReceiverOptions {
  /** message prefixes to receive (default `[""]`: everything) */
  subscribe?: string[]
}

export const sockets = { sub: { type: 'sub' } } as const satisfies Record<string, BuiltinSocketSpec>
export const fields = {
  ...handlingReceiverFields,
  subscribe: { type: 'prefixes', doc: 'message prefixes to receive (default [""]: everything)' },
} as const satisfies Record<keyof SubscriberOptions, FieldSpec>

export default handlingReceiver<'sub', SubscriberOptions>('sub', 'sub', ctx => {
  ctx.sockets.sub.subscribe(...(ctx.config.subscribe ?? ['']))
})
