import type { Worker } from 'node:worker_threads'
import type { Piscina } from 'piscina'
import { lazyRequire } from '../deps.js'
import { tuneGc } from './gc-tuning.js'
import { stuckThreads } from './stuck-threads.js'
import 'zeromq' // H4 in docs/hazards.md: the main thread owns zeromq's process-wide context

/**
 * One piscina pool per process hosts every actor, one actor per thread. An actor is a task that
 * stays pending for the actor's life (H18, H19): one task per
 * worker, no Atomics wake-ups, and no AbortSignal ever (it terminates the thread: H1).
 *
 * Threads are reused across actors and apps and never end on their own (idleTimeout: Infinity):
 * a Buffer over 128 bytes sent over inproc points into the sending thread's memory until the
 * receiver is done with it, so a sender's thread must outlive its messages (H2). Idle threads are
 * unref'd by piscina and do not keep the process alive (a booting one does, until it is up);
 * {@link shutdown} ends them. A pool made by {@link prestart} keeps at least that many threads:
 * piscina replaces one that exits.
 */
let pool: Piscina | undefined
/** whether an actor was given to the pool: one started early for an invalid topology had none */
let used = false

export function actorPool (): Piscina {
  pool ??= create(0)
  used = true
  return pool
}

/**
 * Starts `threads` actor threads at once when the process has no pool (its first spawn(), or the
 * first after {@link shutdown}): they boot (Node, zeromq, the actor host) while the main thread
 * still loads and validates the topology, which that spawn() otherwise waits for first (loading
 * zod alone takes ~75 ms). Returns what ends them again if no actor ever ran on them (the topology
 * was invalid): the pool keeps `threads` threads for good (piscina's minThreads), as it keeps
 * every thread (see above).
 */
export function prestart (threads: number): () => Promise<void> {
  if (pool !== undefined || threads <= 0) return async () => {}
  const started = pool = create(Math.min(threads, kMaxThreads))
  used = false
  return async () => {
    if (pool !== started || used) return
    pool = undefined
    await started.close()
  }
}

const kMaxThreads = 1024

function create (minThreads: number): Piscina {
  tuneGc() // H38: before the process's first actor thread
  const { Piscina: PoolClass } = lazyRequire('piscina') as typeof import('piscina')
  return new PoolClass({
    filename: hostFile(),
    minThreads,
    maxThreads: kMaxThreads,
    concurrentTasksPerWorker: 1,
    idleTimeout: Infinity,
    atomics: 'disabled',
  })
}

/**
 * The pool's thread with this id: the main thread reads its event-loop utilisation from it (busy
 * %), which it can do even while the thread is stuck in a loop of its own.
 */
export function threadOf (threadId: number): Worker | undefined {
  return pool?.threads.find(worker => worker.threadId === threadId)
}

/**
 * Ends every idle actor thread now. Call it after every app has stopped when the process should
 * not keep threads around (tests that count threads, embedders). Safe to call at any time. While
 * a thread that a stop left stuck (stop-timeout) is still busy, the pool stays, and this says so:
 * piscina would wait 30 s for it, then end it and fail (`Close operation timed out`), and ending
 * it aborts the process (H1); the process ends it at its exit (stuck-threads.ts).
 */
export async function shutdown (): Promise<void> {
  const stuck = stuckThreads()
  if (stuck.length > 0) {
    process.stderr.write(`zeroactor: shutdown() leaves the actor threads: ${stuck.map(name => `"${name}"`).join(', ')} did not stop (stop-timeout) and cannot be ended safely (H1)\n`)
    return
  }
  const p = pool
  pool = undefined
  await p?.close()
}

/** The worker entry next to this file: `.ts` under a TypeScript loader (tap), `.js` from dist. */
function hostFile (): string {
  const ext = import.meta.url.endsWith('.ts') ? '.ts' : '.js'
  return new URL(`../host/entry${ext}`, import.meta.url).href
}
