// SIGINT/SIGTERM on `zeroactor run` under full traffic, in a real child process: every actor
// stopped within 500 ms, the process gone within 2 s, exit code 0, no "Waiting for queued
// ZeroMQ messages" hang (H3). It runs the built CLI (`npm test` builds first) as a user would:
// under tap's TypeScript loader every actor thread compiles TypeScript at start, which on 2 cores
// makes start-up, not the stop being measured, take tens of seconds.
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import { fixture } from '../fixtures/topology.js'

const bin = fixture('../../dist/src/cli/bin.js')

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  t.test(`${signal} under full traffic: graceful stop, exit 0`, async t => {
    const statsFile = join(mkdtempSync(join(tmpdir(), 'zeroactor-sig-')), 'stats.json')
    const child = spawn(process.execPath, [bin, 'run', fixture('topologies/full-traffic.json'), '--stats-json', statsFile], { stdio: ['ignore', 'pipe', 'pipe'] })
    t.teardown(() => { child.kill('SIGKILL') })
    let stderr = ''
    child.stderr.on('data', chunk => { stderr += String(chunk) })
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', chunk => { if (String(chunk).includes('traffic flowing')) resolve() })
      child.once('exit', code => reject(new Error(`exited early with ${code}: ${stderr}`)))
    })
    const sent = Date.now()
    child.kill(signal)
    const code = await new Promise<number | null>(resolve => child.once('exit', resolve))
    const exitMs = Date.now() - sent
    t.equal(code, 0, stderr)
    t.ok(exitMs <= 2000, `exited ${exitMs} ms after ${signal} (≤ 2000)`)
    t.notMatch(stderr, /Waiting for queued ZeroMQ messages/)
    const stats = JSON.parse(readFileSync(statsFile, 'utf8'))
    t.ok(stats.stopMs <= 500, `every actor stopped in ${stats.stopMs} ms (≤ 500)`)
    for (const [name, actor] of Object.entries(stats.actors)) t.equal((actor as { state: string }).state, 'stopped', `${name} stopped`)
    t.ok(stats.actors.sink.received >= 1000, 'traffic was flowing')
    t.match(stderr, new RegExp(`ended: ${signal}`))
  })
}
