// When a node's app is done by itself (runtime/until.ts): its until actors have finished, and no
// actor of it that is still running feeds a consumer on another node (H37). The whole path, two
// nodes: test/runtime/links.ts and test/cli/nodes.ts.
import { EventEmitter, once } from 'node:events'
import t from 'tap'
import type { ActorPlan } from '../../src/plan/types.js'
import { Until } from '../../src/runtime/until.js'

interface Fake { name: string, plan: ActorPlan, finished: boolean, far: number, farConsumers: () => number }

/**
 * A ventilator and a worker of one node, each with `far` consumers on other nodes; the worker's
 * output holds for them (plan/holds.ts), with the linger `workerLinger` where given.
 */
function members (workerLinger?: number): { vent: Fake, worker: Fake } {
  const output = { connect: ['tcp://127.0.0.1:5700'], bind: [], options: { linger: workerLinger ?? 500 }, ...(workerLinger === undefined ? {} : { lingerGiven: true }), framing: { holdsUntilPeersLeave: true } }
  const member = (name: string, sockets: Record<string, unknown>): Fake => {
    const m: Fake = { name, plan: { name, sockets } as unknown as ActorPlan, finished: false, far: 0, farConsumers: () => m.far }
    return m
  }
  return { vent: member('vent', {}), worker: member('worker', { output }) }
}

t.test('done once the until actors have finished, at once when nothing running feeds another node', async t => {
  const { vent, worker } = members()
  let done = 0
  const until = new Until(['vent'], () => [vent, worker], () => { done++ })
  until.check()
  t.equal(done, 0, 'not before the until actors have finished')
  vent.finished = true
  vent.far = 1 // a finished actor's own wait is over (host/tail.ts): it does not count
  until.finished()
  t.equal(done, 1, 'the ventilator finished, and the worker feeds no one on another node')
})

t.test('a running actor with consumers on other nodes keeps the app going until they have left, and says so once', async t => {
  const { vent, worker } = members()
  let done = 0
  const logs: string[] = []
  const until = new Until(['vent'], () => [vent, worker], () => { done++ }, (actor, text) => logs.push(`[${actor}] ${text}`))
  worker.far = 2
  vent.finished = true
  until.finished()
  until.check()
  t.equal(done, 0, 'the worker still feeds two consumers on other nodes')
  t.same(logs, ['[worker] the until actors of this node have finished; it goes on until its consumers on other nodes have read everything and left'], 'it says why')
  worker.far = 1
  until.check()
  t.equal(done, 0, 'one left, one is still there')
  worker.far = 0
  until.check()
  t.equal(done, 1, 'both left')
  t.equal(logs.length, 1, 'said once')
})

t.test('without a log (a child process\'s app), it waits all the same and says nothing', async t => {
  const { vent, worker } = members()
  let done = 0
  const until = new Until(['vent'], () => [vent, worker], () => { done++ })
  worker.far = 1
  vent.finished = true
  until.finished()
  t.equal(done, 0, 'the worker feeds a consumer on another node')
  worker.finished = true
  until.check()
  t.equal(done, 1, 'a worker that finished has had its own wait')
})

t.test('with a linger the topology gives the worker\'s output, the app waits at most that long, then says it gave up', async t => {
  const { vent, worker } = members(50)
  // a running app keeps its process alive; Until's own timers do not (they are unref'd)
  const alive = setInterval(() => {}, 1000)
  t.teardown(() => { clearInterval(alive) })
  const doneNow = new EventEmitter()
  const logs: string[] = []
  const until = new Until(['vent'], () => [vent, worker], () => doneNow.emit('done'), (actor, text) => logs.push(`[${actor}] ${text}`))
  worker.far = 1
  vent.finished = true
  const started = Date.now()
  const done = once(doneNow, 'done')
  until.finished()
  t.same(logs, ['[worker] the until actors of this node have finished; it goes on until its consumers on other nodes have read everything and left (at most 50 ms: its linger)'])
  await done
  t.ok(Date.now() - started >= 49, 'done once the linger has passed')
  t.same(logs.slice(1), ['[worker] gave up after its linger of 50 ms: its consumers on other nodes had not left; it no longer keeps the node up, and what they had not read when the node stops may be lost'])
})
