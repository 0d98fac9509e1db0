/**
 * What watching costs: a pipeline running flat out (ventilator → 4 workers → sink, the load
 * demo's modules without its rate) measured with no observer page attached and with five event
 * streams attached (five `curl -N` processes on /api/events: what five open pages ask of the
 * runtime; their rendering runs in the browsers' own processes). Rounds alternate between the two,
 * each measures the sink's messages per second over a window after a warm-up; median with min–max.
 *
 * Run: `npm run build && node dist/bench/observer.js [rounds] [seconds]` (default 5 rounds of 5 s).
 */
import { spawn as spawnProcess, type ChildProcess } from 'node:child_process'
import { performance } from 'node:perf_hooks'
import { setTimeout as sleep } from 'node:timers/promises'
import { fileURLToPath } from 'node:url'
import { shutdown, spawn } from '../src/index.js'

const example = (file: string): string => fileURLToPath(new URL(`../../examples/pipeline/${file}`, import.meta.url))
const worker = { kind: 'worker', handler: example('busy-worker.js'), input: { connect: ['tasks'] }, output: { connect: ['results'] } }
const topology = {
  name: 'watched-pipeline',
  actors: {
    ventilator: { kind: 'ventilator', bind: ['tasks'], source: example('endless-tasks.js'), params: { work: 1 } },
    'worker-1': worker,
    'worker-2': worker,
    'worker-3': worker,
    'worker-4': worker,
    sink: { kind: 'sink', bind: ['results'] },
  },
}

/** One round: the sink's messages per second, and the main thread's busy share (where the observer runs). */
async function round (clients: number, seconds: number): Promise<{ rate: number, main: number }> {
  const app = await spawn(topology, { observe: { port: 0 } })
  const streams: ChildProcess[] = []
  try {
    for (let i = 0; i < clients; i++) streams.push(spawnProcess('curl', ['-sN', `${app.observerUrl!}api/events`], { stdio: ['ignore', 'ignore', 'ignore'] }))
    await sleep(2000) // warm-up: threads started, streams connected
    const from = app.actor('sink').received
    const started = performance.now()
    const loop = performance.eventLoopUtilization()
    await sleep(seconds * 1000)
    return { rate: (app.actor('sink').received - from) / ((performance.now() - started) / 1000), main: performance.eventLoopUtilization(loop).utilization }
  } finally {
    for (const s of streams) s.kill()
    await app.stop()
  }
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
const fmt = (n: number): string => Math.round(n).toLocaleString('en-US')

const rounds = Number(process.argv[2] ?? 5)
const seconds = Number(process.argv[3] ?? 5)
const results: Record<'none' | 'five', number[]> = { none: [], five: [] }
const main: Record<'none' | 'five', number[]> = { none: [], five: [] }
for (let i = 0; i < rounds; i++) {
  for (const [name, clients] of [['none', 0], ['five', 5]] as const) {
    const r = await round(clients, seconds)
    results[name].push(r.rate)
    main[name].push(r.main)
  }
  process.stderr.write(`round ${i + 1}: none ${fmt(results.none.at(-1)!)} msg/s, five streams ${fmt(results.five.at(-1)!)} msg/s\n`)
}
for (const [name, xs] of Object.entries(results)) {
  const m = main[name as 'none' | 'five']
  console.log(`${name.padEnd(5)} ${fmt(median(xs))} msg/s (${fmt(Math.min(...xs))}–${fmt(Math.max(...xs))}), main thread busy ${(median(m) * 100).toFixed(1)} %`)
}
console.log(`five/none: ${(median(results.five) / median(results.none)).toFixed(3)}`)
await shutdown() // the actor pool's idle threads
