// SIGINT/SIGTERM on `zeroactor run` under full traffic, in a real child process: every actor
// stopped within 500 ms, the process gone within 2 s, exit code 0, no "Waiting for queued
// ZeroMQ messages" hang (H3). It runs the built CLI (`npm test` builds first) as a user would:
// under tap's TypeScript loader every actor thread compiles TypeScript at start, which on 2 cores
// makes start-up, not the stop being measured, take tens of seconds.
import t from 'tap'
import { runCli } from '../fixtures/cli.js'
import { fixture } from '../fixtures/topology.js'

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  t.test(`${signal} under full traffic: graceful stop, exit 0`, async t => {
    const cli = await runCli(t, fixture('topologies/full-traffic.json'), 'traffic flowing')
    const { code, exitMs, stats } = await cli.stop(signal)
    const stderr = cli.stderr()
    t.equal(code, 0, stderr)
    t.ok(exitMs <= 2000, `exited ${exitMs} ms after ${signal} (≤ 2000)`)
    t.notMatch(stderr, /Waiting for queued ZeroMQ messages/)
    t.ok(stats.stopMs <= 500, `every actor stopped in ${stats.stopMs} ms (≤ 500)`)
    for (const [name, actor] of Object.entries(stats.actors)) t.equal(actor.state, 'stopped', `${name} stopped`)
    t.ok(stats.actors.sink!.received >= 1000, 'traffic was flowing')
    t.match(stderr, new RegExp(`ended: ${signal}`))
  })
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  t.test(`${signal} while the actors are still starting: they stop gracefully once up, summary and stats, exit 0`, async t => {
    const cli = await runCli(t, fixture('topologies/slow-start.json'), 'init started')
    const { code, stats } = await cli.stop(signal)
    t.equal(code, 0, cli.stderr())
    t.match(cli.stderr(), new RegExp(`ended: ${signal}`), 'the summary says why it ended')
    t.equal(stats.actors.slow!.state, 'stopped')
  })
}
