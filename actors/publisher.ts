/**
 * `publisher`: a PUB socket that publishes each message of its source, paced by `rate`, up to
 * `count`. Subscribers of the topology are waited for before the first message (the readiness
 * barrier), so none misses the start of the stream.
 * @example
 * { "kind": "publisher", "bind": "ticks", "source": "./ticks.js", "rate": 100 }
 */
import type { BuiltinSocketSpec } from '../src/actor.js'
import { pacedSender, pacedSenderFields, type PacedSenderOptions } from './paced-sender.js'

/** Fields of a `publisher` actor (besides bind/connect and socket options). */
export type PublisherOptions = PacedSenderOptions

export const sockets = { pub: { type: 'pub' } } as const satisfies Record<string, BuiltinSocketSpec>
export const fields = pacedSenderFields

export default pacedSender<'pub', PublisherOptions>('pub', 'pub')
