import { createRequire } from 'node:module'
import * as zmq from 'zeromq'
import type { SocketType } from './topology/schema.js'

/**
 * zeromq.js's socket class of each socket type, and which options each has: a leaf shared by the
 * planner (to refuse an option a socket does not have, with its path) and actor threads (to
 * apply only the options a socket has: zeromq.js seals its sockets, so setting one it lacks
 * throws "Cannot add property ..., object is not extensible").
 */

/** zeromq's draft sockets, loaded on first use (the package's `zeromq/draft` entry prints a warning per thread). */
const draft = (): typeof import('zeromq/lib/draft.js') => createRequire(import.meta.url)('zeromq/lib/draft.js') as typeof import('zeromq/lib/draft.js')

const classes: Record<SocketType, new () => zmq.Socket> = {
  pub: zmq.Publisher,
  sub: zmq.Subscriber,
  xpub: zmq.XPublisher,
  xsub: zmq.XSubscriber,
  req: zmq.Request,
  rep: zmq.Reply,
  router: zmq.Router,
  dealer: zmq.Dealer,
  push: zmq.Push,
  pull: zmq.Pull,
  pair: zmq.Pair,
  get radio () { return draft().Radio },
  get dish () { return draft().Dish },
}

/** Socket types that only send. */
export const sendOnly: ReadonlySet<SocketType> = new Set(['pub', 'push', 'radio'])
/** Socket types that only receive. */
export const receiveOnly: ReadonlySet<SocketType> = new Set(['sub', 'pull', 'dish'])

export function socketClass (type: SocketType): new () => zmq.Socket {
  return classes[type]
}

/** Whether a socket of this type has this option (e.g. a pull socket has no sendHighWaterMark). */
export function optionApplies (type: SocketType, option: string): boolean {
  return option in socketClass(type).prototype
}
