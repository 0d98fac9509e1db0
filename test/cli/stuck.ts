// An actor stuck in a CPU loop in the CLI's own process: the stop reports stop-timeout, the
// summary is printed, and the process still ends by itself instead of hanging until a second
// Ctrl-C, and never aborts (H1). Ending a busy thread whose sockets are open aborts the process
// (`terminate called after throwing an instance of 'Napi::Error'`: with a tcp socket, whose
// monitor has a receive in flight, 6 runs in 6), so the process ends itself with SIGKILL, the
// same way every time (runtime/stuck-threads.ts). Runs the built CLI as a user does.
import { execFile } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import t from 'tap'
import { freeEndpoint } from '../fixtures/peers.js'
import { fixture } from '../fixtures/topology.js'

const hog = fixture('js/stuck.js')

for (const [where, endpoint] of [['over inproc', async () => 'tasks'], ['over tcp', freeEndpoint]] as const) {
  t.test(`a stuck actor thread with a socket ${where}: summary, then the process ends itself with SIGKILL, twice in two runs`, async t => {
    const file = join(t.testdir(), 'stuck.json')
    writeFileSync(file, JSON.stringify({ name: 'stuck', shutdownTimeout: 300, actors: { hog: { module: hog, sockets: { in: { bind: [await endpoint()] } } } } }))
    for (let run = 1; run <= 2; run++) {
      const started = Date.now()
      const { signal, stderr } = await new Promise<{ signal: string | null, stderr: string }>(resolve => {
        execFile(process.execPath, [fixture('../../dist/src/cli/bin.js'), 'run', file, '--duration', '1', '--no-table'], { timeout: 30_000 }, (error, _stdout, stderr) => {
          resolve({ signal: (error as { signal?: string } | null)?.signal ?? null, stderr })
        })
      })
      t.equal(signal, 'SIGKILL', `run ${run}: ${stderr}`)
      t.match(stderr, /did not stop within 300 ms after \$TERM \(stop-timeout\)/)
      const summary = stderr.indexOf('ended: duration of 1 s')
      const end = stderr.indexOf('zeroactor: the thread of actor "hog" has not closed its sockets (stuck in a loop, or still closing); ending it would abort the process (H1), so the process ends itself with SIGKILL instead of exit code 1')
      t.ok(summary >= 0 && end > summary, 'the summary, then why the process ends with SIGKILL')
      t.notMatch(stderr, /Napi::Error|Abort/, 'no abort')
      t.ok(Date.now() - started < 20_000, 'it ends by itself, not at the 30 s timeout')
    }
  })
}
