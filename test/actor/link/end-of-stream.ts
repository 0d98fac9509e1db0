// The end of stream between nodes (H35): a subscriber acknowledges a publisher's end of stream
// upstream with a subscription, once per publisher incarnation; the publisher waits for the
// subscribers on other nodes that it saw and that are still there.
import t from 'tap'
import { createCounters, kActorSlots, kPeerSlots, kSocketSlots } from '../../../src/counters.js'
import { EndAcknowledgements, EndAcknowledger, kEndPrefix } from '../../../src/actor/link/end-of-stream.js'
import { LinkReceiver } from '../../../src/actor/link/receiver.js'
import { encodeTrailer } from '../../../src/actor/link/wire.js'

const kRemote = '\u0000za-ready/far/sub'
const publisher = { id: 1, slot: kActorSlots, peers: [{ id: 2, name: 'far.sub', slot: 0, remoteToken: kRemote }, { id: 3, name: 'near.sub', slot: 0 }], maxBatchBytes: 65536 }
const subscriber = { id: 2, slot: kActorSlots, peers: [{ id: 1, name: 'pub.pub', slot: kActorSlots + kSocketSlots }], maxBatchBytes: 65536 }

t.test('a subscriber acknowledges each publisher incarnation once, and withdraws the one before', async t => {
  const calls: Array<[string, boolean]> = []
  const ack = new EndAcknowledger(subscriber, (topic, on) => calls.push([topic, on]))
  ack.ended(1, 5)
  ack.ended(1, 5) // the publisher repeats its end of stream until it hears the acknowledgement
  t.same(calls, [[`${kEndPrefix}1/5/2`, true]])
  ack.ended(1, 6)
  t.same(calls.slice(1), [[`${kEndPrefix}1/5/2`, false], [`${kEndPrefix}1/6/2`, true]], 'a restarted publisher: the old acknowledgement goes')
  ack.ended(9, 1)
  t.same(calls.at(-1), [`${kEndPrefix}9/1/2`, true], 'each publisher has its own')
})

t.test('a sub socket\'s link receiver acknowledges an end of stream from a peer it knows, after what came before it', async t => {
  const calls: string[] = []
  const rx = new LinkReceiver('sub', subscriber, createCounters(kSocketSlots + kPeerSlots), () => {}, topic => calls.push(topic))
  const end = (sender: number): Buffer => encodeTrailer({ batch: true, sender, epoch: 7, count: 0, seq: 10, timestamp: Date.now() })
  t.equal(rx.take([Buffer.alloc(0), end(1)], { batch: true, sender: 1, epoch: 7, count: 0, seq: 10, timestamp: Date.now() }), false, 'an end of stream holds no message')
  t.same(calls, [`${kEndPrefix}1/7/2`])
  rx.take([Buffer.alloc(0), end(4)], { batch: true, sender: 4, epoch: 7, count: 0, seq: 10, timestamp: Date.now() })
  t.same(calls.length, 1, 'not for a sender the plan does not know')
  const pull = new LinkReceiver('pull', subscriber, createCounters(kSocketSlots + kPeerSlots), () => {}, topic => calls.push(topic))
  pull.take([Buffer.alloc(0), end(1)], { batch: true, sender: 1, epoch: 8, count: 0, seq: 10, timestamp: Date.now() })
  t.same(calls.length, 1, 'a pull socket acknowledges nothing (push sends no end of stream)')
})

t.test('a publisher waits for the subscribers on other nodes it saw, until each acknowledged or went away', async t => {
  const acks = new EndAcknowledgements(publisher, 42)
  t.equal(acks.remote, true)
  t.equal(acks.outstanding, 0, 'a subscriber never seen is not waited for')
  acks.saw('\u0000za-ready/near/sub', true)
  t.equal(acks.outstanding, 0, 'nor one on the same node (the count at stop covers it)')
  acks.saw(kRemote, true)
  t.equal(acks.outstanding, 1)
  let settled = false
  const waiting = acks.settled().then(() => { settled = true })
  acks.saw(`${kEndPrefix}1/41/2`, true)
  acks.saw(`${kEndPrefix}7/42/2`, true)
  await Promise.resolve()
  t.equal(settled, false, 'an acknowledgement of another incarnation or another publisher does not count')
  acks.saw(`${kEndPrefix}1/42/2`, true)
  await waiting
  t.equal(acks.outstanding, 0)

  const gone = new EndAcknowledgements(publisher, 43)
  gone.saw(kRemote, true)
  const left = gone.settled()
  gone.saw(kRemote, false) // libzmq withdraws a peer's subscriptions when it disconnects
  await left
  t.equal(gone.outstanding, 0, 'a subscriber that went away is not waited for')
  t.equal(new EndAcknowledgements(subscriber, 1).remote, false, 'no peer on another node: nothing to wait for')
})
