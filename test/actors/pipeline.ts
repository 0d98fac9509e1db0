// ventilator, worker and sink against foreign peers, and a finite stream losing no tail (H3).
import t from 'tap'
import * as zmq from 'zeromq'
import { spawn } from '../../src/index.js'
import { nextLog } from '../../src/testing.js'
import { fixture, fixtures, inproc } from '../fixtures/topology.js'
import { bound, connected, text } from '../fixtures/peers.js'

t.test('ventilator: a foreign PULL receives every task, in order, the tail included', async t => {
  const [pull, endpoint] = await bound(t, new zmq.Pull())
  const app = await spawn({ name: 'vent', actors: { vent: { kind: 'ventilator', connect: [endpoint], source: './count-source.ts', params: { n: 1000 } } } }, { baseDir: fixtures })
  t.teardown(() => app.stop())
  const got: string[] = []
  for (let i = 0; i < 1000; i++) got.push((await pull.receive())[0]!.toString())
  t.same(got, Array.from({ length: 1000 }, (_, i) => String(i)))
  t.equal(await app.done, null)
})

t.test('worker: foreign PUSH → handler → foreign PULL', async t => {
  const [push, input] = await bound(t, new zmq.Push())
  const [pull, output] = await bound(t, new zmq.Pull())
  const app = await spawn({ name: 'worker', actors: { w: { kind: 'worker', handler: './upper.ts', input: { connect: [input] }, output: { connect: [output] } } } }, { baseDir: fixtures })
  t.teardown(() => app.stop())
  await push.send('task one')
  t.same(text(await pull.receive()), ['TASK ONE'])
})

t.test('sink: finishes after count results from a foreign PUSH', async t => {
  const app = await spawn({ name: 'sink', actors: { sink: { kind: 'sink', bind: ['tcp://127.0.0.1:*'], handler: './log-handler.ts', count: 3 } } }, { baseDir: fixtures })
  t.teardown(() => app.stop())
  const push = connected(t, new zmq.Push(), app.endpoints('sink').pull![0]!)
  const last = nextLog(app, 'sink', 'r2')
  for (const r of ['r0', 'r1', 'r2']) await push.send(r)
  t.equal(await last, 'r2')
  t.equal(await app.done, null)
  t.match(app.actor('sink'), { state: 'stopped', received: 3 })
})

t.test('a finite stream through ventilator → workers → sink loses no tail message', async t => {
  const app = await spawn({
    name: 'tail',
    actors: {
      vent: { kind: 'ventilator', bind: ['tasks'], source: './count-source.ts', params: { n: 5000 } },
      w1: { kind: 'worker', handler: './upper.ts', input: { connect: ['tasks'] }, output: { connect: ['results'] } },
      w2: { kind: 'worker', handler: './upper.ts', input: { connect: ['tasks'] }, output: { connect: ['results'] } },
      sink: { kind: 'sink', bind: ['results'], count: 5000 },
    },
    until: ['sink'],
  }, { baseDir: fixtures })
  t.teardown(() => app.stop())
  t.equal(await app.done, null)
  const stats = app.stats().actors
  t.equal(stats.vent!.sent, 5000)
  t.equal(stats.w1!.received + stats.w2!.received, 5000)
  t.equal(stats.sink!.received, 5000)
})

t.test('batched tasks are dealt evenly: two workers that connected before the first task get a share each', async t => {
  // the benchmark's ventilator waits for "go" (sent once every worker is READY); a PUSH with two
  // peers batches at most 16 tasks, and zeromq deals the batches round-robin. Batches of 1024, or
  // a batch of one after every full one, gave one worker 98 % or 94 % of the tasks.
  const go = inproc()
  const bench = (name: string): string => fixture(`../../bench/actors/${name}.ts`)
  const app = await spawn({
    name: 'deal',
    actors: {
      feed: { module: bench('feed'), sockets: { out: { bind: ['tasks'] }, go: { bind: [go] } }, params: { count: 4000, us: 1 } },
      w1: { kind: 'worker', handler: './upper.ts', input: { connect: ['tasks'] }, output: { connect: ['results'] } },
      w2: { kind: 'worker', handler: './upper.ts', input: { connect: ['tasks'] }, output: { connect: ['results'] } },
      sink: { kind: 'sink', bind: ['results'], count: 4000 },
    },
    until: ['sink'],
  }, { baseDir: fixtures })
  t.teardown(() => app.stop())
  const starter = connected(t, new zmq.Push({ linger: 0 }), go)
  await starter.send('go')
  t.equal(await app.done, null)
  const { w1, w2 } = app.stats().actors
  t.equal(w1!.received + w2!.received, 4000)
  for (const [name, w] of [['w1', w1!], ['w2', w2!]] as const) t.ok(w.received >= 1400, `${name} got ${w.received} of 4000 tasks`)
})
