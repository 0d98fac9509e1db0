import * as zmq from 'zeromq'
import type { SocketPlan } from '../../plan/types.js'
import { InvalidMessageError } from '../../errors.js'
import { readSecretKeyFile } from '../../security/keys.js'
import type { SocketType } from '../../topology/schema.js'
import { socketClass } from '../../zmq-sockets.js'

export { receiveOnly, sendOnly } from '../../zmq-sockets.js'

export type Native = zmq.Socket & Partial<zmq.Writable & zmq.Readable>

/**
 * Creates the zeromq.js socket under an actor socket, options applied through setters, never
 * through the constructor (H9 in docs/hazards.md: a bad constructor option segfaults at exit), only the options the
 * socket has (`skipped` hears of the others), and the CURVE keys
 * read from their files. Two types differ underneath: a pub socket with a readiness barrier is an
 * XPUB (it reads its subscribers' tokens), and a rep socket is a ROUTER with REP's rules kept by
 * {@link RepEnvelope} (libzmq's REP stops receiving for good after malformed input).
 */
export function createNative (type: SocketType, plan: SocketPlan, gated: boolean, skipped: (option: string) => void = () => {}): Native {
  const socket = new (gated ? zmq.XPublisher : type === 'rep' ? zmq.Router : socketClass(type))() as Native
  try {
    for (const [option, value] of Object.entries(plan.options)) {
      // an option the actor sets for all its sockets applies to those that have it (the planner
      // refuses, with its path, one set on a socket that lacks it where it knows the type)
      if (option in socket) (socket as unknown as Record<string, unknown>)[option] = value
      else skipped(option)
    }
    const curve = plan.curve
    if (curve !== undefined) {
      // the secret key goes from its file straight into libzmq: it is kept nowhere else
      const keys = readSecretKeyFile(curve.secretKeyFile, curve.publicKey)
      socket.curvePublicKey = keys.publicKey
      socket.curveSecretKey = keys.secretKey
      if (curve.server !== undefined) {
        socket.curveServer = true
        // H17: without a domain and enforcement, a missing authenticator would let everyone in
        socket.zapDomain = curve.server.domain
        socket.zapEnforceDomain = true
      }
    }
  } catch (error) {
    socket.close()
    throw error
  }
  return socket
}

/** Runs `fn` without the process warnings it emits. */
export function quietly (fn: () => void): void {
  const emitWarning = process.emitWarning
  process.emitWarning = () => {}
  try {
    fn()
  } finally {
    process.emitWarning = emitWarning
  }
}

/** A radio socket's send: `[group, body]` as zeromq's draft API takes it. */
export function sendToGroup (native: Native, frames: Array<string | Buffer>, socket: string): Promise<void> {
  if (frames.length !== 2) throw new InvalidMessageError(`socket "${socket}" is a radio socket: send [group, body] (got ${frames.length} frames)`)
  return (native as unknown as { send: (body: unknown, options: { group: unknown }) => Promise<void> }).send(frames[1], { group: frames[0] })
}

/** A dish message is `[body, { group }]` from zeromq: actors get it as `[group, body]`. */
export function fromDish (frames: Buffer[]): Buffer[] {
  return [(frames[1] as unknown as { group: Buffer }).group, frames[0]!]
}

/** A dish socket joins or leaves groups. */
export function joinGroups (native: Native, how: 'subscribe' | 'unsubscribe', groups: string[]): void {
  const dish = native as unknown as { join: (...g: string[]) => void, leave: (...g: string[]) => void }
  if (how === 'subscribe') dish.join(...groups)
  else dish.leave(...groups)
}
