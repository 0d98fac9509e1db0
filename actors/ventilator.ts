import { pacedSender, type PacedSenderOptions } from './paced-sender.js'

/** Fields of a `ventilator` actor (besides bind/connect and socket options). */
export type VentilatorOptions = PacedSenderOptions

/**
 * PUSH socket; hands its source's tasks round-robin to the connected workers. PUSH waits while no
 * worker is connected, so no task is lost to an empty room; at a normal end the socket's linger
 * delivers the tail (H3).
 */
export default pacedSender('push', 'push')
