import { feedLimit, type ActorPlan } from '../plan/types.js'

/** An actor as {@link Until} sees it. */
interface UntilMember {
  readonly name: string
  readonly plan: ActorPlan
  readonly finished: boolean
  /** consumers on other nodes connected to its sockets that hold a finite stream for them (counters.ts: kFarConsumers) */
  farConsumers: () => number
}

/**
 * When an app is done by itself: once every one of its `until` actors has finished, and then only
 * when no running actor still feeds a consumer on another node from a socket that holds a finite
 * stream for it (H37 in docs/hazards.md): a worker of this node whose results go to a sink on
 * another node goes on until that sink has them all and has left, however long that takes, or for
 * at most the linger the topology gives the worker's sockets that feed it (plan/types.ts:
 * feedLimit). Each such actor says so once, and again if it is given up on.
 */
export class Until {
  readonly #names: readonly string[]
  readonly #members: () => readonly UntilMember[]
  readonly #done: () => void
  /** where to say that an actor keeps its node up; undefined: a child process's app, whose node's main process says it */
  readonly #log: ((actor: string, text: string) => void) | undefined
  #finished = false
  readonly #told = new Set<string>()
  /** the limits (ms) that have passed since the until actors finished, and their timers */
  readonly #passed = new Set<number>()
  readonly #timers: NodeJS.Timeout[] = []

  constructor (names: readonly string[], members: () => readonly UntilMember[], done: () => void, log?: (actor: string, text: string) => void) {
    this.#names = names
    this.#members = members
    this.#done = done
    this.#log = log
  }

  /** An actor has finished. */
  finished (): void {
    if (!this.#finished && this.#names.every(name => this.#members().find(m => m.name === name)?.finished === true)) {
      this.#finished = true
      const limits = new Set(this.#members().flatMap(m => feedLimit(m.plan) ?? []))
      // unref'd: a running app keeps its process alive
      for (const ms of limits) this.#timers.push(setTimeout(() => { this.#passed.add(ms); this.check() }, ms).unref())
    }
    this.check()
  }

  /** The app stops: no more waiting. */
  stop (): void {
    for (const timer of this.#timers.splice(0)) clearTimeout(timer)
  }

  /** A connection went, or an actor is READY again: done now? */
  check (): void {
    if (!this.#finished) return
    const feeding = this.#members().filter(m => !m.finished && m.farConsumers() > 0)
    const waitFor = feeding.filter(m => !this.#passed.has(feedLimit(m.plan) ?? -1))
    for (const m of feeding.filter(m => !waitFor.includes(m) && this.#told.has(m.name))) {
      this.#told.delete(m.name)
      this.#log?.(m.name, `gave up after its linger of ${feedLimit(m.plan)!} ms: its consumers on other nodes had not left; it no longer keeps the node up, and what they had not read when the node stops may be lost`)
    }
    if (waitFor.length === 0) {
      this.stop()
      this.#done()
      return
    }
    for (const m of waitFor.filter(m => !this.#told.has(m.name))) {
      this.#told.add(m.name)
      const limit = feedLimit(m.plan)
      this.#log?.(m.name, `the until actors of this node have finished; it goes on until its consumers on other nodes have read everything and left${limit === undefined ? '' : ` (at most ${limit} ms: its linger)`}`)
    }
  }
}
