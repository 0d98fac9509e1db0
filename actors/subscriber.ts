import { handlingReceiver, type HandlingReceiverOptions } from './handling-receiver.js'

/** Fields of a `subscriber` actor (besides bind/connect and socket options). */
export interface SubscriberOptions extends HandlingReceiverOptions {
  /** message prefixes to receive (default `[""]`: everything) */
  subscribe?: string[]
}

/** SUB socket; subscribes to its prefixes before READY and hands each message to its handler. */
export default handlingReceiver('sub', 'sub', ctx => {
  ctx.sockets.sub.subscribe(...((ctx.config as SubscriberOptions).subscribe ?? ['']))
})
