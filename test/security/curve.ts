// The authentication matrix of a CURVE server actor, each case against a foreign zeromq.js peer
// in this thread: who gets in, who does not, how fast a refusal is reported, and what happens
// while the authenticator is down. Fail-closed is the rule: 0 messages from anyone not allowed.
import { connect as tcpConnect } from 'node:net'
import t, { type Test } from 'tap'
import * as zmq from 'zeromq'
import { spawn, type App } from '../../src/index.js'
import { processAuthenticator } from '../../src/security/authenticator.js'
import type { AuthDeniedEvent } from '../../src/runtime/types.js'
import { waitFor } from '../../src/testing.js'
import { makeKeys } from '../fixtures/keys.js'
import { fixtures } from '../fixtures/topology.js'

const dir = t.testdir()
const server = makeKeys(dir, 'server')
const allowed = makeKeys(dir, 'allowed')
const stranger = makeKeys(dir, 'stranger')
const impostor = makeKeys(dir, 'impostor') // a server key nobody uses

const app = await spawn({
  name: 'curve',
  actors: {
    // a peer that does not finish its handshake within 1 s is dropped (libzmq's default: 30 s)
    rep: { kind: 'responder', bind: ['tcp://127.0.0.1:*'], handler: './echo.ts', handshakeInterval: 1000, curve: { publicKey: server.publicKey, secretKeyFile: server.secretKeyFile, allow: [allowed.publicKey] } },
  },
}, { baseDir: fixtures })
t.teardown(() => app.stop())
const endpoint = app.endpoints('rep').rep![0]!
const denials: Array<AuthDeniedEvent & { at: number }> = []
app.on('auth-denied', (actor, denial) => { if (actor === 'rep') denials.push({ ...denial, at: performance.now() }) })

interface ClientOptions { publicKey?: string, secretKey?: string, serverKey?: string, plain?: boolean }

/** A foreign DEALER (so that a refused request never wedges it: H7) with a monitor. */
function client (t: { teardown: (fn: () => void) => void }, options: ClientOptions): { socket: zmq.Dealer, events: zmq.EventType[] } {
  const socket = new zmq.Dealer()
  socket.linger = 0
  socket.receiveTimeout = 1000
  if (options.serverKey !== undefined) {
    socket.curvePublicKey = options.publicKey!
    socket.curveSecretKey = options.secretKey!
    socket.curveServerKey = options.serverKey
  }
  if (options.plain === true) { socket.plainUsername = 'admin'; socket.plainPassword = 'secret' }
  const events: zmq.EventType[] = []
  void (async () => { for await (const e of socket.events) events.push(e.type) })().catch(() => {})
  t.teardown(() => socket.close())
  socket.connect(endpoint)
  return { socket, events }
}

async function roundTrip (socket: zmq.Dealer, text: string): Promise<string> {
  await socket.send(['', text])
  const [, reply] = await socket.receive()
  return reply!.toString()
}

/** Sends one request that must never arrive; resolves once the client saw its handshake fail. */
async function refused (t: Test, c: { socket: zmq.Dealer, events: zmq.EventType[] }): Promise<void> {
  const before = app.actor('rep').received
  void c.socket.send(['', 'let me in']).catch(() => {}) // queued until a handshake succeeds: never
  await waitFor(() => c.events.some(e => e.startsWith('handshake:error') || e === 'disconnect' || e === 'close'), { timeout: 5000 })
  t.equal(app.actor('rep').received, before, 'nothing delivered')
}

// kept open for the authenticator-down case below
const session = client(t, { ...allowed, serverKey: server.publicKey }).socket

t.test('an allowed client key round-trips', async t => {
  t.equal(await roundTrip(session, 'hello'), 'echo:hello')
})

t.test('an unknown client key: nothing delivered, auth-denied within 500 ms naming the peer', async t => {
  const c = client(t, { ...stranger, serverKey: server.publicKey })
  const started = performance.now()
  await refused(t, c)
  await waitFor(() => denials.some(d => d.publicKey === stranger.publicKey), { timeout: 2000 })
  const denial = denials.find(d => d.publicKey === stranger.publicKey)!
  t.match(denial, { socket: 'rep', address: '127.0.0.1', mechanism: 'CURVE', reason: 'public key not allowed', attempts: 1 })
  t.ok(denial.at - started < 500, `reported ${(denial.at - started).toFixed(1)} ms after connect`)
  t.ok(c.events.includes('handshake:error:auth'), 'the client was told: authentication failed')
})

t.test('a NULL client (no security): nothing delivered', async t => {
  await refused(t, client(t, {}))
})

t.test('a PLAIN client: nothing delivered', async t => {
  await refused(t, client(t, { plain: true }))
})

t.test('an allowed key with the wrong server key: nothing delivered', async t => {
  await refused(t, client(t, { ...allowed, serverKey: impostor.publicKey }))
})

t.test('a raw TCP client sending a greeting and a message: nothing delivered, connection closed', async t => {
  const before = app.actor('rep').received
  const [host, port] = endpoint.slice('tcp://'.length).split(':') as [string, string]
  const socket = tcpConnect(Number(port), host)
  t.teardown(() => socket.destroy())
  // ZMTP 3.0 greeting with the NULL mechanism, then READY and a one-frame message
  const greeting = Buffer.alloc(64)
  greeting[0] = 0xff; greeting[9] = 0x7f; greeting[10] = 3; greeting[11] = 0
  greeting.write('NULL', 12)
  const ready = Buffer.concat([Buffer.from([0x04, 28, 5]), Buffer.from('READY'), Buffer.from([11]), Buffer.from('Socket-Type'), Buffer.from([0, 0, 0, 6]), Buffer.from('DEALER')])
  socket.write(Buffer.concat([greeting, ready, Buffer.from([0x01, 0]), Buffer.from([0x00, 5]), Buffer.from('hello')]))
  const started = performance.now()
  socket.resume() // read the server's greeting, or its FIN would never surface as 'close'
  await new Promise<void>(resolve => socket.on('close', () => resolve()).on('error', () => {}))
  t.ok(performance.now() - started < 5000, 'closed by the server (mechanism mismatch, or the 1 s handshake interval)')
  t.equal(app.actor('rep').received, before, 'nothing delivered')
})

t.test('authenticator down: new handshakes refused, the live session goes on; back up: let in again', async t => {
  const authenticator = processAuthenticator()!
  t.ok(authenticator.running, 'the process runs an authenticator for its CURVE server')
  await authenticator.stop()
  t.teardown(() => authenticator.start())
  await refused(t, client(t, { ...allowed, serverKey: server.publicKey }))
  t.equal(await roundTrip(session, 'still here'), 'echo:still here', 'the session let in before is unaffected')
  await authenticator.start()
  const again = client(t, { ...allowed, serverKey: server.publicKey })
  t.equal(await roundTrip(again.socket, 'back'), 'echo:back')
})

t.test('an authenticator whose socket dies is bound again', async t => {
  const authenticator = processAuthenticator()!
  const restarts = authenticator.restarts
  authenticator.kill()
  await waitFor(() => authenticator.restarts === restarts + 1 && authenticator.running, { timeout: 2000 })
  const c = client(t, { ...allowed, serverKey: server.publicKey })
  t.equal(await roundTrip(c.socket, 'after restart'), 'echo:after restart')
})

t.test('a refused peer that keeps trying is reported once per 5 s, not once per handshake', async t => {
  const retrying = makeKeys(dir, 'retrying')
  const clients = Array.from({ length: 5 }, () => client(t, { ...retrying, serverKey: server.publicKey }))
  await waitFor(() => clients.every(c => c.events.includes('handshake:error:auth')), { timeout: 5000 })
  t.equal(denials.filter(d => d.publicKey === retrying.publicKey).length, 1, 'one report for 5 refused handshakes')
})

t.test('stopping the last app with CURVE servers stops the authenticator', async t => {
  const other: App = await spawn({ name: 'curve2', actors: { rep: { kind: 'responder', bind: ['tcp://127.0.0.1:*'], handler: './echo.ts', curve: { publicKey: server.publicKey, secretKeyFile: server.secretKeyFile, allow: [allowed.publicKey] } } } }, { baseDir: fixtures })
  const authenticator = processAuthenticator()!
  t.equal(authenticator.domains, 2, 'one authenticator serves both apps')
  await other.stop()
  t.equal(authenticator.domains, 1)
  await app.stop()
  t.equal(processAuthenticator(), undefined)
  t.notOk(authenticator.running)
})
