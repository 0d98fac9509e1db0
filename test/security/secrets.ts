// A secret key never leaves its file: this runs a CURVE topology through every place text comes
// out (check, check --json, run with its events and final stats, app.stats(), errors for bad
// configurations) and greps all of it for the secret keys: 0 hits.
import { chmodSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import t from 'tap'
import * as zmq from 'zeromq'
import { main } from '../../src/cli/main.js'
import { spawn } from '../../src/index.js'
import { waitFor } from '../../src/testing.js'
import { captureIo } from '../fixtures/io.js'
import { makeKeys } from '../fixtures/keys.js'

const examples = new URL('../../examples/hello/', import.meta.url).pathname
const dir = t.testdir()
const station = makeKeys(dir, 'station')
const city = makeKeys(dir, 'city')
const stranger = makeKeys(dir, 'stranger')
const secrets = [station.secretKey, city.secretKey]
const topology = {
  name: 'secrets',
  security: { curve: true },
  nodes: {
    station: { host: '127.0.0.1', portRange: [5860, 5864], curve: { publicKeyFile: 'station.key', secretKeyFile: 'station.key_secret' } },
    city: { host: '127.0.0.2', portRange: [5865, 5869], curve: { publicKey: city.publicKey, secretKeyFile: 'city.key_secret' } },
  },
  actors: {
    server: { kind: 'responder', bind: ['hello'], handler: join(examples, 'hello-server.js'), node: 'station' },
    client: { kind: 'requester', connect: ['hello'], source: join(examples, 'hello-requests.js'), handler: join(examples, 'print-reply.js'), params: { requests: 3 }, node: 'city' },
  },
}
const file = join(dir, 'topology.json')
writeFileSync(file, JSON.stringify(topology))
/** everything a user or a log could see */
const seen: string[] = []

t.test('check and check --json show public keys and key file paths only', async t => {
  for (const args of [[], ['--json']]) {
    const io = captureIo()
    t.equal(await main(['check', file, ...args], io.io), 0)
    t.match(io.out(), station.publicKey)
    t.match(io.out(), 'station.key_secret')
    seen.push(io.out(), io.err())
  }
})

t.test('run: the output, a refused stranger\'s event and the final stats', async t => {
  const io = captureIo()
  const statsFile = join(dir, 'stats.json')
  const running = main(['run', file, '--duration', '60', '--stats-json', statsFile], io.io)
  await waitFor(() => io.out().includes('Received reply 3'), { timeout: 60_000 })
  const intruder = new zmq.Dealer()
  intruder.linger = 0
  intruder.curvePublicKey = stranger.publicKey
  intruder.curveSecretKey = stranger.secretKey
  intruder.curveServerKey = station.publicKey
  intruder.connect('tcp://127.0.0.1:5860')
  t.teardown(() => intruder.close())
  await waitFor(() => io.err().includes('auth-denied'), { timeout: 10_000 })
  t.match(io.err(), `[server] ~ auth-denied rep from 127.0.0.1 (CURVE key ${stranger.publicKey}): public key not allowed`)
  io.abort.abort()
  t.equal(await running, 0)
  seen.push(io.out(), io.err(), readFileSync(statsFile, 'utf8'))
})

t.test('app.stats() and the plan', async t => {
  const app = await spawn(file)
  t.teardown(() => app.stop())
  seen.push(JSON.stringify(app.stats()), JSON.stringify(app.plan))
})

t.test('the observer: its page, every JSON endpoint and its event stream', async t => {
  const app = await spawn(file, { observe: { port: 0 } })
  t.teardown(() => app.stop())
  for (const path of ['', 'api/plan', 'api/layout', 'api/stats', 'alive', 'ready']) seen.push(await (await fetch(`${app.observerUrl!}${path}`)).text())
  t.match(seen.at(-4), /"curve": ?true|"curve":true/, 'the layout marks the CURVE link')
  const stream = await fetch(`${app.observerUrl!}api/events`)
  const reader = stream.body!.getReader()
  let text = ''
  while (!text.includes('event: figures')) text += new TextDecoder().decode((await reader.read()).value)
  await reader.cancel()
  t.match(text, /event: history/)
  seen.push(text)
})

t.test('errors: a wide secret file, an inline secret key, a wrong public key', async t => {
  chmodSync(join(dir, 'city.key_secret'), 0o644)
  const wide = captureIo()
  t.equal(await main(['run', file, '--duration', '1'], wide.io), 1)
  t.match(wide.err(), /city\.key_secret is open to other users/)
  chmodSync(join(dir, 'city.key_secret'), 0o600)
  const inline = join(dir, 'inline.json')
  writeFileSync(inline, JSON.stringify({ ...topology, nodes: { ...topology.nodes, city: { ...topology.nodes.city, curve: { publicKey: city.publicKey, secretKeyFile: 'city.key_secret', secretKey: city.secretKey } } } }))
  const refused = captureIo()
  t.equal(await main(['check', inline], refused.io), 2)
  t.match(refused.err(), /nodes\.city\.curve\.secretKey: a secret key never goes in a topology/)
  const swapped = join(dir, 'swapped.json')
  writeFileSync(swapped, JSON.stringify({ ...topology, nodes: { ...topology.nodes, city: { ...topology.nodes.city, curve: { publicKey: station.publicKey, secretKeyFile: 'city.key_secret' } } } }))
  const mismatch = captureIo()
  t.equal(await main(['run', swapped, '--duration', '1'], mismatch.io), 1)
  t.match(mismatch.err(), /city\.key_secret is not the secret key of public key/)
  seen.push(wide.out(), wide.err(), refused.out(), refused.err(), mismatch.out(), mismatch.err())
})

t.test('0 hits for any secret key in everything captured', async t => {
  const all = seen.join('\n')
  t.ok(all.length > 2000, `${all.length} characters captured`)
  for (const secret of secrets) t.equal(all.split(secret).length - 1, 0)
})
