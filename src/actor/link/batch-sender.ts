import { Counter, SocketCounter } from '../../counters.js'
import type { FramingPlan } from '../../plan/types.js'
import { bodyToWire, encodeTrailer, kZeroCopyThreshold, newEpoch, now, packBatch, packedSize } from './wire.js'

/** What the batch sender hands to zeromq: the user's frames (strings or Buffers) and a trailer. */
export type OutFrame = string | Buffer

/** At most this many messages per batch on an internal link (bytes: FramingPlan.maxBatchBytes). */
export const kBatchMessages = 1024
/**
 * At most this many per batch on a PUSH with several peers. zeromq deals whole batches round-robin,
 * so the peers' shares differ by at most one batch per round; small batches keep a pipeline's
 * workers evenly loaded while a worker still takes its tasks several per wake-up.
 */
export const kDealMessages = 16
/**
 * A batch older than this goes at the next send even if the turn has not ended: an actor busy on
 * microtasks (a handler fed from a batch at hand) may not end its turn for a long time. The clock
 * is read every kAgeCheckEvery messages: a read per message cost 5 % of a 16 B stream.
 */
const kMaxBatchAgeMs = 1
const kAgeCheckEvery = 16

/**
 * The sending side of an internal link (plan/internal-links.ts; wire format: wire.ts): the
 * messages sent within one turn of the event loop go out as one frame with one trailer.
 *
 * A batch goes at the end of the turn (setImmediate: a lone message waits for no timer), or at
 * once when the next message would not fit. The send() that filled it waits for the full batch to
 * be handed to zeromq and for the next turn of the loop, so a sender that outruns its link is held
 * back (the high-water mark still counts frames), at most one batch per socket waits in memory,
 * and the thread stays responsive.
 */
export class BatchSender {
  readonly #id: number
  readonly #slot: number
  readonly #epoch = newEpoch()
  readonly #maxBytes: number
  readonly #maxMessages: number
  readonly #send: (frames: OutFrame[]) => Promise<void>
  readonly #counters: Float64Array
  readonly #closed: () => boolean
  /** its receivers count gaps (pub, xpub): it sends them an end of stream (see {@link endOfStream}) */
  readonly #sendsEndOfStream: boolean
  #endPending = false
  #seq = 0
  /** the sequence number after the last batch zeromq took */
  #sentSeq = 0
  #batch: OutFrame[][] = []
  /** packed size of the batch and the user's bytes in it */
  #size = 0
  #bytes = 0
  /** the batch that a flush at the end of this turn is scheduled for */
  #scheduledFor: OutFrame[][] | undefined
  /** performance.now() when the batch got its first message */
  #openedAt = 0
  #tail: Promise<void> = Promise.resolve()
  /** a failed batch send, thrown by the next send() */
  #error: unknown

  /**
   * @param type the sending socket's type (a PUSH with several peers sends smaller batches: kDealMessages)
   * @param send hands frames to zeromq, one call at a time, in order
   * @param closed whether the socket is closed (a failure then is nobody's to hear)
   */
  constructor (framing: FramingPlan, type: 'pub' | 'xpub' | 'push', send: (frames: OutFrame[]) => Promise<void>, counters: Float64Array, closed: () => boolean) {
    const dealing = type === 'push' && framing.peers.length > 1
    this.#sendsEndOfStream = type !== 'push'
    this.#id = framing.id
    this.#slot = framing.slot
    this.#maxBytes = framing.maxBatchBytes
    this.#maxMessages = dealing ? kDealMessages : kBatchMessages
    this.#send = send
    this.#counters = counters
    this.#closed = closed
  }

  /** this sender incarnation's epoch (its trailers carry it) */
  get epoch (): number { return this.#epoch }
  /** whether zeromq has taken anything from it (an end of stream goes only then) */
  get sent (): boolean { return this.#sentSeq > 0 }

  /**
   * Adds one message (its frames and their byte count) to the batch of this turn. Returns
   * undefined when the message joined the batch and the sender may go on at once (most calls: no
   * promise to make or await), else a promise to await before the next message: the batch is full
   * (back-pressure), or the message was too large for a batch and went alone.
   * @throws what the last batch's send failed with
   */
  enqueue (frames: OutFrame[], bytes: number): Promise<void> | undefined {
    if (this.#error !== undefined) {
      const error = this.#error
      this.#error = undefined
      throw error
    }
    const size = packedSize(bytes, frames.length)
    if (size > this.#maxBytes) {
      // too large for a batch: it goes alone, after the batch before it, and this send() waits for
      // zeromq to take it, like a send on an edge link
      if (this.#batch.length > 0) void this.flush()
      this.#add(frames, size, bytes)
      return this.flush()
    }
    const n = this.#batch.length
    const full = n > 0 && (this.#size + size > this.#maxBytes || n >= this.#maxMessages || (n % kAgeCheckEvery === 0 && performance.now() - this.#openedAt > kMaxBatchAgeMs)) ? this.flush() : undefined
    if (this.#batch.length === 0) this.#openedAt = performance.now()
    this.#add(frames, size, bytes)
    if (this.#scheduledFor === undefined) this.#flushAtEndOfTurn()
    if (full === undefined) return undefined
    // zeromq often takes a batch at once, so without the next turn a sender faster than its link
    // would run on microtasks alone and never let the thread see $TERM, timers or I/O
    return full.then(async () => { await new Promise(resolve => setImmediate(resolve)) })
  }

  #add (frames: OutFrame[], size: number, bytes: number): void {
    this.#batch.push(frames)
    this.#size += size
    this.#bytes += bytes
  }

  /**
   * Flushes the batch at hand once this turn of the loop ends. When that batch has already gone
   * (it filled up) and the sender has started the next one, that one gets one more turn to fill:
   * flushing it now would send a batch of one message after every full one (measured: 1024, 1,
   * 1024, 1... on a 16 B stream), one native send and receive per message more.
   */
  #flushAtEndOfTurn (): void {
    const batch = this.#batch
    this.#scheduledFor = batch
    setImmediate(() => {
      this.#scheduledFor = undefined
      if (this.#batch === batch || this.#batch.length === 0) void this.flush()
      else this.#flushAtEndOfTurn()
    })
  }

  /**
   * Hands the current batch to zeromq after the ones before it; resolves once every message sent
   * so far is handed over. Messages are packed into one frame, which goes as a string (H2, see
   * wire.ts). A lone message goes as its own frames plus the trailer when that is as safe (no
   * Buffer over 128 bytes, which zeromq.js would send zero-copy) or it is too large for a batch (a
   * string costs about 0.5 ns a byte more than a Buffer). Never rejects: a failure is counted and thrown by the next send()
   * (nothing to throw it to once the socket is closed).
   */
  flush (): Promise<void> {
    const batch = this.#batch
    if (batch.length === 0) return this.#tail
    const bytes = this.#bytes
    const size = this.#size
    this.#batch = []
    this.#size = 0
    this.#bytes = 0
    const seq = this.#seq
    this.#seq += batch.length
    this.#tail = this.#tail.then(async () => {
      if (batch.length === 1 && (size > this.#maxBytes || batch[0]!.every(copied))) {
        await this.#send([...batch[0]!, this.#trailer(1, seq, false)])
      } else {
        const { wire, base64 } = bodyToWire(packBatch(batch, size))
        await this.#send([wire, this.#trailer(batch.length, seq, true, base64)])
      }
      this.#sentSeq = seq + batch.length
      const c = this.#counters
      c[Counter.sent]! += batch.length
      c[Counter.bytesSent]! += bytes
      // where this socket's sequence stands, for the count at stop (runtime/link-ends.ts)
      c[this.#slot + SocketCounter.epoch] = this.#epoch
      c[this.#slot + SocketCounter.seq] = seq + batch.length
    }).catch((error: unknown) => {
      if (this.#closed()) return
      this.#counters[Counter.errors]!++
      this.#error ??= error
    })
    return this.#tail
  }

  /**
   * An end of stream, on a pub or xpub socket: after the last batch, a batch of no
   * message whose sequence number is the next one (of what zeromq took). A subscriber that gets it
   * counts what it missed at the tail as dropped, as it counts any gap: the only way a subscriber
   * on another node learns of a tail its publisher's high-water mark dropped (within one runtime
   * the count at stop compares both sides: runtime/link-ends.ts). zeromq may drop it like any
   * message (H35): the host sends it again while it holds a finished actor's sockets; one still
   * waiting to go is not queued twice. Never rejects.
   */
  endOfStream (): Promise<void> {
    void this.flush()
    if (!this.#sendsEndOfStream || this.#endPending) return this.#tail
    this.#endPending = true
    this.#tail = this.#tail.then(async () => {
      if (this.#sentSeq > 0) await this.#send(['', this.#trailer(0, this.#sentSeq, true)])
    }).catch(() => {
      if (!this.#closed()) this.#counters[Counter.errors]!++
    }).finally(() => { this.#endPending = false })
    return this.#tail
  }

  #trailer (count: number, seq: number, batch: boolean, base64?: boolean): Buffer {
    return encodeTrailer({ sender: this.#id, epoch: this.#epoch, count, seq, timestamp: now(), batch, base64 })
  }
}

/** Whether zeromq.js copies the frame when it sends it (a string, or a Buffer of at most 128 bytes). */
function copied (frame: OutFrame): boolean {
  return typeof frame === 'string' || frame.byteLength <= kZeroCopyThreshold
}
