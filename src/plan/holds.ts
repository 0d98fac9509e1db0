import type { SocketType } from '../topology/schema.js'
import { receiveOnly, sendOnly } from '../zmq-sockets.js'
import { linkedTo, socketRefs, type SocketRef } from './socket-graph.js'
import type { ActorPlan } from './types.js'

/**
 * Which sending sockets a finished producer keeps open until their consumers have left (H37 in
 * docs/hazards.md). A push socket has no way to learn that a consumer on another node has read its
 * tail (a PULL says nothing upstream), and a node stops once its `until` actors have finished:
 * closing then drops what the consumer had not read (H30). So a socket of an internal link with
 * peers on other nodes holds on until those peers have disconnected (their node stopped): its
 * tcp connections, which are theirs alone, as its peers on this node reach it over inproc or ipc
 * (placement.ts: `LinkPlan.local`; where only loopback tcp would do, it does not hold). That is,
 * unless the stream into each of those consumers reaches one of its own node's `until` actors
 * downstream, the producer itself included (it gathers what it scattered): then that actor
 * finishing already says the tail arrived, and the consumers may run for ever (a pipeline's
 * workers on another node, its sink on this one).
 *
 * Socket types of user modules are unknown here: such a socket counts as both sending and
 * receiving, and the host acts only on one it finds to be a push socket (pub sockets have the
 * end-of-stream acknowledgement instead: link/end-of-stream.ts).
 *
 * Sets `holdsUntilPeersLeave` on the framing of each such socket. How long such a socket waits,
 * and for how many consumers: `waitLimit` and `consumersToCome` in types.ts (read in the actor's
 * thread too).
 */
export function planHolds (actors: ActorPlan[], until: readonly string[]): void {
  const all = socketRefs(actors)
  const linked = linkedTo(all)
  for (const ref of all) {
    const framing = ref.socket.framing
    if (framing === undefined || !framing.peers.some(p => p.remoteToken !== undefined)) continue
    if (ref.socket.type !== undefined && ref.socket.type !== 'push') continue
    // the monitor tells connections apart only by endpoint: a peer on this node must not share a tcp one
    if (linked(ref).some(peer => peer.actor.node === ref.actor.node && sharedEndpoints(ref, peer).some(ep => ep.startsWith('tcp://')))) continue
    const ends = (actor: ActorPlan): boolean => actor.node === ref.actor.node && until.includes(actor.name)
    const far = linked(ref).filter(peer => peer.actor.node !== ref.actor.node && !is(sendOnly, peer))
    if (far.some(consumer => !reachesDownstream(ref, consumer, linked, all, ends))) framing.holdsUntilPeersLeave = true
  }
}

/** The endpoints two linked sockets meet on. */
function sharedEndpoints (a: SocketRef, b: SocketRef): string[] {
  return [...a.socket.bind.filter(ep => b.socket.connect.includes(ep)), ...a.socket.connect.filter(ep => b.socket.bind.includes(ep))]
}

/** Whether the stream into `consumer`, a peer of `start`, reaches an actor for which `found` is true (`consumer`'s and `start`'s own ones included), following links from sender to receiver. */
function reachesDownstream (start: SocketRef, consumer: SocketRef, linked: (ref: SocketRef) => SocketRef[], all: SocketRef[], found: (actor: ActorPlan) => boolean): boolean {
  const seen = new Set<ActorPlan>([start.actor])
  const queue = [consumer]
  for (let i = 0; i < queue.length; i++) {
    const at = queue[i]!
    if (found(at.actor)) return true
    if (seen.has(at.actor)) continue
    seen.add(at.actor)
    for (const out of all.filter(ref => ref.actor === at.actor && ref !== at && !is(receiveOnly, ref))) queue.push(...linked(out).filter(next => !is(sendOnly, next)))
  }
  return false
}

/** Whether a socket is of one of `types` (a user module's socket, of a type unknown here, is of none). */
function is (types: ReadonlySet<SocketType>, ref: SocketRef): boolean {
  return ref.socket.type !== undefined && types.has(ref.socket.type)
}
