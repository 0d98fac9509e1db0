/**
 * `zeroactor/testing`: what your own tests need to run a topology inside a test and tear it down.
 * Framework-neutral: anything with `teardown(fn)` (tap's `t`, or an adapter) works.
 * @example
 * import t from 'tap'
 * import { spawnForTest, waitFor, nextLog } from 'zeroactor/testing'
 * t.test('weather', async t => {
 *   const app = await spawnForTest(t, './topology.json')
 *   await waitFor(() => app.actor('client').received >= 5)
 * })
 */
import type { App } from './runtime/app.js'
import { spawn, type SpawnOptions } from './spawn.js'
import type { ActorState } from './runtime/types.js'

/** The part of a test object the helpers use. */
export interface Teardown {
  teardown: (fn: () => unknown) => void
}

/** Spawns a topology and registers `app.stop()` with the test's teardown. */
export async function spawnForTest (t: Teardown, topology: string | object, options?: SpawnOptions): Promise<App> {
  const app = await spawn(topology, options)
  t.teardown(async () => { await app.stop() })
  return app
}

export interface WaitForOptions {
  /** give up after this many ms (default 10 000) */
  timeout?: number
  /** ms between checks (default 10) */
  interval?: number
  /** what the failure message says was awaited */
  message?: string
}

/**
 * Resolves once `condition` returns true; for conditions on counters (`app.stats()` is shared
 * memory, there is no event per message). For state changes and log lines use the event helpers.
 * @throws {Error} when the timeout passes first
 */
export async function waitFor (condition: () => boolean | Promise<boolean>, options: WaitForOptions = {}): Promise<void> {
  const { timeout = 10_000, interval = 10, message = condition.toString() } = options
  const deadline = Date.now() + timeout
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`waitFor: timed out after ${timeout} ms waiting for ${message}`)
    await new Promise(resolve => setTimeout(resolve, interval))
  }
}

/**
 * Resolves with the next log line of `actor` (any actor when undefined) that matches `match`.
 * Register it before the action that causes the line. Rejects, saying what it waited for, when
 * `timeout` ms (default 30 000) pass first.
 */
export async function nextLog (app: App, actor?: string, match: RegExp | string = '', options: { timeout?: number } = {}): Promise<string> {
  const { timeout = 30_000 } = options
  return await new Promise((resolve, reject) => {
    const onLog = (from: string, text: string): void => {
      if ((actor === undefined || from === actor) && (typeof match === 'string' ? text.includes(match) : match.test(text))) {
        done()
        resolve(text)
      }
    }
    const timer = setTimeout(() => {
      done()
      reject(new Error(`nextLog: timed out after ${timeout} ms waiting for a log line of ${actor === undefined ? 'any actor' : `actor "${actor}"`}${match === '' ? '' : ` matching ${String(match)}`}`))
    }, timeout)
    const done = (): void => { clearTimeout(timer); app.off('log', onLog) }
    app.on('log', onLog)
  })
}

/** Collects every log line of the app, as `[actor, text]` pairs, from now on. */
export function collectLogs (app: App): Array<[actor: string, text: string]> {
  const lines: Array<[string, string]> = []
  app.on('log', (actor, text) => lines.push([actor, text]))
  return lines
}

/** Resolves once `actor` reaches `state` (`stopped`, `failed`...); polls like {@link waitFor}. */
export async function waitForState (app: App, actor: string, state: ActorState, options: WaitForOptions = {}): Promise<void> {
  await waitFor(() => app.actor(actor).state === state, { message: `actor "${actor}" to be ${state}`, ...options })
}
