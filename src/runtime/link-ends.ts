import { PeerCounter, SocketCounter, type LinkEnds } from '../counters.js'
import { framedSenders, gapCounting } from '../actor/link/wire.js'
import type { SocketPlan } from '../plan/types.js'
import type { SocketType } from '../topology/schema.js'
import type { ActorStats } from './types.js'

/**
 * The count at stop. A receiving socket finds a pub → sub loss when the next message that got
 * through shows a gap in the sequence; what a publisher sent after the last message that reached a
 * subscriber (dropped at the high-water mark, or still queued when the topology stopped) shows no
 * gap. Once every actor has ended, the runtime compares each sending socket's last sequence number
 * with the one each of its subscribers expected next, and counts the difference as dropped: on
 * every pub → sub internal link whose two ends ran under this runtime, received + dropped = sent.
 */

/** An actor's {@link LinkEnds}, read from its counters (the plan knows the slots). */
export function readLinkEnds (sockets: Record<string, SocketPlan>, types: Record<string, string>, counters: Float64Array): LinkEnds {
  const ends: LinkEnds = { sending: {}, receiving: {} }
  for (const [name, socket] of Object.entries(sockets)) {
    const framing = socket.framing
    const type = types[name] as SocketType
    if (framing === undefined) continue
    if (framedSenders.has(type) && counters[framing.slot + SocketCounter.epoch] !== 0) {
      ends.sending[name] = { epoch: counters[framing.slot + SocketCounter.epoch]!, seq: counters[framing.slot + SocketCounter.seq]! }
    }
    if (!gapCounting.has(type)) continue
    const peers: Record<string, { epoch: number, next: number }> = {}
    for (const p of framing.peers) {
      const epoch = counters[p.slot + PeerCounter.epoch]!
      if (epoch !== 0) peers[p.name] = { epoch, next: counters[p.slot + PeerCounter.next]! }
    }
    if (Object.keys(peers).length > 0) ends.receiving[name] = peers
  }
  return ends
}

/**
 * Adds to each pub → sub link's `dropped` what its sender sent after the last message the
 * receiver had from it (same sender incarnation; a peer whose sender is not among `ends`, on
 * another node, is left as it is). `actors` is a fresh stats object: it is changed in place.
 */
export function countAtStop (actors: Record<string, ActorStats>, ends: Record<string, LinkEnds>): void {
  for (const [actor, { receiving }] of Object.entries(ends)) {
    for (const [socket, peers] of Object.entries(receiving)) {
      for (const [peer, rx] of Object.entries(peers)) {
        const dot = peer.lastIndexOf('.')
        const tx = ends[peer.slice(0, dot)]?.sending[peer.slice(dot + 1)]
        const figures = actors[actor]?.links?.[socket]?.[peer]
        if (tx === undefined || figures === undefined || tx.epoch !== rx.epoch || tx.seq <= rx.next) continue
        figures.dropped += tx.seq - rx.next
      }
    }
  }
}
