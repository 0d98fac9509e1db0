// The readiness barrier (H14, H15): a publisher's first message waits until every subscriber of
// the topology has its subscriptions live at it, so nothing is lost to the slow joiner, whatever
// order the actors start in. The first test keeps the reason on record: without a barrier, a
// publisher that starts at once loses the first messages.
import { randomUUID } from 'node:crypto'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import t from 'tap'
import * as zmq from 'zeromq'
import { spawn } from '../../src/index.js'
import { freeEndpoint } from '../fixtures/peers.js'
import { fixture, fixtures, inproc, uniqueName } from '../fixtures/topology.js'

const kMessages = 100_000

t.test('without a barrier: a publisher that sleeps "long enough" before publishing loses what a slower subscriber was not there for', async t => {
  const endpoint = await freeEndpoint()
  const pub = new zmq.Publisher({ linger: 0 })
  await pub.bind(endpoint)
  const subs: zmq.Subscriber[] = []
  t.teardown(() => { for (const s of [pub, ...subs]) s.close() })
  // one subscriber is up in time, one takes 300 ms to start (a thread loading its modules)
  const join = (): void => { const s = new zmq.Subscriber({ linger: 0 }); s.connect(endpoint); s.subscribe(''); subs.push(s) }
  join()
  const late = sleep(300).then(join)
  await sleep(100) // "give the subscribers a moment": the sleep-based start
  for (let i = 0; i < 500; i++) { await pub.send(String(i)); await sleep(1) }
  await late
  const firsts = await Promise.all(subs.map(async s => Number(String((await s.receive())[0]))))
  t.equal(firsts[0], 0, 'the subscriber that was up in time got everything')
  t.ok(firsts[1]! > 0, `the late subscriber's first message is ${firsts[1]}: every message before it is lost`)
})

const endpoints = {
  inproc: async () => inproc(),
  ipc: async () => `ipc://${join(tmpdir(), `za-ready-${randomUUID().slice(0, 8)}`)}`,
  tcp: freeEndpoint,
  // a logical link: internal (batched, sequence-numbered), the subscribers filter by themselves
  'internal link': async () => 'feed',
}

for (const [transport, endpoint] of Object.entries(endpoints)) {
  t.test(`${transport}: 3 subscribers READY before, between and after the publisher each get all ${kMessages} messages`, async t => {
    const ep = await endpoint()
    const sub = (delayMs: number): object => ({ module: fixture('checked-subscriber.ts'), sockets: { sub: { connect: [ep] } }, params: { count: kMessages, delayMs } })
    const app = await spawn({
      name: 'ready',
      until: ['early', 'middle', 'late'],
      actors: {
        early: sub(0),
        pub: { kind: 'publisher', bind: [ep], source: fixture('count-source.ts'), noDrop: true },
        middle: sub(150),
        late: sub(400),
      },
    })
    t.teardown(() => app.stop())
    const logs: string[] = []
    app.on('log', (actor, text) => logs.push(`${actor}: ${text}`))
    t.equal(await app.done, null)
    t.same(logs.sort(), ['early', 'late', 'middle'].map(a => `${a}: complete ${kMessages} in order`))
    t.match(app.stats().actors, { early: { received: kMessages }, middle: { received: kMessages }, late: { received: kMessages } })
  })
}

t.test('a subscriber of a foreign publisher that is not up yet starts, and receives once it appears', async t => {
  const ep = await freeEndpoint()
  const app = await spawn({ name: 'foreign', actors: { sub: { kind: 'subscriber', connect: [ep] } } })
  t.teardown(() => app.stop())
  const pub = new zmq.Publisher({ linger: 0 })
  t.teardown(() => pub.close())
  await pub.bind(ep)
  while (app.actor('sub').received === 0) { await pub.send('hello'); await sleep(20) }
  t.pass('received from the late foreign publisher')
})

t.test('a topology subscriber that is late past readyTimeout: the publisher sends anyway, and says why', async t => {
  const ep = inproc()
  const logs: string[] = []
  const app = await spawn({
    name: 'late',
    readyTimeout: 200,
    actors: {
      pub: { kind: 'publisher', bind: [ep], source: fixture('count-source.ts'), rate: 100 },
      slow: { module: fixture('checked-subscriber.ts'), sockets: { sub: { connect: [ep] } }, params: { count: 1000, delayMs: 1500 } },
    },
  })
  t.teardown(() => app.stop())
  app.on('log', (actor, text) => logs.push(`${actor}: ${text}`))
  await new Promise(resolve => setImmediate(resolve))
  // the publisher's own word (the late subscriber may already log the gap it was not there for)
  t.same(logs.filter(line => line.startsWith('pub: ')), ['pub: readiness: no subscription yet from slow.sub after 200 ms; sending anyway'])
  t.ok(app.actor('pub').sent > 0, 'the publisher did not wait for the late subscriber')
})

t.test('a subscriber that fails at start is reported at once, not after the publisher\'s readyTimeout', async t => {
  const readyTimeout = 30_000
  const topology = {
    name: uniqueName(),
    readyTimeout,
    actors: {
      pub: { kind: 'publisher', bind: ['ticks'], source: './count-source.ts' },
      sub: { kind: 'subscriber', connect: ['ticks'], handler: './throwing-module.ts' },
    },
  }
  const started = Date.now()
  await t.rejects(spawn(topology, { baseDir: fixtures }), { code: 'ERR_ACTOR_START', message: /actor "sub".*handler module ".\/throwing-module.ts" failed to load: this module throws while loading/ })
  const ms = Date.now() - started
  t.ok(ms < readyTimeout / 2, `rejected after ${ms} ms, well before the ${readyTimeout} ms readyTimeout`)
})
