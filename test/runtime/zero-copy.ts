// H2: buffers over 128 bytes cross threads without a copy. A sender actor of 4 KiB messages is
// stopped and started 200 times while a receiver actor keeps every message; at the end the
// receiver checks every byte of every kept message.
import t from 'tap'
import { spawn } from '../../src/index.js'
import { nextLog, waitFor } from '../../src/testing.js'
import { fixture, inproc } from '../fixtures/topology.js'

t.test('kept 4 KiB messages stay intact across 200 restarts of their sender', async t => {
  const endpoint = inproc()
  const perIncarnation = 10
  const restarts = 200
  const total = (restarts + 1) * perIncarnation
  const app = await spawn({
    name: 'zero-copy',
    actors: {
      keeper: { module: fixture('pattern-keeper.ts'), params: { expect: total }, sockets: { in: { bind: [endpoint] } } },
      sender: { module: fixture('pattern-sender.ts'), restart: 'temporary', params: { start: 0, count: perIncarnation }, sockets: { out: { connect: [endpoint] } } },
    },
  })
  t.teardown(() => app.stop())
  const verdict = nextLog(app, 'keeper', /^kept/)
  for (let restart = 1; restart <= restarts; restart++) {
    await waitFor(() => app.actor('keeper').received >= restart * perIncarnation)
    await app.restart('sender')
  }
  t.equal(app.actor('sender').restarts, restarts)
  t.equal(await verdict, `kept ${total}, intact ${total}`)
})
