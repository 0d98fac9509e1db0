// The link receiver: a batch split into the user's messages in order, a foreign peer's message
// passed through, a malformed batch counted and dropped, gaps counted per peer, and the filters
// of sub and xsub sockets (xsub counting subscriptions as zeromq does).
import t from 'tap'
import { createCounters, kActorSlots, readCounters, readPeer } from '../../../src/counters.js'
import { LinkReceiver } from '../../../src/actor/link/receiver.js'
import { bodyToWire, encodeTrailer, packBatch, packedSize, type Trailer } from '../../../src/actor/link/wire.js'

const framing = { id: 2, peers: [{ id: 1, name: 'pub.pub', slot: kActorSlots }], maxBatchBytes: 65536 }

function batch (messages: string[][], seq = 0): { frames: Buffer[], trailer: Trailer } {
  const size = messages.reduce((n, m) => n + packedSize(m.reduce((b, f) => b + Buffer.byteLength(f), 0), m.length), 0)
  const { wire, text } = bodyToWire(packBatch(messages, size))
  const trailer = { batch: true, text, sender: 1, epoch: 5, count: messages.length, seq, timestamp: Date.now() }
  return { frames: [Buffer.from(wire, 'latin1'), encodeTrailer(trailer)], trailer }
}

function drain (rx: LinkReceiver): string[][] {
  const out: string[][] = []
  while (rx.hasPending) out.push(rx.next().map(f => f.toString()))
  return out
}

t.test('a batch is handed out message by message, in order, and counted for its peer', async t => {
  const counters = createCounters(1)
  const rx = new LinkReceiver('pull', framing, counters, () => {})
  const { frames, trailer } = batch([['a', '1'], ['b'], ['c', '', '3']])
  t.equal(rx.take(frames, trailer), true)
  t.same(drain(rx), [['a', '1'], ['b'], ['c', '', '3']])
  t.equal(readPeer(counters, kActorSlots).received, 3)
})

t.test('a message without a trailer (a foreign peer) passes as it is', async t => {
  const rx = new LinkReceiver('pull', framing, createCounters(1), () => {})
  t.equal(rx.take([Buffer.from('raw')], undefined), true)
  t.same(drain(rx), [['raw']])
})

t.test('a malformed batch is counted as an error and dropped', async t => {
  const counters = createCounters(1)
  const rx = new LinkReceiver('pull', framing, counters, () => {})
  const { frames, trailer } = batch([['a'], ['b']])
  t.equal(rx.take([frames[0]!.subarray(0, 5), frames[1]!], trailer), false)
  t.equal(readCounters(counters).errors, 1)
  t.equal(rx.hasPending, false)
})

t.test('a sub socket counts sequence gaps as drops, and filters by prefix here', async t => {
  const counters = createCounters(1)
  const rx = new LinkReceiver('sub', framing, counters, () => {})
  t.same([...rx.subscribeAs(['eu.'])], [''], 'at zeromq it subscribes to everything')
  const first = batch([['eu.x'], ['us.y']], 0)
  rx.take(first.frames, first.trailer)
  t.same(drain(rx), [['eu.x']], 'the filter keeps its prefixes only')
  const later = batch([['eu.z']], 5)
  rx.take(later.frames, later.trailer)
  t.same(drain(rx), [['eu.z']])
  t.equal(readPeer(counters, kActorSlots).dropped, 3, 'sequence numbers 2, 3, 4 never arrived')
})

t.test('an xsub socket counts subscriptions as zeromq does and forwards one "everything"', async t => {
  const rx = new LinkReceiver('xsub', framing, createCounters(1), () => {})
  const sub = (topic: string): Buffer => Buffer.concat([Buffer.from([1]), Buffer.from(topic)])
  const unsub = (topic: string): Buffer => Buffer.concat([Buffer.from([0]), Buffer.from(topic)])
  t.same(rx.upstream([sub('a')]), [Buffer.from([1])], 'the first subscription subscribes upstream to everything')
  t.equal(rx.upstream([sub('a')]), undefined, 'a second one for the same topic only counts')
  t.equal(rx.upstream([unsub('a')]), undefined)
  t.same(rx.upstream([unsub('a')]), [Buffer.from([0])], 'the last one gone unsubscribes upstream')
  t.same(rx.upstream(['plain message']), ['plain message'], 'other messages go upstream as they are')
})
