// The link receiver: a batch split into the user's messages in order, a foreign peer's message
// passed through, a malformed batch counted and dropped, gaps counted per peer, and the filters
// of sub and xsub sockets (xsub counting subscriptions as zeromq does).
import t from 'tap'
import { createCounters, kActorSlots, kPeerSlots, kSocketSlots, PeerCounter, readCounters, readPeer } from '../../../src/counters.js'
import { LinkReceiver } from '../../../src/actor/link/receiver.js'
import { bodyToWire, encodeTrailer, packBatch, packedSize, type Trailer } from '../../../src/actor/link/wire.js'

// the socket's own slots after the actor's counters, then its one peer's
const kPeer = kActorSlots + kSocketSlots
const framing = { id: 2, slot: kActorSlots, peers: [{ id: 1, name: 'pub.pub', slot: kPeer }], maxBatchBytes: 65536 }
const newCounters = (): Float64Array => createCounters(kSocketSlots + kPeerSlots)

function batch (messages: string[][], seq = 0): { frames: Buffer[], trailer: Trailer } {
  const size = messages.reduce((n, m) => n + packedSize(m.reduce((b, f) => b + Buffer.byteLength(f), 0), m.length), 0)
  const { wire, base64 } = bodyToWire(packBatch(messages, size))
  const trailer = { batch: true, base64, sender: 1, epoch: 5, count: messages.length, seq, timestamp: Date.now() }
  return { frames: [Buffer.from(wire, 'latin1'), encodeTrailer(trailer)], trailer }
}

function drain (rx: LinkReceiver): string[][] {
  const out: string[][] = []
  while (rx.hasPending) out.push(rx.next().map(f => f.toString()))
  return out
}

t.test('a batch is handed out message by message, in order, and counted for its peer', async t => {
  const counters = newCounters()
  const rx = new LinkReceiver('pull', framing, counters, () => {})
  const { frames, trailer } = batch([['a', '1'], ['b'], ['c', '', '3']])
  t.equal(rx.take(frames, trailer), true)
  t.same(drain(rx), [['a', '1'], ['b'], ['c', '', '3']])
  t.equal(readPeer(counters, kPeer).received, 3)
})

t.test('a message without a trailer (a foreign peer) passes as it is', async t => {
  const rx = new LinkReceiver('pull', framing, newCounters(), () => {})
  t.equal(rx.take([Buffer.from('raw')], undefined), true)
  t.same(drain(rx), [['raw']])
})

t.test('a malformed batch is counted as an error and dropped', async t => {
  const counters = newCounters()
  const rx = new LinkReceiver('pull', framing, counters, () => {})
  const { frames, trailer } = batch([['a'], ['b']])
  t.equal(rx.take([frames[0]!.subarray(0, 5), frames[1]!], trailer), false)
  t.equal(readCounters(counters).errors, 1)
  t.equal(rx.hasPending, false)
})

t.test('a sub socket counts sequence gaps as drops, and filters by prefix here', async t => {
  const counters = newCounters()
  const rx = new LinkReceiver('sub', framing, counters, () => {})
  t.same([...rx.subscribeAs(['eu.'])], [''], 'at zeromq it subscribes to everything')
  const first = batch([['eu.x'], ['us.y']], 0)
  rx.take(first.frames, first.trailer)
  t.same(drain(rx), [['eu.x']], 'the filter keeps its prefixes only')
  const later = batch([['eu.z']], 5)
  rx.take(later.frames, later.trailer)
  t.same(drain(rx), [['eu.z']])
  t.equal(readPeer(counters, kPeer).dropped, 3, 'sequence numbers 2, 3, 4 never arrived')
})

t.test('an xsub socket counts subscriptions as zeromq does and forwards one "everything"', async t => {
  const rx = new LinkReceiver('xsub', framing, newCounters(), () => {})
  const sub = (topic: string): Buffer => Buffer.concat([Buffer.from([1]), Buffer.from(topic)])
  const unsub = (topic: string): Buffer => Buffer.concat([Buffer.from([0]), Buffer.from(topic)])
  t.same(rx.upstream([sub('a')]), [Buffer.from([1])], 'the first subscription subscribes upstream to everything')
  t.equal(rx.upstream([sub('a')]), undefined, 'a second one for the same topic only counts')
  t.equal(rx.upstream([unsub('a')]), undefined)
  t.same(rx.upstream([unsub('a')]), [Buffer.from([0])], 'the last one gone unsubscribes upstream')
  t.same(rx.upstream(['plain message']), ['plain message'], 'other messages go upstream as they are')
})

t.test('a sub socket counts what it received and never handed out as dropped, and keeps where each peer stands', async t => {
  const counters = newCounters()
  const rx = new LinkReceiver('sub', framing, counters, () => {})
  rx.subscribeAs([''])
  const { frames, trailer } = batch([['a'], ['b'], ['c']], 10)
  rx.take(frames, trailer)
  rx.next()
  t.same([counters[kPeer + PeerCounter.epoch], counters[kPeer + PeerCounter.next]], [5, 13], 'the sender incarnation and the sequence number expected next')
  rx.clear() // the socket closes with two messages at hand
  t.match(readPeer(counters, kPeer), { received: 1, dropped: 2 })
  rx.subscribeAs([])
  t.equal(counters[kPeer + PeerCounter.epoch], 0, 'a socket with no subscription left has no stand to compare at stop')
})

t.test('a pull socket does not count what it had at hand at close as dropped (its peers count nothing lost)', async t => {
  const counters = newCounters()
  const rx = new LinkReceiver('pull', framing, counters, () => {})
  const { frames, trailer } = batch([['a'], ['b']])
  rx.take(frames, trailer)
  rx.clear()
  t.equal(readPeer(counters, kPeer).dropped, 0)
})
