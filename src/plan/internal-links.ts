import { kActorSlots, kPeerSlots, kSocketSlots } from '../counters.js'
import { linkedTo, socketRefs } from './socket-graph.js'
import type { ActorPlan, SocketPlan } from './types.js'

/**
 * Internal links (see actor/link/wire.ts for the wire format). A set of sockets joined by shared
 * endpoints is internal when every endpoint of every one of them is a logical link: then only
 * actors of the topology can be at either end, and the runtime may add a trailer (sequence number
 * and timestamp: drops and lag per link) and pack many messages into one frame (batching).
 * Anything else (a socket with one explicit `tcp://...` endpoint, and every socket linked to it)
 * is an edge, where a foreign peer may be: its frames are exactly the user's.
 *
 * Socket types of user modules are unknown here, and need not be known: each side acts on its
 * own type at run time (pub, xpub and push add trailers; sub, xsub and pull strip them), and
 * zeromq only links types that match.
 */

/** A batch body stays under this many bytes (a batch is one zeromq frame). */
export const kBatchBytes = 64 * 1024

/**
 * Fills in `framing` on every socket of an internal link, with the counters slot of each peer.
 * `logical` holds the concrete endpoints of logical links.
 */
export function planInternalLinks (actors: ActorPlan[], logical: ReadonlySet<string>, maxLagMs: (actor: ActorPlan) => number | undefined): void {
  const all = socketRefs(actors)
  const endpointsOf = (s: SocketPlan): string[] => [...s.bind, ...s.connect]
  const linked = linkedTo(all)
  const ids = new Map(all.map((ref, i) => [ref, i + 1]))
  const done = new Set<(typeof all)[number]>()
  for (const start of all) {
    if (done.has(start)) continue
    // the component of `start`: every socket reachable through shared endpoints
    const component = [start]
    done.add(start)
    for (let i = 0; i < component.length; i++) {
      for (const peer of linked(component[i]!)) if (!done.has(peer)) { done.add(peer); component.push(peer) }
    }
    if (component.length < 2 || !component.every(ref => endpointsOf(ref.socket).every(ep => logical.has(ep)))) continue
    const limits = component.map(ref => ref.socket.options.maxMessageSize ?? -1).filter(size => size > 0)
    const maxBatchBytes = Math.min(kBatchBytes, ...limits)
    for (const ref of component) {
      const lag = maxLagMs(ref.actor)
      ref.socket.framing = {
        id: ids.get(ref)!,
        slot: 0,
        peers: linked(ref).map(peer => ({
          id: ids.get(peer)!,
          name: `${peer.actor.name}.${peer.name}`,
          slot: 0,
          ...(peer.actor.node !== ref.actor.node && peer.socket.ready !== undefined ? { remoteToken: peer.socket.ready.token } : {}),
        })),
        maxBatchBytes,
        ...(lag !== undefined ? { maxLagMs: lag } : {}),
      }
    }
  }
  for (const actor of actors) {
    let slot = kActorSlots
    for (const socket of Object.values(actor.sockets)) {
      if (socket.framing === undefined) continue
      socket.framing.slot = slot
      slot += kSocketSlots
      for (const peer of socket.framing.peers) { peer.slot = slot; slot += kPeerSlots }
    }
  }
}

/** How many slots an actor's counters need after its own for its internal links (see counters.ts). */
export function linkSlotsOf (actor: ActorPlan): number {
  return Object.values(actor.sockets).reduce((n, s) => n + (s.framing === undefined ? 0 : kSocketSlots + s.framing.peers.length * kPeerSlots), 0)
}
