import type * as zmq from 'zeromq'
import type { Message } from '../message.js'
import type { SocketType } from '../topology/schema.js'
import type { SocketCore } from './socket/core.js'

let wrap!: (core: SocketCore) => ActorSocket

/**
 * One socket of an actor: what actor code calls. zeromq.js underneath, with what an actor runtime
 * needs on top (the runtime's own half lives in socket/core.ts):
 * - `send()` accepts a {@link Message}, refuses frames over `maxMessageSize` with
 *   {@link MessageTooLargeError} (the link stays up: H8), and queues concurrent sends instead of
 *   throwing EBUSY (H5).
 * - Received frames over 128 bytes on inproc links are copied into this thread's memory, so they
 *   stay valid when the sending thread ends (H2).
 * - `for await (const frames of socket)` ends cleanly when the socket is closed.
 * - Options are applied through setters after construction, never in the constructor (H9).
 * - radio/dish (zeromq's draft sockets) carry a message as `[group, body]`, like a pub/sub topic frame.
 * - On an internal link (a logical link between actors of the topology), messages carry a trailer
 *   (sequence number, timestamp: drops and lag per peer) and the messages sent within one turn of
 *   the event loop travel as one frame; the receiving socket splits them. Actor code sees single
 *   messages either way.
 *
 * H<n> refers to docs/hazards.md. Sockets are made by the runtime: actor code gets them as
 * `ctx.sockets.<name>`.
 * @example
 * for await (const [topic, body] of ctx.sockets.in) await ctx.sockets.out.send([topic, body])
 */
export class ActorSocket implements AsyncIterable<Buffer[]> {
  readonly #core: SocketCore

  private constructor (core: SocketCore) {
    this.#core = core
  }

  static {
    wrap = core => new ActorSocket(core)
  }

  /** The socket's name in the actor's definition (or the built-in kind's table). */
  get name (): string { return this.#core.name }
  get type (): SocketType { return this.#core.type }
  /** The endpoints it binds, as planned (logical links resolved). */
  get bind (): readonly string[] { return this.#core.bind }
  /** The endpoints it connects to, as planned. */
  get connect (): readonly string[] { return this.#core.connect }
  /** The endpoints actually bound (with `tcp://host:*` resolved to the port the OS gave). */
  get boundEndpoints (): readonly string[] { return this.#core.boundEndpoints }
  get closed (): boolean { return this.#core.closed }
  /** False for receive-only types (sub, pull, dish). */
  get canSend (): boolean { return this.#core.canSend }
  /** False for send-only types (pub, push, radio). */
  get canReceive (): boolean { return this.#core.canReceive }

  /**
   * Sends one message (multipart when an array). Resolves once zeromq has queued it (on an
   * internal link: once it has joined this turn's batch); concurrent calls are queued in order.
   * @throws {MessageTooLargeError} `ERR_ACTOR_MESSAGE_TOO_LARGE` when a frame exceeds `maxMessageSize`
   * @throws {InvalidMessageError} `ERR_ACTOR_INVALID_MESSAGE` for a value that is not a message
   * @throws {SocketStateError} `ERR_ACTOR_SOCKET_STATE` on a receive-only socket, or a rep socket's reply without a request
   */
  send (message: Message): Promise<void> {
    return this.#core.send(message)
  }

  /**
   * Sends many messages, in order, without a promise each: a message that zeromq (or, on an
   * internal link, this turn's batch) takes at once costs no await; the call waits only where
   * send() would hold the sender back (a full batch waiting for the high-water mark, a large
   * message, any send on an edge link). Resolves once the last is queued, like send(). `messages`
   * may be any iterable (an array, a generator) or async iterable; it is read as it is sent, so an
   * endless generator is fine: the call runs until the socket closes.
   * @throws what send() throws, for the first message that fails (the ones before it are sent);
   * code EAGAIN once the socket is closed with messages left
   * @throws {TypeError} when `messages` is neither iterable nor async iterable
   * @example
   * await ctx.sockets.out.sendMany(function * () { for (let i = 0; i < 1e6; i++) yield `tick ${i}` }())
   */
  async sendMany (messages: Iterable<Message> | AsyncIterable<Message>): Promise<void> {
    const core = this.#core
    if (typeof (messages as Partial<Iterable<Message>>)?.[Symbol.iterator] === 'function') {
      for (const message of messages) {
        const wait = core.offer(message)
        if (wait !== undefined) {
          await wait
          if (core.closed) throw closedError(core)
        }
      }
      return
    }
    if (typeof (messages as Partial<AsyncIterable<Message>>)?.[Symbol.asyncIterator] !== 'function') throw new TypeError(`socket "${core.name}": sendMany() takes an iterable or an async iterable of messages, got ${messages === null ? 'null' : typeof messages}`)
    for await (const message of messages as AsyncIterable<Message>) {
      if (core.closed) throw closedError(core)
      const wait = core.offer(message)
      if (wait !== undefined) await wait
    }
  }

  /**
   * Receives one whole message as its frames. Rejects with code EAGAIN once the socket is closed,
   * or when `timeout` (ms) passes without a message.
   * @throws {SocketStateError} `ERR_ACTOR_SOCKET_STATE` on a send-only socket, or a rep socket's second receive before its reply
   */
  receive (options: { timeout?: number } = {}): Promise<Buffer[]> {
    return this.#core.receive(options)
  }

  /**
   * Receives every message already at hand (at most `max`) in one call, each as its frames, in
   * order; when none is at hand, waits for the next one like receive() and resolves with it and
   * those that arrived with it. On an internal link a batch of up to 1024 messages comes in one
   * call, so a loop over the result runs with no await per message; elsewhere it is one message
   * per call. Rejects like receive(): code EAGAIN once the socket is closed or `timeout` passed.
   * @throws {RangeError} when `max` is below 1
   * @example
   * for (;;) for (const frames of await ctx.sockets.in.receiveMany()) total += frames[0].byteLength
   */
  receiveMany (options: { timeout?: number, max?: number } = {}): Promise<Buffer[][]> {
    return this.#core.receiveMany(options)
  }

  async * [Symbol.asyncIterator] (): AsyncIterator<Buffer[]> {
    const core = this.#core
    while (!core.closed) {
      try {
        yield await core.receive()
      } catch (error) {
        if (core.closed && (error as { code?: string }).code === 'EAGAIN') return
        throw error
      }
    }
  }

  /**
   * SUB sockets: receive messages that start with any of these prefixes (`""` = everything).
   * DISH sockets: join these groups (exact names, at most 15 bytes).
   * @throws {SocketStateError} `ERR_ACTOR_SOCKET_STATE` on other socket types
   */
  subscribe (...prefixes: string[]): void {
    this.#core.subscribe(...prefixes)
  }

  /** SUB sockets: stop receiving messages with these prefixes. DISH sockets: leave these groups. */
  unsubscribe (...prefixes: string[]): void {
    this.#core.unsubscribe(...prefixes)
  }

  /**
   * The socket's monitor events (connect, disconnect, handshake...), as an async iterable that
   * ends when the socket closes (H12: read with receive(), never the observer's emitter mode).
   * Transports without monitor events (inproc) yield nothing.
   */
  events (): AsyncIterable<zmq.Event> {
    return this.#core.monitor.events()
  }

  /**
   * Closes the socket and opens a fresh one with the same options, endpoints and subscriptions.
   * This is how a REQ socket recovers after a lost reply (zguide Lazy Pirate; H7). Queued
   * messages are dropped.
   */
  async reset (): Promise<void> {
    await this.#core.reset()
  }

  /** Closes the socket (idempotent). A pending receive rejects with EAGAIN; iteration ends. */
  close (): void {
    this.#core.close()
  }
}

function closedError (core: SocketCore): Error {
  return Object.assign(new Error(`socket "${core.name}" is closed: sendMany() stopped with messages left`), { code: 'EAGAIN' })
}

/** The facade actor code gets for a socket core: the actor host makes one per core. */
export function facadeOf (core: SocketCore): ActorSocket {
  return wrap(core)
}
