// Flat over time, in short (the long soak is `npm run soak`, figures in docs/performance.md):
// 30 spawn/stop cycles in one process leave no descriptor, thread or child process behind and the
// process exits by itself after the last stop; a topology with pub/sub and a pipeline across
// processes at a moderate rate keeps descriptors and threads flat and delivers everything.
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import t from 'tap'
import { retainedGrowth } from '../../bench/soak/soak.js'
import { runScript } from '../fixtures/script.js'
import { fixture } from '../fixtures/topology.js'

interface Sample { fds: number, threads: number, children: number }

t.test('30 spawn/stop cycles in one process: no descriptor, thread or child left; the process exits by itself', async t => {
  const { out, err, exit, afterOutputMs } = await runScript(t, 'cycles.js', ['30'], 120_000)
  t.same(exit, [0, null], `exits 0 by itself ${err}`)
  t.ok(afterOutputMs < 5000, `within 5 s of its last stop (${afterOutputMs} ms)`)
  const { first, last } = JSON.parse(out) as { first: Sample, last: Sample }
  t.same(last, first, 'descriptors, threads and child processes after the 30th stop are those after the 1st')
  t.equal(last.children, 0, 'no child process left')
})

t.test('a short soak (20 s, 500 msg/s each way, threads and child processes): descriptors and threads flat, nothing lost', async t => {
  const json = join(t.testdir(), 'soak.json')
  const child = spawn(process.execPath, [fixture('../../dist/bench/soak/main.js'), '--seconds', '20', '--every', '2', '--rate', '500', '--json', json], { stdio: ['ignore', 'pipe', 'pipe'] })
  const timer = setTimeout(() => child.kill('SIGKILL'), 90_000)
  t.teardown(() => { clearTimeout(timer); child.kill('SIGKILL') })
  await once(child, 'exit')
  const result = JSON.parse(readFileSync(json, 'utf8')) as { growth: { rssMB: number, fds: number, threads: number }, restarts: number, failures: string[], delivered: { tasksSent: number, resultsReceived: number, ticksSent: number, ticksReceived: number }, samples: Array<{ processes: number }> }
  t.ok(result.samples.every(s => s.processes === 3), 'the node runtime and its two child processes throughout')
  t.equal(result.growth.fds, 0, 'descriptors flat after the warm-up')
  t.equal(result.growth.threads, 0, 'threads flat after the warm-up')
  t.same([result.restarts, result.failures], [0, []], 'no restart, no failure')
  const { tasksSent, resultsReceived, ticksSent, ticksReceived } = result.delivered
  t.ok(tasksSent > 8000 && ticksSent > 8000, `traffic flowed: ${tasksSent} tasks, ${ticksSent} ticks`)
  // what is in flight when the soak stops is at most a fraction of a second's worth
  t.ok(tasksSent - resultsReceived <= 500, `results: ${resultsReceived} of ${tasksSent}`)
  t.ok(ticksSent - ticksReceived <= 500, `ticks: ${ticksReceived} of ${ticksSent} at each subscriber`)
})

// The rule `npm run soak` judges retained memory by (bench/soak/soak.ts): troughs of the last
// quarter after the warm-up against those of the second, each sample 30 s apart
t.test('the soak\'s memory rule: a warm-up that ends late is not growth; a steady leak and a step later on are', async t => {
  const saw = (i: number): number => (i % 4) * 3 // a 9 MB saw, as every thread's heap grows until its next full collection
  const run = (level: (i: number) => number): Array<{ rssMB: number }> => Array.from({ length: 48 }, (_, i) => ({ rssMB: 350 + level(i) + saw(i) }))
  t.equal(retainedGrowth(run(() => 0)), 0, 'flat')
  // the 30-minute run of 2026-12-03: a process stepped up 30 MB at minute 7 of a 6-minute warm-up (+33 MB by the old rule)
  t.equal(retainedGrowth(run(i => (i >= 2 ? 30 : 0))), 0, 'a step in the first quarter: the process levelled off late')
  t.equal(retainedGrowth(run(i => i)), 24, 'a leak of 1 MB a sample: half its rise over the span, as before')
  t.equal(retainedGrowth(run(i => (i >= 30 ? 30 : 0))), 30, 'a step in the third quarter counts')
})
