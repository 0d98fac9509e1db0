// Bench source (for a built-in ventilator or publisher): params.count payloads of params.size
// bytes ("x", or with params.binary every byte value in turn from 0x80, as binary data has), from a plain
// generator, as a user writes a source. Logs "start <epoch ms>" as the first one is taken: the
// run is timed from there to the handler's last message.
import { now } from '../../src/actor/link/wire.js'
import type { ActorContext } from '../../src/actor.js'

export default function * payloads (params: { count: number, size: number, binary?: boolean }, ctx: ActorContext): Generator<Buffer> {
  const payload = params.binary === true ? Buffer.from(Array.from({ length: params.size }, (_, i) => (0x80 + i) & 0xff)) : Buffer.alloc(params.size, 120)
  ctx.log(`start ${now()}`)
  for (let i = 0; i < params.count; i++) yield payload
}
