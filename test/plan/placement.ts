import { tmpdir } from 'node:os'
import t from 'tap'
import { planTopology, TopologyError, validateTopology } from '../../src/index.js'
import { fixtures } from '../fixtures/topology.js'

type Raw = Record<string, unknown>
const plan = (topology: Raw, options: { ipc?: boolean, instance?: string } = {}): ReturnType<typeof planTopology> =>
  planTopology(validateTopology({ name: 'p', ...topology }), { baseDir: fixtures, ...options })
const socketsOf = (p: ReturnType<typeof plan>, actor: string): Record<string, { bind: string[], connect: string[], options: Raw }> =>
  p.actors.find(a => a.name === actor)!.sockets as never

const weather = (placeClient: Raw): Raw => ({
  actors: {
    server: { kind: 'publisher', bind: ['weather'], source: './count-source.ts' },
    client: { kind: 'subscriber', connect: ['weather'], ...placeClient },
  },
})

t.test('a peer in another process of the node: the link becomes ipc, the same path on both sides', async t => {
  const p = plan(weather({ process: 'clients' }), { instance: 'i1' })
  const [link] = p.links
  t.equal(link?.transport, 'ipc')
  t.equal(link?.endpoint, `ipc://${tmpdir()}/zeroactor-p-i1-weather.sock`)
  t.same(socketsOf(p, 'server').pub!.bind, [link!.endpoint])
  t.same(socketsOf(p, 'client').sub!.connect, [link!.endpoint])
  t.same(p.nodes.local, { host: '127.0.0.1', portRange: [5700, 5799], processes: ['main', 'clients'] })
  t.equal(p.actors.find(a => a.name === 'client')!.process, 'clients')
})

t.test('without ipc (a libzmq built without it), processes of one node link over loopback tcp', async t => {
  const p = plan({ ...weather({ process: 'clients' }), nodes: { n: { host: '10.1.2.3', portRange: [6000, 6001] } } }, { ipc: false })
  t.equal(p.links[0]!.transport, 'tcp')
  t.equal(p.links[0]!.endpoint, 'tcp://127.0.0.1:6000', 'loopback, never the node\'s public address or *')
})

const twoNodes: Raw = {
  // plain tcp between hosts, said out loud (test/plan/security.ts covers CURVE)
  nodes: { a: { host: '10.9.0.1', portRange: [7000, 7009], insecure: true }, b: { host: '10.9.0.2', portRange: [7100, 7109], insecure: true } },
  actors: {
    zeta: { kind: 'publisher', bind: ['z-link'], source: './count-source.ts', node: 'a' },
    alpha: { kind: 'publisher', bind: ['a-link'], source: './count-source.ts', node: 'a' },
    local: { kind: 'subscriber', connect: ['a-link'], node: 'a' },
    far: { kind: 'subscriber', connect: ['z-link', 'a-link', 'back'], node: 'b' },
    back: { kind: 'publisher', bind: ['back'], source: './count-source.ts', node: 'b' },
    sender: { kind: 'subscriber', connect: ['back'], node: 'a' },
  },
}

t.test('peers on other nodes: tcp to the binding node\'s host, ports from its range in link-name order', async t => {
  const p = plan(twoNodes)
  const byName = Object.fromEntries(p.links.map(l => [l.name, l]))
  const near = { endpoint: 'inproc://p/a-link', transport: 'inproc', connectors: ['local'] }
  t.same(byName['a-link'], { name: 'a-link', endpoint: 'tcp://10.9.0.1:7000', transport: 'tcp', binder: 'alpha', connectors: ['local', 'far'], local: near })
  t.equal(byName['z-link']!.endpoint, 'tcp://10.9.0.1:7001')
  t.equal(byName.back!.endpoint, 'tcp://10.9.0.2:7100', 'b binds from its own range')
  t.same(socketsOf(p, 'far').sub!.connect, ['tcp://10.9.0.1:7001', 'tcp://10.9.0.1:7000', 'inproc://p/back'], 'to back, on its own node: inproc')
  t.same(socketsOf(p, 'sender').sub!.connect, ['tcp://10.9.0.2:7100'])
  t.equal(p.actors.find(a => a.name === 'far')!.node, 'b')
  // a connector on the binder's node takes a local endpoint the binder binds too: every tcp connection is from another node (H37)
  t.same(socketsOf(p, 'alpha').pub!.bind, ['tcp://10.9.0.1:7000', 'inproc://p/a-link'])
  t.same(socketsOf(p, 'local').sub!.connect, ['inproc://p/a-link'])
})

t.test('a link between nodes with connectors on the binder\'s node in other processes: they take ipc, or loopback tcp without it', async t => {
  const topology = { ...twoNodes, actors: { ...twoNodes.actors as Raw, local: { kind: 'subscriber', connect: ['a-link'], node: 'a', process: 'p2' } } }
  const ipc = plan(topology).links.find(l => l.name === 'a-link')!
  t.same(ipc.local, { endpoint: `ipc://${tmpdir()}/zeroactor-p-a-link.sock`, transport: 'ipc', connectors: ['local'] })
  const none = plan(topology, { ipc: false })
  t.equal(none.links.find(l => l.name === 'a-link')!.local, undefined, 'no second port: the local connector shares the tcp endpoint')
  t.same(socketsOf(none, 'local').sub!.connect, ['tcp://10.9.0.1:7000'])
})

t.test('every node computes the same endpoints: the order of actors in the file does not matter', async t => {
  const reversed = { ...twoNodes, actors: Object.fromEntries(Object.entries(twoNodes.actors as Raw).reverse()) }
  const endpoints = (p: ReturnType<typeof plan>): Record<string, string> => Object.fromEntries(p.links.map(l => [l.name, l.endpoint]))
  t.same(endpoints(plan(reversed)), endpoints(plan(twoNodes)))
  t.same(plan(twoNodes), plan(twoNodes))
})

t.test('ipc and tcp sockets get heartbeats and a reconnect backoff by default; inproc ones do not; the topology wins', async t => {
  const p = plan({
    actors: {
      server: { kind: 'publisher', bind: ['weather', 'tcp://127.0.0.1:*'], source: './count-source.ts', heartbeatTimeout: 5000 },
      near: { kind: 'subscriber', connect: ['weather'] },
      far: { kind: 'subscriber', connect: ['weather'], process: 'other' },
      alone: { kind: 'sink', bind: ['only-inproc'] },
      feeder: { kind: 'ventilator', connect: ['only-inproc'], source: './count-source.ts' },
    },
  })
  t.same(socketsOf(p, 'server').pub!.options, { heartbeatInterval: 1000, heartbeatTimeout: 5000, reconnectMaxInterval: 1000, connectTimeout: 1000, linger: 500 })
  t.same(socketsOf(p, 'far').sub!.options, { heartbeatInterval: 1000, heartbeatTimeout: 2000, reconnectMaxInterval: 1000, connectTimeout: 1000, linger: 500 })
  t.same(socketsOf(p, 'alone').pull!.options, { linger: 500 })
})

t.test('a long ipc path is replaced by a hash that still fits a unix socket', async t => {
  const p = plan({ name: 'n'.repeat(90), ...weather({ process: 'clients' }) })
  const path = p.links[0]!.endpoint.slice('ipc://'.length)
  t.ok(path.length <= 100, path)
  t.match(path, /zeroactor-[0-9a-f]{16}\.sock$/)
})

const placementErrors: Array<[string, Raw, string, RegExp]> = [
  ['an unknown node', { nodes: { a: { host: '127.0.0.1' } }, actors: { x: { kind: 'sink', bind: ['r'], node: 'b' } } }, 'actors.x.node', /unknown node "b" \(the topology declares: a\)/],
  ['an unknown process of a node that declares its processes', { nodes: { a: { host: '127.0.0.1', processes: ['workers'] } }, actors: { x: { kind: 'sink', bind: ['r'], process: 'wrokers' } } }, 'actors.x.process', /unknown process "wrokers".*declares: workers/],
  ['a port range too small for the node\'s links', { nodes: { a: { host: '10.0.0.1', portRange: [7000, 7000] }, b: { host: '10.0.0.2' } }, actors: { p: { kind: 'publisher', bind: ['one'], source: './count-source.ts', node: 'a' }, q: { kind: 'sink', bind: ['two'], node: 'a' }, r: { kind: 'subscriber', connect: ['one'], node: 'b' }, s: { kind: 'ventilator', connect: ['two'], source: './count-source.ts', node: 'b' } } }, 'nodes.a.portRange', /binds 2 links .*\(one, two\).* 7000-7000 holds 1/],
  ['two nodes on one host with the same port range', { nodes: { a: { host: '127.0.0.1' }, b: { host: '127.0.0.1' } }, actors: { p: { kind: 'publisher', bind: ['one'], source: './count-source.ts', node: 'a' }, q: { kind: 'sink', bind: ['two'], node: 'b' }, r: { kind: 'subscriber', connect: ['one'], node: 'b' }, s: { kind: 'ventilator', connect: ['two'], source: './count-source.ts', node: 'a' } } }, 'nodes.b.portRange', /tcp:\/\/127\.0\.0\.1:5700 is given to link "two" of node "b" and to link "one" of node "a": nodes on one host need disjoint port ranges/],
  ['two binders on one logical link across nodes', { nodes: { a: { host: '10.0.0.1' }, b: { host: '10.0.0.2' } }, actors: { x: { kind: 'sink', bind: ['r'], node: 'a' }, y: { kind: 'sink', bind: ['r'], node: 'b' } } }, 'actors.y.bind', /already bound by actor "x"/],
  ['an inproc endpoint used across processes', { actors: { x: { kind: 'sink', bind: ['inproc://jobs'] }, y: { kind: 'ventilator', connect: ['inproc://jobs'], source: './count-source.ts', process: 'p2' } } }, 'actors.y.connect', /bound by actor "x" \(node "local", process "main"\): inproc only links threads of one process/],
  ['an ipc endpoint used across nodes', { nodes: { a: { host: '10.0.0.1' }, b: { host: '10.0.0.2' } }, actors: { x: { kind: 'sink', bind: ['ipc:///tmp/jobs.sock'], node: 'a' }, y: { kind: 'ventilator', connect: ['ipc:///tmp/jobs.sock'], source: './count-source.ts', node: 'b' } } }, 'actors.y.connect', /ipc only links processes of one host/],
  // the fixed address is the port placement gave the link: before runtime's EADDRINUSE, and not hidden by the link
  ['a fixed address on the port a logical link between nodes was given', { nodes: { a: { host: '127.0.0.1' }, b: { host: '127.0.0.1', portRange: [5800, 5899] } }, actors: { p: { kind: 'publisher', bind: ['news'], source: './count-source.ts', node: 'a' }, s: { kind: 'subscriber', connect: ['news'], node: 'b' }, x: { kind: 'sink', bind: ['tcp://127.0.0.1:5700'], node: 'a' } } }, 'actors.x.bind', /"tcp:\/\/127\.0\.0\.1:5700" is already bound by actor "p"/],
  ['one fixed address bound twice on a node', { actors: { x: { kind: 'sink', bind: ['tcp://127.0.0.1:5999'] }, y: { kind: 'sink', bind: ['tcp://127.0.0.1:5999'] } } }, 'actors.y.bind', /already bound by actor "x"/],
  ['a wildcard node host', { nodes: { a: { host: '0.0.0.0' } }, actors: { x: { kind: 'sink', bind: ['r'] } } }, 'nodes.a.host', /not a wildcard/],
  ['a reversed port range', { nodes: { a: { host: '127.0.0.1', portRange: [7010, 7000] } }, actors: { x: { kind: 'sink', bind: ['r'] } } }, 'nodes.a.portRange', /first port must not be above the last/],
  ['an actor without a node when there are two', { nodes: { a: { host: '10.0.0.1' }, b: { host: '10.0.0.2' } }, actors: { x: { kind: 'sink', bind: ['r'] } } }, 'actors.x.node', /must say which one/],
]
for (const [title, topology, path, message] of placementErrors) {
  t.test(`a topology that cannot be placed is rejected with the field path: ${title}`, async t => {
    const error = await Promise.resolve().then(() => plan(topology)).catch((e: unknown) => e)
    t.ok(error instanceof TopologyError, String(error))
    const at = (error as TopologyError).issues.filter(i => i.path === path)
    t.equal(at.length, 1, `one issue at ${path}, said once: ${JSON.stringify((error as TopologyError).issues)}`)
    t.match(at[0]?.message, message)
  })
}
