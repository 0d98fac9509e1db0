// A finite stream is delivered whole at a normal end, at every placement and transport, with a
// consumer slower than its producer: the producer's run() returning is not the moment its tail
// dies (H30 in docs/hazards.md). Each case runs several producer → consumer pairs side by side
// (a loss that happens in 1 run of 5 shows up) and checks every message and its order.
// The built package runs in its own process, as a user's would (child processes need it anyway).
import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import t from 'tap'
import { fixture } from '../fixtures/topology.js'
import { untracked } from '../fixtures/untracked.js'

const run = promisify(execFile)
const kPairs = 5
const kTimeout = 15_000
/** small messages travel in batches on internal links; ones over 1 KiB travel alone */
const sizes = { '16 B': { size: 16, n: 20_000, slowEvery: 40 }, '4 KiB': { size: 4096, n: 3_000, slowEvery: 10 } }
const portBase = 21_000 + Math.floor(Math.random() * 20_000)

type Placement = 'threads' | 'processes' | 'nodes'
interface Case { placement: Placement, link: 'logical' | 'ipc' | 'tcp' }
const cases: Case[] = [
  { placement: 'threads', link: 'logical' }, // inproc
  { placement: 'processes', link: 'logical' }, // ipc, internal link
  { placement: 'processes', link: 'ipc' }, // edge link, plain frames
  { placement: 'processes', link: 'tcp' }, // edge link, plain frames
  { placement: 'nodes', link: 'logical' }, // tcp between two node runtimes, internal link
]

interface Result { done: boolean, errors: string[], actors: Record<string, { state: string, sent: number, received: number }>, logs: string[] }

let port = portBase
function topologyOf (c: Case, dir: string, { size, n, slowEvery }: { size: number, n: number, slowEvery: number }): object {
  const actors: Record<string, object> = {}
  for (let i = 0; i < kPairs; i++) {
    const endpoint = c.link === 'ipc' ? `ipc://${join(dir, `pair${i}.sock`)}` : c.link === 'tcp' ? `tcp://127.0.0.1:${port++}` : `pair${i}`
    actors[`producer${i}`] = { kind: 'ventilator', bind: [endpoint], source: fixture('js/padded-count.js'), params: { n, size }, ...(c.placement === 'nodes' ? { node: 'a' } : {}) }
    actors[`consumer${i}`] = {
      kind: 'sink',
      connect: [endpoint],
      handler: fixture('js/ordered-count.js'),
      count: n,
      params: { slowEvery },
      receiveHighWaterMark: 10,
      ...(c.placement === 'processes' ? { process: 'far' } : c.placement === 'nodes' ? { node: 'b' } : {}),
    }
  }
  const nodes = c.placement === 'nodes'
    ? { nodes: { a: { host: '127.0.0.1', portRange: [port, port + 9] }, b: { host: '127.0.0.1', portRange: [port + 10, port + 19] } } }
    : {}
  port += 20
  return { name: 'finite', ...nodes, actors }
}

for (const c of cases) {
  for (const [label, shape] of Object.entries(sizes)) {
    t.test(`${c.placement}, ${c.link} link, ${label}: ${kPairs} finite streams of ${shape.n} arrive whole and in order`, async t => {
      const dir = t.testdir()
      const sockets = mkdtempSync(join(tmpdir(), 'za-')) // short: a Unix socket path holds 107 bytes
      t.teardown(() => rmSync(sockets, { recursive: true, force: true }))
      const file = join(dir, 'topology.json')
      writeFileSync(file, JSON.stringify(topologyOf(c, sockets, shape)))
      const { stdout } = await run(...untracked([fixture('js/finite-stream.js'), file, String(kTimeout), ...(c.placement === 'nodes' ? ['a', 'b'] : [])]), { timeout: kTimeout + 15_000 })
      const result = JSON.parse(stdout) as Result
      const received = Array.from({ length: kPairs }, (_, i) => result.actors[`consumer${i}`]?.received)
      t.same(received, Array(kPairs).fill(shape.n), 'every consumer received every message')
      t.same(result.logs.filter(line => line.includes('out of order')), [], 'each in order')
      t.ok(result.done, 'the topology ended by itself')
      t.same(result.errors, [], 'without an error')
    })
  }
}

t.test('a link saturated for seconds stays up (heartbeats) and loses nothing: unpaced ventilator → 1 ms/task worker in a child process → sink', async t => {
  const n = 4000
  const dir = t.testdir()
  const file = join(dir, 'topology.json')
  writeFileSync(file, JSON.stringify({
    name: 'saturated',
    until: ['sink'],
    actors: {
      producer: { kind: 'ventilator', bind: ['tasks'], source: fixture('js/padded-count.js'), params: { n, size: 1024 } },
      stage: { kind: 'worker', input: { connect: 'tasks' }, output: { connect: 'results' }, handler: fixture('js/slow-pass.js'), process: 'far' },
      sink: { kind: 'sink', bind: ['results'], handler: fixture('js/ordered-count.js'), count: n },
    },
  }))
  const { stdout } = await run(...untracked([fixture('js/finite-stream.js'), file, '30000']), { timeout: 45_000 })
  const result = JSON.parse(stdout) as Result & { peerDowns: Array<{ actor: string, socket: string, ms: number }>, ms: number }
  t.ok(result.ms > 3000, `saturated longer than the heartbeat timeout (2 s after a 1 s interval): ${result.ms} ms`)
  // the stage's output may see the sink close once it has its count; everything goes down at the stop
  t.same(result.peerDowns.filter(d => (d.actor === 'producer' || d.socket === 'input') && d.ms <= result.ms), [], 'the saturated link never went down')
  t.equal(result.actors.sink?.received, n, 'every task arrived')
  t.same(result.logs.filter(line => line.includes('out of order')), [], 'in order')
  t.ok(result.done, 'the topology ended by itself')
})
