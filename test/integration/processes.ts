// Actors placed in child processes ("process": "<name>"): each child is forked and supervised by
// the node runtime, linked over ipc. These run the built package in a real process tree (as a
// user would), because under tap's TypeScript loader every thread compiles TypeScript at start.
import { readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import { runCli } from '../fixtures/cli.js'
import { alive, Runner } from '../fixtures/runner.js'
import { fixture } from '../fixtures/topology.js'

const topology = fixture('topologies/processes.json')

/** The ipc socket files of this topology's logical links (`zeroactor-procs-<instance>-<link>.sock`). */
const socketFiles = (): string[] => readdirSync(tmpdir()).filter(f => /^zeroactor-procs-.*\.sock$/.test(f))

async function gone (pids: number[], ms: number): Promise<boolean> {
  const deadline = Date.now() + ms
  while (pids.some(alive)) {
    if (Date.now() > deadline) return false
    await new Promise(resolve => setTimeout(resolve, 20))
  }
  return true
}

t.test('actors in child processes: traffic over ipc, each actor reports its own pid and thread', async t => {
  const runner = new Runner(topology)
  t.teardown(() => runner.kill())
  const spawned = await runner.next(e => e.event === 'spawned', 60_000)
  const children = Object.fromEntries(spawned.processes!.map(p => [p.name, p]))
  t.same(Object.keys(children).sort(), ['clients', 'others'])
  t.same(children.clients!.actors, ['watcher'])
  await runner.next(e => e.event === 'log' && e.actor === 'watcher' && /^tick \d+$/.test(e.text!), 10_000)
  const { stats } = await runner.stats()
  const actors = stats!.actors
  t.equal(actors.ticker!.pid, spawned.pid, 'the publisher runs in the node runtime\'s own process')
  t.equal(actors.watcher!.pid, children.clients!.pid, 'watcher runs in the child "clients"')
  t.equal(actors.other!.pid, children.others!.pid, 'other runs in the child "others"')
  t.not(children.clients!.pid, children.others!.pid)
  for (const [name, a] of Object.entries(actors)) {
    t.equal(a.state, 'running', `${name} running`)
    t.type(a.threadId, 'number', `${name} reports its thread`)
  }
  t.ok(actors.watcher!.received > 0 && actors.ticker!.sent > 0, 'stats cover the child\'s actors too')
  const restarted = await runner.restart('watcher')
  const after = restarted.stats!.actors.watcher!
  t.same([after.restarts, after.pid, after.state], [1, actors.watcher!.pid, 'running'], 'app.restart() restarts an actor inside its child process')
  await runner.next(e => e.event === 'log' && e.actor === 'watcher', 10_000, restarted.index)
  const stopped = await runner.stop()
  t.equal(await runner.exited, 0)
  t.ok(await gone([children.clients!.pid!, children.others!.pid!], 2000), 'no child outlives stop()')
  for (const [name, a] of Object.entries(stopped.stats!.actors)) t.equal(a.state, 'stopped', `${name} stopped`)
})

t.test('a child process killed with SIGKILL comes back; traffic resumes within 3 s; nothing else restarts', async t => {
  const runner = new Runner(topology)
  t.teardown(() => runner.kill())
  await runner.next(e => e.event === 'log' && e.actor === 'watcher', 60_000)
  const before = await runner.stats()
  const victim = before.processes!.find(p => p.name === 'clients')!.pid!
  const killedAt = Date.now()
  process.kill(victim, 'SIGKILL')
  const restart = await runner.next(e => e.event === 'restart' && e.actor === 'watcher', 5000)
  t.match(restart.error, /process "clients" \(pid \d+\) died: SIGKILL/)
  const resumed = await runner.next(e => e.event === 'log' && e.actor === 'watcher', 5000, restart.index)
  const resumeMs = resumed.t - killedAt
  t.ok(resumeMs <= 3000, `the first message after the kill arrived ${resumeMs} ms later (≤ 3000; about 800 on an idle machine)`)
  t.notOk(alive(victim), 'the killed process is gone')
  const after = await runner.stats()
  const a = after.stats!.actors
  const b = before.stats!.actors
  t.equal(a.watcher!.restarts, 1)
  t.not(a.watcher!.pid, victim, 'watcher runs in a new process')
  t.equal(a.watcher!.pid, after.processes!.find(p => p.name === 'clients')!.pid)
  t.ok(a.watcher!.received >= b.watcher!.received, 'counters add up across the restart')
  t.same([a.ticker!.restarts, a.ticker!.threadId, a.other!.restarts, a.other!.pid], [0, b.ticker!.threadId, 0, b.other!.pid], 'the publisher and the other child were not restarted')
  t.equal(runner.events.filter(e => e.event === 'restart').length, 1, 'one restart event, for the killed child\'s actor only')
  await runner.stop()
})

t.test('a node runtime killed with SIGKILL leaves no orphan child', async t => {
  const before = new Set(socketFiles())
  const runner = new Runner(topology)
  t.teardown(() => runner.kill())
  // a process killed with SIGKILL cannot remove its ipc socket files (the next bind replaces them): this test does
  t.teardown(() => { for (const file of socketFiles()) if (!before.has(file)) rmSync(join(tmpdir(), file), { force: true }) })
  const spawned = await runner.next(e => e.event === 'spawned', 60_000)
  const pids = spawned.processes!.map(p => p.pid!)
  runner.kill()
  await runner.exited
  t.ok(await gone(pids, 5000), `children ${pids.join(', ')} exit once their parent is gone`)
})

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  t.test(`zeroactor run with child processes: ${signal} stops every child, exit 0 within 2 s`, async t => {
    const before = new Set(socketFiles())
    const cli = await runCli(t, topology, '[watcher] tick')
    t.ok(socketFiles().some(f => !before.has(f)), 'the ipc link has its socket file while running')
    const { code, exitMs, stats } = await cli.stop(signal)
    t.same(socketFiles().filter(f => !before.has(f)), [], 'no ipc socket file is left behind')
    t.equal(code, 0, cli.stderr())
    t.ok(exitMs <= 2000, `exited ${exitMs} ms after ${signal} (≤ 2000)`)
    const childPids = [stats.actors.watcher!.pid, stats.actors.other!.pid]
    t.not(childPids[0], cli.pid)
    for (const pid of childPids) t.notOk(alive(pid), `child ${pid} is gone`)
    for (const [name, a] of Object.entries(stats.actors)) t.equal(a.state, 'stopped', `${name} stopped`)
  })
}
