// The CLI driven through main(argv) with captured streams; exit codes as DESIGN.md says.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import { main } from '../../src/cli/main.js'
import { waitFor } from '../../src/testing.js'
import { captureIo as io } from '../fixtures/io.js'
import { fixture } from '../fixtures/topology.js'

t.test('no command: usage, exit 2; help: exit 0; unknown command: exit 2', async t => {
  const a = io()
  t.equal(await main([], a.io), 2)
  t.match(a.out(), /Usage: zeroactor <command>/)
  const b = io()
  t.equal(await main(['--help'], b.io), 0)
  const c = io()
  t.equal(await main(['launch'], c.io), 2)
  t.match(c.err(), /unknown command "launch"/)
  const wide = (text: string): string[] => text.split('\n').filter(line => line.length > 80)
  t.same(wide(b.out()), [], 'the help fits an 80-column terminal')
  for (const command of ['run', 'check', 'graph', 'keygen', 'bench']) {
    const d = io()
    t.equal(await main([command, '--help'], d.io), 0)
    t.match(d.out(), new RegExp(`Usage: zeroactor ${command}`))
    t.same(wide(d.out()), [], `${command} --help fits an 80-column terminal (before: lines of up to 118 characters wrapped mid-word)`)
  }
})

t.test('bad usage exits 2 with the reason', async t => {
  for (const [argv, message] of [
    [['run'], /run takes one topology file/],
    [['run', 'x.json', '--duration', 'soon'], /--duration must be a positive number/],
    [['run', 'x.json', '--bogus'], /unknown option --bogus/],
    [['check', 'a', 'b'], /check takes one topology file/],
  ] as const) {
    const a = io()
    t.equal(await main([...argv], a.io), 2, argv.join(' '))
    t.match(a.err(), message)
  }
})

t.test('check prints the plan: placement and resolved endpoints', async t => {
  const a = io()
  t.equal(await main(['check', fixture('topologies/short.json')], a.io), 0)
  t.match(a.out(), /topology short: 3 actors, done when sink finished/)
  t.match(a.out(), /node local \(host 127\.0\.0\.1, ports 5700-5799\)\n {2}process main \(the node runtime\)/)
  t.match(a.out(), /vent \(ventilator\) thread, restart transient\n {6}push: push bind inproc:\/\/short\/tasks/)
  t.match(a.out(), /tasks: inproc inproc:\/\/short\/tasks \(vent binds; work connects\)/)
  const b = io()
  t.equal(await main(['check', fixture('topologies/short.json'), '--json'], b.io), 0)
  t.equal(JSON.parse(b.out()).actors.length, 3)
})

t.test('check --node prints one node\'s part of a multi-node plan; an unknown node is usage', async t => {
  const topology = fixture('../../examples/weather-everywhere/nodes.json')
  const a = io()
  t.equal(await main(['check', topology, '--node', 'city'], a.io), 0)
  t.match(a.out(), /topology weather-everywhere: 2 actors on node city/)
  t.match(a.out(), /node city \(host 127\.0\.0\.1, ports 5720-5729\)/)
  t.notMatch(a.out(), /node station/)
  t.match(a.out(), /client-10001 \(subscriber\) thread, restart transient\n {6}sub: sub connect tcp:\/\/127\.0\.0\.1:5710/)
  t.match(a.out(), /weather: tcp tcp:\/\/127\.0\.0\.1:5710 \(server binds; client-10001, client-10002 connects\)/)
  const b = io()
  t.equal(await main(['check', topology, '--node', 'harbour'], b.io), 2)
  t.match(b.err(), /unknown node "harbour" \(the topology declares: station, city\)/)
  const c = io()
  t.equal(await main(['run', topology, '--node', 'harbour'], c.io), 2, 'run refuses it before anything starts')
  t.match(c.err(), /unknown node "harbour"/)
  const d = io()
  t.equal(await main(['check', topology, '--node', 'statoin'], d.io), 2)
  t.match(d.err(), /unknown node "statoin" \(did you mean "station"\?\) \(the topology declares: station, city\)/, 'a typo gets a guess')
  const e = io()
  t.equal(await main(['run', topology, '--node', 'statoin'], e.io), 2)
  t.match(e.err(), /unknown node "statoin" \(did you mean "station"\?\)/)
})

t.test('check shows a link between nodes with a connector on its binder\'s node too: the tcp endpoint, and the inproc one that connector takes', async t => {
  const file = join(t.testdir(), 'mixed.json')
  writeFileSync(file, JSON.stringify({
    name: 'mixed',
    nodes: { a: { host: '127.0.0.1', portRange: [5730, 5739] }, b: { host: '127.0.0.1', portRange: [5740, 5749] } },
    actors: {
      vent: { kind: 'ventilator', node: 'a', bind: ['tasks'], source: fixture('js/count-source.js') },
      near: { kind: 'sink', node: 'a', connect: ['tasks'] },
      far: { kind: 'sink', node: 'b', connect: ['tasks'] },
    },
  }))
  const a = io()
  t.equal(await main(['check', file], a.io), 0)
  t.match(a.out(), /push: push bind tcp:\/\/127\.0\.0\.1:5730, bind inproc:\/\/mixed\/tasks \[once finished, waits for its consumers on other nodes to leave: as long as they take \(a linger bounds it\)\]\n/)
  t.match(a.out(), /tasks: tcp tcp:\/\/127\.0\.0\.1:5730 \(vent binds; far connects\), inproc inproc:\/\/mixed\/tasks \(near connects\)/)
  t.match(a.out(), /pull: pull connect inproc:\/\/mixed\/tasks\n/, 'a consumer waits for no one')
})

t.test('check says how long a finished producer waits for its consumers on other nodes: the linger the topology gives its socket', async t => {
  const file = join(t.testdir(), 'linger.json')
  const nodes = { a: { host: '127.0.0.1', portRange: [5750, 5754] }, b: { host: '127.0.0.1', portRange: [5755, 5759] } }
  const write = (extra: Record<string, unknown>): void => writeFileSync(file, JSON.stringify({
    name: 'linger',
    nodes,
    actors: {
      vent: { kind: 'ventilator', node: 'a', bind: ['tasks'], source: fixture('js/count-source.js'), ...extra },
      pub: { kind: 'publisher', node: 'a', bind: ['news'], source: fixture('js/count-source.js'), ...extra },
      sink: { kind: 'sink', node: 'b', connect: ['tasks'] },
      sub: { kind: 'subscriber', node: 'b', connect: ['news'] },
    },
  }))
  write({ linger: 2000 })
  const a = io()
  t.equal(await main(['check', file], a.io), 0)
  t.match(a.out(), /push: push bind tcp:\/\/127\.0\.0\.1:\d+ \[once finished, waits for its consumers on other nodes to leave: at most 2000 ms \(its linger\)\]\n/)
  t.match(a.out(), /pub: pub bind tcp:\/\/127\.0\.0\.1:\d+ \[once finished, waits for its subscribers on other nodes to acknowledge its end of stream: at most 2000 ms \(its linger\)\]\n/)
  write({ restart: 'permanent' })
  const b = io()
  t.equal(await main(['check', file], b.io), 0)
  t.notMatch(b.out(), /waits for/, 'a permanent actor is restarted at once: it waits for no one')
})

t.test('an invalid topology: every problem on stderr with file:line:col, exit 2, nothing started', async t => {
  for (const command of ['check', 'run']) {
    const a = io()
    t.equal(await main([command, fixture('topologies/invalid.json')], a.io), 2)
    t.match(a.err(), /invalid topology \(4 problems\)/) // the missing source module among them
    t.match(a.err(), /invalid\.json:9:7: actors\.server\.lingr: unknown field/)
    t.equal(a.out(), '')
  }
})

t.test('run to the end of its actors: logs on stdout, stats JSON written, exit 0', async t => {
  const dir = mkdtempSync(join(tmpdir(), 'zeroactor-cli-'))
  const statsFile = join(dir, 'stats.json')
  const a = io()
  t.equal(await main(['run', fixture('topologies/short.json'), '--stats-json', statsFile], a.io), 0)
  t.match(a.out(), /\[sink\] 49\n/)
  t.match(a.err(), /ended: every actor finished; stopped in \d+ ms/)
  const stats = JSON.parse(readFileSync(statsFile, 'utf8'))
  t.match(stats, { topology: 'short', elapsedMs: Number, stopMs: Number })
  for (const name of ['vent', 'sink', 'work']) t.match(stats.actors[name], { state: 'stopped', pid: process.pid, threadId: Number, restarts: 0, sent: Number, received: Number, errors: 0 })
  t.equal(stats.actors.sink.received, 50)
  t.equal(new Set(Object.values(stats.actors).map(a => (a as { threadId: number }).threadId)).size, 3, 'each actor on its own thread')
})

t.test('run --duration ends a topology that never finishes; --quiet prints no table', async t => {
  const a = io()
  t.equal(await main(['run', fixture('topologies/full-traffic.json'), '--duration', '0.3', '--quiet'], a.io), 0)
  t.equal(a.err(), '')
})

t.test('run on a TTY draws the live table in place', async t => {
  const a = io(true)
  const code = main(['run', fixture('topologies/full-traffic.json')], a.io)
  await waitFor(() => /\x1b\[\d+A/.test(a.out()), { message: 'a redraw' })
  a.abort.abort()
  t.equal(await code, 0)
  t.match(a.out(), /actor\s+kind\s+state\s+pid\s+thread\s+restarts\s+sent\s+received\s+msg\/s\s+busy\s+dropped\s+errors/)
  t.match(a.out(), /\n\s*sub\s+subscriber\s+\w+(\s+\d+){6}\s+(\d+%|-)\s+\d+\s+0\n/, 'a subscriber on an internal link shows its drops')
  t.match(a.out(), /\n\s*pub\s+publisher\s+\w+(\s+\d+){6}\s+(\d+%|-)\s+-\s+0\n/, 'a publisher has none to show')
  t.match(a.out(), /\r\x1b\[(\d+)A(?:\x1b\[2K\n)+\x1b\[\1A/, 'redrawn in place: up to its first line, each of its lines erased')
  t.match(a.err(), /ended: aborted/)
})

t.test('on a TTY each log line is printed once, above the redrawn table', async t => {
  const a = io(true)
  t.equal(await main(['run', fixture('topologies/short.json')], a.io), 0)
  const plain = a.out().replace(/\r\x1b\[(\d+)A(?:\x1b\[2K\n)+\x1b\[\1A/g, '')
  t.equal(plain.match(/^\[sink\] 7$/gm)?.length, 1, 'once, not once more under the table')
})

t.test('an actor failing for good exits 1 with its error', async t => {
  const a = io()
  t.equal(await main(['run', fixture('topologies/failing.json'), '--quiet'], a.io), 1)
  t.match(a.err(), /actor req failed: actor "req": no reply after 1 attempts of 50 ms/)
})

t.test('a supervisor past its restart intensity exits 1 with the actor, the error and its history', async t => {
  const a = io()
  t.equal(await main(['run', fixture('topologies/flapping.json')], a.io), 1)
  t.match(a.err(), /\[req\] ~ restart #1: actor "req": no reply after 1 attempts of 50 ms/)
  t.match(a.err(), /actor req failed: actor "req": restart-intensity-exceeded \(1 restarts within 60000 ms\); last error: actor "req": no reply/)
  t.match(a.err(), /restart history \(oldest first\):\n {2}\d{4}-\d\d-\d\dT[\d:.]+Z {2}req {2}actor "req": no reply.*\n {2}\d{4}-.*req {2}actor "req": no reply/)
  t.match(a.err(), /req\s+requester\s+failed/, 'the summary table shows it failed')
})

t.test('--metrics-port serves every actor\'s counters and state to Prometheus while it runs', async t => {
  const a = io()
  const code = main(['run', fixture('topologies/full-traffic.json'), '--metrics-port', '0'], a.io)
  await waitFor(() => /metrics: http:\/\/127\.0\.0\.1:\d+\/metrics/.test(a.err()))
  const url = /metrics: (\S+)/.exec(a.err())![1]!
  await waitFor(async () => /zeroactor_messages_received_total\{topology="full-traffic",actor="sink",kind="sink"\} [1-9]/.test(await (await fetch(url)).text()))
  const response = await fetch(url)
  t.match(response.headers.get('content-type'), /text\/plain/)
  const text = await response.text()
  t.match(text, /# TYPE zeroactor_messages_sent_total counter/)
  t.match(text, /zeroactor_actor_state\{topology="full-traffic",actor="w1",kind="worker",state="running"\} 1/)
  t.match(text, /zeroactor_actor_state\{topology="full-traffic",actor="w1",kind="worker",state="failed"\} 0/)
  t.match(text, /zeroactor_restarts_total\{topology="full-traffic",actor="vent",kind="ventilator"\} 0/)
  t.match(text, /zeroactor_link_dropped_total\{topology="full-traffic",actor="sub",kind="subscriber",socket="sub",peer="news.pub"\} \d+/)
  t.match(text, /zeroactor_link_lag_ms\{topology="full-traffic",actor="sink",kind="sink",socket="pull",peer="w1.output"\} [\d.e-]+/)
  t.equal((await fetch(url.replace('/metrics', '/other'))).status, 404)
  a.abort.abort()
  t.equal(await code, 0)
  await t.rejects(fetch(url), 'the server is closed with the run')
  const b = io()
  t.equal(await main(['run', fixture('topologies/full-traffic.json'), '--metrics-port', 'x'], b.io), 2)
  t.match(b.err(), /--metrics-port must be a port number, got "x"/)
})

t.test('an actor failing to start exits 1 naming it', async t => {
  const a = io()
  t.equal(await main(['run', fixture('topologies/module.ts'), '--quiet', '--duration', '1'], a.io), 0, 'control: a module topology runs')
  const b = io()
  const dir = mkdtempSync(join(tmpdir(), 'zeroactor-cli-'))
  const file = join(dir, 'bad.json')
  writeFileSync(file, JSON.stringify({ name: 'bad', actors: { s: { kind: 'sink', bind: ['r'], handler: fixture('throwing-module.ts') } } }))
  t.equal(await main(['run', file, '--quiet'], b.io), 1)
  t.match(b.err(), /actor "s": handler module ".*throwing-module\.ts" failed to load.*\[ERR_ACTOR_START\]/)
  t.notMatch(b.err(), /\n\s+at /, 'no stack without --verbose')
  // --verbose, --stats-json and --json say for a failed start what they say for a failure later
  const c = io()
  const statsFile = join(dir, 'stats.json')
  t.equal(await main(['run', file, '--verbose', '--json', '--stats-json', statsFile], c.io), 1)
  t.match(c.err(), /^zeroactor run: actor "s" failed to start: .*\[ERR_ACTOR_START\]\n.*\n\s+at .*\nCaused by: /s, 'the stack follows the line, with its causes')
  const report = JSON.parse(c.out())
  t.match(report, { ended: 'failed to start', error: { code: 'ERR_ACTOR_START', message: /throwing-module/, stack: /throwing-module\.ts:1:\d+/ } })
  t.same(JSON.parse(readFileSync(statsFile, 'utf8')), report, '--stats-json has the same')
})

t.test('graph prints mermaid by default, dot on request; a bad format is usage', async t => {
  const a = io()
  t.equal(await main(['graph', fixture('topologies/short.json')], a.io), 0)
  t.match(a.out(), /^flowchart LR\n/)
  t.match(a.out(), /a_work -->\|input inproc\| a_vent/)
  const b = io()
  t.equal(await main(['graph', fixture('topologies/short.json'), '--format', 'dot'], b.io), 0)
  t.match(b.out(), /^digraph "short"/)
  const c = io()
  t.equal(await main(['graph', fixture('topologies/short.json'), '--format', 'svg'], c.io), 2)
  t.match(c.err(), /--format must be mermaid or dot/)
})
