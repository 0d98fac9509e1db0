import type { SocketType } from '../topology/schema.js'
import { socketPath } from './sockets.js'
import { endpointsOf, type ActorPlan, type AddIssue, type LinkPlan } from './types.js'

/**
 * The socket types that can talk to each type, as libzmq pairs them (a pair of any other types
 * connects, then never passes a message: libzmq drops the peer at its handshake). A `rep` socket
 * is a ROUTER underneath (rep-envelope.ts) and pairs as REP does.
 */
export const kPeersOf: Readonly<Record<SocketType, readonly SocketType[]>> = {
  pub: ['sub', 'xsub'],
  xpub: ['sub', 'xsub'],
  sub: ['pub', 'xpub'],
  xsub: ['pub', 'xpub'],
  req: ['rep', 'router'],
  rep: ['req', 'dealer'],
  dealer: ['rep', 'dealer', 'router'],
  router: ['req', 'dealer', 'router'],
  push: ['pull'],
  pull: ['push'],
  pair: ['pair'],
  radio: ['dish'],
  dish: ['radio'],
}

/**
 * Reports every socket that connects to an endpoint a socket of another type binds in the same
 * topology (a logical link, or an explicit address written the same way) when the two types
 * cannot talk: a pub → pull link passed `check`, and `run` then waited for a subscription that
 * never came and delivered nothing. `typeOf` gives a socket's type where it is known (a user
 * module's only once its definition is loaded: preflight.ts checks those); `only` limits the
 * report to pairs it accepts.
 */
export function checkSocketPairs (actors: ActorPlan[], links: LinkPlan[], add: AddIssue, typeOf: (actor: ActorPlan, socket: string) => SocketType | undefined, only: (binder: ActorPlan, connector: ActorPlan) => boolean = () => true): void {
  const linkOf = (endpoint: string): LinkPlan | undefined => links.find(l => endpointsOf(l).includes(endpoint))
  // null: bound twice (two binders of a link, a port given twice), which is reported on its own
  const binders = new Map<string, { actor: ActorPlan, socket: string, type: SocketType } | null>()
  for (const actor of actors) {
    for (const [socket, plan] of Object.entries(actor.sockets)) {
      const type = typeOf(actor, socket)
      for (const endpoint of plan.bind) binders.set(endpoint, binders.has(endpoint) || type === undefined ? null : { actor, socket, type })
    }
  }
  for (const actor of actors) {
    for (const [socket, plan] of Object.entries(actor.sockets)) {
      const type = typeOf(actor, socket)
      if (type === undefined) continue
      plan.connect.forEach((endpoint, i) => {
        const binder = endpoint === '' ? undefined : binders.get(endpoint) // '': a link left without an endpoint, reported already
        if (binder === undefined || binder === null || kPeersOf[type].includes(binder.type) || !only(binder.actor, actor)) return
        const link = linkOf(endpoint)
        add(['actors', actor.name, ...socketPath(actor, socket), 'connect', i], `a ${type} socket cannot talk to the ${binder.type} socket "${binder.socket}" of actor "${binder.actor.name}" that binds ${link !== undefined ? `logical link "${link.name}"` : endpoint}: a ${type} socket pairs with ${kPeersOf[type].join(', ')}, and a ${binder.type} socket with ${kPeersOf[binder.type].join(', ')}`)
      })
    }
  }
}
