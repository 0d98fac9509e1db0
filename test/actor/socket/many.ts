// The batch-aware half of ActorSocket (what custom actors call): sendMany() takes any iterable and
// awaits only for back-pressure, receiveMany() hands out every message at hand; both keep order
// and message boundaries, and fail the way send()/receive() do.
import t, { type Test } from 'tap'
import { facadeOf, type ActorSocket } from '../../../src/actor/socket.js'
import { SocketCore } from '../../../src/actor/socket/core.js'
import { createCounters, kActorSlots, kPeerSlots, kSocketSlots, readCounters, readPeer } from '../../../src/counters.js'
import type { SocketPlan } from '../../../src/plan/types.js'
import type { SocketType } from '../../../src/topology/schema.js'
import { inproc } from '../../fixtures/topology.js'

// after the actor's counters: the socket's own slots, then its peer's (both sockets share the layout)
const kPeer = kActorSlots + kSocketSlots
const link = (id: number, peer: number): SocketPlan['framing'] => ({ id, slot: kActorSlots, peers: [{ id: peer, name: `p${peer}.s`, slot: kPeer }], maxBatchBytes: 64 * 1024 })

async function pair (t: Test, internal: boolean, options: SocketPlan['options'] = {}): Promise<{ push: ActorSocket, pull: ActorSocket, counters: Float64Array }> {
  const ep = inproc()
  const counters = createCounters(kSocketSlots + kPeerSlots)
  const make = (type: SocketType, plan: Partial<SocketPlan>): SocketCore => {
    const core = new SocketCore(type, { bind: [], connect: [], ...plan, options: { linger: 0, ...options }, type }, counters)
    t.teardown(() => core.close())
    return core
  }
  const pull = make('pull', { bind: [ep], ...(internal ? { framing: link(2, 1) } : {}) })
  const push = make('push', { connect: [ep], ...(internal ? { framing: link(1, 2) } : {}) })
  await pull.open()
  await push.open()
  return { push: facadeOf(push), pull: facadeOf(pull), counters }
}

function * numbered (from: number, to: number): Generator<string[]> {
  for (let i = from; i < to; i++) yield [String(i), ...(i % 2 === 0 ? ['even'] : [])]
}

for (const internal of [true, false]) {
  t.test(`${internal ? 'internal' : 'edge'} link: sendMany of a generator and of an async generator, receiveMany in order with its frames`, async t => {
    const { push, pull, counters } = await pair(t, internal)
    const n = 6000
    const sending = (async () => {
      await push.sendMany(numbered(0, n / 2))
      await push.sendMany((async function * () { yield * numbered(n / 2, n) })())
    })()
    const sizes: number[] = []
    let i = 0
    let wrong: string | undefined
    while (i < n) {
      const messages = await pull.receiveMany({ max: 500 })
      sizes.push(messages.length)
      for (const frames of messages) {
        const want = [String(i), ...(i % 2 === 0 ? ['even'] : [])]
        if (wrong === undefined && JSON.stringify(frames.map(String)) !== JSON.stringify(want)) wrong = `message ${i}: ${frames.map(String).join('|')}`
        i++
      }
    }
    await sending
    t.equal(wrong, undefined, 'every message in order, with its frames')
    t.equal(i, n, 'nothing more than was sent')
    t.ok(sizes.every(s => s >= 1 && s <= 500), 'max holds')
    if (internal) t.ok(Math.max(...sizes) > 1, `an internal link hands out many per call: largest ${Math.max(...sizes)}`)
    else t.equal(Math.max(...sizes), 1, 'an edge link hands out one per call')
    t.match(readCounters(counters), { sent: n, received: n })
    if (internal) t.equal(readPeer(counters, kPeer).received, n, 'the peer\'s figures count every message handed out')
  })
}

t.test('sendMany stops at the first message that fails, after sending the ones before it', async t => {
  const { push, pull } = await pair(t, true, { maxMessageSize: 100 })
  await t.rejects(push.sendMany(['a', 'b', Buffer.alloc(101), 'c']), { code: 'ERR_ACTOR_MESSAGE_TOO_LARGE' })
  t.same((await pull.receiveMany()).map(m => String(m[0])), ['a', 'b'])
  await t.rejects(push.sendMany([{} as string]), { code: 'ERR_ACTOR_INVALID_MESSAGE' })
  await t.rejects(pull.sendMany(['x']), { code: 'ERR_ACTOR_SOCKET_STATE', message: /cannot send/ })
  await t.rejects(push.sendMany(42 as unknown as string[]), { name: 'TypeError', message: /socket "push": sendMany\(\) takes an iterable or an async iterable of messages, got number/ })
  await t.rejects(push.receiveMany(), { code: 'ERR_ACTOR_SOCKET_STATE', message: /cannot receive/ })
  await t.rejects(pull.receiveMany({ max: 0 }), { name: 'RangeError', message: /max must be at least 1, got 0/ })
})

t.test('receiveMany: a timeout rejects with EAGAIN; a close ends a pending call with EAGAIN', async t => {
  const { pull } = await pair(t, true)
  await t.rejects(pull.receiveMany({ timeout: 20 }), { code: 'EAGAIN' })
  const pending = pull.receiveMany()
  pull.close()
  await t.rejects(pending, { code: 'EAGAIN' })
})

t.test('sendMany of an endless generator holds at the high-water mark, and ends with EAGAIN when the socket closes', async t => {
  const { push, pull, counters } = await pair(t, true, { sendHighWaterMark: 2, receiveHighWaterMark: 2 })
  let made = 0
  const endless = (function * () { for (;;) { made++; yield 'x' } })()
  const sending = push.sendMany(endless)
  // nobody reads: what the sender made is bounded by the queues (a few batches of up to 1024)
  await new Promise(resolve => setTimeout(resolve, 200))
  const held = made
  await new Promise(resolve => setTimeout(resolve, 200))
  t.equal(made, held, `the sender waits: ${made} messages made, none since`)
  t.ok(made <= 10 * 1024, `bounded by the high-water marks: ${made}`)
  const first = await pull.receiveMany()
  t.ok(first.length > 1, 'the receiver reads whole batches')
  push.close()
  await t.rejects(sending, { code: 'EAGAIN', message: /closed: sendMany\(\) stopped with messages left/ })
  t.ok(readCounters(counters).sent <= made)
})
