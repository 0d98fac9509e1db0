// Chaos: for 20 s, an actor of a topology with every pattern is killed every 500 ms (an uncaught
// exception or an unhandled rejection in its thread), on the built package in a child process
// (see fixtures/js/chaos/run.js). What must hold at the end:
// - the process is alive and every actor running again;
// - the acknowledged pipeline lost nothing;
// - every pub/sub loss falls inside a kill window of the publisher, the proxy or that subscriber;
// - every request got exactly its reply, or failed explicitly (Lazy Pirate), and none hung.
import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import t from 'tap'
import { untracked } from '../fixtures/untracked.js'

const kDuration = 20_000
const kInterval = 500
const kTasks = 2000
/** a loss is detected when the next message arrives: allow that long after the kill window ends */
const kDetectMs = 1500

interface Kill { actor: string, how: string, at: number, readyAt?: number }
interface Report {
  seed: number
  kills: Kill[]
  restarts: Array<{ actor: string, at: number, code: string | null, message: string | null }>
  ventFinishedAt: number | null
  logs: Array<{ actor: string, text: string, at: number }>
  states: Record<string, string>
  progressed: Record<string, number>
}

t.test(`${kDuration / 1000} s of random kills: nothing hangs, nothing is lost that should not be`, { timeout: 180_000 }, async t => {
  const script = fileURLToPath(new URL('../fixtures/js/chaos/run.js', import.meta.url))
  const { code, stdout, stderr } = await new Promise<{ code: number | null, stdout: string, stderr: string }>(resolve => {
    execFile(...untracked([script, String(kDuration), String(kInterval), String(kTasks)]), { timeout: 150_000, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ code: error === null ? 0 : (error as { code?: number }).code ?? null, stdout, stderr })
    })
  })
  t.equal(code, 0, `the process lived through it and exited 0 ${stderr}`)
  const report = JSON.parse(stdout) as Report
  t.comment(`seed ${report.seed} (CHAOS_SEED=${report.seed} replays the kill sequence)`)

  // only armed, running actors are killed: on a loaded machine some turns find none
  t.ok(report.kills.length >= (kDuration / kInterval) / 2, `${report.kills.length} kills`)
  t.same(new Set(report.kills.map(k => k.how)), new Set(['throw', 'reject']), 'both kinds of kill')
  const crashes = report.restarts.filter(r => r.code === 'ERR_ACTOR_CRASHED')
  t.equal(crashes.length, report.kills.length, 'every kill was a crash, and each was restarted')
  t.ok(report.kills.every(k => k.readyAt !== undefined), 'every killed actor was READY again')

  const { vent, ...others } = report.states
  t.equal(vent, 'stopped', 'the ventilator finished')
  t.same(new Set(Object.values(others)), new Set(['running']), 'every other actor is running')
  t.comment(`ventilator: ${report.logs.find(l => l.actor === 'vent')?.text}`)
  t.match(report.logs.find(l => l.actor === 'vent')?.text, new RegExp(`^acked ${kTasks} of ${kTasks}, resent \\d+$`), 'the acknowledged pipeline lost nothing')

  const gaps = report.logs.filter(l => l.text.startsWith('gap '))
  const unexplained = gaps.filter(g => !report.kills.some(k =>
    ['pub', 'proxy', g.actor].includes(k.actor) && g.at >= k.at && g.at <= (k.readyAt ?? Infinity) + kDetectMs))
  t.same(unexplained, [], `each of the ${gaps.length} pub/sub losses falls inside a kill window`)

  t.same(report.logs.filter(l => l.text.startsWith('wrong reply') || l.text.startsWith('FAILED')), [], 'no request got a wrong or second reply; no actor failed for good')
  const requestErrors = report.restarts.filter(r => r.actor.startsWith('req') && r.code !== 'ERR_ACTOR_CRASHED')
  t.ok(requestErrors.every(r => r.code === 'ERR_ACTOR_REQUEST_TIMEOUT'), 'a requester that gave up said so (RequestTimeoutError)')
  for (const [actor, moved] of Object.entries(report.progressed)) t.ok(moved > 0, `${actor} still moves after the chaos (${moved} messages in the last second)`)
})
