import { RestartIntensityError, type RestartRecord } from '../errors.js'

/** First restart delay; it doubles per restart inside the period, up to kMaxBackoff. */
export const kBackoff = 50
export const kMaxBackoff = 2000

/**
 * OTP's restart intensity: at most `maxRestarts` restarts within `period` ms, each after a backoff
 * that doubles with the restarts still inside the period. One budget per supervisor (actors in
 * threads) and one per child process (a process that dies is restarted within the topology's
 * budget): both ask this class, so both give up the same way, with a {@link RestartIntensityError}.
 */
export class RestartBudget {
  readonly #maxRestarts: number
  readonly #period: number
  #history: RestartRecord[] = []

  constructor (maxRestarts: number, period: number) {
    this.#maxRestarts = maxRestarts
    this.#period = period
  }

  /** The restarts within the period, oldest first (the refused one last, once exceeded). */
  get history (): RestartRecord[] {
    return this.#history
  }

  /** How many restarts of the budget are in use: those within the period. */
  inUse (now = Date.now()): number {
    return this.#history.filter(r => now - r.at < this.#period).length
  }

  /** Records a restart; false when it is one too many (the budget is exceeded). */
  spend (actor: string, error: Error | undefined, now = Date.now()): boolean {
    this.#history = [...this.#history.filter(r => now - r.at < this.#period), { actor, at: now, error: error?.message ?? null }]
    return this.#history.length <= this.#maxRestarts
  }

  /** How long to wait before the restart just recorded. */
  get backoff (): number {
    return Math.min(kBackoff * 2 ** (this.#history.length - 1), kMaxBackoff)
  }

  /**
   * The error that ends it: `who` (`actor "a"`, `process "p"`), the budget, where (a group), and
   * the last error.
   */
  exceeded (who: string, where: string, last: Error | undefined): RestartIntensityError {
    return new RestartIntensityError(
      `${who}: restart-intensity-exceeded (${this.#maxRestarts} restarts within ${this.#period} ms${where}); last error: ${last?.message ?? 'none'}`,
      { cause: last, history: this.#history })
  }
}
