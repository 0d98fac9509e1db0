import type { EventLoopUtilization } from 'node:perf_hooks'
import { MessageChannel, receiveMessageOnPort, type MessagePort, type Worker } from 'node:worker_threads'
import { createCounters, kFarConsumers, readCounters, readPeer, type LinkEnds, type LinkStatsMap } from '../counters.js'
import { framedReceivers } from '../actor/link/wire.js'
import { ActorStartError, ActorStateError, deserializeError, errorReport, StopTimeoutError } from '../errors.js'
import { createCloseFlag, isClosed, markClosed } from '../host/close-flag.js'
import { readLinkEnds } from './link-ends.js'
import { linkSlotsOf } from '../plan/internal-links.js'
import { farConsumersToCome, type ActorPlan } from '../plan/types.js'
import type { SocketType } from '../topology/schema.js'
import { actorPool, threadOf } from './pool.js'
import { leftStuck } from './stuck-threads.js'
import type { FromActor, HostResult, HostTask, ToActor } from '../host/protocol.js'
import type { ActorState, ActorStats, EventSink } from './types.js'

/** How a runner reports: the app's events (see types.ts). */
export type RunnerEvents = EventSink

/** Where an actor whose policy restarts it reports its exit (its {@link Supervisor}). */
export type Supervise = (runner: ActorRunner) => void

/**
 * Runs one actor on the shared pool: READY, $TERM, and the restart policy (`permanent`: always;
 * `transient`: after a failure; `temporary`: never). An exit the policy restarts goes to the
 * actor's supervisor, which decides what restarts and when. One runner lives as long as its app.
 */
export class ActorRunner {
  readonly plan: ActorPlan
  readonly counters: Float64Array
  state: ActorState = 'starting'
  pid: number | undefined
  threadId: number | undefined
  /** per socket, the endpoints bound at the last READY (`tcp://host:*` resolved) */
  endpoints: Record<string, string[]> = {}
  /** per socket, its type (reported at READY: a user module declares its own) */
  #types: Record<string, string> = {}
  restarts = 0
  /** the share of the last interval its thread was busy: see {@link ActorStats.busy} */
  busy: number | null = null
  /** the thread measured and its last reading */
  #elu: { worker: Worker, last: EventLoopUtilization } | undefined
  /** true once run() returned by itself */
  finished = false
  error: Error | undefined
  /** Resolves once its pub sockets have seen every topology subscriber (with the tokens missing after the readyTimeout); renewed at every start, never rejects. */
  barrier: Promise<string[]> = Promise.resolve([])
  /** the error that ended the last run (undefined when it returned or stopped) */
  exitError: Error | undefined
  readonly #events: RunnerEvents
  #supervise: Supervise = () => {}
  #port: MessagePort | undefined
  /**
   * Shared with the host of each start whose close path has not ended: whether it holds sockets
   * (close-flag.ts). More than one after a restart that left a host stuck (stop-timeout).
   */
  #closeFlags: Int32Array[] = []
  #exit: Promise<void> | undefined
  #stopping = false
  /** handles what the actor posts on its port */
  #onMessage: (msg: FromActor) => void = () => {}
  readonly #shutdownTimeout: number

  constructor (plan: ActorPlan, events: RunnerEvents, shutdownTimeout: number) {
    this.plan = plan
    this.counters = createCounters(linkSlotsOf(plan))
    this.#events = events
    this.#shutdownTimeout = shutdownTimeout
  }

  get name (): string { return this.plan.name }

  /** Set once by the app: who decides on restarts. */
  supervisedBy (supervise: Supervise): void { this.#supervise = supervise }

  /** starting or running: a thread is (being) set up */
  get alive (): boolean { return this.state === 'starting' || this.state === 'running' }

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
    let onBarrier!: (missing: string[]) => void
    this.barrier = new Promise(resolve => { onBarrier = resolve })
    let reachedReady = false
    const ready = new Promise<void>(resolve => { onReady = () => { reachedReady = true; resolve() } })
    port1.on('message', this.#onMessage = (msg: FromActor) => {
      if (msg.type === 'log') this.#events.log(this.name, msg.text)
      else if (msg.type === 'barrier') onBarrier(msg.missing)
      else if (msg.type === 'peer') this.#events[msg.up ? 'peer-up' : 'peer-down'](this.name, { socket: msg.socket, address: msg.address })
      else if (msg.type === 'lagging') this.#events.lagging(this.name, { socket: msg.socket, peer: msg.peer, lagMs: msg.lagMs })
      else if (msg.type === 'finished') this.#finish()
      else {
        this.state = 'running'
        this.pid = msg.pid
        this.threadId = msg.threadId
        this.endpoints = msg.endpoints
        this.#types = msg.types
        this.measureBusy()
        onReady()
        this.#events.ready(this.name)
      }
    })
    const closeFlag = createCloseFlag()
    this.#closeFlags = [...this.#closeFlags.filter(flag => !isClosed(flag)), closeFlag]
    const task: HostTask = { plan: this.plan, port: port2, counters: this.counters, closeFlag, shutdownTimeout: this.#shutdownTimeout }
    const result = actorPool().run(task, { transferList: [port2] as never }) as Promise<HostResult>
    let startError: Error | undefined
    this.#exit = result.then(
      r => this.#onExit(r),
      async (error: Error) => {
        markClosed(closeFlag) // the thread died: its sockets died with it
        await this.#onExit({ outcome: 'failed', ready: this.state === 'running', error: { name: 'ActorCrashError', code: 'ERR_ACTOR_CRASHED', message: `actor thread died: ${error.message}` } })
      },
    ).catch((error: Error) => { startError = error })
    void this.#exit.then(() => onBarrier([]))
    await Promise.race([ready, this.#exit])
    if (!reachedReady) {
      throw startError ?? new ActorStartError(`actor "${this.name}" did not start: ${this.error?.message ?? 'stopped'}`, { cause: this.error })
    }
  }

  /** Sends $TERM and resolves once the actor's sockets are closed and its task has returned. */
  async stop (): Promise<void> {
    this.#stopping = true
    this.#post({ type: 'term' })
    let timer: NodeJS.Timeout | undefined
    const stuck = await Promise.race([
      this.#exit?.then(() => false),
      new Promise<boolean>(resolve => { timer = setTimeout(() => resolve(true), this.#shutdownTimeout) }),
    ])
    clearTimeout(timer)
    if (stuck === true && this.state !== 'failed') {
      // H1: a thread that does not return cannot be ended safely; it is left as it is, and the app escalates (a child
      // process kills itself and is restarted by its parent; the main process ends with SIGKILL: stuck-threads.ts)
      this.state = 'failed'
      this.error = new StopTimeoutError(`actor "${this.name}" did not stop within ${this.#shutdownTimeout} ms after $TERM (stop-timeout): its thread is busy and cannot be ended safely`)
      leftStuck(this.name, this.#closeFlags.at(-1)!)
      this.#events['stop-timeout'](this.name, this.error)
      return
    }
    if (this.state !== 'failed') this.state = 'stopped'
  }

  /**
   * @internal the process is exiting (process.exit() in the main thread, H34): sends $TERM, which
   * the actor's thread handles on its own, and returns the flags that tell when its sockets are closed.
   */
  termAtExit (): Int32Array[] {
    this.#post({ type: 'term' })
    return this.#closeFlags
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

  /** @internal the supervisor: the actor will be started again (after the backoff); counted and announced. */
  restarting (reason: Error | undefined): void {
    this.state = 'restarting'
    this.restarts++
    this.finished = false
    this.#events.restart(this.name, this.restarts, reason)
  }

  /** @internal the supervisor: no restart after all (the app is stopping). */
  settle (): void {
    if (!this.alive) this.state = 'stopped'
  }

  /** @internal the supervisor: failed for good. */
  fail (error: Error): void {
    this.state = 'failed'
    this.error = error
  }

  /**
   * Takes a reading of the actor thread's event-loop utilisation (the app does every kBusyInterval):
   * `busy` becomes the share of the time since the last reading that the thread was running. Read
   * from the main thread, so a thread stuck in a loop of its own reads as busy (1), not as silent.
   */
  measureBusy (): void {
    const worker = this.state === 'running' && this.threadId !== undefined ? threadOf(this.threadId) : undefined
    if (worker === undefined) { this.busy = null; this.#elu = undefined; return }
    const now = worker.performance.eventLoopUtilization()
    // a restarted actor may run on another thread (threads are reused): start over there
    this.busy = this.#elu?.worker === worker ? busyShare(worker.performance.eventLoopUtilization(now, this.#elu.last).utilization) : null
    this.#elu = { worker, last: now }
  }

  stats (): ActorStats {
    return {
      kind: this.plan.kind,
      state: this.state,
      pid: this.pid ?? null,
      threadId: this.threadId ?? null,
      restarts: this.restarts,
      ...readCounters(this.counters),
      busy: this.state === 'running' ? this.busy : null,
      ...readLinks(this.plan.sockets, this.#types, this.counters),
      ...(this.error !== undefined ? { error: errorReport(this.error) } : {}),
    }
  }

  /** Where its internal links stand in sequence numbers (link-ends.ts). */
  linkEnds (): LinkEnds {
    return readLinkEnds(this.plan.sockets, this.#types, this.counters)
  }

  /** Consumers on other nodes of its sockets that hold a finite stream for them (counters.ts: kFarConsumers); starting, those it will connect to. */
  farConsumers (): number {
    if (this.state === 'running') return this.counters[kFarConsumers]!
    return this.state === 'starting' || this.state === 'restarting' ? farConsumersToCome(this.plan) : 0
  }

  /** H6: these inproc endpoints have a new binder; sockets connected to them connect again. */
  reconnect (endpoints: string[]): void {
    const mine = endpoints.filter(ep => Object.values(this.plan.sockets).some(s => s.connect.includes(ep)))
    if (mine.length > 0 && this.state === 'running') this.#post({ type: 'reconnect', endpoints: mine })
  }

  #post (msg: ToActor): void {
    try { this.#port?.postMessage(msg) } catch { /* port already closed: the actor has ended */ }
  }

  /** run() returned by itself: finished (the host may still hold its sockets open until $TERM, H30). */
  #finish (): void {
    if (this.finished) return
    this.state = 'stopped'
    this.finished = true
    this.#events.finished(this.name)
  }

  async #onExit (result: HostResult): Promise<void> {
    // what the actor posts travels on its port, the result on piscina's: the result can arrive while
    // the port still holds what was posted before it (READY, the last log lines); handle those first
    const port = this.#port
    if (port !== undefined) {
      for (let m = receiveMessageOnPort(port); m !== undefined; m = receiveMessageOnPort(port)) this.#onMessage(m.message as FromActor)
      port.close()
    }
    this.#port = undefined
    this.exitError = result.error !== undefined ? deserializeError(result.error) : undefined
    if (this.exitError !== undefined) this.error = this.exitError
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
      if (result.outcome === 'failed') {
        this.state = 'failed'
        this.#events.failed(this.name, this.error!)
      } else {
        this.#finish()
      }
      return
    }
    this.state = 'restarting'
    this.#supervise(this)
  }
}
/** `{ links }` for an actor with internal-link sockets, else `{}` (stats lines stay short). */
function readLinks (sockets: Record<string, { framing?: { peers: Array<{ name: string, slot: number }> } }>, types: Record<string, string>, counters: Float64Array): { links?: LinkStatsMap } {
  const links: LinkStatsMap = {}
  for (const [name, socket] of Object.entries(sockets)) {
    if (!framedReceivers.has(types[name] as SocketType)) continue // no trailers read there
    const peers = socket.framing?.peers ?? []
    if (peers.length > 0) links[name] = Object.fromEntries(peers.map(p => [p.name, readPeer(counters, p.slot)]))
  }
  return Object.keys(links).length > 0 ? { links } : {}
}

/**
 * A thread's event-loop utilisation as a busy share: within [0, 1]. Node reads a thread's idle
 * and elapsed time at different instants, so an idle thread's reading can dip below 0, the one
 * before it being as much too high (H32); null where no time passed (0 / 0).
 */
export function busyShare (utilization: number): number | null {
  return Number.isFinite(utilization) ? Math.min(1, Math.max(0, utilization)) : null
}
