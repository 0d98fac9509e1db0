// publisher and subscriber against foreign zeromq peers over tcp: the wire carries exactly the
// user's frames, prefix filters apply, a subscriber started before its publisher still receives,
// and a subscriber resumes after its publisher is restarted.
import t from 'tap'
import * as zmq from 'zeromq'
import { spawn } from '../../src/index.js'
import { nextLog, waitFor } from '../../src/testing.js'
import { fixtures } from '../fixtures/topology.js'
import { connected, freeEndpoint } from '../fixtures/peers.js'

t.test('publisher: a foreign SUB gets exactly the frames, filtered by its prefix', async t => {
  const app = await spawn({ name: 'pub', actors: { pub: { kind: 'publisher', bind: ['tcp://127.0.0.1:*'], source: './count-source.ts', params: { prefix: 'zip' }, rate: 2000 } } }, { baseDir: fixtures })
  t.teardown(() => app.stop())
  const sub = connected(t, new zmq.Subscriber(), app.endpoints('pub').pub![0]!)
  sub.subscribe('zip1')
  for (let i = 0; i < 20; i++) {
    const frames = await sub.receive()
    t.equal(frames.length, 1, 'one frame, no envelope')
    t.match(frames[0]!.toString(), /^zip1\d*$/)
  }
})

t.test('subscriber started before its (foreign) publisher still receives, filtered', async t => {
  const endpoint = await freeEndpoint()
  const app = await spawn({ name: 'early', actors: { sub: { kind: 'subscriber', connect: [endpoint], subscribe: ['10001'], handler: './log-handler.ts' } } }, { baseDir: fixtures })
  t.teardown(() => app.stop())
  const pub = new zmq.Publisher({ linger: 0 })
  t.teardown(() => pub.close())
  await pub.bind(endpoint)
  const got = nextLog(app, 'sub')
  const state = { delivered: false }
  void got.then(() => { state.delivered = true })
  while (!state.delivered) {
    await pub.send('10002 other')
    await pub.send(['10001 temp', 'second frame'])
    await new Promise(resolve => setTimeout(resolve, 5))
  }
  t.equal(await got, '10001 temp|second frame', 'multipart intact, other prefixes filtered out')
})

t.test('subscriber resumes after its publisher actor is restarted (tcp reconnects)', async t => {
  const endpoint = await freeEndpoint()
  const app = await spawn({
    name: 'resume',
    actors: {
      pub: { kind: 'publisher', bind: [endpoint], source: './count-source.ts', rate: 500 },
      sub: { kind: 'subscriber', connect: [endpoint] },
    },
  }, { baseDir: fixtures })
  t.teardown(() => app.stop())
  await waitFor(() => app.actor('sub').received >= 5)
  await app.restart('pub')
  const before = app.actor('sub').received
  await waitFor(() => app.actor('sub').received >= before + 5, { message: 'messages after the restart' })
  t.equal(app.actor('pub').restarts, 1)
  t.equal(app.actor('sub').restarts, 0, 'the subscriber was not restarted')
})
