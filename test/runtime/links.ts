// Internal links (every end an actor of the topology): messages carry a sequence number and a
// timestamp, and travel in batches. What a user relies on: every message a publisher sent is
// either received or counted as dropped, lag is measured and reported, and batching changes
// nothing they can see: order, multipart boundaries, prefix filters (also through a proxy) and
// byte counts stay those of single messages.
import { once } from 'node:events'
import t, { type Test } from 'tap'
import { spawn, type App, type SocketPlan } from '../../src/index.js'
import { collectLogs, nextLog, waitFor } from '../../src/testing.js'
import { makeKeys } from '../fixtures/keys.js'
import { fixture, localNodes } from '../fixtures/topology.js'

t.test('pub → slow sub: every message is received or counted as dropped, and the lag raises "lagging"', async t => {
  const kFlood = 200_000
  const app = await spawn({
    name: 'drops',
    readyTimeout: 60_000,
    maxLagMs: 5,
    until: ['sub'],
    actors: {
      pub: { module: fixture('flood-publisher.ts'), sockets: { pub: { bind: ['feed'], sendHighWaterMark: 2 } }, params: { count: kFlood } },
      sub: { module: fixture('slow-subscriber.ts'), sockets: { sub: { connect: ['feed'], receiveHighWaterMark: 2 } } },
    },
  })
  t.teardown(() => app.stop())
  const lagging = once(app, 'lagging')
  const log = nextLog(app, 'sub', 'flood')
  t.equal(await app.done, null)
  const [, flood, end] = /^flood (\d+) end (\d+)$/.exec(await log)!.map(Number) as [number, number, number]
  const seen = app.stats().actors.sub!.links!.sub!['pub.pub']!
  t.ok(seen.dropped > 0, `the slow subscriber lost ${seen.dropped} messages at the high-water marks`)
  t.equal(seen.received, flood + 1, 'the link counted what the actor received')
  // sent before and including end:<k>: the flood and k + 1 tail messages
  t.equal(seen.received + seen.dropped, kFlood + end + 1, 'received + dropped = sent')
  t.same(app.stats().actors.pub!.links, undefined, 'a send-only socket has no per-peer figures')
  const [actor, lag] = await lagging
  t.match(lag, { socket: 'sub', peer: 'pub.pub' })
  t.equal(actor, 'sub')
  t.ok(lag.lagMs > 5, `lagging at ${lag.lagMs.toFixed(1)} ms (maxLagMs 5)`)
  t.ok(seen.peakLagMs >= lag.lagMs, 'the peak lag is kept')
})

t.test('batches keep order, multipart boundaries and prefix filters, directly and through a proxy', async t => {
  const kCount = 30_000
  const checker = (prefixes: string[], count: number, connect: string): object => ({ module: fixture('topic-checker.ts'), sockets: { sub: { connect: [connect] } }, params: { prefixes, count } })
  const app = await spawn({
    name: 'filters',
    // threads compiling TypeScript under tap can take seconds to start: the barrier must not give up
    readyTimeout: 60_000,
    until: ['onlyA', 'aAndB', 'all', 'viaProxy'],
    actors: {
      pub: { module: fixture('topic-publisher.ts'), sockets: { pub: { bind: ['topics'], noDrop: true } }, params: { count: kCount, topics: ['a', 'b', 'c'] } },
      onlyA: checker(['a'], kCount / 3, 'topics'),
      aAndB: checker(['a', 'b'], 2 * kCount / 3, 'topics'),
      all: checker([''], kCount, 'topics'),
      proxy: { kind: 'proxy', frontend: { type: 'xsub', connect: ['topics'] }, backend: { type: 'xpub', bind: ['relay'], noDrop: true } },
      viaProxy: checker(['c'], kCount / 3, 'relay'),
    },
  })
  t.teardown(() => app.stop())
  const logs = collectLogs(app)
  t.equal(await app.done, null)
  t.same(logs.map(([a, text]) => `${a}: ${text}`).sort(), [
    `aAndB: ok ${2 * kCount / 3} 0..${kCount - 2}`,
    `all: ok ${kCount} 0..${kCount - 1}`,
    `onlyA: ok ${kCount / 3} 0..${kCount - 3}`,
    `viaProxy: ok ${kCount / 3} 2..${kCount - 1}`,
  ])
  const stats = app.stats().actors
  let bytes = 0
  for (let i = 0; i < kCount; i++) bytes += 1 + String(i).length
  t.match(stats.pub, { sent: kCount, bytesSent: bytes }, 'counters count the user\'s messages and bytes, not batches or trailers')
  t.match(stats.all, { received: kCount, bytesReceived: bytes })
  t.match(stats.proxy!.links, { frontend: { 'pub.pub': { dropped: 0 } } })
  for (const name of ['onlyA', 'aAndB', 'all']) t.equal(stats[name]!.links!.sub!['pub.pub']!.dropped, 0, `${name}: nothing dropped`)
})

// Issue 18, item 6: a drop shows as a gap when the next message that got through arrives; what was
// still queued when the topology stopped never does. The count at stop adds it (runtime/link-ends.ts).
for (const [where, sub] of [['in one process', {}], ['with the subscriber in a child process', { process: 'slow' }]] as const) {
  t.test(`an unpaced publisher into a slow subscriber, stopped midway, ${where}: received + dropped = sent`, async t => {
    const app = await spawn({
      name: 'count-at-stop',
      readyTimeout: 60_000,
      actors: {
        pub: { kind: 'publisher', bind: ['feed'], source: fixture('js/count-source.js') },
        sub: { kind: 'subscriber', connect: ['feed'], handler: fixture('js/slow-handler.js'), ...sub },
      },
    })
    t.teardown(() => app.stop())
    await waitFor(() => (app.stats().actors.sub!.links?.sub?.['pub.pub']?.received ?? 0) >= 200)
    const running = app.stats().actors.sub!.links!.sub!['pub.pub']!
    await app.stop()
    const { pub, sub: after } = app.stats().actors
    const seen = after!.links!.sub!['pub.pub']!
    // how far ahead depends on the machine's load (10× idle, 2× in the suite): ahead is what matters
    t.ok(pub!.sent > seen.received, `the publisher ran ahead: ${pub!.sent} sent, ${seen.received} received`)
    t.ok(seen.dropped > running.dropped, `what was queued at stop is counted: ${seen.dropped} dropped (${running.dropped} while running)`)
    t.equal(seen.received + seen.dropped, pub!.sent, 'received + dropped = sent')
  })
}

// Between nodes: test/cli/nodes.ts (two `zeroactor run --node` processes, as a user runs them).
// Here the subscriber on the other node is a proxy's xsub side, which acknowledges the end of
// stream with a subscription message: node a's publisher is reported finished once it has.
t.test('between two nodes, a proxy\'s xsub side acknowledges the end of stream: the publisher finishes, and its node stops at once', async t => {
  const topology = {
    name: 'proxy-across-nodes',
    nodes: localNodes(),
    actors: {
      pub: { kind: 'publisher', node: 'a', bind: ['feed'], source: fixture('js/count-source.js'), params: { n: 5000 } },
      proxy: { kind: 'proxy', node: 'b', frontend: { type: 'xsub', connect: ['feed'] }, backend: { type: 'xpub', bind: ['out'] } },
      sub: { kind: 'subscriber', node: 'b', connect: ['out'] },
    },
  } as const
  const { a, b } = await bothNodes(t, topology)
  // without the acknowledgement the publisher would not be reported finished, and this would time out
  t.equal(await a.done, null, 'node a\'s publisher finished')
  t.equal(b.stats().actors.proxy!.links!.frontend!['pub.pub']!.received, 5000, 'the proxy has the whole stream, before node a stops')
  const started = Date.now()
  await a.stop()
  const stopMs = Date.now() - started
  t.ok(stopMs < 2_000, `node a stopped in ${stopMs} ms: nothing left to wait for`)
})

t.test('a subscriber on another node that finished early does not keep the publisher waiting: its socket closes', async t => {
  const topology = {
    name: 'early-finisher',
    nodes: localNodes(),
    actors: {
      pub: { kind: 'publisher', node: 'a', bind: ['feed'], source: fixture('js/count-source.js'), params: { n: 5000 } },
      // holds its push (H30: it crosses processes; nothing listens there) after it has finished; nothing reads its sub then
      reader: { module: fixture('reads-one.ts'), node: 'b', sockets: { in: { connect: ['feed'] }, out: { connect: ['tcp://127.0.0.1:9'] } } },
    },
  } as const
  const { a, b } = await bothNodes(t, topology)
  t.equal(await b.done, null, 'the reader finished after one message')
  t.equal(await a.done, null, 'node a\'s publisher finished: the reader\'s sub socket left, so no acknowledgement was owed')
  t.equal(a.stats().actors.pub!.sent, 5000, 'the publisher sent its whole stream')
})

t.test('a push socket reset while its consumer on another node was connected: the finished sender waits for that consumer only once', async t => {
  const kSent = 2000
  const topology = {
    name: 'reset-across-nodes',
    nodes: localNodes(),
    actors: {
      vent: { module: fixture('resets-push.ts'), node: 'a', params: { n: kSent }, sockets: { out: { bind: ['tasks'] } } },
      sink: { kind: 'sink', node: 'b', connect: ['tasks'], count: kSent },
    },
  } as const
  const { a, b } = await bothNodes(t, topology)
  t.equal(await b.done, null, 'the sink reached its count')
  // the old socket's connection is no longer counted: node a's sender is finished once the sink has left
  t.equal(await a.done, null, 'node a\'s sender finished')
  t.equal(b.stats().actors.sink!.received, kSent, 'every message sent after the reset arrived')
})

// the worker's consumers on other nodes are counted in its host: in a child process they reach the
// main process in that process's snapshots, and its peer-down events wake the wait
for (const [where, placement] of [['in a thread', {}], ['in a child process', { process: 'p2' }]] as const) {
  t.test(`a node whose until actors have finished goes on while one of its workers, ${where}, still feeds a sink on another node`, async t => {
    const kSent = 2000
    const topology = {
      name: 'worker-feeds-across',
      nodes: localNodes(),
      until: ['vent', 'sink'],
      actors: {
        vent: { kind: 'ventilator', node: 'a', bind: ['tasks'], source: fixture('js/count-source.js'), params: { n: kSent } },
        // 1 ms a task: most of the stream is still in its input queue when the ventilator finishes
        worker: { kind: 'worker', node: 'a', ...placement, handler: fixture('js/slow-pass.js'), input: { connect: ['tasks'] }, output: { connect: ['results'] } },
        sink: { kind: 'sink', node: 'b', bind: ['results'], count: kSent },
      },
    } as const
    const { a, b } = await bothNodes(t, topology)
    const logs: string[] = []
    a.on('log', (actor, text) => logs.push(`[${actor}] ${text}`))
    t.equal(await a.done, null, 'node a is done')
    // `zeroactor run --node a` stops here: before, the worker's backlog died with it
    t.equal(b.stats().actors.sink!.received, kSent, 'and by then the sink on node b has every task')
    t.match(logs, [/^\[worker\] the until actors of this node have finished; it goes on until its consumers on other nodes have read everything and left$/], 'the worker said why the node went on')
    t.equal(await b.done, null, 'node b is done too')
  })
}

// H37, H35: a finished producer waits for its consumers on other nodes for as long as they take,
// unless the topology gives its socket a linger: then at most that long, like a closed socket
for (const [pattern, producer, consumer, lingerLog] of [
  ['a ventilator', { kind: 'ventilator' }, { kind: 'sink' }, /^\[vent\] finished; holding push open until its consumers on other nodes \(far\.pull\) have read everything and left \(at most 300 ms: its linger\)$/],
  ['a publisher', { kind: 'publisher' }, { kind: 'subscriber' }, /^\[vent\] finished; sending its end of stream until its subscribers on other nodes \(far\.sub\) have read that far \(at most 300 ms: its linger\)$/],
] as const) {
  t.test(`${pattern} given a linger waits at most that long for a consumer on another node that does not finish, and says so`, async t => {
    const topology = {
      name: 'linger-bound',
      nodes: localNodes(),
      actors: {
        vent: { ...producer, node: 'a', bind: ['feed'], source: fixture('js/count-source.js'), params: { n: 2000 }, linger: 300 },
        // 0.5 ms a message and a count it never reaches: still reading, or waiting for more, long after the producer finished
        far: { ...consumer, node: 'b', connect: ['feed'], handler: fixture('js/slow-handler.js'), count: 1_000_000 },
      },
    } as const
    const { a, b } = await bothNodes(t, topology)
    const logs: string[] = []
    a.on('log', (actor, text) => logs.push(`[${actor}] ${text}`))
    t.equal(await a.done, null, 'node a is done')
    t.match(logs, [lingerLog, /^\[vent\] gave up after its linger of 300 ms: /], 'the producer said how long it would wait, then that it gave up')
    t.equal(b.stats().actors.far!.state, 'running', 'the consumer still runs')
  })
}

t.test('a node whose until actors have finished waits for its worker at most the linger of the worker\'s output, then says it gave up', async t => {
  const topology = {
    name: 'linger-worker',
    nodes: localNodes(),
    until: ['vent'],
    actors: {
      vent: { kind: 'ventilator', node: 'a', bind: ['tasks'], source: fixture('js/count-source.js'), params: { n: 2000 } },
      worker: { kind: 'worker', node: 'a', handler: fixture('js/slow-pass.js'), input: { connect: ['tasks'] }, output: { connect: ['results'], linger: 300 } },
      // a count it never reaches: it stays connected
      sink: { kind: 'sink', node: 'b', bind: ['results'], count: 1_000_000 },
    },
  } as const
  const { a, b } = await bothNodes(t, topology)
  const logs: string[] = []
  a.on('log', (actor, text) => logs.push(`[${actor}] ${text}`))
  t.equal(await a.done, null, 'node a is done')
  t.match(logs, [
    /^\[worker\] the until actors of this node have finished; it goes on until its consumers on other nodes have read everything and left \(at most 300 ms: its linger\)$/,
    /^\[worker\] gave up after its linger of 300 ms: /,
  ], 'the worker said how long the node would wait for it, then that it gave up')
  t.ok(b.stats().actors.sink!.received < 2000, `the worker was still at work: ${b.stats().actors.sink!.received} of 2000 had arrived`)
})

t.test('a link between nodes under security.curve, with subscribers on its binder\'s node too: those reach it over ipc, those on the other node over tcp, all with CURVE', async t => {
  const kSent = 500
  const dir = t.testdir()
  const [keyA, keyB] = [makeKeys(dir, 'a'), makeKeys(dir, 'b')]
  const { a: nodeA, b: nodeB } = localNodes()
  const topology = {
    name: 'curve-mixed',
    security: { curve: true },
    nodes: { a: { ...nodeA, curve: { publicKey: keyA.publicKey, secretKeyFile: keyA.secretKeyFile } }, b: { ...nodeB, curve: { publicKey: keyB.publicKey, secretKeyFile: keyB.secretKeyFile } } },
    actors: {
      pub: { kind: 'publisher', node: 'a', bind: ['feed'], source: fixture('js/count-source.js'), params: { n: kSent } },
      thread: { kind: 'subscriber', node: 'a', connect: ['feed'], count: kSent },
      child: { kind: 'subscriber', node: 'a', process: 'p2', connect: ['feed'], count: kSent },
      far: { kind: 'subscriber', node: 'b', connect: ['feed'], count: kSent },
    },
  } as const
  const { a, b } = await bothNodes(t, topology)
  const socketOf = (actor: string): SocketPlan => a.plan.actors.find(x => x.name === actor)!.sockets[actor === 'pub' ? 'pub' : 'sub']!
  const role = (socket: SocketPlan): string => (socket.curve === undefined ? 'none' : socket.curve.server === undefined ? 'client' : 'server')
  const transports = (socket: SocketPlan): string[] => [...socket.bind, ...socket.connect].map(ep => ep.split('://')[0]!)
  t.same(['pub', 'thread', 'child', 'far'].map(name => [name, role(socketOf(name)), transports(socketOf(name))]), [
    ['pub', 'server', ['tcp', 'ipc']],
    ['thread', 'client', ['ipc']], // one local subscriber in another process: every local one takes ipc
    ['child', 'client', ['ipc']],
    ['far', 'client', ['tcp']],
  ], 'the plan')
  t.equal(await b.done, null, 'the subscriber on node b has every message')
  t.equal(await a.done, null, 'so do both on node a')
  t.same([a.stats().actors.thread!.received, a.stats().actors.child!.received, b.stats().actors.far!.received], [kSent, kSent, kSent], 'each has the whole stream')
})

/** Node b, then node a, of one topology in this process; each stopped when the test ends. */
async function bothNodes (t: Test, topology: Parameters<typeof spawn>[0]): Promise<{ a: App, b: App }> {
  const b = await spawn(topology, { node: 'b' })
  t.teardown(() => b.stop())
  const a = await spawn(topology, { node: 'a' })
  t.teardown(() => a.stop())
  return { a, b }
}
