import type * as zmq from 'zeromq'
import { Counter } from '../../counters.js'
import type { OutFrame } from '../link/batch-sender.js'
import { deadlineOf, kRewakeMs, retryable, sendRetrying, type NativeTimeouts } from './deadline.js'
import { sendToGroup, type Native } from './native.js'

/** What a {@link NativeSender} needs of its socket; `native` and `timeouts` are asked anew on every send (a reset replaces both). */
export interface SenderOf {
  name: string
  type: string
  /** connects over inproc: waits re-check every kRewakeMs (deadline.ts) */
  rewake: boolean
  /** a send refused at the high-water mark (EAGAIN) is retried */
  noDrop: boolean
  /** ms, -1: none */
  sendTimeout: number
  /** whether the readiness barrier is open (always, for sockets without one), and a wait for it */
  barrierOpen: () => boolean
  barrier: () => Promise<unknown>
  native: () => Native
  timeouts: () => NativeTimeouts
  counters: Float64Array
}

/**
 * Hands frames to a socket's native zeromq.js socket: one send at a time (H5: a second
 * concurrent send throws EBUSY synchronously), after the readiness barrier, retried within its
 * deadline where needed (deadline.ts).
 */
export class NativeSender {
  readonly #of: SenderOf
  #sending: Promise<unknown> | undefined

  constructor (of: SenderOf) {
    this.#of = of
  }

  /** Whether a send now goes to zeromq at once: none pending, the barrier open. */
  get idle (): boolean { return this.#sending === undefined && this.#of.barrierOpen() }

  /**
   * A plain send while {@link idle} (an edge link's PUSH, PUB, DEALER...): one native call, counted
   * in one callback. One that zeromq refuses with EAGAIN (a rewake, a peer gone in between) is
   * handed to `again`, which takes the full way.
   */
  direct (frames: OutFrame[], bytes: number, again: () => Promise<void>): Promise<void> {
    const { counters, rewake } = this.#of
    const native = this.#of.native()
    if (rewake) this.#of.timeouts().apply(native, 'sendTimeout', kRewakeMs)
    const sending = native.send!(frames.length === 1 ? frames[0]! : frames) // one frame: no array for zeromq.js to walk
    this.#sending = sending
    return sending.then(() => {
      this.#sending = undefined
      counters[Counter.sent]!++
      counters[Counter.bytesSent]! += bytes
    }, async (error: unknown) => {
      this.#sending = undefined
      if (!retryable(error, native, Infinity)) throw error
      await again()
    })
  }

  /** Hands frames to zeromq: after the sends before it and the readiness barrier, retried where needed. */
  async send (frames: OutFrame[]): Promise<void> {
    while (this.#sending !== undefined) await this.#sending.catch(() => {})
    const of = this.#of
    if (!of.barrierOpen()) await of.barrier()
    // EAGAIN on an open socket within its sendTimeout is retried, never charged to the actor: libzmq
    // can refuse a message zeromq.js saw writable, when a peer goes away in between (hostile input)
    const native = of.native()
    const deadline = deadlineOf(of.sendTimeout) // no clock read without a sendTimeout
    const retrying = (): Promise<void> => sendRetrying(() => of.native() as Native & zmq.Writable, frames, deadline, { rewake: of.rewake, noDrop: of.noDrop, timeouts: of.timeouts() })
    const sending = of.type === 'radio'
      ? sendToGroup(native, frames, of.name)
      : of.rewake || of.noDrop
        ? retrying()
        : native.send!(frames).catch(async (error: unknown) => { if (!retryable(error, native, deadline)) throw error; await retrying() })
    this.#sending = sending
    try {
      await sending
    } finally {
      this.#sending = undefined
    }
  }
}
