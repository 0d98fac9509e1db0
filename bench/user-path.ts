import { spawn } from '../src/spawn.js'
import { module, placement, rawRate, stamp, warmRound, type Transport } from './harness.js'

/**
 * The user's path: built-in actors with a source module and a handler module, as a topology
 * names them, against raw zeromq.js doing the same in the same run. `pipeline`: a ventilator →
 * a sink (PUSH → PULL); `pubsub`: a publisher → a subscriber of everything (PUB → SUB, noDrop on
 * both, so every message arrives and the rate is the rate of delivery). The source is a plain
 * generator of Buffers (actors/payloads.ts), the handler a sync function that counts
 * (actors/tally.ts): the built-ins' batch paths (a sync source drained while the socket takes it,
 * a sync handler called in a loop over the messages at hand) are what this measures.
 */
export type Pattern = 'pipeline' | 'pubsub'
export const kPatterns: Pattern[] = ['pipeline', 'pubsub']
export type UserVariant = 'raw' | 'builtin'
export const kUserVariants: UserVariant[] = ['raw', 'builtin']

/** One round: `count` messages of `size` bytes over a logical link on `transport`; msg/s. */
export async function userPathRate (pattern: Pattern, variant: UserVariant, transport: Transport, size: number, count: number): Promise<number> {
  if (variant === 'raw') return await rawRate(pattern, transport, size, count)
  return await warmRound(count, async count => await builtinRate(pattern, transport, size, count))
}

async function builtinRate (pattern: Pattern, transport: Transport, size: number, count: number): Promise<number> {
  const place = placement(transport)
  const params = { count, size }
  const [sender, receiver] = pattern === 'pipeline' ? ['ventilator', 'sink'] : ['publisher', 'subscriber']
  const app = await spawn({
    name: `bench-user-${pattern}-${transport}`,
    ...place.topology,
    actors: {
      rx: { kind: receiver, bind: ['link'], handler: module('tally'), count, params, ...place.rx },
      tx: { kind: sender, connect: ['link'], source: module('payloads'), params, ...(pattern === 'pubsub' ? { noDrop: true } : {}), ...place.tx },
    },
  })
  try {
    const [start, end] = await Promise.all([stamp(app, 'tx', 'start'), stamp(app, 'rx', 'end')])
    return count / ((end - start) / 1000)
  } finally {
    await app.stop()
  }
}
