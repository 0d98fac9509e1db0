import { defineActor, type Handler } from '../src/actor.js'

/** Fields of a `worker` actor. */
export interface WorkerOptions {
  /** module whose default export is a {@link Handler}: task frames → result (or nothing) */
  handler: string
  /** the PULL side: `{ bind?, connect? }` plus socket options */
  input: { bind?: string[], connect?: string[] }
  /** the PUSH side for results; without it results are dropped */
  output?: { bind?: string[], connect?: string[] }
}

/** A pipeline stage: PULL a task, run the handler, PUSH its result (if any) downstream. */
export default defineActor({
  async init (ctx) {
    return await ctx.load<Handler>('handler')
  },
  async run (ctx, handler) {
    const { input, output } = ctx.sockets
    for await (const task of input!) {
      const result = await handler(task, ctx)
      if (result !== undefined && output !== undefined) await output.send(result)
    }
  },
})
