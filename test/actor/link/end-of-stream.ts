// The end of stream between nodes (H35): a subscriber acknowledges the end of stream of a
// publisher on another node upstream with a subscription, once per publisher incarnation (again
// after a reset); the publisher, once it has sent anything, waits for the subscribers on other
// nodes that it saw and that are still there.
import t from 'tap'
import { createCounters, kActorSlots, kPeerSlots, kSocketSlots } from '../../../src/counters.js'
import { EndAcknowledgements, EndAcknowledger, kEndPrefix } from '../../../src/actor/link/end-of-stream.js'
import { LinkReceiver } from '../../../src/actor/link/receiver.js'
import { encodeTrailer } from '../../../src/actor/link/wire.js'

const kRemote = '\u0000za-ready/far/sub'
const publisher = { id: 1, slot: kActorSlots, peers: [{ id: 2, name: 'far.sub', slot: 0, remoteToken: kRemote }, { id: 3, name: 'near.sub', slot: 0 }], maxBatchBytes: 65536 }
const subscriber = { id: 2, slot: kActorSlots, peers: [{ id: 1, name: 'pub.pub', slot: kActorSlots + kSocketSlots, remoteToken: '\u0000za-ready/pub/pub' }, { id: 9, name: 'near.pub', slot: kActorSlots + kSocketSlots + kPeerSlots, remoteToken: '\u0000za-ready/near/pub' }], maxBatchBytes: 65536 }

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
  ack.forget() // the socket was reset: its new native socket holds none
  ack.ended(1, 6)
  t.same(calls.at(-1), [`${kEndPrefix}1/6/2`, true], 'given again after a reset')
  const local = new EndAcknowledger({ ...subscriber, peers: [{ id: 1, name: 'pub.pub', slot: 0 }] }, topic => calls.push([topic, true]))
  const before = calls.length
  local.ended(1, 5)
  t.equal(calls.length, before, 'a publisher on the same node gets none: nothing waits for it, nothing changes on the wire')
})

t.test('a sub socket\'s link receiver acknowledges an end of stream from a peer it knows, after what came before it', async t => {
  const calls: string[] = []
  const rx = new LinkReceiver('sub', subscriber, createCounters(kSocketSlots + 2 * kPeerSlots), () => {}, topic => calls.push(topic))
  const end = (sender: number): Buffer => encodeTrailer({ batch: true, sender, epoch: 7, count: 0, seq: 10, timestamp: Date.now() })
  t.equal(rx.take([Buffer.alloc(0), end(1)], { batch: true, sender: 1, epoch: 7, count: 0, seq: 10, timestamp: Date.now() }), false, 'an end of stream holds no message')
  t.same(calls, [`${kEndPrefix}1/7/2`])
  rx.take([Buffer.alloc(0), end(4)], { batch: true, sender: 4, epoch: 7, count: 0, seq: 10, timestamp: Date.now() })
  t.same(calls.length, 1, 'not for a sender the plan does not know')
  const pull = new LinkReceiver('pull', subscriber, createCounters(kSocketSlots + 2 * kPeerSlots), () => {}, topic => calls.push(topic))
  pull.take([Buffer.alloc(0), end(1)], { batch: true, sender: 1, epoch: 8, count: 0, seq: 10, timestamp: Date.now() })
  t.same(calls.length, 1, 'a pull socket acknowledges nothing (push sends no end of stream)')
})

t.test('a publisher waits for the subscribers on other nodes it saw, until each acknowledged or went away', async t => {
  let sent = false
  const acks = new EndAcknowledgements(publisher, 42, () => sent)
  t.equal(acks.remote, true)
  acks.saw(kRemote, true)
  t.equal(acks.outstanding, 0, 'nothing sent: no end of stream goes, none is waited for')
  acks.saw(kRemote, false)
  sent = true
  t.equal(acks.outstanding, 0, 'a subscriber never seen is not waited for')
  acks.saw('\u0000za-ready/near/sub', true)
  t.equal(acks.outstanding, 0, 'nor one on the same node (the count at stop covers it)')
  acks.saw(kRemote, true)
  t.equal(acks.outstanding, 1)
  let settled = false
  const waiting = acks.settled().then(() => { settled = true })
  acks.saw(`${kEndPrefix}1/41/2`, true)
  acks.saw(`${kEndPrefix}7/42/2`, true)
  await new Promise(resolve => setImmediate(resolve)) // every reaction a wrong wake-up would have queued has run
  t.equal(settled, false, 'an acknowledgement of another incarnation or another publisher does not count')
  t.equal(acks.outstanding, 1)
  acks.saw(`${kEndPrefix}1/42/2`, true)
  await waiting
  t.equal(acks.outstanding, 0)
  acks.saw(kRemote, false)
  acks.saw(kRemote, true)
  t.equal(acks.outstanding, 1, 'a subscriber that left and came back (a restart) must acknowledge again')
  acks.saw(`${kEndPrefix}1/42/2`, true)
  acks.saw(`${kEndPrefix}1/42/2`, false)
  t.equal(acks.outstanding, 1, 'a withdrawn acknowledgement (its socket reset) no longer counts')

  const gone = new EndAcknowledgements(publisher, 43, () => true)
  gone.saw(kRemote, true)
  const left = gone.settled()
  gone.saw(kRemote, false) // libzmq withdraws a peer's subscriptions when it disconnects
  await left
  t.equal(gone.outstanding, 0, 'a subscriber that went away is not waited for')
  t.equal(new EndAcknowledgements({ ...publisher, peers: [publisher.peers[1]!] }, 1, () => true).remote, false, 'no peer on another node: nothing to wait for')
})
