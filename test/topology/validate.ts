// One test per kind of invalid input, each asserting the code, the field path and the message.
import t from 'tap'
import { TopologyError, validateTopology } from '../../src/index.js'

const base = (actors: Record<string, unknown>, extra: Record<string, unknown> = {}): object => ({ name: 'x', actors, ...extra })
const sink = { kind: 'sink', bind: ['results'] }
const key = 'P(0$Y4s?7)we4n>mXWX9S:Swa}L+I2kB8RlF6kMI' // a public key (its secret is nowhere)

function issues (input: unknown): Array<{ path: string, message: string }> {
  try {
    validateTopology(input)
  } catch (error) {
    if (!(error instanceof TopologyError)) throw error
    return error.issues.map(({ path, message }) => ({ path, message }))
  }
  throw new Error('expected a TopologyError')
}

const cases: Array<[title: string, input: unknown, path: string, message: RegExp]> = [
  ['not an object', 42, '', /expected object/],
  ['missing name', { actors: { s: sink } }, 'name', /expected string/],
  ['bad name', { name: 'a b', actors: { s: sink } }, 'name', /must be a name/],
  ['missing actors', { name: 'x' }, 'actors', /expected record|expected object/],
  ['no actors', base({}), 'actors', /at least one actor/],
  ['unknown top-level field', base({ s: sink }, { actorz: {} }), 'actorz', /unknown field/],
  ['bad actor name', base({ 'a b': sink }), 'actors.a b', /actor names/],
  ['neither kind nor module', base({ s: { bind: ['x'] } }), 'actors.s', /needs "kind"/],
  ['both kind and module', base({ s: { kind: 'sink', module: './m.js' } }), 'actors.s', /either "kind".*or "module"/],
  ['unknown kind', base({ s: { kind: 'teapot' } }), 'actors.s.kind', /unknown kind "teapot"/],
  ['unknown actor field', base({ s: { ...sink, colour: 'red' } }), 'actors.s.colour', /unknown field/],
  ['misspelled socket option (H9)', base({ s: { ...sink, sendHighWatermark: 10 } }), 'actors.s.sendHighWatermark', /unknown field/],
  ['wrong-typed socket option (H9)', base({ s: { ...sink, linger: '0' } }), 'actors.s.linger', /expected number/],
  ['maxMessageSize below 256 (H8)', base({ s: { ...sink, maxMessageSize: 100 } }), 'actors.s.maxMessageSize', /at least 256/],
  ['conflate refused (H13)', base({ s: { ...sink, conflate: true } }), 'actors.s.conflate', /multipart/],
  ['negative rate', base({ p: { kind: 'publisher', bind: ['w'], source: './s.js', rate: -1 } }), 'actors.p.rate', /expected number to be >0/],
  ['zero count', base({ s: { ...sink, count: 0 } }), 'actors.s.count', /expected number to be >0/],
  ['a zip code left unquoted in subscribe (YAML reads it as a number)', base({ c: { kind: 'subscriber', connect: ['w'], subscribe: [10001] } }), 'actors.c.subscribe[0]', /^expected a string, got the number 10001: put the prefix in quotes as it should read/],
  ['fractional count', base({ s: { ...sink, count: 1.5 } }), 'actors.s.count', /expected int/],
  ['publisher without source', base({ p: { kind: 'publisher', bind: ['w'] } }), 'actors.p.source', /expected string/],
  ['responder without handler', base({ r: { kind: 'responder', bind: ['h'] } }), 'actors.r.handler', /expected string/],
  ['bad module reference', base({ r: { kind: 'responder', bind: ['h'], handler: './x.js#1bad' } }), 'actors.r.handler', /path#exportName/],
  ['unknown transport', base({ s: { kind: 'sink', bind: ['ftp://host'] } }), 'actors.s.bind[0]', /unknown transport "ftp:\/\/"/],
  ['tcp without port', base({ s: { kind: 'sink', bind: ['tcp://127.0.0.1'] } }), 'actors.s.bind[0]', /tcp:\/\/host:port/],
  ['endpoint with no address', base({ s: { kind: 'sink', bind: ['ipc://'] } }), 'actors.s.bind[0]', /has no address/],
  ['ipc path longer than a Unix socket path holds', base({ s: { kind: 'sink', bind: [`ipc:///tmp/${'x'.repeat(100)}.sock`] } }), 'actors.s.bind[0]', /the ipc path is 110 bytes; a Unix socket path holds at most 107/],
  ['bad logical link name', base({ s: { kind: 'sink', bind: ['no spaces'] } }), 'actors.s.bind[0]', /neither a scheme/],
  ['proxy side without type', base({ p: { kind: 'proxy', frontend: { bind: ['a'] }, backend: { type: 'xpub', bind: ['b'] } } }), 'actors.p.frontend.type', /expected one of/],
  ['proxy side with unknown type', base({ p: { kind: 'proxy', frontend: { type: 'tube', bind: ['a'] }, backend: { type: 'xpub', bind: ['b'] } } }), 'actors.p.frontend.type', /expected one of/],
  ['worker without input', base({ w: { kind: 'worker', handler: './h.js' } }), 'actors.w.input', /expected object/],
  ['unknown field in a worker side', base({ w: { kind: 'worker', handler: './h.js', input: { bind: ['a'], type: 'pull' } } }), 'actors.w.input.type', /unknown field/],
  ['bad restart policy', base({ s: { ...sink, restart: 'always' } }), 'actors.s.restart', /expected one of/],
  ['subscribe neither a list nor a string', base({ s: { kind: 'subscriber', connect: ['w'], subscribe: true } }), 'actors.s.subscribe', /expected array/],
  ['one zip code left unquoted in subscribe', base({ s: { kind: 'subscriber', connect: ['w'], subscribe: 10001 } }), 'actors.s.subscribe[0]', /^expected a string, got the number 10001: put the prefix in quotes as it should read \(unquoted, YAML and JSON read 02134 as the number 2134\)$/],
  ['requester retries negative', base({ r: { kind: 'requester', connect: ['h'], source: './s.js', retries: -1 } }), 'actors.r.retries', /expected number to be >=0/],
  ['until names a missing actor', base({ s: sink }, { until: ['ghost'] }), 'until[0]', /no actor is named "ghost"/],
  ['unknown node', base({ s: { ...sink, node: 'b' } }), 'actors.s.node', /no nodes are declared/],
  ['unknown node among declared', base({ s: { ...sink, node: 'c' } }, { nodes: { a: { host: '127.0.0.1' } } }), 'actors.s.node', /unknown node "c" \(the topology declares: a\)/],
  ['multi-node actor without node', base({ s: sink }, { nodes: { a: { host: '127.0.0.1' }, b: { host: '127.0.0.1' } } }), 'actors.s.node', /must say which one/],
  ['node port out of range', base({ s: sink }, { nodes: { a: { host: 'h', portRange: [0, 70000] } } }), 'nodes.a.portRange[0]', /expected number to be >=1/],
  ['tcp port out of range', base({ s: { kind: 'sink', bind: ['tcp://127.0.0.1:70000'] } }), 'actors.s.bind[0]', /port 70000 is outside 1-65535/],
  ['raw CURVE socket option', base({ s: { ...sink, curveServer: true } }), 'actors.s.curveServer', /not allowed/],
  ['curve neither server nor client', base({ s: { ...sink, curve: {} } }), 'actors.s.curve', /set "allow" .* or "serverKey"/],
  ['curve both server and client', base({ s: { ...sink, curve: { allow: [key], serverKey: key } } }), 'actors.s.curve', /not both or neither/],
  ['curve allow list empty', base({ s: { ...sink, curve: { allow: [] } } }), 'actors.s.curve.allow', /at least one client key/],
  ['curve allow entry not a key', base({ s: { ...sink, curve: { allow: ['not-a-key'] } } }), 'actors.s.curve.allow[0]', /40 characters of Z85/],
  ['curve serverKey of the wrong length', base({ s: { ...sink, curve: { serverKey: key.slice(1) } } }), 'actors.s.curve.serverKey', /40 characters of Z85/],
  ['curve public key without its secret key file', base({ s: { ...sink, curve: { allow: [key], publicKey: key } } }), 'actors.s.curve', /"publicKey" \(or "publicKeyFile"\) and "secretKeyFile" together/],
  ['a secret key inline', base({ s: { ...sink, curve: { allow: [key], secretKey: key } } }), 'actors.s.curve.secretKey', /never goes in a topology/],
  ['unknown field in curve', base({ s: { ...sink, curve: { allow: [key], alow: [key] } } }), 'actors.s.curve.alow', /unknown field/],
  ['insecure: false', base({ s: { ...sink, insecure: false } }), 'actors.s.insecure', /expected true|Invalid input/],
  ['a node key pair without its secret key file', base({ s: sink }, { nodes: { a: { host: '127.0.0.1', curve: { publicKey: key } } } }), 'nodes.a.curve', /needs "publicKey" or "publicKeyFile" .* and "secretKeyFile"/],
  ['a node with an inline secret key', base({ s: sink }, { nodes: { a: { host: '127.0.0.1', curve: { publicKey: key, secretKeyFile: 'a.key_secret', secretKey: key } } } }), 'nodes.a.curve.secretKey', /never goes in a topology/],
  ['security switch not a boolean', base({ s: sink }, { security: { curve: 'yes' } }), 'security.curve', /expected boolean/],
  ['unknown security field', base({ s: sink }, { security: { curve: true, plain: true } }), 'security.plain', /unknown field/],
  ['module actor with unknown sockets field', base({ m: { module: './m.js', sockets: { in: { bnd: ['a'] } } } }), 'actors.m.sockets.in.bnd', /unknown field/],
]

for (const [title, input, path, message] of cases) {
  t.test(title, async t => {
    const found = issues(input)
    const hit = found.find(i => i.path === path)
    t.ok(hit, `an issue at "${path}" (got ${JSON.stringify(found)})`)
    t.match(hit?.message, message)
  })
}

t.test('an error about an inline secret key does not repeat the key', async t => {
  const found = issues(base({ s: { ...sink, curve: { allow: [key], secretKey: 'SECRET-SECRET-SECRET-SECRET-SECRET-SECRE' } } }))
  t.notMatch(JSON.stringify(found), /SECRET-SECRET/)
})

t.test('every problem is reported at once', async t => {
  const found = issues(base({
    a: { kind: 'sink', bind: ['ok'], colour: 'red', linger: 'x' },
    b: { kind: 'teapot' },
    c: { kind: 'publisher', bind: ['w'] },
  }))
  t.same(found.map(i => i.path).sort(), ['actors.a.colour', 'actors.a.linger', 'actors.b.kind', 'actors.c.source'])
})

t.test('a valid topology is normalised: a single endpoint string becomes a list', async t => {
  const topology = validateTopology(base({ s: { kind: 'sink', bind: 'results', linger: 0 } }))
  t.same((topology.actors.s as { bind: string[] }).bind, ['results'])
})

t.test('subscribe takes one prefix as a string, as bind and connect take one endpoint', async t => {
  const topology = validateTopology(base({ c: { kind: 'subscriber', connect: ['w'], subscribe: '10001' } })) as { actors: Record<string, { subscribe?: unknown }> }
  t.same(topology.actors.c!.subscribe, ['10001'])
})
