// Bench receiver: receives params.count messages, then logs "end <epoch ms>".
import { now } from '../../src/actor/link/wire.js'
import { defineActor } from '../../src/actor.js'

export default defineActor({
  sockets: { in: 'pull' },
  async run (ctx) {
    const { count } = ctx.params as { count: number }
    for (let i = 0; i < count; i++) await ctx.sockets.in.receive()
    ctx.log(`end ${now()}`)
  },
})
