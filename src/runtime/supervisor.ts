import type { RestartIntensityError } from '../errors.js'
import type { RestartPolicy, SupervisorPlan } from '../plan/types.js'
import { RestartBudget } from './restart-budget.js'

/** What a supervisor needs of an actor (an ActorRunner; a fake in test/runtime/supervisor.ts). */
export interface Supervised {
  readonly name: string
  readonly plan: { restart: RestartPolicy }
  /** starting or running */
  readonly alive: boolean
  /** the error its last exit ended with */
  readonly exitError: Error | undefined
  start: () => Promise<void>
  stop: () => Promise<void>
  /** it will be started again after the backoff: counted and announced */
  restarting: (reason: Error | undefined) => void
  /** no restart after all (the app is stopping) */
  settle: () => void
  /** failed for good */
  fail: (error: Error) => void
}

export interface SupervisorEvents {
  /** an actor failed for good: the group exceeded its restart intensity */
  failed: (actor: string, error: Error) => void
}

/**
 * An OTP supervisor for the actors of one group that run in this process. An actor whose policy
 * asks for a restart reports its exit here; the strategy picks what restarts with it:
 * - `one_for_one`: the actor alone;
 * - `one_for_all`: every running actor of the group;
 * - `rest_for_one`: the actor and the running actors started after it.
 * Siblings are stopped in reverse start order, then everything restarts in start order (each one
 * READY before the next starts), after an exponential backoff. `temporary` siblings stay stopped.
 * More than `maxRestarts` restarts within `period` ms stop the whole group and fail the actor
 * with {@link RestartIntensityError} (`restart-intensity-exceeded`), its history attached.
 * Exits are handled one at a time, in the order they happened.
 */
export class Supervisor {
  readonly plan: SupervisorPlan
  readonly #runners: Supervised[]
  readonly #events: SupervisorEvents
  readonly #budget: RestartBudget
  #queue: Promise<void> = Promise.resolve()
  #stopping = false
  #failed = false
  #backoff: { timer: NodeJS.Timeout, resolve: () => void } | undefined

  /** @param runners this process's actors of the group, in start order */
  constructor (plan: SupervisorPlan, runners: Supervised[], events: SupervisorEvents) {
    this.plan = plan
    this.#runners = runners
    this.#events = events
    this.#budget = new RestartBudget(plan.maxRestarts, plan.period)
  }

  /** An actor ended and its policy restarts it. */
  exited (runner: Supervised): void {
    // a supervisor that cannot restart fails the actor rather than stall every later exit
    this.#queue = this.#queue.then(async () => await this.#handle(runner)).catch((error: Error) => {
      runner.fail(error)
      this.#events.failed(runner.name, error)
    })
  }

  /** Resolves once every exit reported so far is handled (restarted, or failed for good). */
  get handled (): Promise<void> {
    return this.#queue
  }

  /** The restarts within the period: how much of the restart intensity is in use. */
  get restartsInUse (): number {
    return this.#budget.inUse()
  }

  /** Cancels a pending backoff; no restart starts after this. */
  stop (): void {
    this.#stopping = true
    if (this.#backoff !== undefined) {
      clearTimeout(this.#backoff.timer)
      this.#backoff.resolve()
    }
  }

  async #handle (runner: Supervised): Promise<void> {
    if (this.#stopping || this.#failed) { runner.settle(); return }
    const { strategy } = this.plan
    if (!this.#budget.spend(runner.name, runner.exitError)) {
      this.#failed = true
      const error: RestartIntensityError = this.#budget.exceeded(`actor "${runner.name}"`, this.#runners.length > 1 ? ` in group "${this.plan.name}"` : '', runner.exitError)
      runner.fail(error)
      await stopInReverse(this.#runners.filter(r => r.alive))
      this.#events.failed(runner.name, error)
      return
    }
    const index = this.#runners.indexOf(runner)
    const group = strategy === 'one_for_one' ? [runner] : strategy === 'one_for_all' ? this.#runners : this.#runners.slice(index)
    const siblings = group.filter(r => r !== runner && r.alive)
    await stopInReverse(siblings)
    const reason = new Error(`restarted with "${runner.name}" (${strategy})`)
    const restarting = group.filter(r => r === runner || (siblings.includes(r) && r.plan.restart !== 'temporary'))
    for (const r of restarting) r.restarting(r === runner ? r.exitError : reason)
    const delay = this.#budget.backoff
    await new Promise<void>(resolve => { this.#backoff = { timer: setTimeout(resolve, delay), resolve } })
    this.#backoff = undefined
    for (const r of restarting) {
      if (this.#stopping) { r.settle(); continue }
      // one that fails before READY comes back through exited() and counts against the budget
      await r.start().catch(() => {})
    }
  }
}

async function stopInReverse (runners: Supervised[]): Promise<void> {
  for (const r of [...runners].reverse()) await r.stop()
}
