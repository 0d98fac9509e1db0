import type { EndAcknowledgements } from '../link/end-of-stream.js'
import type { Native } from './native.js'

/**
 * The readiness barrier, publisher side (H14, H15 in docs/hazards.md; plan/readiness.ts): the tokens of the
 * topology's subscribers a pub socket waits for before its first send, and a timeout. The pub
 * socket is an XPUB underneath; {@link ReadinessBarrier.read} reads its subscriptions (an unread
 * XPUB applies none: H15) and reports every token it sees here.
 */
export class ReadinessBarrier {
  open = false
  readonly opened: Promise<string[]>
  readonly #missing: Set<string>
  #resolve!: (missing: string[]) => void
  #timer: NodeJS.Timeout | undefined

  constructor (tokens: string[]) {
    this.#missing = new Set(tokens)
    this.opened = new Promise(resolve => { this.#resolve = resolve })
  }

  /** Starts the timeout (once): past it the barrier opens with the tokens still missing. */
  arm (ms: number): void {
    if (this.#timer !== undefined || this.open) return
    this.#timer = setTimeout(() => this.#finish(), ms)
    this.#timer.unref()
  }

  /**
   * Resolves with the tokens not seen (empty when every topology subscriber's subscriptions are
   * live here) once all are seen or `timeout` ms passed (counted from the first call).
   */
  async wait (timeout: number): Promise<string[]> {
    this.arm(timeout)
    return await this.opened
  }

  /**
   * Reads the XPUB's subscriptions until it closes (H15: an unread XPUB applies none): tokens for
   * the barrier, and each subscription or withdrawal for `acknowledgements` too (end-of-stream.ts).
   */
  async read (native: Native, acknowledgements?: EndAcknowledgements): Promise<void> {
    await readSubscriptions(native, (topic, on) => {
      if (on) this.saw(topic)
      acknowledgements?.saw(topic, on)
    })
  }

  saw (token: string): void {
    if (this.#missing.delete(token) && this.#missing.size === 0) this.#finish()
  }

  #finish (): void {
    if (this.open) return
    this.open = true
    clearTimeout(this.#timer)
    this.#resolve([...this.#missing])
  }
}

/**
 * Reads an XPUB's subscription messages until it closes, telling `saw` each one: its topic, and
 * whether it subscribes or withdraws (libzmq withdraws a peer's subscriptions when the peer goes).
 */
async function readSubscriptions (native: Native, saw: (topic: string, on: boolean) => void): Promise<void> {
  while (!native.closed) {
    let frame: Buffer
    try {
      [frame] = await native.receive!() as [Buffer]
    } catch {
      break // closed
    }
    if (frame[0] === 1 || frame[0] === 0) saw(frame.subarray(1).toString(), frame[0] === 1)
  }
}
