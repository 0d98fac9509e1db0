// Bench ventilator: once it receives "go" on its `go` socket (the bench sends it when every worker
// is READY: a PUSH deals to whoever is connected, so a ventilator that starts first hands its
// whole queue to the first worker), params.count tasks of params.us microseconds each. Logs
// "start <epoch ms>" before the first task.
import { now } from '../../src/actor/link/wire.js'
import { defineActor } from '../../src/actor.js'

export default defineActor({
  sockets: { out: 'push', go: 'pull' },
  async run (ctx) {
    const { count, us } = ctx.params as { count: number, us: number }
    const task = String(us)
    await ctx.sockets.go.receive()
    ctx.log(`start ${now()}`)
    for (let i = 0; i < count && !ctx.signal.aborted; i++) await ctx.sockets.out.send(task)
  },
})
