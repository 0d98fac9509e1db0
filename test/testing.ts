// zeroactor/testing, used the way a user's own test would.
import t from 'tap'
import { collectLogs, nextLog, spawnForTest, waitFor, waitForState } from '../src/testing.js'
import { fixtures } from './fixtures/topology.js'

t.test('spawnForTest tears the app down with the test', async t => {
  let app: Awaited<ReturnType<typeof spawnForTest>> | undefined
  await t.test('inner', async t => {
    app = await spawnForTest(t, { name: 'helpers', actors: { sink: { kind: 'sink', bind: ['r'] }, vent: { kind: 'ventilator', connect: ['r'], source: './count-source.ts', params: { n: 3 } } } }, { baseDir: fixtures })
    await waitForState(app, 'vent', 'stopped')
    await waitFor(() => app!.actor('sink').received === 3, { message: 'three results' })
  })
  t.equal(app!.actor('sink').state, 'stopped', 'stopped by the inner test\'s teardown')
})

t.test('nextLog and collectLogs see actor log lines', async t => {
  const app = await spawnForTest(t, { name: 'logs', actors: { sink: { kind: 'sink', bind: ['r'], handler: './log-handler.ts' }, vent: { kind: 'ventilator', connect: ['r'], source: './count-source.ts', params: { n: 3, prefix: 'line ' }, restart: 'temporary' } } }, { baseDir: fixtures })
  const all = collectLogs(app)
  t.equal(await nextLog(app, 'sink', /2$/), 'line 2')
  t.same(all.map(([actor, text]) => `${actor}:${text}`), ['sink:line 0', 'sink:line 1', 'sink:line 2'])
})

t.test('waitFor gives up with a message naming what it waited for', async t => {
  await t.rejects(waitFor(() => false, { timeout: 30, message: 'the impossible' }), /timed out after 30 ms waiting for the impossible/)
})

t.test('nextLog gives up after its timeout, saying which actor and which line it waited for', async t => {
  const app = await spawnForTest(t, { name: 'quiet', actors: { sink: { kind: 'sink', bind: ['r'] } } }, { baseDir: fixtures })
  await t.rejects(nextLog(app, 'sink', /never/, { timeout: 30 }), /nextLog: timed out after 30 ms waiting for a log line of actor "sink" matching \/never\//)
  t.equal(app.listenerCount('log'), 0, 'its listener is gone')
})
