// Bench sender: params.count messages of params.size bytes on its PUSH socket, one await send()
// each. Logs "start <epoch ms>" first: the run is timed from there to the receiver's last message.
// Then it waits to be stopped, like the raw sender: a socket closed right after its last send
// can lose its queued tail when a monitor was ever attached to it (see bench/README.md).
import { now } from '../../src/actor/link/wire.js'
import { defineActor } from '../../src/actor.js'

export default defineActor({
  sockets: { out: 'push' },
  async run (ctx) {
    const { count, size } = ctx.params as { count: number, size: number }
    const payload = Buffer.alloc(size, 120)
    ctx.log(`start ${now()}`)
    for (let i = 0; i < count && !ctx.signal.aborted; i++) await ctx.sockets.out.send(payload)
    if (!ctx.signal.aborted) await new Promise(resolve => ctx.signal.addEventListener('abort', resolve, { once: true }))
  },
})
