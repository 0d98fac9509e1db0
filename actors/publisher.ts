import { pacedSender, type PacedSenderOptions } from './paced-sender.js'

/** Fields of a `publisher` actor (besides bind/connect and socket options). */
export type PublisherOptions = PacedSenderOptions

/** PUB socket; publishes each message of its source, paced by `rate`, up to `count`. */
export default pacedSender('pub', 'pub')
