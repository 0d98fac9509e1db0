import { EventEmitter } from 'node:events'
import type { LinkEnds } from '../counters.js'
import { ActorStartError, ActorStateError } from '../errors.js'
import { kMainProcess, type ActorPlan, type Plan } from '../plan/types.js'
import { ActorRunner } from './actor-runner.js'
import { kBusyInterval, type ActorStats, type AppEvents, type EventSink, type Stats } from './types.js'
import { ChildProcessRunner } from './child/runner.js'
import { setUpCurve } from './curve-setup.js'
import { guardRunning } from './fatal.js'
import { countAtStop } from './link-ends.js'
import { Supervisor } from './supervisor.js'
import { receiveCopies } from '../receive-copy.js'
import { removeSocketFiles } from './socket-files.js'
import { Until } from './until.js'

export type { ActorState, ActorStats, AppEvents, AuthDeniedEvent, LagEvent, LinkEvent, Stats } from './types.js'

/** @internal which actors of a plan one runtime hosts */
export interface Placement {
  /** only this node's actors (default: every node) */
  node?: string
  /** the OS process this runtime is: `main` hosts its node's children; a child hosts only its own actors */
  process?: string
  /** actors not to start (finished or failed for good before a child process restarted) */
  skip?: string[]
}

/** An actor as the app sees it, in a thread of this process or in a child process. */
interface Member {
  readonly name: string
  readonly plan: ActorPlan
  readonly finished: boolean
  readonly endpoints: Record<string, string[]>
  stats: () => ActorStats
  linkEnds: () => LinkEnds
  /** consumers on other nodes connected to its sockets that hold a finite stream for them (counters.ts: kFarConsumers) */
  farConsumers: () => number
  restart: () => Promise<void>
}

/**
 * A running topology. Made by {@link spawn}; every actor has reported READY when you get it.
 *
 * Events: `ready(actor)` (also after each restart), `log(actor, text)`, `finished(actor)`,
 * `restart(actor, attempt, error)`, `failed(actor, error)` (failed for good), and on ipc/tcp
 * sockets `peer-up(actor, { socket, address })` / `peer-down(...)` (a peer connected, or left:
 * closed, crashed, or silent past the heartbeat timeout).
 */
export class App extends EventEmitter<AppEvents> {
  readonly plan: Plan
  /**
   * Resolves with `null` once every actor of the topology's `until` list (default: all) has
   * finished by itself, or with the error of the first actor that failed for good. Never rejects.
   */
  readonly done: Promise<Error | null>
  readonly #runners: ActorRunner[]
  readonly #supervisors: Supervisor[]
  readonly #children: ChildProcessRunner[]
  /** every actor this app runs, in plan order */
  readonly #members: Member[]
  /** when the app is done by itself: the plan's `until` actors that it runs have finished, and their streams left */
  readonly #until: Until
  readonly #started = Date.now()
  #stopped: Promise<void> | undefined
  /** every actor has ended and this is a node's main process: stats() makes the count at stop (link-ends.ts) */
  #countAtStop = false
  readonly #main: boolean
  /** what closes first when the app stops: the observer's server and its streams */
  readonly #attached: Array<() => Promise<void>> = []
  /** The observer's address (`http://host:port/`), when spawn() was given `observe`. */
  observerUrl: string | undefined
  /** measures every actor thread's busy share each kBusyInterval (unref'd: it keeps nothing alive) */
  readonly #busyTimer: NodeJS.Timeout
  /** ends the guard against an uncaught error or process.exit() for this app (H33, H34: runtime/fatal.ts) */
  #unguard = (): void => {}
  #settle!: (result: Error | null) => void
  /** events raised while spawn() is starting, delivered once the caller can listen */
  #held: Array<() => void> | undefined = []
  /** undoes the app's CURVE set-up (runtime/curve-setup.ts) */
  #releaseCurve = async (): Promise<void> => {}

  /** @internal use {@link spawn} */
  constructor (plan: Plan, placement: Placement = {}) {
    super()
    this.plan = plan
    this.done = new Promise(resolve => {
      // in line with the events held while spawn() starts: who awaits done has seen the events before it
      this.#settle = result => { if (this.#held !== undefined) this.#held.push(() => resolve(result)); else resolve(result) }
    })
    const here = plan.actors.filter(a => (placement.node === undefined || a.node === placement.node) && !(placement.skip ?? []).includes(a.name))
    const process = placement.process ?? kMainProcess
    this.#main = process === kMainProcess
    const events: EventSink = {
      log: (actor, text) => this.#raise('log', actor, text),
      ready: actor => {
        this.#reconnectTo(actor)
        this.#raise('ready', actor)
        this.#until.check()
      },
      finished: actor => {
        this.#raise('finished', actor)
        this.#until.finished()
      },
      'peer-up': (actor, link) => this.#raise('peer-up', actor, link),
      'peer-down': (actor, link) => {
        this.#raise('peer-down', actor, link)
        this.#until.check()
      },
      lagging: (actor, lag) => this.#raise('lagging', actor, lag),
      'auth-denied': (actor, denial) => this.#raise('auth-denied', actor, denial),
      restart: (actor, attempt, error) => this.#raise('restart', actor, attempt, error),
      'stop-timeout': (actor, error) => {
        this.#raise('stop-timeout', actor, error)
        // in the node's main process nothing smaller than the node can be restarted: failed for good
        if (process === kMainProcess && this.#runners.some(r => r.name === actor)) events.failed(actor, error)
      },
      failed: (actor, error) => {
        this.#raise('failed', actor, error)
        this.#settle(error)
      },
    }
    this.#runners = here.filter(a => a.process === process).map(actor => new ActorRunner(actor, events, plan.shutdownTimeout))
    this.#supervisors = plan.supervisors.flatMap(group => {
      const runners = group.actors.flatMap(name => this.#runners.find(r => r.name === name) ?? [])
      if (runners.length === 0) return []
      const supervisor = new Supervisor(group, runners, { failed: events.failed })
      for (const r of runners) r.supervisedBy(runner => supervisor.exited(runner))
      return [supervisor]
    })
    // only a node's main process has children; a child hosts its own actors only
    const children = new Map<string, ActorPlan[]>()
    if (process === kMainProcess) {
      for (const a of here.filter(a => a.process !== kMainProcess)) {
        const key = `${a.node}\0${a.process}`
        children.set(key, [...(children.get(key) ?? []), a])
      }
    }
    this.#children = [...children.values()].map(actors => new ChildProcessRunner(plan, actors[0]!.node, actors[0]!.process, actors, events))
    const members = new Map<string, Member>([...this.#runners, ...this.#children.flatMap(c => c.actors)].map(m => [m.name, m]))
    this.#members = here.flatMap(a => members.get(a.name) ?? [])
    const log = this.#main ? (actor: string, text: string) => this.#raise('log', actor, text) : undefined
    this.#until = new Until(plan.until.filter(name => members.has(name)), () => this.#members, () => this.#settle(null), log)
    this.#busyTimer = setInterval(() => { for (const r of this.#runners) r.measureBusy() }, kBusyInterval).unref()
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

  /** @internal process.exit() while this app runs (H34): $TERM to each actor of this process, and the flags to wait on */
  termAtExit (): Array<{ name: string, flag: Int32Array }> {
    return this.#runners.flatMap(r => r.termAtExit().map(flag => ({ name: r.name, flag })))
  }

  /** @internal starts every actor; on any failure stops those that started and rejects */
  async start (): Promise<void> {
    await receiveCopies() // H2: before anything in the process receives a frame
    const local = this.#runners.map(r => r.plan)
    this.#releaseCurve = await setUpCurve([...local, ...this.#children.flatMap(c => c.actors.map(a => a.plan))], local, (actor, denial) => this.#raise('auth-denied', actor, denial))
    this.#unguard = guardRunning(this) // H33, H34: from the first thread on, released at stop()
    const results = await Promise.allSettled([...this.#runners, ...this.#children].map(r => r.start()))
    const failures = results.flatMap(r => (r.status === 'rejected' ? [r.reason as Error] : []))
    // the readiness barrier: every publisher has seen the subscribers of the topology (or timed
    // out). Not when an actor failed to start: a publisher would wait readyTimeout for it in vain
    if (failures.length === 0) await Promise.all(this.#runners.map(async r => await r.barrier))
    this.#release()
    if (failures.length > 0) {
      await this.stop()
      const message = failures.map(e => e.message).join('; ')
      throw failures.length === 1 ? failures[0]! : new ActorStartError(`${failures.length} actors failed to start: ${message}`, { cause: failures })
    }
  }

  /**
   * A snapshot of every actor's state and counters. Synchronous and cheap: counters are shared
   * memory. Once the app has stopped, a pub → sub link's `dropped` includes what the publisher
   * sent that had not reached a subscriber still running (received + dropped = sent).
   */
  stats (): Stats {
    const actors = Object.fromEntries(this.#members.map(m => [m.name, m.stats()]))
    // a subscriber that finished by itself stopped listening then: what came later was not lost
    if (this.#countAtStop) countAtStop(actors, Object.fromEntries(this.#members.map(m => [m.name, m.finished ? { ...m.linkEnds(), receiving: {} } : m.linkEnds()])))
    return { topology: this.plan.topology, elapsedMs: Date.now() - this.#started, actors }
  }

  /** @internal an actor's consumers on other nodes still connected (a child process reports them) */
  farConsumers (actor: string): number {
    return this.#member(actor).farConsumers()
  }

  /** @internal where an actor's internal links stand in sequence numbers (a child process reports them) */
  linkEnds (actor: string): LinkEnds {
    return this.#member(actor).linkEnds()
  }

  /**
   * The endpoints an actor's sockets bound at its last READY, by socket name, with
   * `tcp://host:*` resolved to the real port: how a foreign peer finds an actor.
   * @throws {ActorStateError} `ERR_ACTOR_STATE` for an unknown actor
   */
  endpoints (actor: string): Record<string, string[]> {
    return this.#member(actor).endpoints
  }

  /** The child processes this app runs, with their current pid (undefined while one restarts). */
  processes (): Array<{ node: string, name: string, pid: number | undefined, actors: string[] }> {
    return this.#children.map(c => ({ node: c.node, name: c.name, pid: c.pid, actors: c.actors.map(a => a.name) }))
  }

  /**
   * Per supervisor of the plan, how many restarts of its budget are in use (within its period);
   * null for a group whose actors all run in child processes (their supervisors run there).
   */
  supervision (): Array<{ name: string, used: number | null }> {
    return this.plan.supervisors.map(p => ({ name: p.name, used: this.#supervisors.find(s => s.plan.name === p.name)?.restartsInUse ?? null }))
  }

  /** One actor's line of {@link stats}. */
  actor (name: string): ActorStats {
    return this.#member(name).stats()
  }

  /**
   * Restarts one actor: $TERM, sockets closed, then a fresh start (counted in `restarts`).
   * Resolves on the new READY.
   * @throws {ActorStateError} `ERR_ACTOR_STATE` for an unknown actor or a stopping app
   */
  async restart (actor: string): Promise<void> {
    if (this.#stopped !== undefined) throw new ActorStateError(`app "${this.name}" is stopping`)
    await this.#member(actor).restart()
  }

  /**
   * `await using app = await spawn(...)` stops the app when the scope ends (TypeScript 5.2+ or
   * Node 24+). A running app keeps the process alive until it is stopped, even after `done`
   * resolves: stop it, or let this do it.
   */
  async [Symbol.asyncDispose] (): Promise<void> {
    await this.stop()
  }

  /** @internal spawn() attaches the observer: closed when the app stops, before its actors. */
  attach (close: () => Promise<void>): void {
    this.#attached.push(close)
  }

  /**
   * Stops every actor: $TERM to each (in reverse start order, without waiting on one another),
   * resolves once every socket is closed and every task has returned. Idempotent.
   */
  async stop (): Promise<void> {
    clearInterval(this.#busyTimer)
    this.#until.stop()
    for (const s of this.#supervisors) s.stop()
    this.#stopped ??= Promise.all(this.#attached.splice(0).map(async close => await close())).then(async () => await Promise.all([...this.#runners, ...this.#children].reverse().map(async r => await r.stop()))).then(async () => {
      await this.#releaseCurve()
      removeSocketFiles(this.#runners.map(r => r.plan))
      this.#countAtStop = this.#main
      this.#settle(null)
      this.#unguard()
    })
    await this.#stopped
  }

  /**
   * H6 in docs/hazards.md: inproc connections never reach a restarted binder by themselves. When an actor is READY
   * after a restart, every actor of this process connected to an inproc endpoint it binds
   * connects again (inproc never leaves the process, so they are all here).
   */
  #reconnectTo (actor: string): void {
    const binder = this.#runners.find(r => r.name === actor)
    if (binder === undefined || binder.restarts === 0) return
    const endpoints = Object.values(binder.plan.sockets).flatMap(s => s.bind.filter(ep => ep.startsWith('inproc://')))
    if (endpoints.length === 0) return
    for (const runner of this.#runners) if (runner !== binder) runner.reconnect(endpoints)
  }

  #member (name: string): Member {
    const member = this.#members.find(m => m.name === name)
    if (member === undefined) throw new ActorStateError(`no actor named "${name}" runs in this app of topology "${this.name}"`)
    return member
  }
}
