import type * as zmq from 'zeromq'
import { SocketStateError } from '../../errors.js'
import type { SocketType } from '../../topology/schema.js'
import type { LinkReceiver } from '../link/receiver.js'
import { joinGroups, type Native } from './native.js'

/**
 * A socket's subscriptions (sub) or groups (dish), kept so that a reset socket gets them again.
 * A sub socket of an internal link filters in its link receiver: at zeromq it holds only what
 * {@link LinkReceiver.subscribeAs} asks for (its readiness token, and everything while it has any
 * subscription of its own).
 */
export class Subscriptions {
  readonly #socket: string
  readonly #type: SocketType
  readonly #receiver: LinkReceiver | undefined
  #list: string[] = []
  /** an internal-link sub socket's subscriptions at zeromq */
  #atNative = new Set<string>()

  constructor (socket: string, type: SocketType, receiver: LinkReceiver | undefined) {
    this.#socket = socket
    this.#type = type
    this.#receiver = receiver
  }

  add (native: Native, prefixes: string[]): void {
    this.#list.push(...prefixes)
    this.#apply(native, 'subscribe', prefixes)
  }

  remove (native: Native, prefixes: string[]): void {
    this.#list = this.#list.filter(p => !prefixes.includes(p))
    this.#apply(native, 'unsubscribe', prefixes)
  }

  /** A new native socket (after a reset): every subscription again, end-of-stream acknowledgements too. */
  renew (native: Native): void {
    this.#atNative = new Set()
    this.#receiver?.renewed()
    if (this.#list.length > 0) this.#apply(native, 'subscribe', this.#list)
  }

  /**
   * A subscription of the runtime's own, never the actor's (an end-of-stream acknowledgement:
   * link/end-of-stream.ts): upstream only, not kept for a reset socket. An xsub socket sends it
   * as a message, with `send`.
   */
  upstream (native: Native, topic: string, on: boolean, send: (frames: Buffer[]) => Promise<void>): void {
    if (this.#type === 'sub') (native as zmq.Subscriber)[on ? 'subscribe' : 'unsubscribe'](topic)
    else void send([subscriptionMessage(topic, on)]).catch(() => {})
  }

  #apply (native: Native, how: 'subscribe' | 'unsubscribe', prefixes: string[]): void {
    if (this.#type === 'sub' && this.#receiver !== undefined) {
      const want = this.#receiver.subscribeAs(this.#list)
      const sub = native as zmq.Subscriber
      for (const p of this.#atNative) if (!want.has(p)) sub.unsubscribe(p)
      for (const p of want) if (!this.#atNative.has(p)) sub.subscribe(p)
      this.#atNative = want
    } else if (this.#type === 'sub') {
      (native as zmq.Subscriber)[how](...prefixes)
    } else if (this.#type === 'dish') {
      joinGroups(native, how, prefixes)
    } else {
      throw new SocketStateError(`socket "${this.#socket}" is a ${this.#type} socket: only sub sockets subscribe and dish sockets join groups`)
    }
  }
}

/** What an xsub socket sends upstream to subscribe to a topic (`on`) or withdraw it. */
export function subscriptionMessage (topic: string, on: boolean): Buffer {
  return Buffer.concat([Buffer.from([on ? 1 : 0]), Buffer.from(topic)])
}
