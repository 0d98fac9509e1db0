// Bench requester: params.count round trips of params.size bytes, one at a time; logs every
// round trip's µs, comma-separated.
import { defineActor } from '../../src/actor.js'

export default defineActor({
  sockets: { req: 'req' },
  async run (ctx) {
    const { count, size } = ctx.params as { count: number, size: number }
    const payload = Buffer.alloc(size, 120)
    const us: number[] = []
    for (let i = 0; i < count && !ctx.signal.aborted; i++) {
      const t = performance.now()
      await ctx.sockets.req.send(payload)
      await ctx.sockets.req.receive()
      us.push((performance.now() - t) * 1000)
    }
    ctx.log(us.map(v => v.toFixed(1)).join(','))
  },
})
