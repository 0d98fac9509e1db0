// An option a module actor sets for all its sockets: applied where the socket has it, skipped
// (and said so in the actor's log) where it does not, instead of failing the actor's start with
// zeromq.js's "Cannot add property ..., object is not extensible".
import t from 'tap'
import { collectLogs, spawnForTest, waitFor } from '../../src/testing.js'
import { fixtures, inproc, uniqueName } from '../fixtures/topology.js'

t.test('a module actor with an option one of its sockets lacks starts, and says what it ignored', async t => {
  const topology = { name: uniqueName(), actors: { a: { module: './init-logs.ts', sendHighWaterMark: 5, receiveHighWaterMark: 7, sockets: { in: { bind: [inproc()] } } } } }
  const app = await spawnForTest(t, topology, { baseDir: fixtures })
  const logs = collectLogs(app)
  await waitFor(() => logs.some(([, text]) => text.includes('socket "in" (pull): option sendHighWaterMark does not apply to a pull socket; ignored')))
  t.equal(app.actor('a').state, 'running')
  t.notOk(logs.some(([, text]) => text.includes('receiveHighWaterMark')), 'the option it has is applied without a word')
})
