// The supervisor driven through its small interface (Supervised), with fake actors that record
// what is done to them: which actors restart under each strategy, in which order they stop and
// start, what `temporary` changes, and how exceeding the budget fails the actor and stops the group.
import t from 'tap'
import { RestartIntensityError } from '../../src/errors.js'
import { Supervisor, type Supervised } from '../../src/runtime/supervisor.js'
import type { RestartPolicy, SupervisorPlan } from '../../src/plan/types.js'

function fakes (names: string[], log: string[], restart: Record<string, RestartPolicy> = {}): Array<Supervised & { alive: boolean, exitError: Error | undefined }> {
  return names.map(name => {
    const actor = {
      name,
      plan: { restart: restart[name] ?? 'transient' },
      alive: true,
      exitError: undefined as Error | undefined,
      start: async () => { actor.alive = true; log.push(`start ${name}`) },
      stop: async () => { actor.alive = false; log.push(`stop ${name}`) },
      restarting: (reason: Error | undefined) => { log.push(`restarting ${name}: ${reason?.message}`) },
      settle: () => { log.push(`settle ${name}`) },
      fail: (error: Error) => { log.push(`fail ${name}: ${error.constructor.name}`) },
    }
    return actor
  })
}

const plan = (strategy: SupervisorPlan['strategy'], maxRestarts = 3): SupervisorPlan => ({ name: 'g', strategy, maxRestarts, period: 60_000, actors: ['a', 'b', 'c'] })

/** `b` crashes: it is no longer alive and reports its exit. */
async function crashB (supervisor: Supervisor, actors: ReturnType<typeof fakes>): Promise<void> {
  const b = actors[1]!
  b.alive = false
  b.exitError = new Error('b crashed')
  supervisor.exited(b)
  await supervisor.handled
}

t.test('one_for_one restarts the actor alone', async t => {
  const log: string[] = []
  const actors = fakes(['a', 'b', 'c'], log)
  const supervisor = new Supervisor(plan('one_for_one'), actors, { failed: () => t.fail('no failure') })
  await crashB(supervisor, actors)
  t.same(log, ['restarting b: b crashed', 'start b'])
})

t.test('one_for_all stops the running siblings in reverse order, then starts everyone in order', async t => {
  const log: string[] = []
  const actors = fakes(['a', 'b', 'c'], log)
  const supervisor = new Supervisor(plan('one_for_all'), actors, { failed: () => t.fail('no failure') })
  await crashB(supervisor, actors)
  t.same(log, ['stop c', 'stop a', 'restarting a: restarted with "b" (one_for_all)', 'restarting b: b crashed', 'restarting c: restarted with "b" (one_for_all)', 'start a', 'start b', 'start c'])
})

t.test('rest_for_one restarts the actor and those started after it; temporary siblings stay stopped', async t => {
  const log: string[] = []
  const actors = fakes(['a', 'b', 'c'], log, { c: 'temporary' })
  const supervisor = new Supervisor(plan('rest_for_one'), actors, { failed: () => t.fail('no failure') })
  await crashB(supervisor, actors)
  t.same(log, ['stop c', 'restarting b: b crashed', 'start b'])
})

t.test('one restart too many fails the actor with RestartIntensityError and stops the group', async t => {
  const log: string[] = []
  const actors = fakes(['a', 'b', 'c'], log)
  const failures: Error[] = []
  const supervisor = new Supervisor(plan('one_for_one', 1), actors, { failed: (_actor, error) => failures.push(error) })
  await crashB(supervisor, actors)
  log.length = 0
  await crashB(supervisor, actors)
  t.same(log, ['fail b: RestartIntensityError', 'stop c', 'stop a'])
  t.equal(failures.length, 1)
  t.ok(failures[0] instanceof RestartIntensityError)
  t.match(failures[0]!.message, /actor "b": restart-intensity-exceeded \(1 restarts within 60000 ms in group "g"\); last error: b crashed/)
  t.equal((failures[0] as RestartIntensityError).history.length, 2, 'both restarts are in its history')
  log.length = 0
  await crashB(supervisor, actors)
  t.same(log, ['settle b'], 'a failed group restarts nothing more')
})

t.test('stop() cancels the backoff: the actor settles instead of starting', async t => {
  const log: string[] = []
  const actors = fakes(['a', 'b', 'c'], log)
  const supervisor = new Supervisor(plan('one_for_one'), actors, { failed: () => t.fail('no failure') })
  const b = actors[1]!
  b.alive = false
  supervisor.exited(b)
  await new Promise(resolve => setImmediate(resolve))
  supervisor.stop()
  await supervisor.handled
  t.same(log, ['restarting b: undefined', 'settle b'])
})
