/**
 * The counters' layout: a contract between the runtime (main thread) and actor threads, and so a
 * leaf module (no imports) that both sides and the planner share.
 *
 * An actor's counters live in a SharedArrayBuffer written by the actor's thread and read by the
 * runtime: `app.stats()` is synchronous and costs no message between threads. One writer per
 * slot; aligned 8-byte writes are atomic on the platforms Node supports, so readers never see a
 * torn value, only a slightly old one.
 *
 * The actor's counters come first; after them, for each of its internal-link sockets,
 * {@link kSocketSlots} slots of the socket's own and {@link kPeerSlots} per peer (the plan gives
 * each its slot: see plan/internal-links.ts).
 */
export const Counter = { sent: 0, received: 1, errors: 2, bytesSent: 3, bytesReceived: 4 } as const
export type CounterName = keyof typeof Counter
/**
 * Not a figure: how many consumers on other nodes are connected to the actor's sockets that hold
 * a finite stream for them (plan/holds.ts, host/tail.ts: H37). Its node does not stop for its
 * `until` actors while a running actor still feeds one (runtime/app.ts).
 */
export const kFarConsumers = Object.keys(Counter).length
export const kActorSlots = kFarConsumers + 1

/** One peer's figures, as seen by the receiving socket: offsets from the peer's slot. */
export const PeerCounter = {
  /** messages received from the peer */
  received: 0,
  /** sequence numbers skipped: messages the peer sent that never arrived (pub → sub links only) */
  dropped: 1,
  /** ms between the peer handing over the last message and this actor receiving it */
  lagMs: 2,
  /** the largest lagMs seen */
  peakLagMs: 3,
  /** the peer's incarnation (trailer epoch) whose sequence `next` follows; 0: none yet */
  epoch: 4,
  /** the sequence number expected next from that incarnation */
  next: 5,
} as const
/** The figures of a peer that stats show (epoch and next are for the count at stop: {@link LinkEnds}). */
export type PeerCounterName = 'received' | 'dropped' | 'lagMs' | 'peakLagMs'
export const kPeerSlots = Object.keys(PeerCounter).length

/** An internal-link socket's own figures, as a sender: offsets from its slot. */
export const SocketCounter = {
  /** the incarnation (trailer epoch) of its sequence numbers; 0: nothing sent yet */
  epoch: 0,
  /** messages handed to zeromq in that incarnation: the sequence number of the next one */
  seq: 1,
} as const
export const kSocketSlots = Object.keys(SocketCounter).length

/** Counters with room for `linkSlots` slots of internal links after the actor's (plan/internal-links.ts: linkSlotsOf). */
export function createCounters (linkSlots = 0): Float64Array {
  return new Float64Array(new SharedArrayBuffer((kActorSlots + linkSlots) * Float64Array.BYTES_PER_ELEMENT))
}

/** One message received: counted with its bytes. Returns the frames, for the receive path to hand on. */
export function countReceived (counters: Float64Array, frames: Buffer[]): Buffer[] {
  let bytes = 0
  for (const frame of frames) bytes += frame.byteLength
  counters[Counter.received]!++
  counters[Counter.bytesReceived]! += bytes
  return frames
}

/** Messages `from` on of `messages` received: counted with their bytes, once for the lot. Returns `messages`. */
export function countReceivedFrom (counters: Float64Array, messages: Buffer[][], from: number): Buffer[][] {
  let bytes = 0
  for (let i = from; i < messages.length; i++) {
    const frames = messages[i]!
    for (let f = 0; f < frames.length; f++) bytes += frames[f]!.byteLength
  }
  counters[Counter.received]! += messages.length - from
  counters[Counter.bytesReceived]! += bytes
  return messages
}

export function readCounters (counters: Float64Array): Record<CounterName, number> {
  return {
    sent: counters[Counter.sent]!,
    received: counters[Counter.received]!,
    errors: counters[Counter.errors]!,
    bytesSent: counters[Counter.bytesSent]!,
    bytesReceived: counters[Counter.bytesReceived]!,
  }
}

export function readPeer (counters: Float64Array, slot: number): Record<PeerCounterName, number> {
  return {
    received: counters[slot + PeerCounter.received]!,
    dropped: counters[slot + PeerCounter.dropped]!,
    lagMs: counters[slot + PeerCounter.lagMs]!,
    peakLagMs: counters[slot + PeerCounter.peakLagMs]!,
  }
}

/** Per socket of an internal link, per peer (`actor.socket`): what the socket saw of it. */
export type LinkStatsMap = Record<string, Record<string, Record<PeerCounterName, number>>>

/**
 * Where an actor's internal links stand in sequence numbers: per sending socket, its incarnation
 * and the next sequence number; per receiving socket and peer (`actor.socket`), the incarnation
 * and the next sequence number expected. At stop, the gap between the two is what was sent and
 * never arrived (runtime/link-ends.ts).
 */
export interface LinkEnds {
  sending: Record<string, { epoch: number, seq: number }>
  receiving: Record<string, Record<string, { epoch: number, next: number }>>
}
