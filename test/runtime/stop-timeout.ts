// An actor stuck in a CPU loop cannot be stopped cooperatively, and its thread cannot be ended
// safely (H1). After shutdownTimeout the runtime escalates to the smallest unit it can restart:
// the actor's child process. It never terminates a thread.
import t from 'tap'
import { Push } from 'zeromq'
import { spawn, type App } from '../../src/index.js'
import { waitFor } from '../../src/testing.js'
import { freeEndpoint } from '../fixtures/peers.js'
import { runScript } from '../fixtures/script.js'
import { fixture } from '../fixtures/topology.js'

/** Sends "spin" and waits until the hog has it (its process reports stats every 200 ms). */
async function spin (app: App, endpoint: string): Promise<void> {
  const push = new Push({ linger: 1000 })
  push.connect(endpoint)
  await push.send('spin')
  push.close()
  await waitFor(() => app.actor('hog').received === 1, { message: 'the hog got "spin"' })
}

async function hogInProcess (): Promise<{ app: App, endpoint: string }> {
  const endpoint = await freeEndpoint()
  const app = await spawn({
    name: 'hog',
    shutdownTimeout: 300,
    actors: {
      hog: { module: fixture('cpu-hog.ts'), process: 'p', sockets: { in: { bind: [endpoint] } } },
      calm: { module: fixture('cpu-hog.ts'), process: 'p', sockets: { in: { bind: [await freeEndpoint()] } } },
    },
  })
  return { app, endpoint }
}

const stopTimeout = async (app: App): Promise<[string, Error]> => await new Promise(resolve => app.once('stop-timeout', (actor, error) => resolve([actor, error])))

t.test('a stuck actor in a child process: stop() reports stop-timeout and the process is ended', async t => {
  const { app, endpoint } = await hogInProcess()
  const pid = app.processes()[0]!.pid!
  await spin(app, endpoint)
  const reported = stopTimeout(app)
  const started = Date.now()
  await app.stop()
  const [actor, error] = await reported
  t.equal(actor, 'hog')
  t.match(error, { code: 'ERR_ACTOR_STOP_TIMEOUT', reason: 'stop-timeout', message: /did not stop within 300 ms after \$TERM/ })
  t.ok(Date.now() - started < 300 + 2000 + 3000, 'stop() ends: the process kills itself after the timeout')
  t.throws(() => process.kill(pid, 0), { code: 'ESRCH' }, 'the child process is gone')
})

t.test('restarting a stuck actor escalates to a restart of its process; its actors come back', async t => {
  const { app, endpoint } = await hogInProcess()
  t.teardown(() => app.stop())
  const pid = app.processes()[0]!.pid
  await spin(app, endpoint)
  const reported = stopTimeout(app)
  const back = new Promise<void>(resolve => { let n = 0; app.on('ready', () => { if (++n === 2) resolve() }) })
  await app.restart('hog').catch(() => {}) // the process it ran in ended: the request cannot be answered
  t.equal((await reported)[0], 'hog')
  await back
  t.not(app.processes()[0]!.pid, pid, 'a new process')
  t.match(app.stats().actors, { hog: { state: 'running' }, calm: { state: 'running' } })
  t.equal(await Promise.race([app.done, Promise.resolve('pending')]), 'pending', 'not a failure of the topology')
})

// In the main process a stuck thread stays (H1): shutdown() must not end it (piscina waited 30 s,
// then failed with "Close operation timed out"), and the exit ends the process with SIGKILL
t.test('shutdown() after a stop-timeout in the main process leaves the stuck thread and says so; the exit is a SIGKILL, not an abort', async t => {
  const { out, err, exit } = await runScript(t, 'stuck-shutdown.js', [], 60_000)
  t.equal(out, 'stopped\nshut down\n', 'shutdown() resolved')
  t.same(exit, [null, 'SIGKILL'], err)
  t.match(err, /^zeroactor: shutdown\(\) leaves the actor threads: "hog" did not stop \(stop-timeout\) and cannot be ended safely \(H1\)\n/)
  t.notMatch(err, /Napi::Error|Close operation timed out/)
})
