import { EventEmitter } from 'node:events'
import { randomUUID } from 'node:crypto'
import { ActorStartError, ActorStateError, TopologyError } from '../errors.js'
import { planTopology, type Plan } from '../plan/plan.js'
import { loadTopologyFile } from '../spec/load.js'
import { validateTopology } from '../spec/validate.js'
import { ActorRunner, type ActorState } from './actor-runner.js'

/** Options of {@link spawn}. */
export interface SpawnOptions {
  /** folder that module references of a topology object are relative to (default: cwd) */
  baseDir?: string
}

/** One actor's line in {@link Stats}. */
export interface ActorStats {
  kind: string
  state: ActorState
  pid: number | null
  threadId: number | null
  restarts: number
  sent: number
  received: number
  errors: number
  bytesSent: number
  bytesReceived: number
  /** the last error, when the actor failed or was restarted after one */
  error?: { message: string, code: string | null }
}

/** The object of `--stats-json` and `app.stats()`. */
export interface Stats {
  topology: string
  elapsedMs: number
  actors: Record<string, ActorStats>
}

export interface AppEvents {
  ready: [actor: string]
  log: [actor: string, text: string]
  finished: [actor: string]
  restart: [actor: string, attempt: number, error: Error | undefined]
  failed: [actor: string, error: Error]
}

/**
 * A running topology. Made by {@link spawn}; every actor has reported READY when you get it.
 *
 * Events: `ready(actor)` (also after each restart), `log(actor, text)`, `finished(actor)`,
 * `restart(actor, attempt, error)`, `failed(actor, error)` (failed for good).
 */
export class App extends EventEmitter<AppEvents> {
  readonly plan: Plan
  /**
   * Resolves with `null` once every actor of the topology's `until` list (default: all) has
   * finished by itself, or with the error of the first actor that failed for good. Never rejects.
   */
  readonly done: Promise<Error | null>
  readonly #runners: ActorRunner[]
  readonly #started = Date.now()
  #stopped: Promise<void> | undefined
  #settle!: (result: Error | null) => void
  /** events raised while spawn() is starting, delivered once the caller can listen */
  #held: Array<() => void> | undefined = []

  /** @internal use {@link spawn} */
  constructor (plan: Plan) {
    super()
    this.plan = plan
    this.done = new Promise(resolve => { this.#settle = resolve })
    const events = {
      log: (actor: string, text: string) => this.#raise('log', actor, text),
      ready: (actor: string) => this.#raise('ready', actor),
      finished: (actor: string) => {
        this.#raise('finished', actor)
        if (plan.until.every(name => this.#runner(name).finished)) this.#settle(null)
      },
      restart: (actor: string, attempt: number, error: Error | undefined) => this.#raise('restart', actor, attempt, error),
      failed: (actor: string, error: Error) => {
        this.#raise('failed', actor, error)
        this.#settle(error)
      },
    }
    this.#runners = plan.actors.map(actor => new ActorRunner(actor, plan, events))
  }

  get name (): string { return this.plan.topology }

  /**
   * Actors run before spawn() resolves (the first to be READY may already log), but a caller can
   * only listen after it resolves: events are held until then and delivered on the next turn.
   */
  #raise<E extends keyof AppEvents> (event: E, ...args: AppEvents[E]): void {
    if (this.#held !== undefined) this.#held.push(() => this.emit(event, ...args as never))
    else this.emit(event, ...args as never)
  }

  #release (): void {
    setImmediate(() => {
      const held = this.#held ?? []
      this.#held = undefined
      for (const raise of held) raise()
    })
  }

  /** @internal starts every actor; on any failure stops those that started and rejects */
  async start (): Promise<void> {
    const results = await Promise.allSettled(this.#runners.map(r => r.start()))
    this.#release()
    const failures = results.flatMap(r => (r.status === 'rejected' ? [r.reason as Error] : []))
    if (failures.length > 0) {
      await this.stop()
      const message = failures.map(e => e.message).join('; ')
      throw failures.length === 1 ? failures[0]! : new ActorStartError(`${failures.length} actors failed to start: ${message}`, { cause: failures })
    }
  }

  /** A snapshot of every actor's state and counters. Synchronous and cheap: counters are shared memory. */
  stats (): Stats {
    return {
      topology: this.plan.topology,
      elapsedMs: Date.now() - this.#started,
      actors: Object.fromEntries(this.#runners.map(r => [r.name, r.stats()])),
    }
  }

  /**
   * The endpoints an actor's sockets bound at its last READY, by socket name, with
   * `tcp://host:*` resolved to the real port: how a foreign peer finds an actor.
   * @throws {ActorStateError} `ERR_ACTOR_STATE` for an unknown actor
   */
  endpoints (actor: string): Record<string, string[]> {
    return this.#runner(actor).endpoints
  }

  /** One actor's line of {@link stats}. */
  actor (name: string): ActorStats {
    return this.#runner(name).stats()
  }

  /**
   * Restarts one actor: $TERM, sockets closed, then a fresh start (counted in `restarts`).
   * Resolves on the new READY.
   * @throws {ActorStateError} `ERR_ACTOR_STATE` for an unknown actor or a stopping app
   */
  async restart (actor: string): Promise<void> {
    if (this.#stopped !== undefined) throw new ActorStateError(`app "${this.name}" is stopping`)
    await this.#runner(actor).restart()
  }

  /**
   * Stops every actor: $TERM to each (in reverse start order, without waiting on one another),
   * resolves once every socket is closed and every task has returned. Idempotent.
   */
  async stop (): Promise<void> {
    this.#stopped ??= Promise.all([...this.#runners].reverse().map(async r => await r.stop())).then(() => {
      this.#settle(null)
    })
    await this.#stopped
  }

  #runner (name: string): ActorRunner {
    const runner = this.#runners.find(r => r.name === name)
    if (runner === undefined) throw new ActorStateError(`no actor named "${name}" in topology "${this.name}"`)
    return runner
  }
}

/**
 * Spawns a topology: validates it, plans it, starts every actor in its own worker thread, and
 * resolves once every actor has reported READY.
 * @param topology a topology file path (JSON, YAML, JS/TS module) or a topology object
 * @throws {TopologyError} `ERR_ACTOR_INVALID_TOPOLOGY` before any thread or socket exists
 * @throws {ActorStartError} `ERR_ACTOR_START` when an actor fails to start (the others are stopped)
 * @example
 * const app = await spawn('./topology.json')
 * console.log(app.stats())
 * await app.stop()
 */
export async function spawn (topology: string | object, options: SpawnOptions = {}): Promise<App> {
  const plan = await planOf(topology, options, randomUUID().slice(0, 8))
  const unsupported = plan.actors.filter(a => a.process !== 'main')
  if (unsupported.length > 0) {
    throw new TopologyError(unsupported.map(a => ({ path: `actors.${a.name}.process`, message: 'placement in a child process is not supported yet: remove "process" to run the actor in a thread of this process' })))
  }
  const app = new App(plan)
  await app.start()
  return app
}

/** Loads (file) or validates (object) a topology and plans it. */
export async function planOf (topology: string | object, options: SpawnOptions = {}, instance?: string): Promise<Plan> {
  if (typeof topology === 'string') {
    const loaded = await loadTopologyFile(topology)
    return planTopology(loaded.topology, { baseDir: loaded.baseDir, instance, locate: loaded.locate })
  }
  return planTopology(validateTopology(topology), { baseDir: options.baseDir ?? process.cwd(), instance })
}

