import { defineActor, type Handler } from '../src/actor.js'

/** Fields of a `responder` actor (besides bind/connect and socket options). */
export interface ResponderOptions {
  /** module whose default export is a {@link Handler}: request frames → reply */
  handler: string
}

/** REP socket; answers every request with its handler's return value (an empty frame if none). */
export default defineActor({
  sockets: { rep: 'rep' },
  async init (ctx) {
    return await ctx.load<Handler>('handler')
  },
  async run (ctx, handler) {
    for await (const request of ctx.sockets.rep) {
      const reply = await handler(request, ctx)
      await ctx.sockets.rep.send(reply ?? '')
    }
  },
})
