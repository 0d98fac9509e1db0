// The batch sender with a fake native send: what goes on the wire for one message, for many in
// one turn, for a large one, for a PUSH dealing to several peers, and what happens to a failure.
import t from 'tap'
import { createCounters, kActorSlots, kSocketSlots, readCounters, SocketCounter } from '../../../src/counters.js'
import { BatchSender, kDealMessages, type OutFrame } from '../../../src/actor/link/batch-sender.js'
import { bodyFromWire, decodeTrailer, unpackBatch } from '../../../src/actor/link/wire.js'

const framing = { id: 7, slot: kActorSlots, peers: [], maxBatchBytes: 64 * 1024 }
const turn = async (): Promise<void> => { await new Promise(resolve => setImmediate(resolve)) }

function sender (options: { dealing?: boolean, fail?: boolean, type?: 'pub' | 'xpub' | 'push' } = {}): { out: BatchSender, sent: OutFrame[][], counters: Float64Array } {
  const sent: OutFrame[][] = []
  const counters = createCounters(kSocketSlots)
  const send = async (frames: OutFrame[]): Promise<void> => {
    if (options.fail === true) throw Object.assign(new Error('no route'), { code: 'EHOSTUNREACH' })
    sent.push(frames)
  }
  const dealing = options.dealing === true
  const of = dealing ? { ...framing, peers: [{ id: 1, name: 'w1.in', slot: 0 }, { id: 2, name: 'w2.in', slot: 0 }] } : framing
  return { out: new BatchSender(of, dealing ? 'push' : options.type ?? 'pub', send, counters, () => false), sent, counters }
}

/** Enqueues one message with its byte count, as ActorSocket.send() computes it (undefined: taken, nothing to wait for). */
function enqueue (out: BatchSender, frames: OutFrame[]): Promise<void> | undefined {
  return out.enqueue(frames, frames.reduce((n, f) => n + Buffer.byteLength(f), 0))
}

/** The messages a wire send carries, as the receiver gets them (zeromq sends a string as its UTF-8). */
function bytesOf (frames: OutFrame[]): Buffer[][] {
  const trailer = decodeTrailer(frames[frames.length - 1] as Buffer)!
  if (!trailer.batch) return [frames.slice(0, -1).map(f => Buffer.from(f))]
  return unpackBatch(bodyFromWire(Buffer.from(frames[0] as string), trailer.base64), trailer.count)
}

/** The same, as strings. */
function messagesOf (frames: OutFrame[]): string[][] {
  return bytesOf(frames).map(m => m.map(f => f.toString()))
}

t.test('a lone message goes at the end of the turn as its own frames plus a trailer', async t => {
  const { out, sent, counters } = sender()
  await enqueue(out, ['topic', 'body'])
  t.equal(sent.length, 0, 'nothing before the turn ends')
  await turn()
  t.equal(sent.length, 1)
  t.same(messagesOf(sent[0]!), [['topic', 'body']])
  t.match(decodeTrailer(sent[0]![2] as Buffer), { batch: false, sender: 7, count: 1, seq: 0 })
  t.match(readCounters(counters), { sent: 1, bytesSent: 9 })
})

t.test('the messages of one turn travel as one batch, in order, with consecutive sequence numbers', async t => {
  const { out, sent, counters } = sender()
  for (let i = 0; i < 100; i++) void enqueue(out, [`m${i}`])
  await out.flush()
  await enqueue(out, ['next'])
  await out.flush()
  t.equal(sent.length, 2)
  t.same(messagesOf(sent[0]!).map(m => m[0]), Array.from({ length: 100 }, (_, i) => `m${i}`))
  const trailer = decodeTrailer(sent[1]![1] as Buffer)!
  t.match(trailer, { count: 1, seq: 100 })
  t.same([counters[kActorSlots + SocketCounter.epoch], counters[kActorSlots + SocketCounter.seq]], [trailer.epoch, 101], 'the socket\'s slots tell where its sequence stands (the count at stop)')
})

t.test('a message too large for a batch goes alone, after the batch before it', async t => {
  const { out, sent } = sender()
  void enqueue(out, ['small'])
  const big = Buffer.alloc(framing.maxBatchBytes + 1, 1)
  await out.enqueue([big], big.byteLength)
  t.equal(sent.length, 2)
  t.same(messagesOf(sent[0]!), [['small']])
  t.equal(sent[1]![0], big, 'sent as its own frame, not copied into a batch')
  t.match(decodeTrailer(sent[1]![1] as Buffer), { batch: false, count: 1 })
})

t.test('medium messages are batched, and a lone one with a frame over 128 bytes goes packed (H2: as a string)', async t => {
  const { out, sent } = sender()
  const medium = Buffer.alloc(4096, 0xe9)
  for (let i = 0; i < 20; i++) void enqueue(out, [`m${i}`, medium])
  await out.flush()
  t.same(sent.map(frames => messagesOf(frames).length), [15, 5], '4 KiB messages fill 64 KiB batches')
  t.ok(sent.every(frames => typeof frames[0] === 'string'), 'every body went as a string')
  t.ok(sent.flatMap(bytesOf).every(m => m[1]!.equals(medium)), 'bytes over 0x7f arrive as they were')
  await enqueue(out, [Buffer.alloc(129, 1)])
  await out.flush()
  t.match(decodeTrailer(sent[2]![1] as Buffer), { batch: true, count: 1 })
  await enqueue(out, [Buffer.alloc(128, 1), 'text'])
  await out.flush()
  t.same(sent[3]!.length, 3, 'frames zeromq.js copies anyway go as they are, with the trailer')
})

t.test('a PUSH dealing to several peers sends batches of at most kDealMessages', async t => {
  const { out, sent } = sender({ dealing: true })
  for (let i = 0; i < 100; i++) await enqueue(out, [`m${i}`])
  await out.flush()
  const counts = sent.map(frames => messagesOf(frames).length)
  t.ok(counts.every(n => n <= kDealMessages), `batch sizes ${counts.join(',')}`)
  t.equal(counts.reduce((a, b) => a + b, 0), 100)
})

t.test('a failed batch is counted and thrown by the next send, never lost silently', async t => {
  const { out, counters } = sender({ fail: true })
  await enqueue(out, ['a'])
  await out.flush()
  t.equal(readCounters(counters).errors, 1)
  t.throws(() => enqueue(out, ['b']), { code: 'EHOSTUNREACH' })
})

t.test('the end of a stream (pub, xpub): after the last batch, an empty batch with the next sequence number', async t => {
  for (const type of ['pub', 'xpub'] as const) {
    const { out, sent } = sender({ type })
    await out.endOfStream()
    t.same(sent, [], `${type}: nothing sent, no end either (a subscriber has nothing to count)`)
    for (let i = 0; i < 5; i++) enqueue(out, [`m${i}`])
    await out.endOfStream()
    t.equal(sent.length, 2, `${type}: the batch at hand, then the end`)
    const [body, trailer] = sent[1]!
    t.equal(body, '', `${type}: the end carries no message`)
    t.match(decodeTrailer(trailer as Buffer), { batch: true, count: 0, seq: 5, sender: 7 }, `${type}: its sequence number is the next one`)
    t.same(unpackBatch(Buffer.from(body as string), 0), [], `${type}: a receiver unpacks no message from it`)
    await out.endOfStream()
    t.equal(sent[2]![0], '', `${type}: sent again (zeromq may have dropped the first: H35)`)
    t.match(decodeTrailer(sent[2]![1] as Buffer), { batch: true, count: 0, seq: 5 }, `${type}: it says the same`)
  }
  const { out, sent } = sender({ type: 'push' })
  enqueue(out, ['task'])
  await out.endOfStream()
  t.equal(sent.length, 1, 'push: no end (its receivers do not count gaps: PUSH deals round-robin)')
})
