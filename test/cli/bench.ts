// `zeroactor bench --quick`: the CI check of the benchmark. Every row of the report must produce a
// number (a row without one makes the command exit 1); the figures themselves mean nothing with
// so few messages and belong to `npm run bench` (bench/README.md), never to a test.
import { execFile } from 'node:child_process'
import { readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PassThrough } from 'node:stream'
import { promisify } from 'node:util'
import t from 'tap'
import { figures } from '../../bench/report.js'
import type { BenchResults } from '../../bench/bench.js'
import { main } from '../../src/cli/main.js'
import { untracked } from '../fixtures/untracked.js'

const bin = new URL('../../dist/src/cli/bin.js', import.meta.url).pathname

// the whole bench runs from the built CLI, as a user runs it (in this process every actor thread
// of its ~150 topologies would first compile TypeScript: minutes), without tap's process tracking
// (fixtures/untracked.ts; with it every actor thread of the bench loads it: 65-80 s instead of
// 28 s): 5 minutes here
t.setTimeout(300_000)

t.test('bench --quick measures every row, prints the table, writes JSON and the SVG chart', { timeout: 280_000 }, async t => {
  const dir = tmpdir()
  const json = join(dir, `za-bench-${process.pid}.json`)
  const svg = join(dir, `za-bench-${process.pid}.svg`)
  const run = promisify(execFile)(...untracked([bin, 'bench', '--quick', '--max-workers', '2', '--json', json, '--svg', svg]), { timeout: 260_000 })
  // a run that fails or hangs says where: the last rows it reported (progress goes to stderr)
  const { stdout: out, stderr: err } = await run.catch((error: Error & { stderr?: string }) => {
    throw new Error(`bench --quick failed: ${error.message}\nlast progress:\n${(error.stderr ?? '').split('\n').slice(-8).join('\n')}`)
  })
  const results = JSON.parse(await readFile(json, 'utf8')) as BenchResults
  const all = figures(results)
  t.equal(all.length, 12 * 4 + 2 * 12 * 2 + 2 + 2 * 2 * 2 + 2 * 3, 'every throughput cell (raw, raw copying, internal, edge), every user-path cell (2 patterns x 12, raw and built-in), both round trips, scaling and ceiling for 1 and 2 workers, both start-ups (READY, memory per actor and per bare thread)')
  t.same(all.filter(([, v]) => !(typeof v === 'number' && Number.isFinite(v) && v > 0)), [], 'each one is a positive number')
  t.match(out, /inproc\s+16 B\s+[\d,]+\s+[\d,]+\s+[\d,]+\s+[\d,]+\s+[\d.]+×\s+[\d.]+×\s+[\d.]+×/)
  t.match(out, /ventilator → sink\s+inproc\s+16 B\s+[\d,]+\s+[\d,]+\s+[\d.]+×/)
  t.match(out, /publisher → subscriber\s+tcp\s+64 KiB\s+[\d,]+\s+[\d,]+\s+[\d.]+×/)
  t.match(out, /REQ\/REP round trip/)
  t.match(out, /^4\s+[\d,]+\s+[\d.]+\s+[\d.]+$/m, 'the start-up row of 4 actors: READY ms, MB per actor, MB per bare thread')
  t.match(out, /--quick: numbers are not meaningful/)
  t.match(await readFile(svg, 'utf8'), /^<svg [^>]*>[\s\S]*<path d="M[\d.,]+ L[\d.,]+"[\s\S]*<\/svg>\n$/)
  t.match(err, /^throughput inproc 16 B raw: \d+ msg\/s$/m, 'progress on stderr')
})

t.test('placement.js (ipc like for like, bench/README.md) gives every placement a rate for each round', { timeout: 120_000 }, async t => {
  const script = new URL('../../dist/bench/placement.js', import.meta.url).pathname
  const { stdout } = await promisify(execFile)(...untracked([script, '256', '200', '2']), { timeout: 110_000 })
  const rows = stdout.trim().split('\n').slice(1)
  t.same(rows.map(row => row.replace(/(\s+[\d,]+){2}$/, '')), ['raw zeromq.js, two processes', 'raw zeromq.js, one process', 'internal link, sender in a child process', 'edge link, sender in a child process', 'edge link, one process'], 'five placements, two rates each')
})

t.test('binary.js (text against binary payloads, bench/README.md) gives both a rate for each transport and size', { timeout: 120_000 }, async t => {
  const script = new URL('../../dist/bench/binary.js', import.meta.url).pathname
  const { stdout } = await promisify(execFile)(...untracked([script, '1', '0.01']), { timeout: 110_000 })
  const rows = stdout.trim().split('\n').slice(1)
  t.same(rows.map(row => row.replace(/(\s+[\d,]+){2}$/, '').trim()), ['inproc', 'ipc', 'tcp'].flatMap(transport => [16, 4096, 65536].map(size => `${transport.padEnd(9)} ${String(size).padStart(6)}`)), 'three transports, three sizes, two rates each')
})

t.test('bench --only runs the parts named, over the transports and sizes named', { timeout: 120_000 }, async t => {
  const stdout = new PassThrough()
  let out = ''
  stdout.on('data', chunk => { out += String(chunk) })
  const json = join(tmpdir(), `za-bench-only-${process.pid}.json`)
  t.equal(await main(['bench', '--quick', '--only', 'user', '--transports', 'inproc', '--sizes', '16', '--json', json], { stdout, stderr: new PassThrough() }), 0)
  const results = JSON.parse(await readFile(json, 'utf8')) as BenchResults
  t.same(figures(results).map(([name]) => name), ['pipeline', 'pubsub'].flatMap(p => ['raw', 'builtin'].map(v => `user path ${p} inproc 16 B ${v}`)))
  t.match(out, /publisher → subscriber\s+inproc\s+16 B/)
  t.notMatch(out, /REQ\/REP/, 'a part not run has no table')
})

t.test('bench refuses an unknown part, transport or size', async t => {
  for (const [flag, value, message] of [['--only', 'speed', /--only takes throughput, user, roundtrip, scaling, startup; got "speed"/], ['--transports', 'udp', /--transports takes inproc, ipc, tcp; got "udp"/], ['--sizes', '16,0', /--sizes takes positive integers \(bytes\), got "0"/]] as const) {
    const stderr = new PassThrough()
    let err = ''
    stderr.on('data', chunk => { err += String(chunk) })
    t.equal(await main(['bench', flag, value], { stdout: new PassThrough(), stderr }), 2)
    t.match(err, message)
  }
})

t.test('bench refuses a bad --max-workers', async t => {
  const stderr = new PassThrough()
  let err = ''
  stderr.on('data', chunk => { err += String(chunk) })
  t.equal(await main(['bench', '--max-workers', '0'], { stdout: new PassThrough(), stderr }), 2)
  t.match(err, /--max-workers must be a positive integer, got "0"/)
})
