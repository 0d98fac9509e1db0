import { linkedTo, socketRefs, type SocketRef } from './socket-graph.js'
import type { ActorPlan } from './types.js'

/** Socket types that only receive: a stream does not leave an actor through them. */
const receiveOnly = new Set(['sub', 'pull', 'dish'])
/** Socket types that only send: a stream does not enter an actor through them. */
const sendOnly = new Set(['pub', 'push', 'radio'])

/**
 * Which sending sockets a finished producer keeps open until their consumers have left (H37 in
 * docs/hazards.md). A push socket has no way to learn that a consumer on another node has read its
 * tail (a PULL says nothing upstream), and a node stops once its `until` actors have finished:
 * closing then drops what the consumer had not read (H30). So a socket of an internal link whose
 * every peer is on another node holds on until those peers have disconnected (their node stopped),
 * unless the stream reaches one of its own node's `until` actors downstream: then that actor
 * finishing already says the tail arrived, and the consumers may run for ever (a pipeline's
 * workers on another node, its sink on this one).
 *
 * Socket types of user modules are unknown here: such a socket counts as both sending and
 * receiving, and the host acts on the type it finds (push sockets only: pub sockets have the
 * end-of-stream acknowledgement instead, link/end-of-stream.ts).
 *
 * Sets `holdsUntilPeersLeave` on the framing of each such socket.
 */
export function planHolds (actors: ActorPlan[], until: readonly string[]): void {
  const all = socketRefs(actors)
  const linked = linkedTo(all)
  for (const ref of all) {
    const framing = ref.socket.framing
    if (framing === undefined || framing.peers.length === 0 || framing.peers.some(p => p.remoteToken === undefined)) continue
    if (receiveOnly.has(ref.socket.type ?? '')) continue
    const ends = (actor: ActorPlan): boolean => actor.node === ref.actor.node && until.includes(actor.name)
    if (!reachesDownstream(ref, linked, all, ends)) framing.holdsUntilPeersLeave = true
  }
}

/** Whether the stream out of `start` reaches an actor for which `found` is true, following links from sender to receiver. */
function reachesDownstream (start: SocketRef, linked: (ref: SocketRef) => SocketRef[], all: SocketRef[], found: (actor: ActorPlan) => boolean): boolean {
  const seen = new Set<ActorPlan>([start.actor])
  const queue = [start]
  while (queue.length > 0) {
    const from = queue.shift()!
    for (const peer of linked(from)) {
      if (sendOnly.has(peer.socket.type ?? '') || seen.has(peer.actor)) continue
      if (found(peer.actor)) return true
      seen.add(peer.actor)
      queue.push(...all.filter(ref => ref.actor === peer.actor && ref !== peer && !receiveOnly.has(ref.socket.type ?? '')))
    }
  }
  return false
}
