// H33: an error nobody catches in the main thread while actors run. Node would end the process
// at once, ending the actor threads with their sockets open, and zeromq aborted it ("terminate
// called after throwing an instance of 'Napi::Error'", exit 134, 3 runs in 3). The runtime stops
// its apps first, then exits 1 as Node would; a process with a handler of its own keeps it.
// Also H34, process.exit() while actors run (at the end).
import t from 'tap'
import { runScript } from '../fixtures/script.js'

for (const mode of ['exception', 'rejection'] as const) {
  t.test(`an uncaught ${mode} while actors stream: the error, the apps stopped, exit 1, no abort (3 runs)`, async t => {
    for (let run = 1; run <= 3; run++) {
      const { out, err, exit } = await runScript(t, 'uncaught.js', [mode], 60_000)
      t.equal(out, 'running\n', `run ${run}: the actors ran`)
      t.same(exit, [1, null], `run ${run}: exit 1 ${err}`)
      t.match(err, mode === 'exception' ? /Uncaught exception in the main thread: Error: an exception nobody caught/ : /Unhandled rejection in the main thread: Error: a rejection nobody handled/, `run ${run}: the error is printed`)
      t.match(err, /zeroactor: stopping the running app before the process exits/, `run ${run}: the app is stopped first`)
      t.notMatch(err, /Napi::Error|terminate called|Aborted/, `run ${run}: no abort`)
    }
  })
}

t.test('a process with its own uncaughtException handler keeps it: the runtime stays out of the way', async t => {
  const { out, err, exit } = await runScript(t, 'uncaught.js', ['handled'], 60_000)
  t.equal(out, 'running\nhandled an exception nobody caught\n', 'its handler ran and stopped the app')
  t.same(exit, [0, null], `and the process ended by itself ${err}`)
  t.notMatch(err, /zeroactor: stopping/, 'the runtime did nothing')
})

// H34: process.exit() while actors stream ended every actor thread with its sockets open and
// zeromq aborted the process (exit 134, 5 runs in 6); the actors now close their sockets first
for (const [mode, code, what] of [['exit', 3, ''], ['exit-listener', 4, ', with an earlier exit listener that calls process.exit(4)']] as const) {
  t.test(`process.exit(3) while actors stream${what}: exit ${code}, no abort (3 runs)`, async t => {
    for (let run = 1; run <= 3; run++) {
      const { out, err, exit } = await runScript(t, 'uncaught.js', [mode], 60_000)
      t.equal(out, 'running\n', `run ${run}: the actors ran`)
      t.same(exit, [code, null], `run ${run}: the code given to process.exit() ${err}`)
      t.equal(err, '', `run ${run}: nothing on stderr (no abort, no actor left open)`)
    }
  })
}

// H1: an actor stuck in a CPU loop cannot close its sockets, and the process aborted around it
// (`Napi::Error`): it now says so and ends itself with SIGKILL, the same way every time
t.test('process.exit(3) with an actor stuck in a CPU loop: the process says which, and ends with SIGKILL, not an abort (2 runs)', async t => {
  for (let run = 1; run <= 2; run++) {
    const { out, err, exit } = await runScript(t, 'uncaught.js', ['exit-stuck'], 60_000)
    t.equal(out, 'running\n', `run ${run}: the actors ran`)
    t.same(exit, [null, 'SIGKILL'], `run ${run}: ended by SIGKILL ${err}`)
    t.equal(err, 'zeroactor: the thread of actor "hog" has not closed its sockets (stuck in a loop, or still closing); ending it would abort the process (H1), so the process ends itself with SIGKILL instead of exit code 3 (give an actor that may block its thread a "process" of its own: that process is ended instead, and this one exits as it should)\n', `run ${run}: and said why`)
  }
})
