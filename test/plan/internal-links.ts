// Which links are internal (framed, batched) and which are edges (the user's frames exactly): a
// set of linked sockets is internal only when every endpoint of every one of them is logical.
import t from 'tap'
import { kActorSlots, kPeerSlots, kSocketSlots } from '../../src/counters.js'
import { planTopology, validateTopology } from '../../src/index.js'
import { kBatchBytes } from '../../src/plan/internal-links.js'
import { consumersToCome, farConsumersToCome, feedLimit, waitLimit } from '../../src/plan/types.js'
import { fixtures } from '../fixtures/topology.js'

const plan = (topology: Record<string, unknown>, options: { ipc?: boolean } = {}): ReturnType<typeof planTopology> =>
  planTopology(validateTopology({ name: 'f', ...topology }), { baseDir: fixtures, ...options })
const socket = (p: ReturnType<typeof plan>, actor: string, name: string): NonNullable<ReturnType<typeof plan>['actors'][number]['sockets'][string]> =>
  p.actors.find(a => a.name === actor)!.sockets[name]!

t.test('logical links between actors are internal: ids, peers by name, counters slots for the socket and each peer', async t => {
  const p = plan({
    actors: {
      pub: { kind: 'publisher', bind: ['news'], source: './count-source.ts' },
      a: { kind: 'subscriber', connect: ['news'] },
      b: { kind: 'subscriber', connect: ['news'] },
    },
  })
  const pub = socket(p, 'pub', 'pub').framing!
  t.same(pub.peers.map(peer => peer.name), ['a.sub', 'b.sub'])
  t.equal(pub.slot, kActorSlots, "the socket's own slots follow the actor counters")
  t.same(pub.peers.map(peer => peer.slot), [kActorSlots + kSocketSlots, kActorSlots + kSocketSlots + kPeerSlots], 'then its peers\'')
  const a = socket(p, 'a', 'sub').framing!
  t.same(a.peers, [{ id: pub.id, name: 'pub.pub', slot: kActorSlots + kSocketSlots }])
  t.not(a.id, socket(p, 'b', 'sub').framing!.id, 'every socket has its own id')
  t.equal(a.maxBatchBytes, kBatchBytes)
  t.equal(a.maxLagMs, undefined)
})

t.test('one explicit endpoint makes the whole set of linked sockets an edge', async t => {
  const p = plan({
    actors: {
      pub: { kind: 'publisher', bind: ['news'], source: './count-source.ts' },
      a: { kind: 'subscriber', connect: ['news'] },
      b: { kind: 'subscriber', connect: ['news', 'tcp://127.0.0.1:5999'] },
    },
  })
  for (const [actor, name] of [['pub', 'pub'], ['a', 'sub'], ['b', 'sub']] as const) t.equal(socket(p, actor, name).framing, undefined, `${actor}.${name} is on an edge`)
})

t.test('a proxy with one logical side and one explicit side: internal on one side, edge on the other', async t => {
  const p = plan({
    actors: {
      pub: { kind: 'publisher', bind: ['weather'], source: './count-source.ts' },
      proxy: { kind: 'proxy', frontend: { type: 'xsub', connect: ['weather'] }, backend: { type: 'xpub', bind: ['tcp://127.0.0.1:5998'] } },
    },
  })
  t.ok(socket(p, 'pub', 'pub').framing)
  t.ok(socket(p, 'proxy', 'frontend').framing)
  t.equal(socket(p, 'proxy', 'backend').framing, undefined, 'foreign clients get plain frames')
})

t.test('batches stay under the smallest maxMessageSize of the link; maxLagMs per actor, else the topology\'s', async t => {
  const p = plan({
    maxLagMs: 100,
    actors: {
      vent: { kind: 'ventilator', bind: ['tasks'], source: './count-source.ts' },
      w: { kind: 'worker', handler: './upper.ts', input: { connect: ['tasks'], maxMessageSize: 4096 }, maxLagMs: 20 },
    },
  })
  t.equal(socket(p, 'vent', 'push').framing!.maxBatchBytes, 4096)
  t.equal(socket(p, 'w', 'input').framing!.maxLagMs, 20)
  t.equal(socket(p, 'vent', 'push').framing!.maxLagMs, 100)
})

t.test('a peer on another node carries its readiness token: the publisher waits for its end-of-stream acknowledgement', async t => {
  const p = plan({
    nodes: { a: { host: '127.0.0.1' }, b: { host: '127.0.0.1' } },
    actors: {
      pub: { kind: 'publisher', node: 'a', bind: ['news'], source: './count-source.ts' },
      near: { kind: 'subscriber', node: 'a', connect: ['news'] },
      far: { kind: 'subscriber', node: 'b', connect: ['news'] },
    },
  })
  const peers = socket(p, 'pub', 'pub').framing!.peers
  t.same(peers.map(peer => [peer.name, peer.remoteToken]), [['near.sub', undefined], ['far.sub', socket(p, 'far', 'sub').ready!.token]])
  t.equal(socket(p, 'far', 'sub').framing!.peers[0]!.remoteToken, socket(p, 'pub', 'pub').ready!.token, 'both ways')
})

t.test('a finished producer holds a push socket until its consumers on other nodes leave, unless an until actor of its node is downstream', async t => {
  const nodes = { a: { host: '127.0.0.1' }, b: { host: '127.0.0.1' } }
  const across = plan({
    nodes,
    actors: {
      vent: { kind: 'ventilator', node: 'a', bind: ['tasks'], source: './count-source.ts' },
      sink: { kind: 'sink', node: 'b', connect: ['tasks'] },
    },
  })
  t.equal(socket(across, 'vent', 'push').framing!.holdsUntilPeersLeave, true, 'ventilator on a, sink on b')
  t.equal(socket(across, 'sink', 'pull').framing!.holdsUntilPeersLeave, undefined, 'a receiving socket never')
  const pipeline = plan({
    nodes,
    actors: {
      vent: { kind: 'ventilator', node: 'a', bind: ['tasks'], source: './count-source.ts' },
      worker: { kind: 'worker', node: 'b', handler: './upper.ts', input: { connect: ['tasks'] }, output: { connect: ['results'] } },
      sink: { kind: 'sink', node: 'a', bind: ['results'] },
    },
  })
  t.equal(socket(pipeline, 'vent', 'push').framing!.holdsUntilPeersLeave, undefined, 'the sink on its own node says when the tail has arrived (workers on b run for ever)')
  const mixedActors = {
    vent: { kind: 'ventilator', node: 'a', bind: ['tasks'], source: './count-source.ts' },
    far: { kind: 'sink', node: 'b', connect: ['tasks'] },
    near: { kind: 'sink', node: 'a', connect: ['tasks'] },
  }
  const mixed = plan({ nodes, actors: mixedActors })
  t.equal(socket(mixed, 'vent', 'push').framing!.holdsUntilPeersLeave, true, 'with a consumer on its own node too: it connects over inproc, so the tcp connections are those of other nodes')
  const mixedNoIpc = plan({ nodes, actors: { ...mixedActors, near: { ...mixedActors.near, process: 'p2' } } }, { ipc: false })
  t.equal(socket(mixedNoIpc, 'vent', 'push').framing!.holdsUntilPeersLeave, undefined, 'not where a consumer on its own node shares its tcp endpoint (no ipc): their connections could not be told apart')
  const untilElsewhere = plan({
    nodes,
    until: ['vent', 'p2'],
    actors: {
      vent: { kind: 'ventilator', node: 'a', bind: ['tasks'], source: './count-source.ts' },
      p2: { kind: 'ventilator', node: 'a', bind: ['more'], source: './count-source.ts' },
      sink: { kind: 'sink', node: 'b', connect: ['tasks', 'more'] },
    },
  })
  t.equal(socket(untilElsewhere, 'vent', 'push').framing!.holdsUntilPeersLeave, true, 'an until actor upstream of the consumer does not count')
  const gather = plan({
    nodes,
    actors: {
      boss: { module: './echo.ts', node: 'a', sockets: { tasks: { bind: ['tasks'] }, results: { bind: ['results'] } } },
      worker: { kind: 'worker', node: 'b', handler: './upper.ts', input: { connect: ['tasks'] }, output: { connect: ['results'] } },
    },
  })
  t.equal(socket(gather, 'boss', 'tasks').framing!.holdsUntilPeersLeave, undefined, 'an actor that gathers what it scattered says itself when the tail has come back')
  t.equal(socket(across, 'vent', 'push').framing!.holdsUntilPeersLeave, true)
  const pubAcross = plan({ nodes, actors: { pub: { kind: 'publisher', node: 'a', bind: ['news'], source: './count-source.ts' }, sub: { kind: 'subscriber', node: 'b', connect: ['news'] } } })
  t.equal(socket(pubAcross, 'pub', 'pub').framing!.holdsUntilPeersLeave, undefined, 'a pub socket has the end-of-stream acknowledgement instead')
})

t.test('a holding socket that connects to its consumers on other nodes counts them before they have connected: its node waits for them', async t => {
  const nodes = { a: { host: '127.0.0.1' }, b: { host: '127.0.0.2' }, c: { host: '127.0.0.3' } }
  const p = plan({
    nodes,
    until: ['vent'],
    actors: {
      vent: { kind: 'ventilator', node: 'a', bind: ['tasks'], source: './count-source.ts' },
      worker: { kind: 'worker', node: 'a', handler: './upper.ts', input: { connect: ['tasks'] }, output: { connect: ['results', 'more'] } },
      sink: { kind: 'sink', node: 'b', bind: ['results'] },
      other: { kind: 'sink', node: 'c', bind: ['more'] },
    },
  })
  t.equal(consumersToCome(socket(p, 'worker', 'output')), 2, 'one for each tcp endpoint it connects to')
  t.equal(farConsumersToCome(p.actors.find(a => a.name === 'worker')!), 2)
  t.equal(consumersToCome(socket(p, 'vent', 'push')), 0, 'a bound socket: its consumers come to it, nothing is queued for them before')
  t.equal(farConsumersToCome(p.actors.find(a => a.name === 'sink')!), 0, 'a consumer feeds no one')
})

t.test('how long a finished producer waits for its consumers on other nodes: as long as they take, unless the topology gives its socket a linger', async t => {
  const nodes = { a: { host: '127.0.0.1' }, b: { host: '127.0.0.2' } }
  const topology = (vent: Record<string, unknown>, worker: Record<string, unknown> = {}): ReturnType<typeof plan> => plan({
    nodes,
    until: ['vent'],
    actors: {
      vent: { kind: 'ventilator', node: 'a', bind: ['tasks'], source: './count-source.ts', ...vent },
      worker: { kind: 'worker', node: 'a', handler: './upper.ts', input: { connect: ['tasks'] }, output: { connect: ['results'], ...worker } },
      sink: { kind: 'sink', node: 'b', bind: ['results'], connect: ['tasks'] },
    },
  })
  const byDefault = topology({})
  t.equal(socket(byDefault, 'vent', 'push').options.linger, 500, 'zeroactor\'s default linger applies at the close')
  t.equal(waitLimit(socket(byDefault, 'vent', 'push')), undefined, 'but does not bound the wait')
  t.equal(feedLimit(byDefault.actors.find(a => a.name === 'worker')!), undefined)
  const given = topology({ linger: 2000 }, { linger: 300 })
  t.equal(waitLimit(socket(given, 'vent', 'push')), 2000, 'the actor\'s linger')
  t.equal(feedLimit(given.actors.find(a => a.name === 'worker')!), 300, 'the socket\'s own')
  t.equal(waitLimit(socket(topology({ linger: -1 }), 'vent', 'push')), undefined, 'a linger of -1: for ever')
})
