// proxy: every side pair, multipart intact, XPUB subscriptions forwarded upstream.
import t, { type Test } from 'tap'
import * as zmq from 'zeromq'
import { spawn } from '../../src/index.js'
import { bound, connected, text } from '../fixtures/peers.js'

async function proxy (t: Test, frontend: string, backend: string, upstream: string): Promise<string> {
  const app = await spawn({ name: `proxy-${frontend}-${backend}`, actors: { proxy: { kind: 'proxy', frontend: { type: frontend, connect: [upstream] }, backend: { type: backend, bind: ['tcp://127.0.0.1:*'] } } } })
  t.teardown(() => app.stop())
  return app.endpoints('proxy').backend![0]!
}

t.test('xsub/xpub: subscriptions go upstream, multipart comes down intact', async t => {
  const [pub, upstream] = await bound(t, new zmq.XPublisher())
  const downstream = await proxy(t, 'xsub', 'xpub', upstream)
  const sub = connected(t, new zmq.Subscriber(), downstream)
  sub.subscribe('10001')
  const [subscription] = await pub.receive()
  t.same([...subscription!], [1, ...Buffer.from('10001')], 'the subscriber\'s filter reached the publisher')
  await pub.send(['10002', 'filtered'])
  await pub.send(['10001', 'frame 2', Buffer.from([0, 255])])
  const frames = await sub.receive()
  t.same(text(frames.slice(0, 2)), ['10001', 'frame 2'])
  t.same([...frames[2]!], [0, 255], 'binary frame untouched')
})

t.test('router/dealer: requests and replies both ways, envelopes intact', async t => {
  const [rep, upstream] = await bound(t, new zmq.Reply())
  const downstream = await proxy(t, 'dealer', 'router', upstream)
  // frontend is the dealer toward the server; backend the router for clients
  const req = connected(t, new zmq.Request(), downstream)
  await req.send(['ping', 'two'])
  t.same(text(await rep.receive()), ['ping', 'two'])
  await rep.send(['pong', 'two'])
  t.same(text(await req.receive()), ['pong', 'two'])
})

t.test('pull/push and sub/pub: one direction, frames intact', async t => {
  const [push, upstream] = await bound(t, new zmq.Push())
  const downstream = await proxy(t, 'pull', 'push', upstream)
  const pull = connected(t, new zmq.Pull(), downstream)
  await push.send(['a', 'b'])
  t.same(text(await pull.receive()), ['a', 'b'])

  const [pub, up2] = await bound(t, new zmq.Publisher())
  const down2 = await proxy(t, 'sub', 'pub', up2)
  const sub = connected(t, new zmq.Subscriber(), down2)
  sub.subscribe('')
  sub.receiveTimeout = 20 // one receive at a time (H5): time out instead of racing a second one
  let got: string[] | undefined
  while (got === undefined) {
    await pub.send(['x', 'y'])
    got = await sub.receive().then(text, () => undefined)
  }
  t.same(got, ['x', 'y'])
})

t.test('six proxies at once do not stall the process (H11: each native Proxy would hold a libuv pool thread)', async t => {
  const proxies = Object.fromEntries(Array.from({ length: 6 }, (_, i) => [`p${i}`, { kind: 'proxy', frontend: { type: 'pull', bind: [`in${i}`] }, backend: { type: 'push', bind: [`out${i}`] } }]))
  const app = await spawn({ name: 'many-proxies', actors: proxies })
  t.teardown(() => app.stop())
  const { readFile } = await import('node:fs/promises')
  t.ok((await readFile(new URL(import.meta.url))).length > 0, 'fs calls (libuv pool) still complete')
  const [late] = await bound(t, new zmq.Pull())
  t.ok(late.lastEndpoint, 'a bind after six proxies started still completes')
})
