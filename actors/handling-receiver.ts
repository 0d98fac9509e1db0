import { defineActor, type ActorContext, type FieldSpec, type Handler, type SocketType } from '../src/actor.js'

/** Fields shared by the actors that hand each received message to a handler: subscriber, dish, sink. */
export interface HandlingReceiverOptions {
  /** module whose default export is a {@link Handler}, called per message */
  handler?: string
  /** finish after this many messages (default: run until stopped) */
  count?: number
}

export const handlingReceiverFields = {
  handler: { type: 'module', doc: 'module whose default export is a Handler, called with each message' },
  count: { type: 'count', doc: 'finish after this many messages (default: run until stopped)' },
} as const satisfies Record<keyof HandlingReceiverOptions, FieldSpec>

/**
 * An actor with one receiving socket: `prepare` runs before READY (subscriptions, group joins, so
 * they are live when the actor reports ready), then each message goes to the handler, up to `count`.
 */
export function handlingReceiver<N extends string, C extends HandlingReceiverOptions = HandlingReceiverOptions> (socket: N, type: SocketType, prepare?: (ctx: ActorContext<Record<N, SocketType>, C>) => void) {
  return defineActor<Record<N, SocketType>, Handler | undefined, C>({
    sockets: { [socket]: type } as Record<N, SocketType>,
    async init (ctx) {
      prepare?.(ctx)
      return ctx.config.handler !== undefined ? await ctx.load<Handler>('handler') : undefined
    },
    async run (ctx, handler) {
      const { count } = ctx.config
      if (count === 0) return
      let n = 0
      for await (const frames of ctx.sockets[socket]) {
        await handler?.(frames, ctx)
        if (count !== undefined && ++n >= count) return
      }
    },
  })
}
