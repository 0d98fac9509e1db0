// An actor stuck in a CPU loop in the CLI's own process: the stop reports stop-timeout, the
// summary is printed, and the process still exits by itself (exit 1, no abort) instead of hanging
// until a second Ctrl-C. Runs the built CLI as a user does.
import { execFile } from 'node:child_process'
import t from 'tap'
import { fixture } from '../fixtures/topology.js'

t.test('a stuck actor thread: summary, then exit 1 by itself', async t => {
  const started = Date.now()
  const { code, stderr } = await new Promise<{ code: number | null, stderr: string }>(resolve => {
    execFile(process.execPath, [fixture('../../dist/src/cli/bin.js'), 'run', fixture('topologies/stuck.json'), '--duration', '1', '--no-table'], { timeout: 30_000 }, (error, _stdout, stderr) => {
      resolve({ code: error === null ? 0 : (error as { code?: number }).code ?? null, stderr })
    })
  })
  t.equal(code, 1, stderr)
  t.match(stderr, /did not stop within 300 ms after \$TERM \(stop-timeout\)/)
  t.match(stderr, /ended: duration of 1 s/)
  t.match(stderr, /an actor thread is still busy \(see stop-timeout above\); exiting without it/)
  t.notMatch(stderr, /Napi::Error|Abort/, 'no abort')
  t.ok(Date.now() - started < 20_000, 'it exits by itself, not at the 30 s timeout')
})
