import { defineActor, type Handler } from '../src/index.js'

/** Fields of a `subscriber` actor (besides bind/connect and socket options). */
export interface SubscriberOptions {
  /** message prefixes to receive (default `[""]`: everything) */
  subscribe?: string[]
  /** module whose default export is a {@link Handler}, called per message */
  handler?: string
  /** finish after this many messages (default: run until stopped) */
  count?: number
}

/** SUB socket; subscribes to its prefixes before READY and hands each message to its handler. */
export default defineActor({
  sockets: { sub: 'sub' },
  async init (ctx) {
    const { subscribe = [''], handler } = ctx.config as Partial<SubscriberOptions>
    ctx.sockets.sub.subscribe(...subscribe)
    return handler !== undefined ? await ctx.load<Handler>('handler') : undefined
  },
  async run (ctx, handler) {
    const { count } = ctx.config as Partial<SubscriberOptions>
    let n = 0
    if (count === 0) return
    for await (const frames of ctx.sockets.sub) {
      await handler?.(frames, ctx)
      if (count !== undefined && ++n >= count) return
    }
  },
})
