// A user-written actor: take every message from "in", stamp it, pass it on to "out".
import { defineActor } from 'zeroactor/actor'

export default defineActor({
  sockets: { in: 'pull', out: 'push' },
  async run (ctx) {
    for await (const frames of ctx.sockets.in) {
      await ctx.sockets.out.send([`${ctx.params.stamp}`, ...frames])
    }
  },
})
