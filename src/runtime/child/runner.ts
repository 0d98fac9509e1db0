import { fork, type ChildProcess } from 'node:child_process'
import type { LinkEnds } from '../../counters.js'
import { ActorCrashError, ActorStartError, ActorStateError, deserializeError, errorReport } from '../../errors.js'
import { farConsumersToCome, type ActorPlan, type Plan } from '../../plan/types.js'
import type { RunnerEvents } from '../actor-runner.js'
import { RestartBudget } from '../restart-budget.js'
import type { ActorState, ActorStats } from '../types.js'
import type { ChildActorSnapshot, FromChild, ToChild } from './protocol.js'
import { fromChildEvent } from './relay.js'

/**
 * A child gets the topology's shutdownTimeout to stop its actors after `stop` (past it, a stuck
 * actor makes the child kill itself), plus this margin; then the parent kills it.
 */
export const kChildStopMargin = 2000

const counterNames = ['sent', 'received', 'errors', 'bytesSent', 'bytesReceived'] as const

/**
 * An actor that runs in a child process, as the node runtime sees it: the last snapshot its
 * process reported. Counters and restarts add up across restarts of the process.
 */
export class RemoteActor {
  readonly plan: ActorPlan
  readonly #process: ChildProcessRunner
  snapshot: ChildActorSnapshot | undefined
  /** counters and restarts of earlier incarnations of the process */
  readonly base = { sent: 0, received: 0, errors: 0, bytesSent: 0, bytesReceived: 0, restarts: 0 }
  /** set by the process runner while the process itself is down or gone */
  override: { state: ActorState, error?: Error } | undefined

  constructor (plan: ActorPlan, process: ChildProcessRunner) {
    this.plan = plan
    this.#process = process
  }

  get name (): string { return this.plan.name }
  #finished = false
  /** run() returned by itself */
  get finished (): boolean { return this.#finished }
  markFinished (): void { this.#finished = true }
  get endpoints (): Record<string, string[]> { return this.snapshot?.endpoints ?? {} }
  /** those of the current process, like its per-link figures */
  linkEnds (): LinkEnds { return this.snapshot?.ends ?? { sending: {}, receiving: {} } }
  /** before its process has reported: the consumers it will connect to, still to come */
  farConsumers (): number { return this.snapshot?.farConsumers ?? farConsumersToCome(this.plan) }

  stats (): ActorStats {
    const s = this.snapshot
    const out: ActorStats = {
      kind: this.plan.kind,
      state: this.override?.state ?? s?.state ?? 'starting',
      pid: s?.pid ?? null,
      threadId: s?.threadId ?? null,
      restarts: this.base.restarts + (s?.restarts ?? 0),
      sent: 0,
      received: 0,
      errors: 0,
      bytesSent: 0,
      bytesReceived: 0,
      busy: this.override === undefined ? s?.busy ?? null : null,
    }
    for (const name of counterNames) out[name] = this.base[name] + (s?.[name] ?? 0)
    // per-link figures are those of the current process (they start over with it)
    if (s?.links !== undefined) out.links = s.links
    const error = this.override?.error ?? s?.error
    if (error !== undefined) out.error = error instanceof Error ? errorReport(error) : error
    return out
  }

  async restart (): Promise<void> {
    await this.#process.restartActor(this.name)
  }

  /** The process ended: what this incarnation counted becomes the base of the next one. */
  carryOver (): void {
    const s = this.snapshot
    if (s === undefined) return
    for (const name of counterNames) this.base[name] += s[name]
    this.base.restarts += s.restarts
    this.snapshot = { ...s, ...Object.fromEntries(counterNames.map(n => [n, 0])), restarts: 0 }
  }
}

/**
 * One child process of the node runtime (`"process": "<name>"` in the topology): forks it, hands
 * it the plan, relays its actors' events and stats, restarts it when it dies (within the
 * topology's restart budget, with backoff), and stops it (then kills it if it does not end).
 */
export class ChildProcessRunner {
  readonly name: string
  readonly node: string
  readonly actors: RemoteActor[]
  readonly #plan: Plan
  readonly #events: RunnerEvents
  #child: ChildProcess | undefined
  #exited: Promise<void> = Promise.resolve()
  #stopping = false
  readonly #budget: RestartBudget
  #backoff: { timer: NodeJS.Timeout, resolve: () => void } | undefined
  #requests = new Map<number, { resolve: () => void, reject: (e: Error) => void }>()
  #nextId = 0
  /** resolves the pending start() */
  #onStart: ((error?: Error) => void) | undefined
  /** false until the first start succeeded: a process that never started is not restarted */
  #started = false

  constructor (plan: Plan, node: string, name: string, actors: ActorPlan[], events: RunnerEvents) {
    this.#plan = plan
    this.#budget = new RestartBudget(plan.maxRestarts, plan.period)
    this.node = node
    this.name = name
    this.#events = events
    this.actors = actors.map(a => new RemoteActor(a, this))
  }

  get pid (): number | undefined { return this.#child?.pid }

  /** Forks the process and resolves once every actor in it reported READY. */
  async start (): Promise<void> {
    this.#stopping = false
    const skip = this.actors.filter(a => a.finished || a.stats().state === 'failed').map(a => a.name)
    const child = this.#child = fork(childFile(), [], {
      execArgv: process.execArgv,
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    })
    const started = new Promise<Error | undefined>(resolve => { this.#onStart = resolve })
    this.#exited = new Promise(resolve => {
      // 'close', not 'exit': it comes after the IPC channel has delivered every message, so the
      // final snapshot is counted before carryOver() and never after it (twice)
      child.once('close', (code, signal) => {
        this.#onStart?.(new ActorStartError(`process "${this.name}" exited before its actors were ready (${signal ?? `code ${code}`})`))
        for (const r of this.#requests.values()) r.reject(new ActorStateError(`process "${this.name}" ended`))
        this.#requests.clear()
        resolve()
        void this.#onExit(child, code, signal)
      })
    })
    child.on('message', (msg: FromChild) => this.#onMessage(msg))
    child.on('error', () => {}) // a failed send to a dead child: 'close' tells the story
    this.#send({ type: 'start', plan: this.#plan, node: this.node, process: this.name, skip })
    const error = await started
    this.#onStart = undefined
    if (error !== undefined) throw error
  }

  /** Stops every actor of the process and waits for it to exit (killed after shutdownTimeout + {@link kChildStopMargin}). */
  async stop (): Promise<void> {
    this.#stopping = true
    if (this.#backoff !== undefined) {
      clearTimeout(this.#backoff.timer)
      this.#backoff.resolve()
    }
    const child = this.#child
    if (child !== undefined && child.exitCode === null && child.signalCode === null) {
      this.#send({ type: 'stop' })
      const timer = setTimeout(() => child.kill('SIGKILL'), this.#plan.shutdownTimeout + kChildStopMargin)
      await this.#exited
      clearTimeout(timer)
    }
    for (const a of this.actors) {
      const state = a.stats().state
      if (state !== 'failed') a.override = { state: 'stopped' }
    }
  }

  async restartActor (actor: string): Promise<void> {
    if (this.#child === undefined || this.#stopping) throw new ActorStateError(`process "${this.name}" is not running`)
    const id = this.#nextId++
    await new Promise<void>((resolve, reject) => {
      this.#requests.set(id, { resolve, reject })
      this.#send({ type: 'restart', id, actor })
    })
  }

  #send (msg: ToChild): void {
    try { this.#child?.send(msg) } catch { /* the child is gone; its exit is handled */ }
  }

  #onMessage (msg: FromChild): void {
    for (const a of this.actors) {
      const s = msg.actors[a.name]
      if (s !== undefined) a.snapshot = s
    }
    switch (msg.type) {
      case 'started':
        this.#started = true
        // the new incarnation's snapshot speaks for the actors that were restarting
        for (const a of this.actors) if (a.override?.state === 'restarting') a.override = undefined
        this.#onStart?.()
        break
      case 'start-failed': this.#onStart?.(deserializeError(msg.error)); break
      case 'restarted': {
        const r = this.#requests.get(msg.id)
        this.#requests.delete(msg.id)
        if (msg.error !== undefined) r?.reject(deserializeError(msg.error))
        else r?.resolve()
        break
      }
      case 'event': {
        const name = msg.event.name
        const args = fromChildEvent(msg.event)
        const actor = this.#remote(args[0] as string)
        if (name === 'finished') actor.markFinished()
        // the attempt number is the parent's to count: it adds the restarts of earlier processes
        if (name === 'restart') args[1] = actor.stats().restarts
        // the child kills itself now; the actor comes back with the process (unless stopping)
        if (name === 'stop-timeout') actor.override = { state: 'restarting', error: args[1] as Error }
        ;(this.#events[name] as (...args: unknown[]) => void)(...args)
        break
      }
    }
  }

  #remote (name: string): RemoteActor {
    return this.actors.find(a => a.name === name)!
  }

  /** The process ended: expected when stopping; otherwise restart it within the budget. */
  async #onExit (child: ChildProcess, code: number | null, signal: NodeJS.Signals | null): Promise<void> {
    if (child !== this.#child) return
    for (const a of this.actors) a.carryOver()
    if (this.#stopping || !this.#started) return
    const alive = this.actors.filter(a => !a.finished && a.stats().state !== 'failed')
    if (alive.length === 0) return
    const reason = new ActorCrashError(`process "${this.name}" (pid ${child.pid}) died: ${signal ?? `exit code ${code}`}`)
    if (!this.#budget.spend(`process "${this.name}"`, reason)) {
      const error = this.#budget.exceeded(`process "${this.name}"`, '', reason)
      for (const a of alive) { a.override = { state: 'failed', error }; this.#events.failed(a.name, error) }
      return
    }
    for (const a of alive) {
      a.base.restarts++
      a.override = { state: 'restarting', error: reason }
      this.#events.restart(a.name, a.stats().restarts, reason)
    }
    const delay = this.#budget.backoff
    await new Promise<void>(resolve => { this.#backoff = { timer: setTimeout(resolve, delay), resolve } })
    this.#backoff = undefined
    if (this.#stopping) return
    // a start that fails ends in another exit, which comes back here and counts against the budget
    await this.start().catch(() => {})
  }
}

/** The child's entry next to this file: `.ts` under a TypeScript loader (tap), `.js` from dist. */
function childFile (): string {
  const ext = import.meta.url.endsWith('.ts') ? '.ts' : '.js'
  return new URL(`./main${ext}`, import.meta.url).pathname
}
