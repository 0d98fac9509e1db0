import { handlingReceiver, type HandlingReceiverOptions } from './handling-receiver.js'

/** Fields of a `sink` actor (besides bind/connect and socket options). */
export type SinkOptions = HandlingReceiverOptions

/** PULL socket; collects results from workers and hands each to its handler. */
export default handlingReceiver('pull', 'pull')
