import type { ActorPlan, SocketPlan } from './types.js'

/** One socket of the plan, with its actor and name. */
export interface SocketRef { actor: ActorPlan, name: string, socket: SocketPlan }

/** Every socket of the plan's actors, in actor then socket order. */
export function socketRefs (actors: readonly ActorPlan[]): SocketRef[] {
  return actors.flatMap(actor => Object.entries(actor.sockets).map(([name, socket]) => ({ actor, name, socket })))
}

/**
 * The sockets linked to a socket: those that connect to an endpoint it binds, or bind an endpoint
 * it connects to. The readiness barrier, internal links and security all walk this graph.
 */
export function linkedTo (all: readonly SocketRef[]): (ref: SocketRef) => SocketRef[] {
  return a => all.filter(b => b !== a && (
    a.socket.bind.some(ep => b.socket.connect.includes(ep)) || a.socket.connect.some(ep => b.socket.bind.includes(ep))))
}
