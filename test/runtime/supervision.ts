// OTP strategies: what restarts with a failed actor, in which order, and what happens when a group
// restarts too often. Actors are crashed on demand by a message on their inproc PULL socket.
import t, { type Test } from 'tap'
import { Push } from 'zeromq'
import { RestartIntensityError, spawn, TopologyError, type App } from '../../src/index.js'
import { fixture, inproc } from '../fixtures/topology.js'

interface Crashable { module: string, sockets: { in: { bind: string[] } }, restart?: string }
const crashable = (restart?: string): Crashable => ({ module: fixture('crash-on-demand.ts'), sockets: { in: { bind: [inproc()] } }, ...(restart !== undefined ? { restart } : {}) })

/** Sends "crash" to an actor (a fresh PUSH each time: inproc does not reconnect to a restarted binder). */
async function crash (actors: Record<string, Crashable>, name: string): Promise<void> {
  const push = new Push({ linger: 1000 })
  push.connect(actors[name]!.sockets.in.bind[0]!)
  await push.send('crash')
  push.close()
}

/** Records `up` / `term` log lines and restart events in order, as "actor:event". */
function journal (app: App): string[] {
  const lines: string[] = []
  app.on('log', (actor, text) => lines.push(`${actor}:${text}`))
  app.on('restart', actor => lines.push(`${actor}:restart`))
  return lines
}

/** Resolves once `count` actors have logged "up" after this call. */
async function ups (app: App, count: number): Promise<void> {
  await new Promise<void>(resolve => {
    let seen = 0
    const onLog = (_actor: string, text: string): void => {
      if (text === 'up' && ++seen === count) { app.off('log', onLog); resolve() }
    }
    app.on('log', onLog)
  })
}

/** Spawns a topology of crashable actors and waits until every one logged "up". */
async function started (t: Test, topology: { name: string, actors: Record<string, Crashable> } & Record<string, unknown>): Promise<App> {
  const app = await spawn(topology)
  t.teardown(() => app.stop())
  await ups(app, Object.keys(topology.actors).length)
  return app
}

/** Crashes one actor and resolves with the journal once `restarted` actors are up again. */
async function crashAndRecover (app: App, actors: Record<string, Crashable>, name: string, restarted: number): Promise<string[]> {
  const lines = journal(app)
  const back = ups(app, restarted)
  await crash(actors, name)
  await back
  return lines
}

t.test('one_for_all: every actor of the group restarts; siblings stop in reverse start order, all start in start order', async t => {
  const actors = { a: crashable(), b: crashable(), c: crashable(), outside: crashable() }
  const app = await started(t, { name: 'ofa', groups: { g: { actors: ['a', 'b', 'c'], strategy: 'one_for_all' } }, actors })
  const threads = Object.fromEntries(Object.entries(app.stats().actors).map(([n, s]) => [n, s.threadId]))
  const lines = await crashAndRecover(app, actors, 'b', 3)
  t.same(lines.filter(l => !l.endsWith(':up')), ['c:term', 'a:term', 'a:restart', 'b:restart', 'c:restart'], 'c then a stopped (b had crashed), then all three announced')
  t.same(lines.filter(l => l.endsWith(':up')), ['a:up', 'b:up', 'c:up'], 'started again in start order')
  t.match(app.stats().actors, { a: { state: 'running', restarts: 1 }, b: { state: 'running', restarts: 1, error: { message: 'b crashed on demand' } }, c: { state: 'running', restarts: 1 }, outside: { state: 'running', restarts: 0 } })
  t.equal(app.actor('outside').threadId, threads.outside, 'the actor outside the group was not touched')
})

t.test('rest_for_one: the failed actor and those started after it restart; earlier ones are untouched', async t => {
  const actors = { a: crashable(), b: crashable(), c: crashable() }
  const app = await started(t, { name: 'rfo', strategy: 'rest_for_one', actors })
  t.same(await crashAndRecover(app, actors, 'b', 2), ['c:term', 'b:restart', 'c:restart', 'b:up', 'c:up'])
  t.match(app.stats().actors, { a: { restarts: 0 }, b: { restarts: 1 }, c: { restarts: 1 } })
})

t.test('one_for_one (the default): only the failed actor restarts', async t => {
  const actors = { a: crashable(), b: crashable() }
  const app = await started(t, { name: 'ofo', actors })
  t.same(await crashAndRecover(app, actors, 'a', 1), ['a:restart', 'a:up'])
  t.match(app.stats().actors, { a: { restarts: 1 }, b: { restarts: 0 } })
})

t.test('a temporary sibling is stopped with its group and not restarted', async t => {
  const actors = { a: crashable(), temp: crashable('temporary') }
  const app = await started(t, { name: 'tmp', strategy: 'one_for_all', actors })
  await crashAndRecover(app, actors, 'a', 1)
  t.match(app.stats().actors, { a: { state: 'running', restarts: 1 }, temp: { state: 'stopped', restarts: 0 } })
})

t.test('restart intensity exceeded: the group stops, the actor fails with its history, the rest keeps running', async t => {
  const actors = { a: crashable(), b: crashable(), other: crashable() }
  const app = await started(t, { name: 'budget', groups: { g: { actors: ['a', 'b'], strategy: 'one_for_all', maxRestarts: 1, period: 60_000 } }, actors })
  await crashAndRecover(app, actors, 'a', 2)
  const failed = new Promise<[string, Error]>(resolve => app.once('failed', (actor, error) => resolve([actor, error])))
  await crash(actors, 'b')
  const [actor, error] = await failed
  t.equal(actor, 'b')
  t.ok(error instanceof RestartIntensityError)
  t.match(error, { code: 'ERR_ACTOR_RESTART_INTENSITY', reason: 'restart-intensity-exceeded', message: /actor "b": restart-intensity-exceeded \(1 restarts within 60000 ms in group "g"\); last error: b crashed on demand/ })
  t.match((error as RestartIntensityError).history, [{ actor: 'a', error: 'a crashed on demand' }, { actor: 'b', error: 'b crashed on demand' }])
  t.equal(await app.done, error, 'the node reports it: done resolves with the error')
  t.match(app.stats().actors, { a: { state: 'stopped' }, b: { state: 'failed', error: { code: 'ERR_ACTOR_RESTART_INTENSITY' } }, other: { state: 'running', restarts: 0 } })
})

t.test('groups are validated: unknown actors, an actor in two groups, a group spanning processes', async t => {
  const actors = { a: crashable(), b: { ...crashable(), process: 'p' } }
  const error = await spawn({
    name: 'bad-groups',
    strategy: 'one_for_all',
    groups: { g1: { actors: ['a', 'ghost'] }, g2: { actors: ['a'] }, g3: { actors: ['b'], strategy: 'sideways' } },
    actors,
  }).catch((e: unknown) => e)
  t.ok(error instanceof TopologyError)
  t.same((error as TopologyError).issues.map(i => i.path), ['groups.g3.strategy'], 'schema errors first')
  const cross = await spawn({ name: 'cross', groups: { g: { actors: ['a', 'b', 'ghost'], strategy: 'rest_for_one' }, h: { actors: ['a'] } }, actors }).catch((e: unknown) => e) as TopologyError
  t.same(cross.issues.map(i => i.path), ['groups.g.actors[2]', 'groups.g.strategy', 'groups.h.actors[0]'])
  t.match(cross.issues[1]!.message, /rest_for_one restarts its actors together, so they must run in one process \(they run in: main, p\)/)
  t.match(cross.issues[2]!.message, /already in group "g"/)
  const top = await spawn({ name: 'top', strategy: 'one_for_all', actors }).catch((e: unknown) => e) as TopologyError
  t.same(top.issues.map(i => i.path), ['strategy'])
})
