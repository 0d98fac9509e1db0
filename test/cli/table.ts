// The live table as a person sees it: fitted to the terminal (no line wraps, no row runs off the
// screen), so the redraw in place leaves no stale copy behind. renderTable is tested as text, and
// the CLI in a real terminal: tmux at 80×24 and 200×50, reading the whole screen and scrollback.
import { execFileSync, spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import t from 'tap'
import { renderTable } from '../../src/cli/table.js'
import type { ActorStats, Stats } from '../../src/runtime/types.js'
import { waitFor } from '../../src/testing.js'

function stats (actors: number, name = (i: number) => `actor-${i}`): Stats {
  const line: ActorStats = { kind: 'subscriber', state: 'running', pid: 123456, threadId: 17, restarts: 2, sent: 123456789, received: 987654321, errors: 0, bytesSent: 0, bytesReceived: 0, busy: 0.42 }
  return { topology: 'wide', elapsedMs: 1500, actors: Object.fromEntries(Array.from({ length: actors }, (_, i) => [name(i), line])) }
}

t.test('fitted to 80 columns: columns dropped by priority, no line over 79 characters', async t => {
  const text = renderTable(stats(3), undefined, { columns: 80, rows: 24 })
  for (const line of text.trimEnd().split('\n')) t.ok(line.length <= 79, `${line.length}: ${line}`)
  t.match(text, /actor\s+state/, 'actor and state stay')
  t.notMatch(text, /thread/, 'thread goes first')
  t.match(renderTable(stats(3), undefined, { columns: 200 }), /thread/, 'a wide terminal shows every column')
})

t.test('fitted to the height: rows past the screen are summed up in one line', async t => {
  const lines = renderTable(stats(40), undefined, { columns: 80, rows: 24 }).trimEnd().split('\n')
  t.ok(lines.length <= 23, `${lines.length} lines on a 24-row screen`)
  t.match(lines[lines.length - 1], /… and 20 more actors/)
})

t.test('a name longer than the screen is cut, never wrapped', async t => {
  const text = renderTable(stats(1, () => 'x'.repeat(300)), undefined, { columns: 80, rows: 24 })
  for (const line of text.trimEnd().split('\n')) t.ok(line.length <= 79)
})

t.test('long names give way before the counts do: cut to 24 characters first, and the state always shows', async t => {
  const long = renderTable(stats(2, i => `${'a-very-long-actor-name-from-a-generated-topology'}-${i}`), undefined, { columns: 80, rows: 24 })
  const [, header, row] = long.split('\n')
  t.match(header, /^actor\s+state\s+sent\s+received\s+msg\/s\s+busy\s+errors$/, `the counts stay (before: a 55-character name left only actor, state, msg/s and busy)\n${long}`)
  t.match(row, /^a-very-long-actor-name-… {2}running {2}/, 'the name is cut to 24 characters, the cut marked')
  const longer = renderTable(stats(1, () => 'n'.repeat(95)), undefined, { columns: 80, rows: 24 })
  t.match(longer, /^n{23}… {2}running {2}/m, 'a 95-character name is cut, not the line: the state shows (before: the whole line was cut, state and all)')
})

t.test('the summary after the stop shows the counts, not a rate or a busy share of a stopped topology', async t => {
  const stopped = stats(3, i => `a-rather-long-actor-name-${i}`)
  for (const a of Object.values(stopped.actors)) Object.assign(a, { state: 'stopped', busy: null })
  const summary = renderTable(stopped, undefined, { columns: 80, summary: true })
  t.match(summary.split('\n')[1], /^actor\s+state\s+sent\s+received\s+dropped\s+errors$/, summary)
  t.match(renderTable(stopped, undefined, { columns: 200, summary: true }).split('\n')[1], /^actor\s+kind\s+state\s+pid\s+thread\s+restarts\s+sent\s+received\s+dropped\s+errors$/, 'wide: every column but msg/s and busy')
})

const tmux = spawnSync('tmux', ['-V']).status === 0
const bin = fileURLToPath(new URL('../../dist/src/cli/bin.js', import.meta.url))
const seed = fileURLToPath(new URL('../../examples/seed/topology.json', import.meta.url))

for (const [columns, rows] of [[80, 24], [200, 50]] as const) {
  t.test(`zeroactor run in a ${columns}×${rows} terminal: one table at the end, no stale copy`, { skip: tmux ? false : 'tmux is not installed (.ci/run installs it)' }, async t => {
    const server = `za-table-${process.pid}-${columns}`
    const tm = (...args: string[]): string => execFileSync('tmux', ['-L', server, '-f', '/dev/null', ...args], { encoding: 'utf8' })
    tm('new-session', '-d', '-s', 'run', '-x', String(columns), '-y', String(rows), `${process.execPath} ${bin} run ${seed} --duration 20; echo ZA-ENDED; sleep 60`)
    t.teardown(() => { spawnSync('tmux', ['-L', server, 'kill-server']) })
    const screen = (): string => tm('capture-pane', '-p', '-J', '-S', '-', '-t', 'run')
    await waitFor(() => screen().includes('ZA-ENDED'), { timeout: 60_000, message: 'the run to end' })
    const text = screen()
    const headers = text.split('\n').filter(line => /^actor\s+(kind\s+)?state/.test(line))
    t.equal(headers.length, 1, `exactly one table header on screen and in scrollback (the summary):\n${text}`)
    t.match(text, /\[client-10001\] Average temperature/, 'log lines printed above the table survive')
    t.match(text, /ended: every actor finished/)
  })
}

t.test('Ctrl-C in a terminal: the echoed ^C garbles nothing, one summary table, exit 0', { skip: tmux ? false : 'tmux is not installed (.ci/run installs it)' }, async t => {
  const server = `za-ctrlc-${process.pid}`
  const tm = (...args: string[]): string => execFileSync('tmux', ['-L', server, '-f', '/dev/null', ...args], { encoding: 'utf8' })
  const topology = fileURLToPath(new URL('../fixtures/topologies/full-traffic.json', import.meta.url))
  tm('new-session', '-d', '-s', 'run', '-x', '80', '-y', '24', `${process.execPath} ${bin} run ${topology} --duration 60; echo ZA-EXIT=$?; sleep 60`)
  t.teardown(() => { spawnSync('tmux', ['-L', server, 'kill-server']) })
  const screen = (): string => tm('capture-pane', '-p', '-J', '-S', '-', '-t', 'run')
  await waitFor(() => /traffic flowing/.test(screen()), { timeout: 60_000, message: 'traffic to flow' })
  tm('send-keys', '-t', 'run', 'C-c')
  await waitFor(() => screen().includes('ZA-EXIT='), { timeout: 30_000, message: 'the run to end' })
  const text = screen()
  t.match(text, /ZA-EXIT=0/)
  t.match(text, /^full-traffic\s+\d+\.\d s$/m, 'the summary\'s title line is whole')
  t.equal(text.split('\n').filter(line => /^actor\s+(kind\s+)?state/.test(line)).length, 1, text)
  t.match(text, /ended: SIGINT/)
})

t.test('busy % is shown as a percentage, "-" without a running thread, and kept longer than the counts', async t => {
  t.match(renderTable(stats(1), undefined, { columns: 200 }), /^actor-0\s.*\s42%\s/m)
  const idle = stats(1)
  idle.actors['actor-0'] = { ...idle.actors['actor-0']!, busy: null }
  t.match(renderTable(idle, undefined, { columns: 200 }), /^actor-0\s.*\s-\s+-?\d*\s+0$/m)
  const narrow = renderTable(stats(1), undefined, { columns: 40 })
  t.match(narrow, /busy/, 'busy stays on a narrow terminal')
  t.notMatch(narrow, /received/, 'where the counts went')
})
