// Busy %: each actor thread's event-loop utilisation over the last second, read by the main
// thread. A CPU-bound actor reads near 1, an idle one near 0, in app.stats(), the terminal table
// and Prometheus; a stopped actor has none.
import t from 'tap'
import { renderTable } from '../../src/cli/table.js'
import { metricsRegistry, spawn } from '../../src/index.js'
import { busyShare } from '../../src/runtime/actor-runner.js'
import { kBusyInterval } from '../../src/runtime/types.js'
import { waitFor } from '../../src/testing.js'
import { fixture, inproc } from '../fixtures/topology.js'

t.test('a CPU-bound actor reads busy, an idle one does not', async t => {
  const app = await spawn({
    name: 'busy',
    actors: {
      hot: { module: fixture('js/busy-loop.js'), sockets: { in: { bind: [inproc()] } } },
      idle: { module: fixture('crash-on-demand.ts'), sockets: { in: { bind: [inproc()] } } },
    },
  })
  t.teardown(() => app.stop())
  // an idle thread's raw reading dips below 0 about every other time (H32): the idle actor read
  // once per reading interval, six times, each time in [0, 0.2)
  const idle: number[] = []
  const read = (): boolean => {
    const busy = app.actor('idle').busy
    if (busy !== null) idle.push(busy)
    return idle.length >= 6 && (app.actor('hot').busy ?? 0) > 0.8
  }
  await waitFor(read, { timeout: 15_000, interval: kBusyInterval, message: 'six readings of idle and a busy one of hot' })
  t.ok(app.actor('hot').busy! > 0.8, `hot: ${app.actor('hot').busy}`)
  t.ok(idle.every(b => b >= 0 && b < 0.2), `idle, every reading in [0, 0.2): ${idle.join(', ')}`)

  const table = renderTable(app.stats(), undefined, { columns: 200 })
  t.match(table, /^hot\s.*\s(8\d|9\d|100)%\s/m, 'the table shows hot\'s busy %')
  t.match(table, /^idle\s.*\s\d%\s/m, 'and idle\'s')

  const metrics = await metricsRegistry(app).metrics()
  const ratio = (actor: string): number => Number(new RegExp(`^zeroactor_actor_busy_ratio\\{[^}]*actor="${actor}"[^}]*\\} ([\\d.e-]+)$`, 'm').exec(metrics)?.[1])
  t.ok(ratio('hot') > 0.8, `Prometheus: hot ${ratio('hot')}`)
  t.ok(ratio('idle') < 0.2, `Prometheus: idle ${ratio('idle')}`)

  await app.stop()
  t.equal(app.actor('hot').busy, null, 'a stopped actor has no busy share')
  t.notMatch(await metricsRegistry(app).metrics(), /zeroactor_actor_busy_ratio\{/, 'nor a busy gauge')
})

t.test('a busy share is a share: what Node reads below 0 or above 1 is clamped (H32)', async t => {
  t.equal(busyShare(-0.3), 0)
  t.equal(busyShare(-3e-7), 0)
  t.equal(busyShare(0.25), 0.25)
  t.equal(busyShare(1.2), 1)
  t.equal(busyShare(Number.NaN), null, 'no time passed: no reading')
})
