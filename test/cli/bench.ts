// `zeroactor bench --quick`: the CI check of the benchmark. Every row of the report must produce a
// number (a row without one makes the command exit 1); the figures themselves mean nothing with
// so few messages and belong to `npm run bench` (bench/README.md), never to a test.
import { readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PassThrough } from 'node:stream'
import t from 'tap'
import { figures } from '../../bench/report.js'
import type { BenchResults } from '../../bench/bench.js'
import { main } from '../../src/cli/main.js'

t.test('bench --quick measures every row, prints the table, writes JSON and the SVG chart', { timeout: 300_000 }, async t => {
  const stdout = new PassThrough()
  const stderr = new PassThrough()
  let out = ''
  let err = ''
  stdout.on('data', chunk => { out += String(chunk) })
  stderr.on('data', chunk => { err += String(chunk) })
  const dir = tmpdir()
  const json = join(dir, `za-bench-${process.pid}.json`)
  const svg = join(dir, `za-bench-${process.pid}.svg`)
  const code = await main(['bench', '--quick', '--max-workers', '2', '--json', json, '--svg', svg], { stdout, stderr })
  t.equal(code, 0, err)
  const results = JSON.parse(await readFile(json, 'utf8')) as BenchResults
  const all = figures(results)
  t.equal(all.length, 12 * 3 + 2 + 2 * 2 * 2 + 2, 'every throughput cell, both round trips, scaling and ceiling for 1 and 2 workers, both start-ups')
  t.same(all.filter(([, v]) => !(typeof v === 'number' && Number.isFinite(v) && v > 0)), [], 'each one is a positive number')
  t.match(out, /inproc\s+16 B\s+[\d,]+\s+[\d,]+\s+[\d,]+\s+[\d.]+×\s+[\d.]+×/)
  t.match(out, /REQ\/REP round trip/)
  t.match(out, /--quick: numbers are not meaningful/)
  t.match(await readFile(svg, 'utf8'), /^<svg [^>]*>[\s\S]*<path d="M[\d.,]+ L[\d.,]+"[\s\S]*<\/svg>\n$/)
  t.match(err, /^throughput inproc 16 B raw: \d+ msg\/s$/m, 'progress on stderr')
})

t.test('bench refuses a bad --max-workers', async t => {
  const stderr = new PassThrough()
  let err = ''
  stderr.on('data', chunk => { err += String(chunk) })
  t.equal(await main(['bench', '--max-workers', '0'], { stdout: new PassThrough(), stderr }), 2)
  t.match(err, /--max-workers must be a positive integer, got "0"/)
})
