// The first spawn() of a process starts its actor threads while it still loads and validates the
// topology (runtime/pool.ts, prestart): one per actor that runs in this process, and an invalid
// topology ends them again. Each case runs in a fresh process (test/fixtures/js/first-spawn.js).
import t, { type Test } from 'tap'
import { runScript, type ScriptRun } from '../fixtures/script.js'

interface Run extends ScriptRun { code: string | null, started: number, after: number, pool: number }

async function firstSpawn (t: Test, mode: 'valid' | 'invalid' | 'node' | 'process'): Promise<Run> {
  const run = await runScript(t, 'first-spawn.js', [mode], 60_000)
  if (run.err !== '') t.comment(run.err)
  return { ...run, ...JSON.parse(run.out) as Pick<Run, 'code' | 'started' | 'after' | 'pool'> }
}

t.test('four actors: four threads start while the topology is validated, and the actors run on them', async t => {
  const run = await firstSpawn(t, 'valid')
  t.equal(run.code, null, 'every actor READY')
  t.equal(run.started, 4, 'four threads running while the last actor was validated')
  t.equal(run.pool, 4, 'the pool has those four, not one more, after the actors ran')
  t.same(run.exit, [0, null], 'exits 0')
  t.ok(run.afterOutputMs < 5000, `by itself, within 5 s of its stop (${run.afterOutputMs} ms)`)
})

t.test('an invalid topology: the threads started for it are ended before spawn() rejects', async t => {
  const run = await firstSpawn(t, 'invalid')
  t.equal(run.code, 'ERR_ACTOR_INVALID_TOPOLOGY', 'spawn() rejected the topology')
  t.equal(run.started, 4, 'four threads had started')
  t.equal(run.after, 0, 'none is left when spawn() rejects')
  t.same(run.exit, [0, null], 'exits 0')
  t.ok(run.afterOutputMs < 5000, `by itself, within 5 s (${run.afterOutputMs} ms)`)
})

t.test('spawn({ node }): threads only for that node\'s actors', async t => {
  const run = await firstSpawn(t, 'node')
  t.equal(run.code, null, 'node b READY')
  t.equal(run.started, 2, 'two threads, for node b\'s two actors')
  t.equal(run.pool, 2, 'the two it ran them on')
})

t.test('actors in the main process, named or not, get threads; one in a child process does not', async t => {
  const run = await firstSpawn(t, 'process')
  t.equal(run.code, null, 'every actor READY')
  t.equal(run.started, 2, 'two threads')
  t.equal(run.pool, 2, 'the two the main process ran its actors on')
})
