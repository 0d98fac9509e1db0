// responder and requester against foreign peers: replies carry exactly the handler's frames;
// the requester retries with a fresh socket (Lazy Pirate) and fails explicitly, never hangs (H7).
import t from 'tap'
import * as zmq from 'zeromq'
import { spawn } from '../../src/index.js'
import { collectLogs, waitFor } from '../../src/testing.js'
import { fixtures } from '../fixtures/topology.js'
import { bound, connected, text } from '../fixtures/peers.js'

t.test('responder: a foreign REQ gets the handler reply, multipart intact', async t => {
  const app = await spawn({ name: 'rep', actors: { rep: { kind: 'responder', bind: ['tcp://127.0.0.1:*'], handler: './echo.ts' } } }, { baseDir: fixtures })
  t.teardown(() => app.stop())
  const req = connected(t, new zmq.Request(), app.endpoints('rep').rep![0]!)
  for (const i of [1, 2, 3]) {
    await req.send([`hello ${i}`, 'tail'])
    t.same(text(await req.receive()), [`echo:hello ${i}`, 'tail'])
  }
  // the counter moves once send() resolved, which can be just after the peer got the reply
  await waitFor(() => app.actor('rep').sent === 3)
  t.match(app.actor('rep'), { sent: 3, received: 3 })
})

t.test('requester: every request gets its reply from a foreign REP', async t => {
  const [rep, endpoint] = await bound(t, new zmq.Reply())
  const app = await spawn({ name: 'req', actors: { req: { kind: 'requester', connect: [endpoint], source: './count-source.ts', params: { n: 5 }, handler: './log-handler.ts' } } }, { baseDir: fixtures })
  t.teardown(() => app.stop())
  const logs = collectLogs(app)
  for (let i = 0; i < 5; i++) {
    const [request] = await rep.receive()
    await rep.send(`reply to ${request!.toString()}`)
  }
  t.equal(await app.done, null)
  t.same(logs.map(([, line]) => line), [0, 1, 2, 3, 4].map(i => `reply to ${i}`))
})

t.test('requester: a lost reply is retried on a fresh socket (Lazy Pirate)', async t => {
  const [rep, endpoint] = await bound(t, new zmq.Router())
  const app = await spawn({ name: 'pirate', actors: { req: { kind: 'requester', connect: [endpoint], source: './count-source.ts', params: { n: 1 }, handler: './log-handler.ts', timeout: 200, retries: 3 } } }, { baseDir: fixtures })
  t.teardown(() => app.stop())
  const logs = collectLogs(app)
  const [, , first] = await rep.receive() // ignore the first attempt
  t.equal(first!.toString(), '0')
  const [id, empty, again] = await rep.receive()
  t.equal(again!.toString(), '0', 'the same request again')
  await rep.send([id!, empty!, 'finally'])
  t.equal(await app.done, null)
  t.ok(logs.some(([, line]) => /no reply within 200 ms, retrying \(1\/3\)/.test(line)))
  t.equal(logs.at(-1)![1], 'finally')
})

t.test('requester: with no server it fails with ERR_ACTOR_REQUEST_TIMEOUT after its retries, no hang', async t => {
  const [, endpoint] = await bound(t, new zmq.Router()) // accepts, never answers
  const started = Date.now()
  const app = await spawn({ name: 'noserver', actors: { req: { kind: 'requester', connect: [endpoint], source: './count-source.ts', params: { n: 1 }, timeout: 100, retries: 2, restart: 'temporary' } } }, { baseDir: fixtures })
  t.teardown(() => app.stop())
  const error = await app.done
  t.equal((error as { code?: string }).code, 'ERR_ACTOR_REQUEST_TIMEOUT')
  t.match(error!.message, /no reply after 3 attempts of 100 ms/)
  t.ok(Date.now() - started < 5000, 'gave up in bounded time')
  t.equal(app.actor('req').state, 'failed')
})
