import { Counter, countReceived, countReceivedFrom } from '../../counters.js'
import { MessageTooLargeError, SocketStateError } from '../../errors.js'
import { frameSize, toFrames, type Message } from '../../message.js'
import type { SocketPlan } from '../../plan/types.js'
import type { SocketType } from '../../topology/schema.js'
import { BatchSender, type OutFrame } from '../link/batch-sender.js'
import { EndAcknowledgements } from '../link/end-of-stream.js'
import { LinkReceiver } from '../link/receiver.js'
import { decodeTrailer, framedReceivers, framedSenders, kZeroCopyThreshold } from '../link/wire.js'
import { receivedFramesAreCopies } from '../../receive-copy.js'
import { deadlineOf, kRewakeMs, NativeTimeouts, remaining, retryable, rewakeWait } from './deadline.js'
import { NativeSender } from './native-sender.js'
import { Monitor } from './monitor.js'
import { Endpoints } from './endpoints.js'
import { createNative, fromDish, receiveOnly, sendOnly, type Native } from './native.js'
import { ReadinessBarrier } from './readiness-barrier.js'
import { RepEnvelope } from './rep-envelope.js'
import { subscriptionMessage, Subscriptions } from './subscriptions.js'

const kDone = Promise.resolve()

/** Hooks the actor host gives its sockets. */
export interface SocketHooks {
  /** a peer's messages arrive more than the actor's maxLagMs after they were sent (see link/peer-stats.ts) */
  lagging?: (socket: string, peer: string, lagMs: number) => void
  /** a line for the actor's log (an option the socket does not have, ignored) */
  log?: (text: string) => void
}

/**
 * One socket of an actor, as the actor host drives it: the native zeromq.js socket and what an
 * actor runtime adds on top, each piece in its own file. Actor code sees it through the
 * {@link ActorSocket} facade (../socket.ts); the host also opens it, runs the readiness barrier,
 * watches its peers, flushes, reconnects and closes it.
 *
 * A message's way out: send() checks it (type, sizes: H8) → on an internal link the batch sender
 * (link/batch-sender.ts), else #sendOne (REP envelope, xsub filter) → the native sender
 * (socket/native-sender.ts): one send at a time (H5), after the readiness barrier, retried within
 * its deadline. Its way in: receive() hands out the batch at hand, else #receiveNative: a native
 * receive within the deadline → frames over 128 B copied on inproc where zeromq did not (H2) → the
 * REP envelope taken off → on an internal link the link receiver (link/receiver.ts) strips the
 * trailer, splits the batch and filters subscriptions. Plain sockets skip the steps they lack.
 */
export class SocketCore {
  readonly name: string
  readonly type: SocketType
  readonly bind: readonly string[]
  readonly connect: readonly string[]
  readonly monitor: Monitor
  readonly #plan: SocketPlan & { type: SocketType }
  readonly #counters: Float64Array
  readonly #copyLarge: boolean
  readonly #maxSize: number
  readonly #rewake: boolean // see deadline.ts, kRewakeMs
  readonly #noDrop: boolean // a send refused at the high-water mark (EAGAIN) is retried
  readonly #barrier: ReadinessBarrier | undefined
  readonly #out: BatchSender | undefined
  /** a pub socket with subscribers on other nodes: their acknowledgements of its end of stream */
  readonly #acks: EndAcknowledgements | undefined
  readonly #in: LinkReceiver | undefined
  readonly #rep: RepEnvelope | undefined
  /** plain sends and receives (an edge link's PUSH, PULL, PUB...): one native call and one callback each */
  readonly #direct: { send: boolean, receive: boolean }
  #native: Native
  readonly #sender: NativeSender
  readonly #subscriptions: Subscriptions
  readonly #readers: Array<Promise<void>> = []
  readonly #endpoints: Endpoints
  #timeouts = new NativeTimeouts(-1, -1)

  constructor (name: string, plan: SocketPlan & { type: SocketType }, counters: Float64Array, hooks: SocketHooks = {}) {
    this.name = name
    this.type = plan.type
    this.bind = plan.bind
    this.connect = plan.connect
    this.#plan = plan
    this.#counters = counters
    this.#copyLarge = !receivedFramesAreCopies && [...plan.bind, ...plan.connect].some(ep => ep.startsWith('inproc://'))
    this.#maxSize = plan.options.maxMessageSize ?? -1
    this.#rewake = plan.connect.some(ep => ep.startsWith('inproc://'))
    this.#noDrop = plan.options.noDrop === true
    const peers = this.type === 'pub' ? plan.ready?.peers ?? [] : []
    if (peers.length > 0) this.#barrier = new ReadinessBarrier(peers)
    if (this.type === 'rep') this.#rep = new RepEnvelope(name)
    this.#sender = new NativeSender({
      name,
      type: this.type,
      rewake: this.#rewake,
      noDrop: this.#noDrop,
      sendTimeout: plan.options.sendTimeout ?? -1,
      barrierOpen: () => this.#barrier === undefined || this.#barrier.open,
      barrier: async () => await this.barrier,
      native: () => this.#native,
      timeouts: () => this.#timeouts,
      counters,
    })
    const framing = plan.framing
    if (framing !== undefined && framedSenders.has(this.type)) {
      this.#out = new BatchSender(framing, this.type as 'pub' | 'xpub' | 'push', async frames => await this.#sender.send(frames), counters, () => this.closed)
      const out = this.#out
      const acks = this.#barrier !== undefined ? new EndAcknowledgements(framing, out.epoch, () => out.sent) : undefined
      if (acks?.remote === true) this.#acks = acks
    }
    if (framing !== undefined && framedReceivers.has(this.type)) {
      this.#in = new LinkReceiver(this.type, framing, counters, (peer, lagMs) => hooks.lagging?.(name, peer, lagMs), (topic, on) => this.#subscriptions.upstream(this.#native, topic, on, async frames => await this.#sender.send(frames)))
    }
    this.#direct = {
      send: plan.options.sendTimeout === undefined && !this.#noDrop && this.#out === undefined && this.#rep === undefined && this.type !== 'xsub' && this.type !== 'radio',
      receive: plan.options.receiveTimeout === undefined && !sendOnly.has(this.type) && this.#in === undefined && this.#rep === undefined && this.type !== 'dish' && !this.#copyLarge,
    }
    this.#subscriptions = new Subscriptions(name, this.type, this.#in)
    this.#endpoints = new Endpoints(plan, `socket "${name}" (${this.type})`)
    this.#native = this.#create(option => hooks.log?.(`socket "${name}" (${this.type}): option ${option} does not apply to a ${this.type} socket; ignored`))
    this.monitor = new Monitor(() => this.#native)
  }

  #create (skipped?: (option: string) => void): Native {
    this.#timeouts = new NativeTimeouts(this.#plan.options.receiveTimeout ?? -1, this.#plan.options.sendTimeout ?? -1)
    this.#rep?.clear()
    return createNative(this.type, this.#plan, this.#barrier !== undefined, skipped)
  }

  /** Binds and connects every endpoint. Called by the actor host before READY. */
  async open (): Promise<void> {
    await this.#endpoints.open(this.#native)
    if (this.#barrier !== undefined) this.#readers.push(this.#barrier.read(this.#native, this.#acks))
  }

  /**
   * The readiness barrier, subscriber side: called after init, just before READY. A sub or xsub
   * socket linked to pub sockets of the topology subscribes to its token last, so a publisher that
   * sees the token has every subscription made before it.
   */
  announce (): void {
    const ready = this.#plan.ready
    if (ready === undefined || ready.peers.length === 0) return
    if (this.type === 'sub') this.subscribe(ready.token)
    else if (this.type === 'xsub') void this.send(subscriptionMessage(ready.token, true)).catch(() => {})
  }

  /** The readiness barrier, publisher side: the tokens not seen, once all are or the readyTimeout passed; at once without a barrier (readiness-barrier.ts). */
  get barrier (): Promise<string[]> { return this.#barrier?.wait(this.#plan.ready!.timeout) ?? Promise.resolve([]) }

  /** The endpoints actually bound (with `tcp://host:*` resolved to the port the OS gave). */
  get boundEndpoints (): readonly string[] { return this.#endpoints.bound }
  get closed (): boolean { return this.#native.closed }
  get canSend (): boolean { return !receiveOnly.has(this.type) }
  get canReceive (): boolean { return !sendOnly.has(this.type) }
  /** The socket's linger (ms; -1 for ever): how long libzmq may keep it after close(). */
  get linger (): number { return this.#plan.options.linger ?? -1 }

  /** See ActorSocket.send. Not an async function: on an internal link most sends only join a batch. */
  send (message: Message): Promise<void> {
    try {
      return this.offer(message) ?? kDone
    } catch (error) {
      return Promise.reject(error)
    }
  }

  /**
   * send() without a promise where none is needed (sendMany is built on it): undefined when the
   * message was taken at once (it joined this turn's batch), else a promise to await before the
   * next send (back-pressure, a large message, an edge link). Throws what send() rejects with.
   */
  offer (message: Message): Promise<void> | undefined {
    if (receiveOnly.has(this.type)) throw new SocketStateError(`socket "${this.name}" is a ${this.type} socket: it cannot send`)
    const frames = toFrames(message)
    let bytes = 0
    for (let i = 0; i < frames.length; i++) {
      const size = frameSize(frames[i]!)
      if (this.#maxSize >= 0 && size > this.#maxSize) {
        this.#counters[Counter.errors]!++
        throw new MessageTooLargeError(`socket "${this.name}": a frame of ${size} bytes exceeds maxMessageSize ${this.#maxSize}; not sent`)
      }
      bytes += size
    }
    if (this.#out !== undefined) return this.#out.enqueue(frames, bytes)
    return this.#direct.send && this.#sender.idle ? this.#sender.direct(frames, bytes, async () => await this.#sendOne(frames, bytes)) : this.#sendOne(frames, bytes)
  }

  async #sendOne (frames: OutFrame[], bytes: number): Promise<void> {
    const out = this.type === 'xsub' && this.#in !== undefined ? this.#in.upstream(frames) : this.#rep !== undefined ? this.#rep.wrap(frames) : frames
    if (out !== undefined) await this.#sender.send(out)
    this.#counters[Counter.sent]!++
    this.#counters[Counter.bytesSent]! += bytes
  }

  /** Resolves once every message sent so far is handed to zeromq (only internal links hold messages back). */
  async flush (): Promise<void> { await this.#out?.flush() }
  /** flush(), then an end of stream where receivers count gaps (link/batch-sender.ts). */
  async endOfStream (): Promise<void> { await this.#out?.endOfStream() }
  /** A pub socket's subscribers on other nodes and their acknowledgements of its end of stream (link/end-of-stream.ts). */
  get acknowledgements (): EndAcknowledgements | undefined { return this.#acks }

  /** See ActorSocket.receive. Not an async function: on an internal link most receives come from the batch at hand. */
  receive (options: { timeout?: number } = {}): Promise<Buffer[]> {
    const incoming = this.#in
    if (incoming?.hasPending === true) return Promise.resolve(countReceived(this.#counters, incoming.next()))
    if (this.#direct.receive && options.timeout === undefined) {
      // a plain receive: one native call and one callback; what must wait again takes the full way
      const native = this.#native
      this.#timeouts.apply(native, 'receiveTimeout', this.#rewake ? kRewakeMs : -1)
      return native.receive!().then(frames => countReceived(this.#counters, frames), async (error: unknown) => {
        if (!retryable(error, native, Infinity)) throw error
        return await this.#receiveNative(options)
      })
    }
    return this.#receiveNative(options)
  }

  /** See ActorSocket.receiveMany: every message at hand (at most `max`), else the next and those with it. */
  receiveMany (options: { timeout?: number, max?: number } = {}): Promise<Buffer[][]> {
    const max = options.max ?? Infinity
    if (!(max >= 1)) return Promise.reject(new RangeError(`socket "${this.name}": receiveMany() max must be at least 1, got ${max}`))
    const incoming = this.#in
    if (incoming?.hasPending === true) return Promise.resolve(this.#atHand([], max))
    return this.#receiveNative(options).then(first => (incoming?.hasPending === true && max > 1 ? this.#atHand([first], max) : [first]))
  }

  /** Moves the messages at hand into `into`, up to `max` in all, counted as received (once for the lot). */
  #atHand (into: Buffer[][], max: number): Buffer[][] {
    const start = into.length
    this.#in!.moveInto(into, max)
    return countReceivedFrom(this.#counters, into, start)
  }

  async #receiveNative (options: { timeout?: number }): Promise<Buffer[]> {
    if (sendOnly.has(this.type)) throw new SocketStateError(`socket "${this.name}" is a ${this.type} socket: it cannot receive`)
    this.#rep?.checkReceive()
    const incoming = this.#in
    const timeout = options.timeout ?? this.#plan.options.receiveTimeout ?? -1
    const deadline = deadlineOf(timeout)
    let frames: Buffer[]
    for (let attempt = 0; ; attempt++) {
      const native = this.#native
      this.#timeouts.apply(native, 'receiveTimeout', this.#rewake ? rewakeWait(deadline) : attempt === 0 ? timeout : remaining(deadline))
      try {
        frames = await native.receive!()
      } catch (error) {
        // EAGAIN before the deadline on an open socket: a rewake (kRewakeMs), or a message libzmq
        // dropped after it woke the reader (a REP or ROUTER drops a malformed request: hostile input)
        if (!retryable(error, native, deadline)) throw error
        continue
      }
      const trailer = incoming !== undefined && frames.length > 1 ? decodeTrailer(frames[frames.length - 1]!) : undefined
      if (this.#copyLarge) {
        // a batch body needs no copy: it was sent as a string, into memory libzmq owns
        const last = trailer?.batch === true ? 1 : frames.length
        for (let i = 0; i < last; i++) if (frames[i]!.byteLength > kZeroCopyThreshold) frames[i] = Buffer.from(frames[i]!)
      }
      if (this.#rep !== undefined) {
        const body = this.#rep.open(frames)
        if (body === undefined) continue
        frames = body
      }
      if (incoming === undefined) break
      // internal link: keep going until a message passes the sub socket's filter
      if (incoming.take(frames, trailer)) return countReceived(this.#counters, incoming.next())
    }
    return countReceived(this.#counters, this.type === 'dish' ? fromDish(frames) : frames)
  }

  /** See ActorSocket.subscribe. */
  subscribe (...prefixes: string[]): void {
    this.#subscriptions.add(this.#native, prefixes)
  }

  /** See ActorSocket.unsubscribe. */
  unsubscribe (...prefixes: string[]): void {
    this.#subscriptions.remove(this.#native, prefixes)
  }

  /** See ActorSocket.reset. */
  async reset (): Promise<void> {
    this.#native.linger = 0
    this.close()
    this.#native = this.#create()
    this.#subscriptions.renew(this.#native)
    await this.open()
    if (this.monitor.watched) this.monitor.observe()
  }

  /** H6: the runtime reconnects every connector of an inproc endpoint once its binder is READY again. */
  reconnect (endpoint: string): void {
    this.#endpoints.reconnect(this.#native, endpoint)
  }

  /** Closes the socket (idempotent). A pending receive rejects with EAGAIN; iteration ends; messages at hand are gone. */
  close (): void {
    this.#in?.clear()
    this.monitor.detach()
    if (!this.#native.closed) this.#native.close()
  }

  /** Resolves once the socket's reader loops (monitor, barrier) have ended: after close() and the linger. */
  get drained (): Promise<void> {
    return Promise.all([this.monitor.drained, ...this.#readers]).then(() => {})
  }
}
