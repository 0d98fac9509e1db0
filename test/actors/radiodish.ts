// radio and dish: zeromq's draft RADIO/DISH over udp (unicast on loopback here; multicast
// between network namespaces is test/integration/multicast.ts). Messages travel as [group, body]; a
// dish receives only the groups it joined; foreign radio/dish peers interoperate.
import { createSocket } from 'node:dgram'
import t from 'tap'
import { capability } from 'zeromq'
import { Dish, Radio } from 'zeromq/lib/draft.js'
import { spawn, TopologyError, validateTopology } from '../../src/index.js'
import { nextLog } from '../../src/testing.js'
import { fixtures } from '../fixtures/topology.js'

async function freeUdpEndpoint (): Promise<string> {
  const probe = createSocket('udp4')
  await new Promise<void>(resolve => probe.bind(0, '127.0.0.1', resolve))
  const { port } = probe.address()
  await new Promise<void>(resolve => probe.close(() => resolve()))
  return `udp://127.0.0.1:${port}`
}

t.test('radio → dish over udp: only joined groups arrive, as [group, body]', async t => {
  const endpoint = await freeUdpEndpoint()
  const app = await spawn({
    name: 'radio',
    actors: {
      dish: { kind: 'dish', bind: [endpoint], groups: ['weather'], handler: './log-handler.ts' },
      weather: { kind: 'radio', connect: [endpoint], group: 'weather', source: './count-source.ts', params: { prefix: 'w' }, rate: 200 },
      noise: { kind: 'radio', connect: [endpoint], group: 'noise', source: './count-source.ts', params: { prefix: 'n' }, rate: 200 },
    },
  }, { baseDir: fixtures })
  t.teardown(() => app.stop())
  for (let i = 0; i < 10; i++) t.match(await nextLog(app, 'dish'), /^weather\|w\d+$/)
  t.ok(app.actor('noise').sent > 0, 'the other group was sent too, and filtered out')
})

t.test('a dish takes a foreign RADIO\'s datagrams; a radio reaches a foreign DISH', async t => {
  const [inbound, outbound] = [await freeUdpEndpoint(), await freeUdpEndpoint()]
  const app = await spawn({
    name: 'radio-foreign',
    actors: {
      dish: { kind: 'dish', bind: [inbound], groups: ['g1'], handler: './log-handler.ts' },
      radio: { kind: 'radio', connect: [outbound], group: 'g2', source: './count-source.ts', params: { prefix: 'r' }, rate: 200 },
    },
  }, { baseDir: fixtures })
  t.teardown(() => app.stop())
  const foreignDish = new Dish({ linger: 0 })
  t.teardown(() => foreignDish.close())
  await foreignDish.bind(outbound)
  foreignDish.join('g2')
  const [body, { group }] = await foreignDish.receive()
  t.equal(group.toString(), 'g2')
  t.match(body!.toString(), /^r\d+$/, 'one plain datagram: the body, its group beside it')

  const foreignRadio = new Radio({ linger: 0 })
  t.teardown(() => foreignRadio.close())
  foreignRadio.connect(inbound)
  const got = nextLog(app, 'dish')
  const state = { delivered: false }
  void got.then(() => { state.delivered = true })
  while (!state.delivered) { // udp has no connection: datagrams before the dish is joined are lost
    await foreignRadio.send('hello', { group: 'g1' })
    await new Promise(resolve => setTimeout(resolve, 10))
  }
  t.equal(await got, 'g1|hello')
})

t.test('radio/dish fields are validated', async t => {
  const invalid = (actors: Record<string, unknown>): TopologyError => {
    try { validateTopology({ name: 'v', actors }) } catch (error) { return error as TopologyError }
    throw new Error('expected a TopologyError')
  }
  t.match(invalid({ d: { kind: 'dish', bind: ['udp://127.0.0.1:5999'] } }).issues, [{ path: 'actors.d.groups' }])
  t.match(invalid({ r: { kind: 'radio', connect: ['udp://127.0.0.1:5999'], source: './s.js', group: 'a-group-name-too-long' } }).issues, [{ path: 'actors.r.group', message: /at most 15 bytes/ }])
})

t.test('the multicast forms libzmq takes pass validation; pgm/epgm, which this zeromq lacks, are refused saying so', async t => {
  // test/integration/multicast.ts runs the first two between network namespaces
  for (const endpoint of ['udp://239.1.1.1:5600', 'udp://10.0.0.3;239.1.1.1:5600', 'udp://eth0;239.1.1.1:5600']) {
    t.doesNotThrow(() => validateTopology({
      name: 'm',
      actors: {
        d: { kind: 'dish', bind: [endpoint], groups: ['g'], handler: './h.js' },
        r: { kind: 'radio', connect: [endpoint], group: 'g', source: './s.js' },
      },
    }), endpoint)
  }
  t.equal(capability.pgm, false, 'zeromq\'s build has no PGM/EPGM (docs/hazards.md): with one, epgm:// would need a test, not a refusal')
  for (const scheme of ['pgm', 'epgm']) {
    try {
      validateTopology({ name: 'm', actors: { r: { kind: 'radio', connect: [`${scheme}://eth0;239.1.1.1:5600`], group: 'g', source: './s.js' } } })
      t.fail(`${scheme}:// was accepted`)
    } catch (error) {
      t.match((error as TopologyError).issues, [{ path: 'actors.r.connect[0]', message: new RegExp(`^"${scheme}://" needs a libzmq built with PGM.*radio/dish over udp://`) }])
    }
  }
})
