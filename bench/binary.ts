/**
 * Text against binary payloads on the user's path: a built-in ventilator (actors/payloads.ts) →
 * a sink (actors/tally.ts) over a logical link, messages of "x" against messages with every byte
 * value, alternating, `argv[2]` rounds (default 3) for each transport and size, `argv[3]` times the
 * default message counts (default 1). Batch bodies with bytes over 0x7f go to zeromq as base64
 * (src/actor/link/wire.ts); this shows what that costs. Usage: node dist/bench/binary.js [rounds] [scale]
 */
import { spawn } from '../src/spawn.js'
import { module, placement, stamp, type Transport } from './harness.js'

async function rate (transport: Transport, size: number, count: number, binary: boolean): Promise<number> {
  const place = placement(transport)
  const params = { count, size, binary }
  const app = await spawn({
    name: `bench-binary-${transport}`,
    ...place.topology,
    actors: {
      rx: { kind: 'sink', bind: ['link'], handler: module('tally'), count, params, ...place.rx },
      tx: { kind: 'ventilator', connect: ['link'], source: module('payloads'), params, ...place.tx },
    },
  })
  try {
    const [start, end] = await Promise.all([stamp(app, 'tx', 'start'), stamp(app, 'rx', 'end')])
    return Math.round(count / ((end - start) / 1000))
  } finally {
    await app.stop()
  }
}

const rounds = Number(process.argv[2] ?? 3)
const scale = Number(process.argv[3] ?? 1)
process.stdout.write('transport  size     text msg/s of each round            binary msg/s of each round\n')
for (const transport of ['inproc', 'ipc', 'tcp'] as const) {
  for (const [size, count] of [[16, 300_000], [4096, 50_000], [65_536, 10_000]] as const) {
    const text: number[] = []
    const binary: number[] = []
    for (let r = 0; r < rounds; r++) {
      text.push(await rate(transport, size, Math.ceil(count * scale), false))
      binary.push(await rate(transport, size, Math.ceil(count * scale), true))
    }
    const show = (xs: number[]): string => xs.map(x => x.toLocaleString('en-US').padStart(10)).join(' ')
    process.stdout.write(`${transport.padEnd(9)} ${String(size).padStart(6)}  ${show(text)}   ${show(binary)}\n`)
  }
}
