// Socket options where the topology puts them: an option set for the whole actor goes to the
// sockets that have it; one that no socket of the actor can have, or one set on a side that
// cannot have it, is refused by the planner with its path (before: the run failed at start with
// zeromq.js's "Cannot add property ..., object is not extensible").
import t from 'tap'
import { planTopology, TopologyError, validateTopology } from '../../src/index.js'
import { fixtures } from '../fixtures/topology.js'

const plan = (actors: Record<string, unknown>): ReturnType<typeof planTopology> =>
  planTopology(validateTopology({ name: 'o', actors }), { baseDir: fixtures })

function issues (actors: Record<string, unknown>): Array<{ path: string, message: string }> {
  try {
    plan(actors)
  } catch (error) {
    if (error instanceof TopologyError) return error.issues
    throw error
  }
  return []
}

const vent = { kind: 'ventilator', bind: ['tasks'], source: './count-source.ts' }
const sink = { kind: 'sink', bind: ['results'] }

t.test('an actor-level option reaches the sockets that have it, and only those', async t => {
  const p = plan({ vent, work: { kind: 'worker', handler: './upper.ts', receiveHighWaterMark: 10, sendHighWaterMark: 20, input: { connect: ['tasks'] }, output: { connect: ['results'] } }, sink })
  const work = p.actors.find(a => a.name === 'work')!
  t.equal(work.sockets.input!.options.receiveHighWaterMark, 10)
  t.equal(work.sockets.input!.options.sendHighWaterMark, undefined, 'a pull socket has no send high-water mark')
  t.equal(work.sockets.output!.options.sendHighWaterMark, 20)
  t.equal(work.sockets.output!.options.receiveHighWaterMark, undefined)
})

t.test('an option no socket of the actor can have is refused with its path', async t => {
  t.match(issues({ vent, sink: { ...sink, sendHighWaterMark: 5 } }), [{ path: 'actors.sink.sendHighWaterMark', message: /does not apply to any socket of a sink \(pull\): an option of sending sockets/ }])
  t.match(issues({ vent, sink: { ...sink, sendTimeout: 100 } }), [{ path: 'actors.sink.sendTimeout' }])
  t.match(issues({ pub: { kind: 'publisher', bind: ['t'], source: './count-source.ts' }, sub: { kind: 'subscriber', connect: ['t'], noDrop: true } }), [{ path: 'actors.sub.noDrop' }])
})

t.test('an option set on a side that cannot have it is refused at that side', async t => {
  t.match(issues({ vent, work: { kind: 'worker', handler: './upper.ts', input: { connect: ['tasks'], sendHighWaterMark: 5 }, output: { connect: ['results'] } }, sink }),
    [{ path: 'actors.work.input.sendHighWaterMark', message: /does not apply to a pull socket/ }])
})
