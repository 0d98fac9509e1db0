/**
 * `radio`: a RADIO socket (zeromq's draft radio/dish, e.g. over `udp://`) that sends each message
 * of its source to a group, paced by `rate`, up to `count`.
 * @example
 * { "kind": "radio", "connect": "udp://239.0.0.1:5555", "source": "./ticks.js", "group": "ticks" }
 */
import type { BuiltinSocketSpec, FieldSpec, Message } from '../src/actor.js'
import { pacedSender, pacedSenderFields, type PacedSenderOptions } from './paced-sender.js'

/** Fields of a `radio` actor (besides bind/connect and socket options). */
export interface RadioOptions extends PacedSenderOptions {
  /** the group of every message; without it the source yields `[group, body]` pairs */
  group?: string
}

export const sockets = { radio: { type: 'radio' } } as const satisfies Record<string, BuiltinSocketSpec>
export const fields = {
  ...pacedSenderFields,
  group: { type: 'group', doc: 'the group of every message (at most 15 bytes); without it the source yields [group, body] pairs' },
} as const satisfies Record<keyof RadioOptions, FieldSpec>

export default pacedSender<'radio', RadioOptions>('radio', 'radio', (message, ctx): Message => {
  const { group } = ctx.config
  return group !== undefined ? [group, message as Buffer | string] : message
})
