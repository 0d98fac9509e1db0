import { defineActor, pace, type Source } from '../src/index.js'

/** Fields of a `publisher` actor (besides bind/connect and socket options). */
export interface PublisherOptions {
  /** module whose default export is a {@link Source} */
  source: string
  /** messages per second (default: as fast as the socket takes them) */
  rate?: number
  /** stop after this many messages (default: when the source ends) */
  count?: number
}

/** PUB socket; publishes each message of its source, paced by `rate`, up to `count`. */
export default defineActor({
  sockets: { pub: 'pub' },
  async init (ctx) {
    return await ctx.load<Source>('source')
  },
  async run (ctx, source) {
    const { rate, count } = ctx.config as Partial<PublisherOptions>
    const messages = await source(ctx.params, ctx)
    for await (const message of pace(messages, { rate, count, signal: ctx.signal })) await ctx.sockets.pub.send(message)
  },
})
