import { Counter } from '../../counters.js'
import { kTokenPrefix, type FramingPlan } from '../../plan/types.js'
import type { SocketType } from '../../topology/schema.js'
import { EndAcknowledger, kEndPrefix } from './end-of-stream.js'
import { PeerStats, type Peer } from './peer-stats.js'
import { bodyFromWire, gapCounting, unpackBatch, type Trailer } from './wire.js'

/**
 * The receiving side of an internal link (plan/internal-links.ts; wire format: wire.ts): strips
 * the trailer, splits a batch into the user's messages, hands them out one by one, and keeps each
 * peer's figures (peer-stats.ts).
 *
 * Sub and xsub sockets filter here: at zeromq they subscribe to everything while they have any
 * subscription of their own (and to their readiness token), so whole batches reach them and a
 * sequence gap is a loss. The cost: every message of the link crosses them.
 */
export class LinkReceiver {
  readonly #stats: PeerStats
  readonly #counters: Float64Array
  #pending: Buffer[][] = []
  #at = 0
  #peer: Peer | undefined
  #timestamp = 0
  /** the prefixes that pass; `true`: everything passes */
  #filter: Buffer[] | true
  /** an xsub socket: the subscriptions it forwarded, counted as zeromq counts them */
  readonly #forwarded = new Map<string, number>()

  /** sub, xsub: acknowledges a publisher's end of stream upstream (end-of-stream.ts) */
  readonly #ends: EndAcknowledger | undefined

  /** @param subscribe subscribes (`on`) to a topic upstream, or withdraws it: how a sub or xsub socket acknowledges an end of stream */
  constructor (type: SocketType, framing: FramingPlan, counters: Float64Array, lagging: (peer: string, lagMs: number) => void, subscribe: (topic: string, on: boolean) => void = () => {}) {
    this.#stats = new PeerStats(counters, framing, gapCounting.has(type), lagging)
    this.#counters = counters
    this.#filter = type === 'pull' ? true : []
    this.#ends = gapCounting.has(type) ? new EndAcknowledger(framing, subscribe) : undefined
  }

  /** The socket was reset (subscriptions.ts): end-of-stream acknowledgements are given again. */
  renewed (): void {
    this.#ends?.forget()
  }

  /** Whether messages of the last batch wait to be handed out. */
  get hasPending (): boolean {
    return this.#at < this.#pending.length
  }

  /**
   * The socket closed, or a new native socket replaces it: what the old one received and did not
   * hand out is gone (counted as dropped on a sub or xsub socket).
   */
  clear (): void {
    this.#stats.lost(this.#peer, this.#pending.length - this.#at)
    this.#pending = []
    this.#at = 0
  }

  /**
   * Takes what zeromq delivered (a message with its trailer, or a batch). The messages kept wait
   * here; false when none is left. A message without a trailer (a foreign peer that found the
   * endpoint) is kept as it is; a malformed batch is counted as an error and dropped.
   */
  take (frames: Buffer[], trailer: Trailer | undefined): boolean {
    let messages: Buffer[][]
    if (trailer === undefined) {
      messages = [frames]
      this.#peer = undefined
    } else {
      this.#peer = this.#stats.arrived(trailer)
      this.#timestamp = trailer.timestamp
      if (trailer.count === 0 && trailer.batch && this.#peer !== undefined) this.#ends?.ended(trailer.sender, trailer.epoch)
      try {
        messages = trailer.batch ? unpackBatch(bodyFromWire(frames[0]!, trailer.base64), trailer.count) : [frames.slice(0, -1)]
      } catch {
        this.#counters[Counter.errors]!++
        return false
      }
    }
    const filter = this.#filter
    if (filter !== true) messages = messages.filter(m => filter.some(prefix => startsWith(m[0]!, prefix)))
    this.#pending = messages
    this.#at = 0
    return messages.length > 0
  }

  /** The next message at hand (call only while {@link hasPending}). */
  next (): Buffer[] {
    const frames = this.#pending[this.#at++]!
    // lag is measured at the first and the last message of a batch (a clock read per message
    // would cost more than the rest of the delivery)
    const last = this.#at === this.#pending.length
    this.#stats.delivered(this.#peer, this.#timestamp, last || this.#at === 1)
    if (last) this.clear()
    return frames
  }

  /**
   * Moves the messages at hand into `into` until it holds `max`: what next() does, with the
   * counting done once for the lot (receiveMany).
   */
  moveInto (into: Buffer[][], max: number): void {
    const pending = this.#pending
    const from = this.#at
    const to = Math.min(pending.length, from + (max - into.length))
    if (to <= from) return
    for (let i = from; i < to; i++) into.push(pending[i]!)
    this.#at = to
    const last = to === pending.length
    this.#stats.delivered(this.#peer, this.#timestamp, last || from === 0, to - from)
    if (last) this.clear()
  }

  /**
   * A sub socket's subscriptions changed: returns the subscriptions it should hold at zeromq
   * (its readiness tokens, and everything while it has any of its own); the rest filter here.
   */
  subscribeAs (subscriptions: readonly string[]): Set<string> {
    const own = subscriptions.filter(p => !p.startsWith(kTokenPrefix))
    const want = new Set(subscriptions.filter(p => p.startsWith(kTokenPrefix)))
    if (own.length > 0) want.add('')
    else this.#stats.forget()
    this.#filter = own.includes('') ? true : own.map(p => Buffer.from(p))
    return want
  }

  /**
   * An xsub socket sends: a subscription message (`\x01topic`, `\x00topic`) is counted as zeromq
   * counts it and becomes part of the filter; upstream it subscribes to everything while it has
   * any. Readiness tokens, end-of-stream acknowledgements and other messages go upstream as they
   * are. Returns what to send, if anything.
   */
  upstream<F extends string | Buffer> (frames: F[]): Array<F | Buffer> | undefined {
    const first = typeof frames[0] === 'string' ? Buffer.from(frames[0]) : frames[0] as Buffer
    if (frames.length !== 1 || first.byteLength === 0 || first[0]! > 1) return frames
    const topic = first.subarray(1).toString('latin1')
    if (topic.startsWith(kTokenPrefix) || topic.startsWith(kEndPrefix)) return frames
    const counts = this.#forwarded
    const before = counts.size
    const n = (counts.get(topic) ?? 0) + (first[0] === 1 ? 1 : -1)
    if (n > 0) counts.set(topic, n)
    else counts.delete(topic)
    this.#filter = counts.has('') ? true : [...counts.keys()].map(t => Buffer.from(t, 'latin1'))
    if (before === 0 && counts.size > 0) return [Buffer.from([1])]
    if (before > 0 && counts.size === 0) {
      this.#stats.forget()
      return [Buffer.from([0])]
    }
    return undefined
  }
}

function startsWith (frame: Buffer, prefix: Buffer): boolean {
  return frame.byteLength >= prefix.byteLength && prefix.compare(frame, 0, prefix.byteLength) === 0
}
