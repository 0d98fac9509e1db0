// What the plan makes of CURVE: who is a server, who a client with which server key, who is let
// in; and what it refuses: plain tcp on addresses other hosts reach, sockets without a key pair,
// clients the server does not allow, one socket with two roles. A plan never holds a secret key.
import { readFileSync } from 'node:fs'
import t from 'tap'
import { planTopology, TopologyError, validateTopology } from '../../src/index.js'
import type { CurvePlan } from '../../src/plan/types.js'
import { makeKeys } from '../fixtures/keys.js'
import { fixtures } from '../fixtures/topology.js'

type Raw = Record<string, unknown>
const dir = t.testdir()
const a = makeKeys(dir, 'a')
const b = makeKeys(dir, 'b')
const foreign = makeKeys(dir, 'foreign')
const plan = (topology: Raw): ReturnType<typeof planTopology> => planTopology(validateTopology({ name: 'p', ...topology }), { baseDir: dir, instance: 'i1' })
const curveOf = (p: ReturnType<typeof plan>, actor: string, socket: string): CurvePlan | undefined => p.actors.find(x => x.name === actor)!.sockets[socket]!.curve
const source = `${fixtures}/count-source.ts`

const nodes = (extra: Raw = {}): Raw => ({
  a: { host: '10.9.0.1', curve: { publicKey: a.publicKey, secretKeyFile: 'a.key_secret' }, ...extra },
  b: { host: '10.9.0.2', curve: { publicKey: b.publicKey, secretKeyFile: 'b.key_secret' }, ...extra },
})
const acrossNodes: Raw = {
  security: { curve: true },
  nodes: nodes(),
  actors: {
    station: { kind: 'publisher', bind: ['weather'], source, node: 'a' },
    city: { kind: 'subscriber', connect: ['weather'], node: 'b' },
    local: { kind: 'subscriber', connect: ['weather'], node: 'a' },
  },
}

t.test('"security": { "curve": true }: the binder of a link between nodes is a server letting in every node, its connectors are clients', async t => {
  const p = plan(acrossNodes)
  const endpoint = p.links[0]!.endpoint
  t.match(endpoint, /^tcp:\/\/10\.9\.0\.1:/)
  t.same(curveOf(p, 'station', 'pub'), { publicKey: a.publicKey, secretKeyFile: a.secretKeyFile, serverKeys: {}, server: { domain: 'zeroactor/p-i1/station/pub', allow: [a.publicKey, b.publicKey] } })
  t.same(curveOf(p, 'city', 'sub'), { publicKey: b.publicKey, secretKeyFile: b.secretKeyFile, serverKeys: { [endpoint]: a.publicKey } })
  t.equal(curveOf(p, 'local', 'sub'), undefined, 'a connector in the binder\'s process connects over inproc, which has no handshake')
  const processes = plan({ ...acrossNodes, actors: { ...acrossNodes.actors as Raw, local: { kind: 'subscriber', connect: ['weather'], node: 'a', process: 'p2' } } })
  const ipc = processes.links[0]!.local!.endpoint
  t.same(curveOf(processes, 'local', 'sub'), { publicKey: a.publicKey, secretKeyFile: a.secretKeyFile, serverKeys: { [ipc]: a.publicKey } }, 'one in another process of the binder\'s node connects over ipc, and speaks CURVE there too')
})

t.test('a plan holds key file paths and public keys, never a secret key', async t => {
  const text = JSON.stringify(plan(acrossNodes))
  for (const keys of [a, b]) {
    t.notOk(text.includes(keys.secretKey), 'no secret key in the plan')
    t.ok(readFileSync(keys.secretKeyFile, 'latin1').includes(keys.secretKey), 'the secret key is in its file')
  }
})

t.test('a CURVE server socket of its own, for foreign clients; a topology client of it gets its key', async t => {
  const p = plan({
    actors: {
      rep: { kind: 'responder', bind: ['tcp://10.9.0.1:5555'], handler: `${fixtures}/echo.ts`, curve: { publicKey: a.publicKey, secretKeyFile: 'a.key_secret', allow: [foreign.publicKey, b.publicKey] } },
      req: { kind: 'requester', connect: ['tcp://10.9.0.1:5555'], source, curve: { publicKey: b.publicKey, secretKeyFile: 'b.key_secret', serverKey: a.publicKey } },
    },
  })
  t.same(curveOf(p, 'rep', 'rep')?.server?.allow, [foreign.publicKey, b.publicKey])
  t.same(curveOf(p, 'req', 'req')?.serverKeys, { 'tcp://10.9.0.1:5555': a.publicKey })
})

t.test('a public key can come from its certificate file (publicKeyFile), as zeroactor keygen writes it', async t => {
  const p = plan({ ...acrossNodes, nodes: { a: { host: '10.9.0.1', curve: { publicKeyFile: 'a.key', secretKeyFile: 'a.key_secret' } }, b: { host: '10.9.0.2', curve: { publicKeyFile: 'b.key', secretKeyFile: 'b.key_secret' } } } })
  t.same(curveOf(p, 'station', 'pub')?.server?.allow, [a.publicKey, b.publicKey])
  t.equal(curveOf(p, 'city', 'sub')?.publicKey, b.publicKey)
})

t.test('a loopback bind needs no CURVE; "insecure": true lets a socket or a node bind plain tcp other hosts reach', async t => {
  t.doesNotThrow(() => plan({ actors: { s: { kind: 'sink', bind: ['tcp://127.0.0.1:5555', 'tcp://[::1]:5556', 'tcp://localhost:5557'] } } }))
  t.doesNotThrow(() => plan({ actors: { s: { kind: 'sink', bind: ['tcp://*:5555'], insecure: true } } }))
  t.doesNotThrow(() => plan({ ...acrossNodes, security: undefined, nodes: { a: { host: '10.9.0.1', insecure: true }, b: { host: '10.9.0.2' } } }))
})

const errors: Array<[string, Raw, string, RegExp]> = [
  ['plain tcp on every interface', { actors: { s: { kind: 'sink', bind: ['tcp://*:5555'] } } }, 'actors.s.bind', /can be reached from other hosts, and this socket has no CURVE/],
  ['plain tcp on a public address', { actors: { s: { kind: 'sink', bind: ['tcp://10.9.0.1:5555'] } } }, 'actors.s.bind', /"insecure": true/],
  ['plain tcp on a host name', { actors: { p: { kind: 'proxy', frontend: { type: 'xsub', bind: ['tcp://example.org:5555'] }, backend: { type: 'xpub', bind: ['tcp://127.0.0.1:5556'] } } } }, 'actors.p.frontend.bind', /reached from other hosts/],
  ['a link between nodes without CURVE', { ...acrossNodes, security: undefined }, 'nodes.a', /link "weather" binds tcp:\/\/10\.9\.0\.1:\d+, which other hosts can reach, without CURVE/],
  ['the switch on, a node without a key pair', { ...acrossNodes, nodes: { a: { host: '10.9.0.1', curve: { publicKey: a.publicKey, secretKeyFile: 'a.key_secret' } }, b: { host: '10.9.0.2' } } }, 'nodes.b.curve', /node "b" needs a "curve" key pair/],
  ['a CURVE socket without a key pair of its own or of its node', { actors: { s: { kind: 'sink', bind: ['tcp://*:5555'], curve: { allow: [foreign.publicKey] } } } }, 'actors.s.curve', /needs a CURVE key pair/],
  ['a topology client that the server does not allow', { actors: { rep: { kind: 'responder', bind: ['tcp://127.0.0.1:5555'], handler: `${fixtures}/echo.ts`, curve: { publicKey: a.publicKey, secretKeyFile: 'a.key_secret', allow: [foreign.publicKey] } }, req: { kind: 'requester', connect: ['tcp://127.0.0.1:5555'], source, curve: { publicKey: b.publicKey, secretKeyFile: 'b.key_secret', serverKey: a.publicKey } } } }, 'actors.req.connect', /does not allow/],
  ['a topology client of a CURVE server without a key pair', { actors: { rep: { kind: 'responder', bind: ['tcp://127.0.0.1:5555'], handler: `${fixtures}/echo.ts`, curve: { publicKey: a.publicKey, secretKeyFile: 'a.key_secret', allow: [foreign.publicKey] } }, req: { kind: 'requester', connect: ['tcp://127.0.0.1:5555'], source } } }, 'actors.req.connect', /is a CURVE server: it needs a CURVE key pair/],
  ['a CURVE client with a plain connection too', { ...acrossNodes, actors: { ...acrossNodes.actors as Raw, city: { kind: 'subscriber', connect: ['weather', 'tcp://127.0.0.1:6000'], node: 'b' }, plain: { kind: 'publisher', bind: ['tcp://127.0.0.1:6000'], source, node: 'b' } } }, 'actors.city.connect', /is a CURVE client but tcp:\/\/127\.0\.0\.1:6000 is not a CURVE server/],
  ['a CURVE client of a topology socket that is no CURVE server', { actors: { s: { kind: 'sink', bind: ['tcp://127.0.0.1:5555'] }, v: { kind: 'ventilator', connect: ['tcp://127.0.0.1:5555'], source, curve: { publicKey: b.publicKey, secretKeyFile: 'b.key_secret', serverKey: a.publicKey } } } }, 'actors.v.connect', /actor "s" binds it without being a CURVE server/],
  ['a missing public certificate', { ...acrossNodes, nodes: { ...nodes(), b: { host: '10.9.0.2', curve: { publicKeyFile: 'nope.key', secretKeyFile: 'b.key_secret' } } } }, 'nodes.b.curve.publicKeyFile', /cannot read key file .*nope\.key: ENOENT/],
  ['a CURVE server that connects to another CURVE server', { actors: { rep: { kind: 'responder', bind: ['tcp://127.0.0.1:5555'], handler: `${fixtures}/echo.ts`, curve: { publicKey: a.publicKey, secretKeyFile: 'a.key_secret', allow: [b.publicKey] } }, dup: { kind: 'requester', connect: ['tcp://127.0.0.1:5555'], source, curve: { publicKey: b.publicKey, secretKeyFile: 'b.key_secret', allow: [a.publicKey] } } } }, 'actors.dup.connect', /is a CURVE server itself: one socket has one CURVE role/],
]
for (const [title, topology, path, message] of errors) {
  t.test(`refused, with the field path: ${title}`, async t => {
    const error = await Promise.resolve().then(() => plan(topology)).catch((e: unknown) => e)
    t.ok(error instanceof TopologyError, String(error))
    const issue = (error as TopologyError).issues.find(i => i.path === path)
    t.ok(issue, `an issue at ${path}: ${JSON.stringify((error as TopologyError).issues)}`)
    t.match(issue?.message, message)
  })
}
