import t from 'tap'
import { ActorStartError, ActorStateError, spawn, TopologyError } from '../../src/index.js'
import { waitFor } from '../../src/testing.js'
import { fixture, fixtures, inproc } from '../fixtures/topology.js'

const idle = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({ module: fixture('failing-actor.ts'), sockets: { in: { bind: [inproc()] } }, ...extra })

t.test('spawn resolves after READY: every actor running, each on its own thread', async t => {
  const app = await spawn({ name: 'two', actors: { a: idle(), b: idle() } })
  t.teardown(() => app.stop())
  const stats = app.stats()
  t.equal(stats.topology, 'two')
  t.type(stats.elapsedMs, 'number')
  t.match(stats.actors.a, { kind: 'module', state: 'running', pid: process.pid, restarts: 0, sent: 0, received: 0, errors: 0 })
  t.not(stats.actors.a!.threadId, stats.actors.b!.threadId)
  t.not(stats.actors.a!.threadId, 0, 'not the main thread')
})

t.test('stop() stops every actor and is idempotent', async t => {
  const app = await spawn({ name: 'stop', actors: { a: idle() } })
  await Promise.all([app.stop(), app.stop()])
  t.equal(app.actor('a').state, 'stopped')
  t.equal(await app.done, null)
  await t.rejects(app.restart('a'), ActorStateError)
})

t.test('a transient actor that keeps failing is restarted, then fails for good (restart-intensity-exceeded)', async t => {
  const app = await spawn({ name: 'flaky', maxRestarts: 2, period: 10_000, actors: { a: idle({ params: { fail: true } }) } })
  t.teardown(() => app.stop())
  const restarts: number[] = []
  app.on('restart', (_actor, attempt, error) => { restarts.push(attempt); t.equal((error as { code?: string }).code, 'EPLANNED') })
  const error = await app.done
  t.match(error?.message, /restart-intensity-exceeded \(2 restarts within 10000 ms\); last error: planned failure/)
  t.same(restarts, [1, 2])
  t.match(app.actor('a'), { state: 'failed', restarts: 2, errors: 3 })
})

t.test('a temporary actor is not restarted', async t => {
  const app = await spawn({ name: 'temp', actors: { a: idle({ params: { fail: true }, restart: 'temporary' }) } })
  t.teardown(() => app.stop())
  const failed = new Promise(resolve => app.once('failed', (actor, error) => resolve([actor, error.message])))
  t.same(await failed, ['a', 'planned failure'])
  t.equal(app.actor('a').restarts, 0)
})

t.test('restart(name) restarts one actor and leaves the others alone', async t => {
  const app = await spawn({ name: 'r', actors: { a: idle(), b: idle() } })
  t.teardown(() => app.stop())
  await app.restart('a')
  t.match(app.stats().actors, { a: { state: 'running', restarts: 1 }, b: { state: 'running', restarts: 0 } })
  t.throws(() => app.actor('ghost'), { code: 'ERR_ACTOR_STATE', message: /no actor named "ghost"/ })
})

t.test('an actor that fails before READY rejects spawn, naming it; the others are stopped', async t => {
  const error = await spawn({ name: 'bad', actors: { good: idle(), bad: { module: fixture('init-fails.ts'), sockets: { in: { bind: [inproc()] } } } } }).catch((e: unknown) => e)
  t.ok(error instanceof ActorStartError)
  t.match((error as Error).message, /actor "bad" failed to start: init refused/)
})

t.test('a handler module that throws while loading names the actor and the module', async t => {
  const error = await spawn({ name: 'throwing', actors: { s: { kind: 'sink', bind: [inproc()], handler: './throwing-module.ts' } } }, { baseDir: fixtures }).catch((e: unknown) => e)
  t.ok(error instanceof ActorStartError)
  t.match((error as Error).message, /actor "s": handler module "\.\/throwing-module\.ts" failed to load: this module throws while loading/)
  t.equal(((error as Error).cause as { code?: string }).code, 'ERR_ACTOR_MODULE')
})

t.test('a missing module is a TopologyError before any thread starts', async t => {
  const error = await spawn(fixture('topologies/missing-module.json')).catch((e: unknown) => e)
  t.ok(error instanceof TopologyError)
  t.same((error as TopologyError).issues.map(i => i.path).sort(), ['actors.custom.module', 'actors.server.handler'])
  t.match((error as TopologyError).issues[0]!.location, /missing-module\.json:\d+:\d+$/)
})

t.test('a module that is not an actor definition is refused with ERR_ACTOR_MODULE', async t => {
  const error = await spawn({ name: 'notactor', actors: { a: { module: fixture('echo.ts'), sockets: { in: { bind: [inproc()] } } } } }).catch((e: unknown) => e)
  t.match(((error as Error).cause as Error).message, /is not an actor definition/)
})

t.test('socket names must match between module and topology', async t => {
  const missing = await spawn({ name: 'm1', actors: { a: { module: fixture('failing-actor.ts'), sockets: {} } } }).catch((e: unknown) => e)
  t.match((missing as Error).message, /socket "in" has no endpoints in the topology/)
  const extra = await spawn({ name: 'm2', actors: { a: { module: fixture('failing-actor.ts'), sockets: { in: { bind: [inproc()] }, out: { bind: [inproc()] } } } } }).catch((e: unknown) => e)
  t.match((extra as Error).message, /endpoints for socket "out", which the actor does not declare/)
})

t.test('spawn({ node }) runs only that node\'s actors; an unknown node is refused before anything starts', async t => {
  const nodes = { a: { host: '127.0.0.1', portRange: [5790, 5794] }, b: { host: '127.0.0.1', portRange: [5795, 5799] } }
  const topology = { name: 'two', nodes, actors: { x: idle({ node: 'a' }), y: idle({ node: 'b' }) } }
  const app = await spawn(topology, { node: 'b' })
  t.teardown(() => app.stop())
  t.same(Object.keys(app.stats().actors), ['y'], 'stats list the node\'s own actors')
  t.throws(() => app.actor('x'), { code: 'ERR_ACTOR_STATE' })
  await t.rejects(spawn(topology, { node: 'c' }), { code: 'ERR_ACTOR_INVALID_TOPOLOGY', message: /unknown node "c" \(the topology declares: a, b\)/ })
})

t.test('an actor failing to start in a child process rejects spawn with its error; the child is gone', async t => {
  const error = await spawn({ name: 'child-fails', actors: { bad: { module: fixture('init-fails.ts'), sockets: { in: { bind: [inproc()] } }, process: 'helpers' } } }).catch((e: unknown) => e)
  t.match(error, { code: 'ERR_ACTOR_START', message: /actor "bad" failed to start: .*init refused/ })
})

t.test('done resolves when the "until" actors finish; endpoints() shows bound wildcard ports', async t => {
  const app = await spawn({
    name: 'until',
    actors: {
      src: { kind: 'ventilator', bind: ['tcp://127.0.0.1:*'], source: './count-source.ts', params: { n: 5 } },
      server: idle(),
    },
    until: ['src'],
  }, { baseDir: fixtures })
  t.teardown(() => app.stop())
  t.match(app.endpoints('src'), { push: [/^tcp:\/\/127\.0\.0\.1:\d+$/] })
  // nobody pulls: the ventilator waits on its 1st message, so it is not done; connect a peer
  const { Pull } = await import('zeromq')
  const pull = new Pull({ linger: 0 })
  t.teardown(() => pull.close())
  pull.connect(app.endpoints('src').push![0]!)
  for (let i = 0; i < 5; i++) t.equal((await pull.receive())[0]!.toString(), String(i))
  t.equal(await app.done, null)
  t.equal(app.actor('server').state, 'running', 'actors outside "until" keep running')
  await waitFor(() => app.actor('src').state === 'stopped')
})

t.test('events raised while spawn() is starting reach listeners attached right after it resolves', async t => {
  const app = await spawn({ name: 'early-logs', actors: { early: { module: fixture('init-logs.ts'), sockets: { in: { bind: [inproc()] } } } } })
  t.teardown(() => app.stop())
  const lines: string[] = []
  app.on('log', (_actor, text) => lines.push(text))
  await waitFor(() => lines.length === 3)
  t.same(lines, ['0', '1', '2'], 'logged from init, before READY, and still delivered')
})

t.test('an actor that logs and returns at once: every line is delivered, before its finished event', async t => {
  const app = await spawn({ name: 'last-words', actors: { talker: { module: fixture('last-words.ts'), params: { lines: 5000 } } } })
  t.teardown(() => app.stop())
  const events: string[] = []
  app.on('log', (_actor, text) => events.push(text))
  app.on('finished', actor => events.push(`finished ${actor}`))
  // a busy main thread: the lines and the task's result are all waiting when it looks again
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 300)
  t.equal(await app.done, null)
  t.same(events, [...Array.from({ length: 5000 }, (_, i) => String(i)), 'finished talker'], 'all 5000 lines in order, then finished')
})

t.test('an app is AsyncDisposable: `await using` stops it when its scope ends', async t => {
  const app = await spawn({ name: 'disposable', actors: { sink: { kind: 'sink', bind: ['r'] } } }, { baseDir: fixtures })
  await app[Symbol.asyncDispose]()
  t.equal(app.actor('sink').state, 'stopped')
})
