import { builtins } from '../../actors/index.js'
import { linkedTo, socketRefs, type SocketRef } from './socket-graph.js'
import { kTokenPrefix, type ActorPlan } from './types.js'

export type { ReadinessPlan } from './types.js'

export function tokenOf (actor: string, socket: string): string {
  return `${kTokenPrefix}${actor}/${socket}`
}

/**
 * The readiness barrier's plan (H14, H15 in docs/hazards.md). Every socket gets a token; a subscriber socket
 * (sub, xsub) subscribes to its token as the last thing before READY, after its own
 * subscriptions, so when a publisher sees the token every subscription of that socket is live
 * there (subscriptions travel in order). A pub socket holds its first send until it has seen the
 * tokens of its `peers`: the sockets of the topology linked to it. A built-in proxy forwards
 * subscriptions, so behind an xsub → xpub proxy the peers are the proxy's own subscribers.
 *
 * Socket types of user modules are unknown here, and need not be: only sub and xsub sockets link
 * to a pub socket, so every peer of a pub socket is a subscriber. Each side acts on its own type
 * at run time.
 *
 * Fills in `ready` on every socket of the plan's actors.
 */
export function planReadiness (actors: ActorPlan[], timeout: number): void {
  const all = socketRefs(actors)
  const linked = linkedTo(all)
  const peersOf = (ref: SocketRef, seen: Set<SocketRef>): string[] => linked(ref).flatMap(peer => {
    if (seen.has(peer)) return []
    seen.add(peer)
    const forwardTo = forwardedSide(peer)
    return forwardTo !== undefined ? peersOf({ actor: peer.actor, name: forwardTo, socket: peer.actor.sockets[forwardTo]! }, seen) : [tokenOf(peer.actor.name, peer.name)]
  })
  for (const ref of all) {
    ref.socket.ready = { token: tokenOf(ref.actor.name, ref.name), peers: [...new Set(peersOf(ref, new Set([ref])))], timeout }
  }
}

/** The xsub side of a built-in kind that forwards subscriptions (a proxy): the name of its xpub side. */
function forwardedSide ({ actor, socket }: SocketRef): string | undefined {
  if (actor.kind === 'module' || builtins[actor.kind].forwardsSubscriptions !== true || socket.type !== 'xsub') return undefined
  const other = Object.entries(actor.sockets).find(([, s]) => s !== socket)
  return other?.[1].type === 'xpub' ? other[0] : undefined
}
