import { fork } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { once } from 'node:events'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Worker } from 'node:worker_threads'
import type { App } from '../src/runtime/app.js'
import { shutdown } from '../src/runtime/pool.js'

/** What every part of the benchmark shares: endpoints, raw peers, the actors' time stamps, time limits. */

export type Transport = 'inproc' | 'ipc' | 'tcp'
export const kTransports: Transport[] = ['inproc', 'ipc', 'tcp']
export const kSizes = [16, 256, 4096, 65536]
const kRoundTimeoutMs = 120_000

/** Messages per throughput round, by size: enough for a stable rate, or a few in --quick. */
export const counts = (quick: boolean, size: number): number => (quick ? (size >= 65536 ? 50 : 500) : size >= 65536 ? 20_000 : size >= 4096 ? 50_000 : 1_000_000)

/** The nodes of the internal tcp case: a logical link between two nodes of one process goes over tcp. */
export const kTcpNodes = { a: { host: '127.0.0.1', portRange: [5790, 5794] }, b: { host: '127.0.0.1', portRange: [5795, 5799] } }

/**
 * Where the two ends of a logical link go for the plan to pick the transport: inproc in one
 * process; ipc with the sender in a child process (a receiver still starting when a finite sender
 * ends would lose the tail to the sender's linger: H3 in docs/hazards.md); tcp on two nodes.
 */
export function placement (transport: Transport): { topology: Record<string, unknown>, rx: Record<string, unknown>, tx: Record<string, unknown> } {
  if (transport === 'tcp') return { topology: { nodes: kTcpNodes }, rx: { node: 'b' }, tx: { node: 'a' } }
  return { topology: {}, rx: {}, tx: transport === 'ipc' ? { process: 'tx' } : {} }
}

/** An explicit endpoint of the transport nobody else uses (tcp: a port the OS picks). */
export function freshEndpoint (transport: Transport): string {
  if (transport === 'tcp') return 'tcp://127.0.0.1:*'
  return transport === 'ipc' ? `ipc://${join(tmpdir(), `za-bench-${randomUUID().slice(0, 8)}`)}` : `inproc://za-bench-${randomUUID()}`
}

/**
 * A zeroactor round as the benchmark measures it: on fresh threads, after two uncounted rounds of
 * the same on those threads (the same actors land on the same threads, each round in its own
 * app; a sender in a child process is new every round). zeroactor's code reaches its steady
 * speed only after a few hundred thousand messages of 16 B or some 100 000 of 4 KiB (compiled
 * code, a grown heap), and a thread that had run another kind of link first ran an edge link's
 * round 8–20 % slower; raw zeromq.js runs each round in a process of its own at the same speed
 * from 50 000 messages as from 200 000 (bench/README.md, 2026-12-03 evening). `round` runs one
 * round of `count` messages and stops what it started. While a round that settle() gave up on
 * still runs, its threads are not ended (that would abort the process: H1): the next reuse them.
 */
export async function warmRound (count: number, round: (count: number) => Promise<number>): Promise<number> {
  if (unfinishedRounds === 0) await shutdown()
  unfinishedRounds++
  try {
    for (let i = 0; i < kWarmUpRounds; i++) await round(count)
    return await round(count)
  } finally {
    unfinishedRounds--
  }
}

const kWarmUpRounds = 2
let unfinishedRounds = 0

/** The epoch ms an actor logs as "<word> <ms>" (held events are delivered after spawn() resolves). */
export async function stamp (app: App, actor: string, word: string): Promise<number> {
  return await new Promise(resolve => app.on('log', (from, text) => { if (from === actor && text.startsWith(`${word} `)) resolve(Number(text.slice(word.length + 1))) }))
}

/** A raw zeromq.js peer in its own thread (raw-peer.ts): its messages in order, and its end. */
export function peer (job: Record<string, unknown>): { worker: Worker, next: <T = unknown>() => Promise<T>, exited: Promise<void> } {
  const worker = new Worker(new URL(`./raw-peer${ext()}`, import.meta.url), { workerData: job })
  const queue: unknown[] = []
  const waiting: Array<(value: unknown) => void> = []
  let failure: Error | undefined
  const fail = (error: Error): void => { failure = error; for (const w of waiting.splice(0)) w(Promise.reject(error)) }
  worker.on('message', msg => { const w = waiting.shift(); if (w !== undefined) w(msg); else queue.push(msg) })
  worker.on('error', fail)
  const exited = new Promise<void>(resolve => worker.once('exit', () => { fail(new Error('raw peer ended')); resolve() }))
  return {
    worker,
    next: async <T>() => {
      if (queue.length > 0) return queue.shift() as T
      if (failure !== undefined) throw failure
      return await new Promise<T>(resolve => { waiting.push(resolve as (value: unknown) => void) })
    },
    exited,
  }
}

/** A bench actor module: `.ts` under a TypeScript loader, `.js` from dist. */
export function module (name: string): string {
  return new URL(`./actors/${name}${ext()}`, import.meta.url).pathname
}

export function ext (): string {
  return import.meta.url.endsWith('.ts') ? '.ts' : '.js'
}

export async function settle<T> (work: Promise<T>): Promise<T | null> {
  let timer: NodeJS.Timeout | undefined
  try {
    return await Promise.race([work, new Promise<null>(resolve => { timer = setTimeout(resolve, kRoundTimeoutMs, null) })])
  } catch {
    return null
  } finally {
    clearTimeout(timer)
  }
}

/**
 * One round of raw zeromq.js (raw-peer.ts), each end in its own thread: `count` messages of `size`
 * bytes, PUSH → PULL (`pipeline`) or PUB → SUB (`pubsub`: an XPUB with noDrop that starts once the
 * subscription arrived, so that it neither drops nor sends into an empty room). msg/s.
 *
 * It runs in a process of its own (raw-process.ts): zeroactor makes every frame received in its
 * process a copy (H2, src/receive-copy.ts), and raw zeromq.js must be measured as its users get it.
 * With `copying` that process copies every received frame too, and sets the V8 flag of H38 where
 * zeroactor does: what raw zeromq.js does under the same rules as zeroactor.
 */
export async function rawRate (pattern: 'pipeline' | 'pubsub', transport: Transport, size: number, count: number, copying = false): Promise<number> {
  const child = fork(new URL(`./raw-process${ext()}`, import.meta.url), [JSON.stringify({ pattern, transport, size, count, copying })], { execArgv: process.execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
  const exited = once(child, 'exit').then(([code]) => { throw new Error(`raw zeromq.js process exited with ${String(code)} before its result`) })
  try {
    return await Promise.race([once(child, 'message').then(([rate]) => rate as number), exited])
  } finally {
    child.kill()
  }
}

/** rawRate in this process (raw-process.ts calls it). */
export async function rawRateHere (pattern: 'pipeline' | 'pubsub', transport: Transport, size: number, count: number): Promise<number> {
  const [rx, tx] = pattern === 'pipeline' ? ['recv', 'send'] : ['sub', 'pub']
  const recv = peer({ role: rx, endpoint: freshEndpoint(transport), bind: true, count, size })
  const bound = await recv.next<{ endpoint: string }>()
  const send = peer({ role: tx, endpoint: bound.endpoint, bind: false, count, size })
  const { start } = await send.next<{ start: number }>()
  const { end } = await recv.next<{ end: number }>()
  await recv.exited
  send.worker.postMessage('stop')
  await send.exited
  return count / ((end - start) / 1000)
}
