import type { FramingPlan } from '../../plan/types.js'
import { PeerCounter } from '../../counters.js'
import { now, type Trailer } from './wire.js'

/** A sender as a receiving socket sees it. */
export interface Peer {
  name: string
  slot: number
  /** the sender incarnation whose sequence numbers `next` follows */
  epoch: number | undefined
  next: number
  lagging: boolean
}

/**
 * What a receiving socket of an internal link knows about each peer that sends to it, from the
 * trailers (actor/link/wire.ts): messages received, sequence numbers skipped (a PUB drops at its
 * high-water mark without telling anyone: the gap is the only trace), and lag, the time between the
 * sender handing a message to zeromq and this actor receiving it. Written into the actor's shared
 * counters; `lagging` fires once when a peer's lag goes past `maxLagMs`, and again only after the
 * lag has come back under half of it.
 */
export class PeerStats {
  readonly #peers = new Map<number, Peer>()
  readonly #counters: Float64Array
  readonly #countGaps: boolean
  readonly #maxLagMs: number
  readonly #lagging: (peer: string, lagMs: number) => void

  constructor (counters: Float64Array, framing: FramingPlan, countGaps: boolean, lagging: (peer: string, lagMs: number) => void) {
    this.#counters = counters
    this.#countGaps = countGaps
    this.#maxLagMs = framing.maxLagMs ?? Infinity
    this.#lagging = lagging
    for (const { id, name, slot } of framing.peers) this.#peers.set(id, { name, slot, epoch: undefined, next: 0, lagging: false })
  }

  /**
   * A message or batch arrived: counts the messages skipped since the sender's previous one. The
   * first message of a sender incarnation starts its count (a late joiner has missed nothing it
   * could have had). Returns the peer, or undefined for a sender the plan does not know.
   */
  arrived (t: Trailer): Peer | undefined {
    const peer = this.#peers.get(t.sender)
    if (peer === undefined) return undefined
    const c = this.#counters
    if (peer.epoch === t.epoch && t.seq > peer.next && this.#countGaps) c[peer.slot + PeerCounter.dropped]! += t.seq - peer.next
    peer.epoch = t.epoch
    peer.next = t.seq + t.count
    c[peer.slot + PeerCounter.epoch] = t.epoch
    c[peer.slot + PeerCounter.next] = peer.next
    return peer
  }

  /**
   * Messages of `peer` that arrived but were never handed to the actor (its socket closed or was
   * reset with them at hand): dropped, on links that count gaps (pub → sub: the links whose losses are counted).
   */
  lost (peer: Peer | undefined, n: number): void {
    if (peer !== undefined && n > 0 && this.#countGaps) this.#counters[peer.slot + PeerCounter.dropped]! += n
  }

  /**
   * The socket stopped listening (no subscription left): what its peers send from now on is not
   * missed, and the count at stop must not take it for lost. The next message of each starts its
   * count again.
   */
  forget (): void {
    for (const peer of this.#peers.values()) {
      peer.epoch = undefined
      this.#counters[peer.slot + PeerCounter.epoch] = 0
    }
  }

  /** `n` messages of that peer (one unless told) are handed to the actor: received, and lag when `measure`. */
  delivered (peer: Peer | undefined, timestamp: number, measure: boolean, n = 1): void {
    if (peer === undefined) return
    const c = this.#counters
    const slot = peer.slot
    c[slot + PeerCounter.received]! += n
    if (!measure) return
    const lag = Math.max(0, now() - timestamp)
    c[slot + PeerCounter.lagMs] = lag
    if (lag > c[slot + PeerCounter.peakLagMs]!) c[slot + PeerCounter.peakLagMs] = lag
    if (lag > this.#maxLagMs) {
      if (!peer.lagging) { peer.lagging = true; this.#lagging(peer.name, lag) }
    } else if (peer.lagging && lag <= this.#maxLagMs / 2) {
      peer.lagging = false
    }
  }
}
