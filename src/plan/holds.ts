import type { SocketType } from '../topology/schema.js'
import { receiveOnly, sendOnly } from '../zmq-sockets.js'
import { linkedTo, socketRefs, type SocketRef } from './socket-graph.js'
import type { ActorPlan } from './types.js'

/**
 * Which sending sockets a finished producer keeps open until their consumers have left (H37 in
 * docs/hazards.md). A push socket has no way to learn that a consumer on another node has read its
 * tail (a PULL says nothing upstream), and a node stops once its `until` actors have finished:
 * closing then drops what the consumer had not read (H30). So a socket of an internal link whose
 * every peer is on another node holds on until those peers have disconnected (their node stopped),
 * unless the stream reaches one of its own node's `until` actors downstream, the producer itself
 * included (it gathers what it scattered): then that actor finishing already says the tail
 * arrived, and the consumers may run for ever (a pipeline's workers on another node, its sink on
 * this one).
 *
 * Socket types of user modules are unknown here: such a socket counts as both sending and
 * receiving, and the host acts only on one it finds to be a push socket (pub sockets have the
 * end-of-stream acknowledgement instead: link/end-of-stream.ts).
 *
 * Sets `holdsUntilPeersLeave` on the framing of each such socket.
 */
export function planHolds (actors: ActorPlan[], until: readonly string[]): void {
  const all = socketRefs(actors)
  const linked = linkedTo(all)
  for (const ref of all) {
    const framing = ref.socket.framing
    if (framing === undefined || framing.peers.length === 0 || framing.peers.some(p => p.remoteToken === undefined)) continue
    if (ref.socket.type !== undefined && ref.socket.type !== 'push') continue
    const ends = (actor: ActorPlan): boolean => actor.node === ref.actor.node && until.includes(actor.name)
    if (!reachesDownstream(ref, linked, all, ends)) framing.holdsUntilPeersLeave = true
  }
}

/** Whether the stream out of `start` reaches an actor for which `found` is true (`start`'s own one included), following links from sender to receiver. */
function reachesDownstream (start: SocketRef, linked: (ref: SocketRef) => SocketRef[], all: SocketRef[], found: (actor: ActorPlan) => boolean): boolean {
  const is = (types: ReadonlySet<SocketType>, ref: SocketRef): boolean => ref.socket.type !== undefined && types.has(ref.socket.type)
  const seen = new Set<ActorPlan>()
  const queue = [start]
  while (queue.length > 0) {
    const from = queue.shift()!
    for (const peer of linked(from)) {
      if (is(sendOnly, peer)) continue
      if (found(peer.actor)) return true
      if (seen.has(peer.actor) || peer.actor === start.actor) continue
      seen.add(peer.actor)
      queue.push(...all.filter(ref => ref.actor === peer.actor && ref !== peer && !is(receiveOnly, ref)))
    }
  }
  return false
}
