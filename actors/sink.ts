import { defineActor, type Handler } from '../src/index.js'

/** Fields of a `sink` actor (besides bind/connect and socket options). */
export interface SinkOptions {
  /** module whose default export is a {@link Handler}, called per result */
  handler?: string
  /** finish after this many results (default: run until stopped) */
  count?: number
}

/** PULL socket; collects results from workers and hands each to its handler. */
export default defineActor({
  sockets: { pull: 'pull' },
  async init (ctx) {
    return (ctx.config as SinkOptions).handler !== undefined ? await ctx.load<Handler>('handler') : undefined
  },
  async run (ctx, handler) {
    const { count } = ctx.config as SinkOptions
    let n = 0
    for await (const frames of ctx.sockets.pull) {
      await handler?.(frames, ctx)
      if (count !== undefined && ++n >= count) return
    }
  },
})
