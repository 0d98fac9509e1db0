// The readiness barrier on its own: it opens with nothing missing once every token is seen, or
// with the tokens still missing when its timeout passes; it opens once.
import t from 'tap'
import { ReadinessBarrier } from '../../../src/actor/socket/readiness-barrier.js'

t.test('opens once every token is seen, with nothing missing', async t => {
  const barrier = new ReadinessBarrier(['a', 'b'])
  barrier.arm(60_000)
  barrier.saw('a')
  t.equal(barrier.open, false)
  barrier.saw('x')
  barrier.saw('b')
  t.same(await barrier.opened, [])
  t.equal(barrier.open, true)
})

t.test('opens after its timeout with the tokens still missing', async t => {
  const barrier = new ReadinessBarrier(['a', 'b'])
  barrier.saw('a')
  // the barrier's timer does not hold the process open (an actor thread must be free to end)
  const keepAlive = setTimeout(() => {}, 5000)
  t.teardown(() => clearTimeout(keepAlive))
  barrier.arm(10)
  t.same(await barrier.opened, ['b'])
  barrier.saw('b')
  t.same(await barrier.opened, ['b'], 'opened once')
})
