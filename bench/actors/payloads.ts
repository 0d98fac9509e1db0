// Bench source (for a built-in ventilator or publisher): params.count payloads of params.size
// bytes, from a plain generator, as a user writes a source. Logs "start <epoch ms>" as the first
// one is taken: the run is timed from there to the handler's last message.
import { now } from '../../src/actor/link/wire.js'
import type { ActorContext } from '../../src/actor.js'

export default function * payloads (params: { count: number, size: number }, ctx: ActorContext): Generator<Buffer> {
  const payload = Buffer.alloc(params.size, 120)
  ctx.log(`start ${now()}`)
  for (let i = 0; i < params.count; i++) yield payload
}
