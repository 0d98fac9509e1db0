// Every problem of a topology in one pass, each with a "did you mean" where a known name is near:
// a file with six mistakes is fixed in one round, not five (before, schema errors hid unknown
// `until` names, and one broken actor hid the others' problems).
import t from 'tap'
import { TopologyError, validateTopology } from '../../src/index.js'

t.test('six mistakes, six issues, one round', async t => {
  const topology = {
    name: 'six',
    until: ['sinc'],
    groups: { g: { actors: ['wrker'] } },
    actors: {
      vent: { kind: 'ventilatr', bind: ['tasks'], source: './count-source.ts' },
      sink: { kind: 'sink', bind: ['results'], lingr: 5 },
      worker: { kind: 'worker', handler: './upper.ts', input: { conect: ['tasks'] }, output: { connect: ['results'] } },
      sub: { kind: 'subscriber', connect: ['news'], count: 0 },
    },
  }
  let error: unknown
  try { validateTopology(topology) } catch (e) { error = e }
  t.ok(error instanceof TopologyError)
  const issues = (error as TopologyError).issues.map(i => `${i.path}: ${i.message}`).sort()
  t.match(issues, [
    /^actors\.sink\.lingr: unknown field \(did you mean "linger"\?\)$/,
    /^actors\.sub\.count: Too small/,
    /^actors\.vent\.kind: unknown kind "ventilatr" \(did you mean "ventilator"\?\)/,
    /^actors\.worker\.input\.conect: unknown field \(did you mean "connect"\?\)$/,
    /^groups\.g\.actors\[0\]: no actor is named "wrker" \(did you mean "worker"\?\)$/,
    /^until\[0\]: no actor is named "sinc" \(did you mean "sink"\?\)$/,
  ])
  t.equal(issues.length, 6)
})

t.test('no suggestion where nothing is near', async t => {
  let error: unknown
  try { validateTopology({ name: 'x', actors: { a: { kind: 'sink', bind: ['r'], zzzzzzzz: 1 } } }) } catch (e) { error = e }
  t.same((error as TopologyError).issues, [{ path: 'actors.a.zzzzzzzz', message: 'unknown field' }])
})

t.test('missing modules are reported with the schema problems, from valid and invalid actors alike', async t => {
  const dir = t.testdir({ 'here.js': 'export default function * () {}\n' })
  let error: unknown
  try {
    validateTopology({
      name: 'mods',
      actors: {
        pub: { kind: 'publisher', bind: ['ticks'], source: './gone.js', lingr: 5 },
        ok: { kind: 'ventilator', bind: ['tasks'], source: './here.js' },
        sink: { kind: 'sink', connect: ['tasks'], handler: './missing-handler.js' },
        own: { module: './nowhere.js' },
      },
    }, undefined, dir)
  } catch (e) { error = e }
  const issues = (error as TopologyError).issues.map(i => `${i.path}: ${i.message}`).sort()
  t.match(issues, [
    /^actors\.own\.module: cannot find module "\.\/nowhere\.js"/,
    /^actors\.pub\.lingr: unknown field/,
    /^actors\.pub\.source: cannot find module "\.\/gone\.js"/,
    /^actors\.sink\.handler: cannot find module "\.\/missing-handler\.js"/,
  ])
  t.equal(issues.length, 4)
})
