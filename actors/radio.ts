import { pacedSender, type PacedSenderOptions } from './paced-sender.js'
import type { Message } from '../src/actor.js'

/** Fields of a `radio` actor (besides bind/connect and socket options). */
export interface RadioOptions extends PacedSenderOptions {
  /** the group of every message; without it the source yields `[group, body]` pairs */
  group?: string
}

/**
 * RADIO socket (zeromq's draft radio/dish, e.g. over `udp://`): sends each message of its source
 * to a group, paced by `rate`, up to `count`.
 */
export default pacedSender('radio', 'radio', (message, ctx): Message => {
  const { group } = ctx.config as Partial<RadioOptions>
  return group !== undefined ? [group, message as Buffer | string] : message
})
