// The first spawn() of a process starts its actor threads while it still loads and validates the
// topology (runtime/pool.ts, prestart): as many threads as actors, never more, and an invalid
// topology leaves nothing that keeps the process alive.
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import t, { type Test } from 'tap'
import { fixture } from '../fixtures/topology.js'

async function firstSpawn (t: Test, mode: 'valid' | 'invalid'): Promise<{ code: string | null, threads: number, exit: [number | null, string | null], afterOutputMs: number }> {
  const child = spawn(process.execPath, [fixture('js/first-spawn.js'), mode], { stdio: ['ignore', 'pipe', 'pipe'] })
  let out = ''
  let err = ''
  let printedAt = 0
  child.stdout.on('data', chunk => { out += String(chunk); printedAt ||= Date.now() })
  child.stderr.on('data', chunk => { err += String(chunk) })
  const timer = setTimeout(() => child.kill('SIGKILL'), 60_000)
  t.teardown(() => { clearTimeout(timer); child.kill('SIGKILL') })
  const exit = await once(child, 'exit') as [number | null, string | null]
  t.comment(err)
  return { ...JSON.parse(out) as { code: string | null, threads: number }, exit, afterOutputMs: Date.now() - printedAt }
}

t.test('a valid topology: one thread per actor, not one more', async t => {
  const run = await firstSpawn(t, 'valid')
  t.same(run.exit, [0, null], 'exits 0')
  t.equal(run.code, null, 'all four actors READY')
  t.equal(run.threads, 4, 'four threads in the pool')
  t.ok(run.afterOutputMs < 5000, `exits by itself within 5 s of its stop (${run.afterOutputMs} ms)`)
})

t.test('an invalid topology: the threads started early do not keep the process alive', async t => {
  const run = await firstSpawn(t, 'invalid')
  t.same(run.exit, [0, null], 'exits 0')
  t.equal(run.code, 'ERR_ACTOR_INVALID_TOPOLOGY', 'spawn() rejected the topology')
  t.ok(run.afterOutputMs < 5000, `exits by itself within 5 s (${run.afterOutputMs} ms)`)
})
