// Bench responder: echoes every request.
import { defineActor } from '../../src/actor.js'

export default defineActor({
  sockets: { rep: 'rep' },
  async run (ctx) {
    for await (const request of ctx.sockets.rep) await ctx.sockets.rep.send(request)
  },
})
