import { MessageChannel, type MessagePort } from 'node:worker_threads'
import { createCounters, readCounters } from '../actor/counters.js'
import { ActorCrashError, ActorStartError, ActorStateError, deserializeError } from '../errors.js'
import type { ActorPlan } from '../plan/plan.js'
import { actorPool } from './pool.js'
import type { ActorStats } from './app.js'
import type { FromActor, HostResult, HostTask, ToActor } from './protocol.js'

/** The states of an actor, as `app.stats()` reports them. */
export type ActorState = 'starting' | 'running' | 'restarting' | 'stopped' | 'failed'

export interface RunnerEvents {
  log: (actor: string, text: string) => void
  ready: (actor: string) => void
  /** run() returned by itself (not restarted) */
  finished: (actor: string) => void
  restart: (actor: string, attempt: number, error: Error | undefined) => void
  /** failed for good: no restart left (or policy `temporary`) */
  failed: (actor: string, error: Error) => void
  /** a peer came or went on one of the actor's ipc/tcp sockets */
  link: (actor: string, socket: string, up: boolean, address: string) => void
}

export interface SupervisionLimits {
  maxRestarts: number
  period: number
}

/** First restart delay; it doubles per restart inside the period, up to kMaxBackoff. */
export const kBackoff = 50
export const kMaxBackoff = 2000

/**
 * Runs one actor on the shared pool and supervises it: READY, $TERM, restarts by policy
 * (`permanent`: always; `transient`: after a failure; `temporary`: never) within the topology's
 * restart budget, with exponential backoff. One runner lives as long as its app.
 */
export class ActorRunner {
  readonly plan: ActorPlan
  readonly counters = createCounters()
  state: ActorState = 'starting'
  pid: number | undefined
  threadId: number | undefined
  /** per socket, the endpoints bound at the last READY (`tcp://host:*` resolved) */
  endpoints: Record<string, string[]> = {}
  restarts = 0
  /** true once run() returned by itself */
  finished = false
  error: Error | undefined
  readonly #events: RunnerEvents
  readonly #limits: SupervisionLimits
  #port: MessagePort | undefined
  #exit: Promise<void> | undefined
  #stopping = false
  #restartTimes: number[] = []
  #backoff: { timer: NodeJS.Timeout, resolve: () => void } | undefined
  #ready: Promise<void> = Promise.resolve()

  constructor (plan: ActorPlan, limits: SupervisionLimits, events: RunnerEvents) {
    this.plan = plan
    this.#limits = limits
    this.#events = events
  }

  get name (): string { return this.plan.name }

  /**
   * Starts the actor; resolves on READY.
   * @throws {ActorStartError} `ERR_ACTOR_START`, with the actor's own error as `cause`
   */
  async start (): Promise<void> {
    this.#stopping = false
    const { port1, port2 } = new MessageChannel()
    this.#port = port1
    this.state = this.restarts > 0 ? 'restarting' : 'starting'
    let onReady!: () => void
    let reachedReady = false
    const ready = this.#ready = new Promise<void>(resolve => { onReady = () => { reachedReady = true; resolve() } })
    port1.on('message', (msg: FromActor) => {
      if (msg.type === 'log') this.#events.log(this.name, msg.text)
      else if (msg.type === 'link') this.#events.link(this.name, msg.socket, msg.up, msg.address)
      else {
        this.state = 'running'
        this.pid = msg.pid
        this.threadId = msg.threadId
        this.endpoints = msg.endpoints
        onReady()
        this.#events.ready(this.name)
      }
    })
    const task: HostTask = { plan: this.plan, port: port2, counters: this.counters }
    const result = actorPool().run(task, { transferList: [port2] as never }) as Promise<HostResult>
    let startError: Error | undefined
    this.#exit = result.then(
      r => this.#onExit(r),
      (error: Error) => this.#onExit({ outcome: 'failed', ready: this.state === 'running', error: { name: 'ActorCrashError', code: 'ERR_ACTOR_CRASHED', message: `actor thread died: ${error.message}` } }),
    ).catch((error: Error) => { startError = error })
    await Promise.race([ready, this.#exit])
    if (!reachedReady) {
      throw startError ?? new ActorStartError(`actor "${this.name}" did not start: ${this.error?.message ?? 'stopped'}`, { cause: this.error })
    }
  }

  /** Sends $TERM and resolves once the actor's sockets are closed and its task has returned. */
  async stop (): Promise<void> {
    this.#stopping = true
    if (this.#backoff !== undefined) {
      clearTimeout(this.#backoff.timer)
      this.#backoff.resolve()
      this.#backoff = undefined
    }
    this.#post({ type: 'term' })
    await this.#exit
    if (this.state !== 'failed') this.state = 'stopped'
  }

  /** Stops and starts the actor again (counted as a restart). */
  async restart (): Promise<void> {
    if (this.#stopping) throw new ActorStateError(`actor "${this.name}" is stopping`)
    await this.stop()
    this.restarts++
    this.finished = false
    this.error = undefined
    await this.start()
  }

  stats (): ActorStats {
    return {
      kind: this.plan.kind,
      state: this.state,
      pid: this.pid ?? null,
      threadId: this.threadId ?? null,
      restarts: this.restarts,
      ...readCounters(this.counters),
      ...(this.error !== undefined ? { error: { message: this.error.message, code: (this.error as { code?: string }).code ?? null } } : {}),
    }
  }

  #post (msg: ToActor): void {
    try { this.#port?.postMessage(msg) } catch { /* port already closed: the actor has ended */ }
  }

  async #onExit (result: HostResult): Promise<void> {
    // READY travels on the actor's port, the result on piscina's: an actor that ends right after
    // READY can deliver its result first. The READY message is already posted; wait for it.
    if (result.ready) await this.#ready
    this.#port?.close()
    this.#port = undefined
    if (result.error !== undefined) this.error = deserializeError(result.error)
    if (this.#stopping) {
      this.state = result.outcome === 'failed' && !result.ready ? 'failed' : 'stopped'
      return
    }
    if (!result.ready && this.restarts === 0) {
      this.state = 'failed'
      throw new ActorStartError(`actor "${this.name}" failed to start: ${this.error?.message ?? result.outcome}`, { cause: this.error })
    }
    const policy = this.plan.restart
    // a restart that failed before READY is a failure like any other
    const restart = policy === 'permanent' || (policy === 'transient' && (result.outcome === 'failed' || !result.ready))
    if (!restart) {
      this.state = result.outcome === 'failed' ? 'failed' : 'stopped'
      if (result.outcome === 'failed') this.#events.failed(this.name, this.error!)
      else { this.finished = true; this.#events.finished(this.name) }
      return
    }
    await this.#restartAfterExit()
  }

  /** Restarts within the budget (maxRestarts per period), with exponential backoff. */
  async #restartAfterExit (): Promise<void> {
    const now = Date.now()
    this.#restartTimes = [...this.#restartTimes.filter(t => now - t < this.#limits.period), now]
    if (this.#restartTimes.length > this.#limits.maxRestarts) {
      this.state = 'failed'
      const error = new ActorCrashError(`actor "${this.name}": restart-intensity-exceeded (${this.#limits.maxRestarts} restarts within ${this.#limits.period} ms); last error: ${this.error?.message ?? 'none'}`, { cause: this.error })
      this.error = error
      this.#events.failed(this.name, error)
      return
    }
    this.state = 'restarting'
    this.restarts++
    this.#events.restart(this.name, this.restarts, this.error)
    const delay = Math.min(kBackoff * 2 ** (this.#restartTimes.length - 1), kMaxBackoff)
    await new Promise<void>(resolve => { this.#backoff = { timer: setTimeout(resolve, delay), resolve } })
    this.#backoff = undefined
    if (this.#stopping) { this.state = 'stopped'; return }
    // a restart that fails before READY comes back through #onExit and counts against the budget
    await this.start().catch(() => {})
  }
}
