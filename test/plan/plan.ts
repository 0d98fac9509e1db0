import t from 'tap'
import { planTopology, TopologyError, validateTopology } from '../../src/index.js'
import { fixtures } from '../fixtures/topology.js'

const plan = (actors: Record<string, unknown>, instance?: string): ReturnType<typeof planTopology> =>
  planTopology(validateTopology({ name: 'p', actors }), { baseDir: fixtures, instance })

const pipeline = {
  vent: { kind: 'ventilator', bind: ['tasks'], source: './count-source.ts' },
  work: { kind: 'worker', handler: './upper.ts', input: { connect: ['tasks'] }, output: { connect: ['results'], sendHighWaterMark: 10 } },
  sink: { kind: 'sink', bind: ['results'], linger: 0 },
}

t.test('logical links in one process resolve to inproc endpoints, the same ones on both sides', async t => {
  const p = plan(pipeline)
  const by = Object.fromEntries(p.actors.map(a => [a.name, a]))
  t.same(by.vent!.sockets.push!.bind, ['inproc://p/tasks'])
  t.same(by.work!.sockets.input!.connect, ['inproc://p/tasks'])
  t.same(by.work!.sockets.output!.connect, ['inproc://p/results'])
  t.same(p.links, [
    { name: 'tasks', endpoint: 'inproc://p/tasks', transport: 'inproc', binder: 'vent', connectors: ['work'] },
    { name: 'results', endpoint: 'inproc://p/results', transport: 'inproc', binder: 'sink', connectors: ['work'] },
  ])
  t.same(p.until, ['vent', 'work', 'sink'], 'by default the topology is done when every actor is')
})

t.test('the plan is deterministic, and an instance keeps two spawns apart', async t => {
  t.same(plan(pipeline), plan(pipeline))
  t.same(plan(pipeline, 'abc').actors[0]!.sockets.push!.bind, ['inproc://p-abc/tasks'])
})

t.test('socket options: zeroactor defaults < actor level < socket side', async t => {
  const p = plan(pipeline)
  const by = Object.fromEntries(p.actors.map(a => [a.name, a]))
  t.same(by.sink!.sockets.pull!.options, { linger: 0 })
  t.same(by.work!.sockets.output!.options, { linger: 500, sendHighWaterMark: 10 })
  t.same(by.work!.sockets.input!.options, { linger: 500 })
})

t.test('built-in kinds get typed sockets; fields other than placement go to config', async t => {
  const p = plan({ pub: { kind: 'publisher', bind: ['w'], source: './count-source.ts#default', rate: 10, params: { n: 3 } }, sub: { kind: 'subscriber', connect: ['w'], subscribe: ['a'] } })
  const [pub, sub] = p.actors
  t.equal(pub!.sockets.pub!.type, 'pub')
  t.equal(sub!.sockets.sub!.type, 'sub')
  t.equal(pub!.config.rate, 10)
  t.same(pub!.params, { n: 3 })
  t.match(pub!.config.source, { spec: './count-source.ts#default', exportName: 'default', url: /count-source\.ts$/ })
  t.match(pub!.module.url, /actors\/publisher\.(ts|js)$/)
  t.same(sub!.config, { subscribe: ['a'] })
  t.equal(pub!.restart, 'transient', 'default restart policy')
})

t.test('explicit endpoints are used as they are', async t => {
  const p = plan({ s: { kind: 'sink', bind: ['tcp://127.0.0.1:*', 'ipc:///tmp/x.sock'] } })
  t.same(p.actors[0]!.sockets.pull!.bind, ['tcp://127.0.0.1:*', 'ipc:///tmp/x.sock'])
  t.same(p.links, [])
})

const errorCases: Array<[string, Record<string, unknown>, string, RegExp]> = [
  ['two binders on one link', { a: { kind: 'sink', bind: ['r'] }, b: { kind: 'sink', bind: ['r'] } }, 'actors.b.bind', /already bound by actor "a"/],
  ['a connect with no binder, at the connect that names it, with a guess', { a: { kind: 'subscriber', connect: ['nobody'] }, b: { kind: 'publisher', bind: ['noboby'], source: './count-source.ts' } }, 'actors.a.connect[0]', /no actor binds it \(did you mean "noboby"\?\)/],
  ['a socket without endpoints', { a: { kind: 'sink' } }, 'actors.a', /at least one "bind" or "connect"/],
  ['a proxy side without endpoints', { a: { kind: 'proxy', frontend: { type: 'pull' }, backend: { type: 'push', bind: ['x'] } } }, 'actors.a.frontend', /at least one/],
  ['a missing handler module', { a: { kind: 'sink', bind: ['r'], handler: './nope.js' } }, 'actors.a.handler', /cannot find module "\.\/nope\.js"/],
  ['a missing actor module', { a: { module: './nope.js' } }, 'actors.a.module', /cannot find module/],
  ['a missing package', { a: { kind: 'sink', bind: ['r'], handler: 'no-such-package-zz' } }, 'actors.a.handler', /cannot find package "no-such-package-zz"/],
  // before: check passed it, and run waited for a subscription that never came and delivered nothing
  ['a worker\'s pull input on a publisher\'s link', { pub: { kind: 'publisher', bind: ['news'], source: './count-source.ts' }, work: { kind: 'worker', handler: './upper.ts', input: { connect: ['news'] }, output: { connect: ['out'] } }, sink: { kind: 'sink', bind: ['out'] } }, 'actors.work.input.connect[0]', /^a pull socket cannot talk to the pub socket "pub" of actor "pub" that binds logical link "news": a pull socket pairs with push, and a pub socket with sub, xsub$/],
  ['a subscriber on a ventilator\'s explicit endpoint', { vent: { kind: 'ventilator', bind: ['ipc:///tmp/za-pairs.sock'], source: './count-source.ts' }, sub: { kind: 'subscriber', connect: ['ipc:///tmp/za-pairs.sock'] } }, 'actors.sub.connect[0]', /a sub socket cannot talk to the push socket "push" of actor "vent" that binds ipc:\/\/\/tmp\/za-pairs\.sock/],
]
for (const [title, actors, path, message] of errorCases) {
  t.test(`rejected before anything starts: ${title}`, async t => {
    const error = await Promise.resolve().then(() => plan(actors)).catch((e: unknown) => e)
    t.ok(error instanceof TopologyError)
    const at = (error as TopologyError).issues.filter(i => i.path === path)
    t.equal(at.length, 1, `one issue at ${path}, said once: ${JSON.stringify((error as TopologyError).issues)}`)
    t.match(at[0]?.message, message)
  })
}

t.test('every pair libzmq lets talk is accepted, a rep socket (a ROUTER underneath) as REP', async t => {
  // [bound, connecting]: each pair both ways (radio and dish: a dish binds the udp group)
  const pairs = [['pub', 'sub'], ['xpub', 'sub'], ['pub', 'xsub'], ['xpub', 'xsub'], ['sub', 'pub'], ['sub', 'xpub'], ['xsub', 'pub'], ['xsub', 'xpub'], ['push', 'pull'], ['pull', 'push'], ['rep', 'req'], ['req', 'rep'], ['rep', 'dealer'], ['dealer', 'rep'], ['router', 'req'], ['req', 'router'], ['router', 'dealer'], ['dealer', 'router'], ['router', 'router'], ['dealer', 'dealer'], ['pair', 'pair'], ['dish', 'radio']]
  // proxy sides: socket types the plan knows (a module's are known once it is loaded: test/cli/check.ts)
  const side = (type: string, way: 'bind' | 'connect', endpoint: string): Record<string, unknown> => ({ kind: 'proxy', frontend: { type, [way]: [endpoint] }, backend: { type: 'pair', bind: [`inproc://${way}`] } })
  for (const [bound, connecting] of pairs) {
    const at = bound === 'dish' ? 'udp://239.0.0.1:5555' : 'l'
    t.doesNotThrow(() => plan({ b: side(bound!, 'bind', at), c: side(connecting!, 'connect', at) }), `${connecting} → ${bound}`)
  }
  t.throws(() => plan({ b: side('pub', 'bind', 'l'), c: side('pull', 'connect', 'l') }), /a pull socket cannot talk to the pub socket "frontend" of actor "b"/, 'control: a pair that cannot talk, the same way')
})

t.test('a package specifier resolves from baseDir', async t => {
  const p = plan({ a: { kind: 'sink', bind: ['r'], handler: 'yaml#parse' } })
  t.match(p.actors[0]!.config.handler, { exportName: 'parse', url: /node_modules\/yaml\// })
})
