import { defineActor, pace, type Source } from '../src/index.js'

/** Fields of a `ventilator` actor (besides bind/connect and socket options). */
export interface VentilatorOptions {
  /** module whose default export is a {@link Source} of tasks */
  source: string
  /** tasks per second (default: as fast as workers take them) */
  rate?: number
  /** stop after this many tasks (default: when the source ends) */
  count?: number
}

/**
 * PUSH socket; hands its source's tasks round-robin to the connected workers. PUSH waits while no
 * worker is connected, so no task is lost to an empty room; at a normal end the socket's linger
 * delivers the tail (H3).
 */
export default defineActor({
  sockets: { push: 'push' },
  async init (ctx) {
    return await ctx.load<Source>('source')
  },
  async run (ctx, source) {
    const { rate, count } = ctx.config as Partial<VentilatorOptions>
    const tasks = await source(ctx.params, ctx)
    for await (const task of pace(tasks, { rate, count, signal: ctx.signal })) await ctx.sockets.push.send(task)
  },
})
