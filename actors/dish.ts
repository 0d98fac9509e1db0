import { handlingReceiver, type HandlingReceiverOptions } from './handling-receiver.js'

/** Fields of a `dish` actor (besides bind/connect and socket options). */
export interface DishOptions extends HandlingReceiverOptions {
  /** groups to join (exact names, at most 15 bytes each) */
  groups: string[]
}

/**
 * DISH socket (zeromq's draft radio/dish, e.g. over `udp://`): joins its groups before READY and
 * hands each message to its handler as `[group, body]`.
 */
export default handlingReceiver('dish', 'dish', ctx => {
  ctx.sockets.dish.subscribe(...((ctx.config as Partial<DishOptions>).groups ?? []))
})
