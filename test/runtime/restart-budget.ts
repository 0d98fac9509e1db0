// The restart budget shared by supervisors and child processes: restarts within the period count,
// older ones fall out, the backoff doubles and is capped, and the error names who, the budget and
// the last error, with the history attached.
import t from 'tap'
import { RestartIntensityError } from '../../src/errors.js'
import { kBackoff, kMaxBackoff, RestartBudget } from '../../src/runtime/restart-budget.js'

t.test('restarts within the period count; one too many is refused', async t => {
  const budget = new RestartBudget(2, 1000)
  t.equal(budget.spend('a', new Error('one'), 0), true)
  t.equal(budget.backoff, kBackoff)
  t.equal(budget.spend('a', new Error('two'), 100), true)
  t.equal(budget.backoff, 2 * kBackoff, 'the backoff doubles')
  t.equal(budget.spend('a', new Error('three'), 200), false)
  t.same(budget.history.map(r => r.error), ['one', 'two', 'three'])
})

t.test('restarts older than the period fall out of the budget', async t => {
  const budget = new RestartBudget(1, 1000)
  t.equal(budget.spend('a', undefined, 0), true)
  t.equal(budget.spend('a', undefined, 1500), true, 'the first restart has left the period')
  t.same(budget.history, [{ actor: 'a', at: 1500, error: null }])
})

t.test('the backoff is capped', async t => {
  const budget = new RestartBudget(100, 60_000)
  for (let i = 0; i < 20; i++) budget.spend('a', undefined, i)
  t.equal(budget.backoff, kMaxBackoff)
})

t.test('exceeded() names who, the budget, where and the last error', async t => {
  const budget = new RestartBudget(0, 5000)
  const last = new Error('boom')
  budget.spend('p', last, 0)
  const error = budget.exceeded('process "p"', '', last)
  t.ok(error instanceof RestartIntensityError)
  t.equal(error.code, 'ERR_ACTOR_RESTART_INTENSITY')
  t.equal(error.message, 'process "p": restart-intensity-exceeded (0 restarts within 5000 ms); last error: boom')
  t.equal(error.cause, last)
  t.equal(error.history.length, 1)
})
