import { spawn as spawnProcess } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { availableParallelism } from 'node:os'
import * as zmq from 'zeromq'
import type { App } from '../src/runtime/app.js'
import { spawn } from '../src/spawn.js'
import { kPatterns, kUserVariants, userPathRate, type Pattern, type UserVariant } from './user-path.js'
import { counts, ext, freshEndpoint, kSizes, kTransports, module, peer, placement, rawRate, settle, stamp, warmRound, type Transport } from './harness.js'

/**
 * `zeroactor bench`: raw zeromq.js against zeroactor, side by side, in one run. Every figure is
 * measured the same way for every variant: from the sender's first message to the receiver's last
 * (clock: performance.timeOrigin + now(), comparable across threads and processes; start-up is
 * not measured), the median of the rounds, rounds alternating between variants so that the
 * machine's drift spreads over all of them.
 */

/**
 * raw: plain zeromq.js, which receives a frame over 128 B without a copy; raw-copying: the same
 * with every received frame copied, as in a zeroactor process (H2 in docs/hazards.md): the ceiling
 * for a runtime that must copy.
 */
export type Variant = 'raw' | 'raw-copying' | 'internal' | 'edge'
export const kVariants: Variant[] = ['raw', 'raw-copying', 'internal', 'edge']
export { kSizes, kTransports, type Transport }

/** A figure over rounds: median, min, max (null when a round produced nothing). */
export interface Figure { median: number | null, min: number | null, max: number | null, rounds: Array<number | null> }

export interface BenchResults {
  date: string
  machine: { cpus: number, node: string, platform: string }
  quick: boolean
  /** msg/s per transport, size and variant */
  throughput: Array<{ transport: Transport, size: number, variant: Variant, msgPerSec: Figure }>
  /** the user's path (user-path.ts): built-in actors with a source and a handler against raw zeromq.js, msg/s */
  userPath: Array<{ pattern: Pattern, transport: Transport, size: number, variant: UserVariant, msgPerSec: Figure }>
  /** REQ/REP round trip over inproc, µs */
  roundTrip: Array<{ variant: 'raw' | 'zeroactor', medianUs: number | null, p99Us: number | null }>
  /** tasks/s of ventilator → n workers → sink, and of n independent processes spinning the same tasks */
  scaling: Array<{ taskUs: number, workers: number, pipeline: number | null, ceiling: number | null }>
  /** spawn() → every actor READY, resident memory per actor thread, and per bare worker thread of this Node (the floor under it) */
  startup: Array<{ actors: number, readyMs: number, rssPerActorMB: number, bareThreadMB: number }>
}

export interface BenchOptions {
  quick?: boolean
  /** progress lines ("throughput inproc 16 B raw: 412345 msg/s") */
  progress?: (line: string) => void
  /** worker counts for the scaling part (default 1 … the number of cores) */
  maxWorkers?: number
  /** the parts to run (default: all of them) */
  parts?: Part[]
  /** the transports and message sizes of the throughput and user-path rows (default: all) */
  transports?: Transport[]
  sizes?: number[]
}

/** The parts of a run, in order: `--only` picks some. */
export type Part = 'throughput' | 'user' | 'roundtrip' | 'scaling' | 'startup'
export const kParts: Part[] = ['throughput', 'user', 'roundtrip', 'scaling', 'startup']

export async function runBench (options: BenchOptions = {}): Promise<BenchResults> {
  const quick = options.quick === true
  const say = options.progress ?? (() => {})
  const rounds = quick ? 1 : 3
  const results: BenchResults = {
    date: new Date().toISOString(),
    machine: { cpus: availableParallelism(), node: process.version, platform: `${process.platform}-${process.arch}` },
    quick,
    throughput: [],
    userPath: [],
    roundTrip: [],
    scaling: [],
    startup: [],
  }

  const parts = new Set(options.parts ?? kParts)
  const transports = options.transports ?? kTransports
  const sizes = options.sizes ?? kSizes

  for (const transport of parts.has('throughput') ? transports : []) {
    for (const size of sizes) {
      const samples: Record<Variant, Array<number | null>> = { raw: [], 'raw-copying': [], internal: [], edge: [] }
      for (let r = 0; r < rounds; r++) {
        for (const variant of kVariants) {
          const rate = await settle(throughput(variant, transport, size, counts(quick, size)))
          samples[variant].push(rate)
          say(`throughput ${transport} ${size} B ${variant}: ${rate === null ? 'no result' : `${Math.round(rate)} msg/s`}`)
        }
      }
      for (const variant of kVariants) results.throughput.push({ transport, size, variant, msgPerSec: figure(samples[variant]) })
    }
  }

  for (const pattern of parts.has('user') ? kPatterns : []) {
    for (const transport of transports) {
      for (const size of sizes) {
        const samples: Record<UserVariant, Array<number | null>> = { raw: [], builtin: [] }
        for (let r = 0; r < rounds; r++) {
          for (const variant of kUserVariants) {
            const rate = await settle(userPathRate(pattern, variant, transport, size, counts(quick, size)))
            samples[variant].push(rate)
            say(`user path ${pattern} ${transport} ${size} B ${variant}: ${rate === null ? 'no result' : `${Math.round(rate)} msg/s`}`)
          }
        }
        for (const variant of kUserVariants) results.userPath.push({ pattern, transport, size, variant, msgPerSec: figure(samples[variant]) })
      }
    }
  }

  // rounds alternate as in every other row, and each variant's percentiles are taken over all its
  // round trips: one round of 5 000 gave a p99 anywhere from 0.8x to 1.7x raw's, a machine's drift
  const trips = quick ? 200 : 5000
  const tripVariants = parts.has('roundtrip') ? ['raw', 'zeroactor'] as const : []
  const tripSamples = { raw: [] as number[], zeroactor: [] as number[] }
  for (let r = 0; r < rounds; r++) {
    for (const variant of tripVariants) {
      const us = await settle(variant === 'raw' ? rawRoundTrips(trips) : actorRoundTrips(trips))
      if (us !== null) tripSamples[variant].push(...us)
      say(`round trip ${variant}: ${us === null ? 'no result' : `median ${quantile([...us].sort((a, b) => a - b), 0.5)?.toFixed(1)} µs`}`)
    }
  }
  for (const variant of tripVariants) {
    const sorted = tripSamples[variant].sort((a, b) => a - b)
    results.roundTrip.push({ variant, medianUs: quantile(sorted, 0.5), p99Us: quantile(sorted, 0.99) })
  }

  const maxWorkers = options.maxWorkers ?? availableParallelism()
  for (const taskUs of parts.has('scaling') ? [1000, 100] : []) {
    for (let workers = 1; workers <= maxWorkers; workers++) {
      const tasks = quick ? 40 * workers : Math.round((1_500_000 / taskUs) * workers)
      const pipeline = await settle(pipelineRate(taskUs, workers, tasks))
      const ceiling = await settle(ceilingRate(taskUs, workers, tasks))
      results.scaling.push({ taskUs, workers, pipeline, ceiling })
      say(`scaling ${taskUs} µs tasks, ${workers} worker(s): pipeline ${Math.round(pipeline ?? 0)}/s, ${workers} processes ${Math.round(ceiling ?? 0)}/s`)
    }
  }

  // --quick starts 2 and 4 (each actor thread of a cold pool costs a start-up; under the test
  // suite's TypeScript loader, seconds)
  for (const actors of !parts.has('startup') ? [] : quick ? [2, 4] : [8, 64]) {
    const s = await startup(actors)
    results.startup.push(s)
    say(`startup ${actors} actors: READY in ${s.readyMs.toFixed(0)} ms, ${s.rssPerActorMB.toFixed(1)} MB per actor (a bare thread: ${s.bareThreadMB.toFixed(1)} MB)`)
  }
  return results
}

/**
 * One throughput round: `count` messages of `size` bytes, PUSH → PULL. `edgeSenderInChild`: the
 * edge link's sender runs in a child process, as an internal ipc link's does (placement.ts).
 */
export async function throughput (variant: Variant, transport: Transport, size: number, count: number, edgeSenderInChild = false): Promise<number> {
  if (variant === 'raw' || variant === 'raw-copying') return await rawRate('pipeline', transport, size, count, variant === 'raw-copying')
  return await warmRound(count, async count => await actorThroughput(variant, transport, size, count, edgeSenderInChild))
}

async function actorThroughput (variant: 'internal' | 'edge', transport: Transport, size: number, count: number, edgeSenderInChild: boolean): Promise<number> {
  const blast = { module: module('blast'), params: { count, size } }
  const drain = { module: module('drain'), params: { count } }
  let app: App
  let second: App | undefined
  let logged!: Promise<number>
  let started!: Promise<number>
  if (variant === 'internal') {
    // a logical link, placed so that the plan picks the transport (harness.ts: placement)
    const place = placement(transport)
    app = await spawn({
      name: `bench-${transport}`,
      ...place.topology,
      actors: {
        rx: { ...drain, sockets: { in: { bind: ['link'] } }, ...place.rx },
        tx: { ...blast, sockets: { out: { connect: ['link'] } }, ...place.tx },
      },
    })
    logged = stamp(app, 'rx', 'end')
    started = stamp(app, 'tx', 'start')
  } else {
    const endpoint = freshEndpoint(transport)
    app = await spawn({ name: 'bench-edge-rx', actors: { rx: { ...drain, sockets: { in: { bind: [endpoint] } } } } })
    logged = stamp(app, 'rx', 'end')
    second = await spawn({ name: 'bench-edge-tx', actors: { tx: { ...blast, sockets: { out: { connect: [app.endpoints('rx').in![0]!] } }, ...(edgeSenderInChild ? { process: 'tx' } : {}) } } })
    started = stamp(second, 'tx', 'start')
  }
  try {
    const [start, end] = await Promise.all([started, logged])
    return count / ((end - start) / 1000)
  } finally {
    await second?.stop()
    await app.stop()
  }
}

async function rawRoundTrips (count: number): Promise<number[]> {
  const endpoint = freshEndpoint('inproc')
  const rep = peer({ role: 'rep', endpoint, bind: true, count, size: 16 })
  await rep.next()
  const req = peer({ role: 'req', endpoint, bind: false, count, size: 16 })
  const { us } = await req.next<{ us: number[] }>()
  rep.worker.postMessage('stop')
  await Promise.all([rep.exited, req.exited])
  return us
}

async function actorRoundTrips (count: number): Promise<number[]> {
  const app = await spawn({
    name: 'bench-rtt',
    actors: {
      pong: { module: module('pong'), sockets: { rep: { bind: ['rtt'] } } },
      ping: { module: module('ping'), sockets: { req: { connect: ['rtt'] } }, params: { count, size: 16 } },
    },
  })
  try {
    const line = await new Promise<string>(resolve => app.on('log', (actor, text) => { if (actor === 'ping') resolve(text) }))
    return line.split(',').map(Number)
  } finally {
    await app.stop()
  }
}

/** ventilator → `workers` built-in workers (each task `taskUs` of CPU) → sink: tasks per second. */
async function pipelineRate (taskUs: number, workers: number, tasks: number): Promise<number> {
  const names = Array.from({ length: workers }, (_, i) => `w${i + 1}`)
  const go = `inproc://za-bench-go-${randomUUID()}`
  const app = await spawn({
    name: 'bench-pipeline',
    actors: {
      sink: { module: module('drain'), sockets: { in: { bind: ['results'] } }, params: { count: tasks } },
      ...Object.fromEntries(names.map(name => [name, { kind: 'worker', handler: module('spin'), input: { connect: ['tasks'] }, output: { connect: ['results'] } }])),
      feed: { module: module('feed'), sockets: { out: { bind: ['tasks'] }, go: { bind: [go] } }, params: { count: tasks, us: taskUs } },
    },
  })
  // every worker is READY (connected): now the ventilator may start
  const starter = new zmq.Push({ linger: 0 })
  starter.connect(go)
  await starter.send('go')
  starter.close()
  try {
    const [start, end] = await Promise.all([stamp(app, 'feed', 'start'), stamp(app, 'sink', 'end')])
    return tasks / ((end - start) / 1000)
  } finally {
    await app.stop()
  }
}

/** The ceiling: `n` independent processes, each spinning its share of the tasks; tasks per second. */
async function ceilingRate (taskUs: number, n: number, tasks: number): Promise<number> {
  const each = Math.ceil(tasks / n)
  const code = `const s=performance.now();for(let i=0;i<${each};i++){const e=performance.now()+${taskUs / 1000};while(performance.now()<e);}process.stdout.write(String(performance.now()-s))`
  const times = await Promise.all(Array.from({ length: n }, async () => await new Promise<number>((resolve, reject) => {
    const child = spawnProcess(process.execPath, ['-e', code], { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, NODE_OPTIONS: '' } })
    let out = ''
    child.stdout.on('data', chunk => { out += String(chunk) })
    child.on('error', reject)
    child.on('exit', () => resolve(Number(out)))
  })))
  return (each * n) / (Math.max(...times) / 1000)
}

/**
 * spawn() of `actors` idle actors in a fresh process (startup.ts): ms to READY, RSS growth per
 * actor; then as many bare worker threads in another fresh process, the floor under that memory.
 */
async function startup (actors: number): Promise<BenchResults['startup'][number]> {
  const { readyMs, rssPerActorMB } = await startupProcess(actors) as { readyMs: number, rssPerActorMB: number }
  const { rssPerThreadMB } = await startupProcess(actors, 'bare') as { rssPerThreadMB: number }
  return { actors, readyMs, rssPerActorMB, bareThreadMB: rssPerThreadMB }
}

async function startupProcess (actors: number, mode?: 'bare'): Promise<unknown> {
  const script = new URL(`./startup${ext()}`, import.meta.url).pathname
  const out = await new Promise<string>((resolve, reject) => {
    // execArgv: under a TypeScript loader (the test suite) the script is .ts
    const child = spawnProcess(process.execPath, [...process.execArgv, script, String(actors), ...(mode !== undefined ? [mode] : [])], { stdio: ['ignore', 'pipe', 'inherit'] })
    let text = ''
    child.stdout.on('data', chunk => { text += String(chunk) })
    child.on('error', reject)
    child.on('exit', code => (code === 0 ? resolve(text) : reject(new Error(`startup bench exited ${code}`))))
  })
  return JSON.parse(out)
}

export function figure (samples: Array<number | null>): Figure {
  const ok = samples.filter((v): v is number => v !== null).sort((a, b) => a - b)
  return { median: quantile(ok, 0.5), min: ok[0] ?? null, max: ok.at(-1) ?? null, rounds: samples }
}

function quantile (sorted: number[], q: number): number | null {
  if (sorted.length === 0) return null
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!
}
