// H1: no exit path of an actor may abort the process. Each path ends with a receive pending (and,
// with observe, the socket's events iterated); afterwards the actor has a clear state, its error
// keeps its class and code across the thread, and this process is alive to assert it.
import t from 'tap'
import { ActorExitError, spawn } from '../../src/index.js'
import { waitForState } from '../../src/testing.js'
import { fixture, inproc } from '../fixtures/topology.js'

const topology = (mode: string, observe: boolean, endpoint = inproc()): object => ({
  name: 'crash',
  actors: { victim: { module: fixture('crash-actor.ts'), restart: 'temporary', params: { mode, observe }, sockets: { in: { bind: [endpoint] } } } },
})

const failures = {
  throw: { code: 'EBOOM', message: /boom from run/ },
  reject: { code: 'ERR_ACTOR_CRASHED', message: /nobody catches this/ },
  uncaught: { code: 'ERR_ACTOR_CRASHED', message: /thrown in a timer/ },
  exit: { code: 'ERR_ACTOR_EXIT', message: /process\.exit\(3\)/ },
}

for (const observe of [false, true]) {
  // monitor events exist on tcp only (H12), so the observed variant binds tcp
  const endpoint = (): string => (observe ? 'tcp://127.0.0.1:*' : inproc())
  for (const [mode, expected] of Object.entries(failures)) {
    t.test(`${mode}${observe ? ' while iterating socket events' : ''}: actor fails, process lives`, async t => {
      const app = await spawn(topology(mode, observe, endpoint()))
      t.teardown(() => app.stop())
      const error = await app.done
      t.equal(app.actor('victim').state, 'failed')
      t.equal((error as { code?: string }).code, expected.code, 'the code crossed the thread')
      t.match(error!.message, expected.message)
      if (mode === 'exit') t.ok(error instanceof ActorExitError, 'rebuilt as its class')
      t.match(app.actor('victim').error, { message: error!.message, code: expected.code, stack: String }, 'stats carry the error, with its stack')
      t.equal(app.actor('victim').errors, 1)
    })
  }

  t.test(`own return${observe ? ' while iterating socket events' : ''}: actor is stopped, not failed`, async t => {
    const app = await spawn(topology('return', observe, endpoint()))
    t.teardown(() => app.stop())
    t.equal(await app.done, null)
    t.equal(app.actor('victim').state, 'stopped')
    t.equal(app.actor('victim').errors, 0)
  })

  t.test(`$TERM${observe ? ' while iterating socket events' : ''}: stop() closes the sockets and resolves`, async t => {
    const app = await spawn(topology('wait', observe, endpoint()))
    t.equal(app.actor('victim').state, 'running')
    await app.stop()
    t.equal(app.actor('victim').state, 'stopped')
    t.equal(await app.done, null)
  })
}

t.test('the thread is reused after a crash: a new actor starts on it', async t => {
  const first = await spawn(topology('throw', false))
  await first.done
  const thread = first.actor('victim').threadId
  await first.stop()
  const second = await spawn(topology('wait', false))
  t.teardown(() => second.stop())
  await waitForState(second, 'victim', 'running')
  t.equal(second.actor('victim').threadId, thread, 'same worker thread, so nothing ended it')
})
