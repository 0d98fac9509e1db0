// A socket core in this thread (what ActorSocket delegates to): sizes checked on the send side (H8), concurrent sends queued (H5),
// options applied by setters (H9), inproc frames over 128 B copied (H2), reset for Lazy Pirate.
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t, { type Test } from 'tap'
import * as zmq from 'zeromq'
import { facadeOf } from '../../../src/actor/socket.js'
import { SocketCore } from '../../../src/actor/socket/core.js'
import { createCounters, kActorSlots, kSocketSlots, readCounters } from '../../../src/counters.js'
import type { SocketPlan } from '../../../src/plan/types.js'
import type { SocketType } from '../../../src/topology/schema.js'
import { decodeTrailer } from '../../../src/actor/link/wire.js'
import { inproc, uniqueName } from '../../fixtures/topology.js'

function socket (t: Test, type: SocketType, plan: Partial<SocketPlan>, counters = createCounters(kSocketSlots)): SocketCore {
  const s = new SocketCore('s', { bind: [], connect: [], options: { linger: 0 }, ...plan, type }, counters)
  t.teardown(() => s.close())
  return s
}

t.test('send and receive whole multipart messages, counted once each', async t => {
  const ep = inproc()
  const counters = createCounters()
  const pull = socket(t, 'pull', { bind: [ep] }, counters)
  const push = socket(t, 'push', { connect: [ep] }, counters)
  await pull.open()
  await push.open()
  await push.send(['a', Buffer.from('bc')])
  const frames = await pull.receive()
  t.same(frames.map(f => f.toString()), ['a', 'bc'])
  t.same(readCounters(counters), { sent: 1, received: 1, errors: 0, bytesSent: 3, bytesReceived: 3 })
  t.equal(push.canReceive, false)
  t.equal(pull.canSend, false)
  await t.rejects(pull.send('x'), /cannot send/)
  await t.rejects(push.receive(), /cannot receive/)
})

t.test('a frame over maxMessageSize is refused on the send side and the link stays up (H8)', async t => {
  const ep = inproc()
  const counters = createCounters()
  const pull = socket(t, 'pull', { bind: [ep], options: { linger: 0, maxMessageSize: 256 } })
  const push = socket(t, 'push', { connect: [ep], options: { linger: 0, maxMessageSize: 256 } }, counters)
  await pull.open()
  await push.open()
  await t.rejects(push.send(['ok', Buffer.alloc(257)]), { code: 'ERR_ACTOR_MESSAGE_TOO_LARGE', message: /257 bytes exceeds maxMessageSize 256/ })
  t.equal(readCounters(counters).errors, 1)
  await push.send(Buffer.alloc(256, 7))
  const [frame] = await pull.receive()
  t.equal(frame!.length, 256, 'the next message of the limit size goes through')
})

t.test('concurrent sends are queued in order instead of throwing EBUSY (H5)', async t => {
  const ep = inproc()
  const pull = socket(t, 'pull', { bind: [ep] })
  const push = socket(t, 'push', { connect: [ep], options: { linger: 0, sendHighWaterMark: 1 } })
  await pull.open()
  await push.open()
  const sends = Array.from({ length: 2000 }, (_, i) => push.send(String(i)))
  const received: string[] = []
  for (let i = 0; i < 2000; i++) received.push((await pull.receive())[0]!.toString())
  await Promise.all(sends)
  t.same(received, Array.from({ length: 2000 }, (_, i) => String(i)))
})

t.test('inproc frames over 128 bytes are copied: mutating the sent buffer later changes nothing (H2)', async t => {
  const ep = inproc()
  const pull = socket(t, 'pull', { bind: [ep] })
  const raw = new zmq.Push({ linger: 0 })
  t.teardown(() => raw.close())
  await pull.open()
  raw.connect(ep)
  const big = Buffer.alloc(4096, 1)
  await raw.send(big)
  const [frame] = await pull.receive()
  big.fill(2)
  t.equal(frame![0], 1, 'the received frame does not share the sender memory')
})

t.test('iteration ends cleanly when the socket closes with a receive pending', async t => {
  const pull = socket(t, 'pull', { bind: [inproc()] })
  await pull.open()
  const loop = (async () => { let n = 0; for await (const _ of facadeOf(pull)) n++; return n })()
  await new Promise(resolve => setImmediate(resolve))
  pull.close()
  t.equal(await loop, 0)
  t.equal(pull.closed, true)
  pull.close() // idempotent
})

t.test('receive with a timeout rejects EAGAIN; reset() gives a REQ socket that can send again (H7)', async t => {
  const rep = socket(t, 'rep', { bind: ['tcp://127.0.0.1:*'] })
  await rep.open()
  const [endpoint] = rep.boundEndpoints
  t.match(endpoint, /^tcp:\/\/127\.0\.0\.1:\d+$/, 'a wildcard port is resolved')
  const req = socket(t, 'req', { connect: [endpoint!] })
  await req.open()
  await req.send('lost')
  await rep.receive() // the reply is never sent: the REQ is stuck waiting for it
  await t.rejects(req.receive({ timeout: 50 }), { code: 'EAGAIN' })
  await req.reset()
  await rep.send('late reply') // goes to the old connection, which reset() closed: dropped
  await req.send('again')
  t.same((await rep.receive()).map(String), ['again'])
  await rep.send('ok')
  t.same((await req.receive({ timeout: 5000 })).map(String), ['ok'])
})

t.test('subscriptions filter by prefix and survive reset()', async t => {
  const pub = socket(t, 'pub', { bind: ['tcp://127.0.0.1:*'] })
  await pub.open()
  const sub = socket(t, 'sub', { connect: [pub.boundEndpoints[0]!] })
  sub.subscribe('keep')
  await sub.open()
  await sub.reset()
  let got: string | undefined
  while (got === undefined) {
    await pub.send('drop me')
    await pub.send('keep me')
    const frames = await sub.receive({ timeout: 20 }).catch(() => undefined)
    got = frames?.[0]?.toString()
  }
  t.equal(got, 'keep me')
  sub.unsubscribe('keep')
  t.throws(() => pub.subscribe('x'), /only sub sockets subscribe/)
})

t.test('a monitor event iterator sees the socket\'s events and ends when the socket closes (H12)', async t => {
  const pull = socket(t, 'pull', { bind: ['tcp://127.0.0.1:*'] })
  const events = facadeOf(pull).events()
  const seen: string[] = []
  let firstEvent!: () => void
  const gotOne = new Promise<void>(resolve => { firstEvent = resolve })
  const loop = (async () => { for await (const ev of events) { seen.push(ev.type); firstEvent() } })()
  await pull.open()
  await gotOne
  pull.close()
  await loop
  t.ok(seen.includes('bind'), `the bind was reported (${seen.join(', ')})`)
  t.equal(pull.closed, true, 'iteration ended with the socket closed, no unhandled rejection')
})

t.test('watched sockets opened and closed one after another in a thread keep receiving (observers end with their socket)', async t => {
  // Closing an observer and then its socket made the next ROUTER in the thread (reusing the file
  // descriptor numbers) never see a message: the proxy hung on its second use.
  for (let i = 0; i < 5; i++) {
    const router = new SocketCore('router', { type: 'router', bind: ['tcp://127.0.0.1:*'], connect: [], options: { linger: 0 } }, createCounters())
    const events: string[] = []
    router.monitor.watch(e => events.push(e.type))
    await router.open()
    const req = new zmq.Request({ linger: 0 })
    req.connect(router.boundEndpoints[0]!)
    await req.send('ping')
    const frames = await router.receive({ timeout: 5000 }).catch((e: Error) => e)
    req.close()
    router.close()
    await router.drained
    t.same(Array.isArray(frames) ? frames.slice(2).map(String) : frames, ['ping'], `round ${i}: the request arrived`)
    t.ok(events.includes('accept'), `round ${i}: the watch saw the peer (${events.join(', ')})`)
  }
})

t.test('a watch says which native socket each event is of: after reset() the peer\'s new connection counts on the new one', async t => {
  const push = socket(t, 'push', { bind: [`ipc://${join(tmpdir(), uniqueName('za-watch'))}`] })
  const accepted: number[] = []
  let next: (() => void) | undefined
  push.monitor.watch((e, native) => { if (e.type === 'accept') { accepted.push(native); next?.() } })
  const accept = async (): Promise<void> => { await new Promise<void>(resolve => { next = resolve }) }
  await push.open()
  const pull = new zmq.Pull({ linger: 0, reconnectInterval: 10 })
  t.teardown(() => pull.close())
  const first = accept()
  pull.connect(push.boundEndpoints[0]!)
  await first
  const again = accept()
  await push.reset() // the same endpoint, bound again: the peer reconnects
  await again
  t.same(accepted, [1, 2], 'the first connection was on native socket 1, the one after the reset on 2')
})

/** A raw PULL on `ep` that records the batch sizes of an internal link (from each message's trailer). */
async function wireTap (t: Test, ep: string, bind: boolean): Promise<{ sizes: number[], take: (messages: number) => Promise<void>, drain: () => Promise<void> }> {
  const pull = new zmq.Pull({ linger: 0 })
  t.teardown(() => pull.close())
  if (bind) await pull.bind(ep)
  else pull.connect(ep)
  const sizes: number[] = []
  const one = async (): Promise<number> => {
    const frames = await pull.receive()
    const count = decodeTrailer(frames[frames.length - 1]!)!.count
    sizes.push(count)
    return count
  }
  return {
    sizes,
    take: async messages => { for (let got = 0; got < messages;) got += await one() },
    // everything already queued for this peer: until a receive times out
    drain: async () => {
      pull.receiveTimeout = 200
      try { for (;;) await one() } catch { /* EAGAIN: nothing more is queued */ }
    },
  }
}

const peer = (id: number): { id: number, name: string, slot: number } => ({ id, name: `rx${id}.in`, slot: 0 })

t.test('an internal link sends a stream in full batches, and a lone message at the end of its turn', async t => {
  const ep = inproc()
  const wire = await wireTap(t, ep, true)
  const push = socket(t, 'push', { connect: [ep], framing: { id: 1, slot: kActorSlots, peers: [peer(2)], maxBatchBytes: 64 * 1024 } })
  await push.open()
  // 3000 sends without yielding to the event loop. A batch goes when it is full (1024 messages)
  // or 1 ms old (checked every 16 messages; under tap's loader 1 ms is a few hundred messages).
  // Before: every batch that went mid-turn was followed by a batch of 1 message.
  const sent = (async () => { for (let i = 0; i < 3000; i++) await push.send('m') })()
  await Promise.all([sent, wire.take(3000)])
  t.ok(wire.sizes.slice(0, -1).every(n => n >= 16 && n <= 1024), `batches of 16 to 1024 messages but the last: ${wire.sizes.join(', ')}`)
  t.equal(wire.sizes.reduce((a, b) => a + b), 3000)
  wire.sizes.length = 0
  await push.send('alone')
  await wire.take(1)
  t.same(wire.sizes, [1], 'a lone message is not held for company')
})

t.test('a PUSH with several peers on an internal link deals batches of at most 16 messages', async t => {
  // zeromq deals whole batches round-robin: small ones keep the peers' shares even
  const push = socket(t, 'push', { bind: [inproc()], framing: { id: 1, slot: kActorSlots, peers: [peer(2), peer(3)], maxBatchBytes: 64 * 1024 } })
  await push.open()
  const ep = push.boundEndpoints[0]!
  const a = await wireTap(t, ep, false)
  const b = await wireTap(t, ep, false)
  for (let i = 0; i < 2000; i++) await push.send('task')
  await push.flush()
  await Promise.all([a.drain(), b.drain()])
  const all = [...a.sizes, ...b.sizes]
  t.equal(all.reduce((x, y) => x + y), 2000)
  t.ok(all.every(n => n <= 16), `at most 16 per batch: ${all.join(', ')}`)
})
