import { createRequire } from 'node:module'
import * as zmq from 'zeromq'
import { InvalidMessageError, MessageTooLargeError, ZeroActorError } from '../errors.js'
import { frameSize, toFrames, type Message } from '../message.js'
import type { SocketPlan } from '../plan/types.js'
import { kTokenPrefix } from '../plan/types.js'
import type { SocketType } from '../topology/schema.js'
import { Counter } from '../counters.js'
import { bodyFromWire, bodyToWire, decodeTrailer, encodeTrailer, framedReceivers, framedSenders, gapCounting, newEpoch, now, packBatch, packedSize, unpackBatch, type Trailer } from './link-frame.js'
import { LinkStats, type Peer } from './link-stats.js'
import { readSecretKeyFile } from '../security/keys.js'

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
const sendOnly = new Set<SocketType>(['pub', 'push', 'radio'])
const receiveOnly = new Set<SocketType>(['sub', 'pull', 'dish'])
const kObserveRetries = 10
const kObserveRetryMs = 5
/**
 * A receive or send pending on a socket that connects over inproc re-checks the socket this
 * often. When the binder restarts, the runtime connects the socket again (H6), and the new pipe
 * starts out "active": libzmq sends no command that would wake zeromq.js's edge-triggered
 * poller, so a receive (or a send blocked at the high-water mark) pending since before the
 * reconnect would never see it. Work that can proceed at once does so (no timer); an idle
 * socket wakes up ten times a second.
 */
const kRewakeMs = 100
const kDone = Promise.resolve()
/** At most this many messages per batch on an internal link (and kBatchBytes: plan/framing.ts). */
const kBatchMessages = 1024
/**
 * At most this many per batch on a PUSH with several peers. zeromq deals whole batches round-robin,
 * so the peers' shares differ by at most one batch per round; small batches keep a pipeline's
 * workers evenly loaded while a worker still takes its tasks several per wake-up.
 */
const kDealMessages = 16
/**
 * A batch older than this goes at the next send even if the turn has not ended: an actor busy on
 * microtasks (a handler fed from a batch at hand) may not end its turn for a long time. The clock
 * is read every kAgeCheckEvery messages: a read per message cost 5 % of a 16 B stream.
 */
const kMaxBatchAgeMs = 1
const kAgeCheckEvery = 16
/** Messages over this many bytes (packed) go alone: copying them into a batch costs more than it saves. */
const kAloneBytes = 1024
/** zeromq.js hands out frames over this size without copying (pitfalls H2) */
const kZeroCopyThreshold = 128

type Native = zmq.Socket & Partial<zmq.Writable & zmq.Readable>
type OutFrame = string | Buffer

/** Hooks the actor host gives its sockets. */
export interface SocketHooks {
  /** a peer's messages arrive more than the actor's maxLagMs after they were sent (see LinkStats) */
  lagging?: (socket: string, peer: string, lagMs: number) => void
}

/** An internal link's sending side: the batch being filled and the chain of batches handed to zeromq. */
interface Outgoing {
  id: number
  epoch: number
  seq: number
  maxBytes: number
  /**
   * at most this many messages per batch: kDealMessages on a PUSH with several peers, else kBatchMessages
   */
  maxMessages: number
  batch: OutFrame[][]
  /** packed size of `batch` and the user's bytes in it */
  size: number
  bytes: number
  /** the batch that a flush at the end of this turn is scheduled for */
  scheduledFor: OutFrame[][] | undefined
  /** performance.now() when the batch got its first message */
  openedAt: number
  tail: Promise<void>
  /** a failed batch send, thrown by the next send() */
  error: unknown
}

/** An internal link's receiving side: the messages of the last batch not handed out yet. */
interface Incoming {
  stats: LinkStats
  pending: Buffer[][]
  at: number
  peer: Peer | undefined
  timestamp: number
  /** sub and xsub sockets filter here (see #filterHere, #upstream); `true`: everything passes */
  filter: Buffer[] | true
}

/**
 * One socket of an actor: zeromq.js underneath, with what an actor runtime needs on top.
 * - `send()` accepts a {@link Message}, refuses frames over `maxMessageSize` with
 *   {@link MessageTooLargeError} (the link stays up: H8), and queues concurrent sends instead of
 *   throwing EBUSY (H5).
 * - Received frames over 128 bytes on inproc links are copied into this thread's memory, so they
 *   stay valid when the sending thread ends (H2).
 * - `for await (const frames of socket)` ends cleanly when the socket is closed.
 * - Options are applied through setters after construction, never in the constructor (H9).
 * - radio/dish (zeromq's draft sockets) carry a message as `[group, body]`, like a pub/sub topic frame.
 * - On an internal link (plan/framing.ts), messages carry a trailer (sequence number, timestamp:
 *   drops and lag per peer) and the messages sent within one turn of the event loop travel as one
 *   frame; the receiving socket splits them. A sub socket there subscribes to everything and
 *   filters by prefix itself, so that a batch reaches it whole and a gap in the sequence is a loss.
 */
export class ActorSocket implements AsyncIterable<Buffer[]> {
  readonly name: string
  readonly type: SocketType
  readonly bind: readonly string[]
  readonly connect: readonly string[]
  #native: Native
  #plan: SocketPlan & { type: SocketType }
  #counters: Float64Array
  #copyLarge: boolean
  #maxSize: number
  #sending: Promise<unknown> | undefined
  #subscriptions: string[] = []
  /** an xsub socket of an internal link: the subscriptions it forwarded, counted (see #upstream) */
  #forwarded = new Map<string, number>()
  #observer: zmq.Observer | undefined
  #watchers = new Set<EventWatcher>()
  #readers: Array<Promise<void>> = []
  #observers: zmq.Observer[] = []
  #bound: string[] = []
  /** the native socket's timeouts as last set, so the hot path sets each only when it changes */
  #timeouts = { receiveTimeout: -1, sendTimeout: -1 }
  /** see kRewakeMs */
  #rewake: boolean
  /** noDrop: a send refused at the high-water mark (EAGAIN) is retried */
  #noDrop: boolean
  /** pub sockets with topology subscribers: the readiness barrier */
  #gate: Gate | undefined
  #out: Outgoing | undefined
  #in: Incoming | undefined
  /**
   * A rep socket is a ROUTER underneath, with REP's rules kept here: the envelope of the request
   * being answered (routing id, labels, empty delimiter). libzmq's own REP stopped receiving for
   * good after hostile peers sent it malformed messages (test/security/hostile.ts: 0 of 100
   * round trips afterwards); a ROUTER with the same input kept working.
   */
  #envelope: Buffer[] | undefined
  /** the CURVE server key last set on the native socket (zeromq.js cannot read it back) */
  #serverKey: string | undefined
  /** a framed sub socket's subscriptions at zeromq (tokens, and "" while it has any of its own) */
  #nativeSubscriptions = new Set<string>()

  constructor (name: string, plan: SocketPlan & { type: SocketType }, counters: Float64Array, hooks: SocketHooks = {}) {
    this.name = name
    this.type = plan.type
    this.bind = plan.bind
    this.connect = plan.connect
    this.#plan = plan
    this.#counters = counters
    this.#copyLarge = [...plan.bind, ...plan.connect].some(ep => ep.startsWith('inproc://'))
    this.#maxSize = plan.options.maxMessageSize ?? -1
    this.#rewake = plan.connect.some(ep => ep.startsWith('inproc://'))
    this.#noDrop = plan.options.noDrop === true
    const peers = this.type === 'pub' ? plan.ready?.peers ?? [] : []
    if (peers.length > 0) this.#gate = new Gate(peers)
    const framing = plan.framing
    if (framing !== undefined && framedSenders.has(this.type)) {
      this.#out = { id: framing.id, epoch: newEpoch(), seq: 0, maxBytes: framing.maxBatchBytes, maxMessages: this.type === 'push' && framing.peers.length > 1 ? kDealMessages : kBatchMessages, batch: [], size: 0, bytes: 0, scheduledFor: undefined, openedAt: 0, tail: Promise.resolve(), error: undefined }
    }
    if (framing !== undefined && framedReceivers.has(this.type)) {
      const lagging = (peer: string, lagMs: number): void => hooks.lagging?.(name, peer, lagMs)
      this.#in = { stats: new LinkStats(counters, framing, gapCounting.has(this.type), lagging), pending: [], at: 0, peer: undefined, timestamp: 0, filter: this.type === 'pull' ? true : [] }
    }
    this.#native = this.#create()
  }

  #create (): Native {
    this.#timeouts = { receiveTimeout: this.#plan.options.receiveTimeout ?? -1, sendTimeout: this.#plan.options.sendTimeout ?? -1 }
    this.#nativeSubscriptions = new Set()
    this.#serverKey = undefined
    this.#envelope = undefined
    // a gated pub socket is an XPUB underneath, so that it can see its subscribers' tokens
    const socket = new (this.#gate !== undefined ? zmq.XPublisher : this.type === 'rep' ? zmq.Router : classes[this.type])() as Native
    try {
      for (const [option, value] of Object.entries(this.#plan.options)) (socket as unknown as Record<string, unknown>)[option] = value
      const curve = this.#plan.curve
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

  /** Binds and connects every endpoint. Called by the actor host before READY. */
  async open (): Promise<void> {
    this.#bound = []
    for (const ep of this.bind) {
      await this.#native.bind(ep)
      this.#bound.push(this.#native.lastEndpoint ?? ep)
    }
    for (const ep of this.connect) this.#connectTo(ep)
    if (this.#gate !== undefined) this.#readSubscriptions()
  }

  /** Connects one endpoint, as a CURVE client with that server's key where the plan says so. */
  #connectTo (ep: string): void {
    const serverKey = this.#plan.curve?.serverKeys[ep]
    if (serverKey !== undefined && this.#serverKey !== serverKey) {
      // libzmq takes the key at connect(); zeromq.js warns about any option set after one
      quietly(() => { this.#native.curveServerKey = serverKey })
      this.#serverKey = serverKey
    }
    this.#native.connect(ep)
  }

  /**
   * @internal the readiness barrier, subscriber side: called after init, just before READY.
   * A sub or xsub socket linked to pub sockets of the topology subscribes to its token last, so
   * a publisher that sees the token has every subscription made before it.
   */
  announce (): void {
    const ready = this.#plan.ready
    if (ready === undefined || ready.peers.length === 0) return
    if (this.type === 'sub') this.subscribe(ready.token)
    else if (this.type === 'xsub') void this.send(Buffer.concat([Buffer.from([1]), Buffer.from(ready.token)])).catch(() => {})
  }

  /**
   * @internal the readiness barrier, publisher side: resolves with the tokens not seen (empty
   * when every topology subscriber's subscriptions are live here) once all are seen or the
   * socket's readyTimeout passed. Resolves at once for sockets without a barrier.
   */
  get barrier (): Promise<string[]> {
    if (this.#gate === undefined) return Promise.resolve([])
    this.#gate.arm(this.#plan.ready!.timeout)
    return this.#gate.opened
  }

  /** The gated pub socket's XPUB side: reads subscriptions (H15: an unread XPUB applies none). */
  #readSubscriptions (): void {
    const native = this.#native
    const gate = this.#gate!
    this.#readers.push((async () => {
      while (!native.closed) {
        let frame: Buffer
        try {
          [frame] = await native.receive!() as [Buffer]
        } catch {
          break // closed
        }
        if (frame[0] === 1) gate.saw(frame.subarray(1).toString())
      }
    })())
  }

  /** The endpoints actually bound (with `tcp://host:*` resolved to the port the OS gave). */
  get boundEndpoints (): readonly string[] {
    return this.#bound
  }

  /**
   * The socket's monitor events (connect, disconnect, handshake...), as an async iterable that
   * ends when the socket closes (H12: read with receive(), never the observer's emitter mode).
   * Transports without monitor events (inproc) yield nothing.
   */
  events (): AsyncIterable<zmq.Event> {
    const queue: zmq.Event[] = []
    let wake: (() => void) | undefined
    let ended = false
    const watcher: EventWatcher = {
      event: e => { queue.push(e); wake?.() },
      end: () => { ended = true; wake?.() },
    }
    const watchers = this.#watchers
    const start = (): void => { watchers.add(watcher); this.#observe() }
    return {
      async * [Symbol.asyncIterator] () {
        start()
        try {
          while (true) {
            while (queue.length > 0) yield queue.shift()!
            if (ended) return
            await new Promise<void>(resolve => { wake = resolve })
            wake = undefined
          }
        } finally {
          watchers.delete(watcher)
        }
      },
    }
  }

  /** @internal the runtime's link watch: every monitor event, for the socket's whole life (across reset()). */
  watch (onEvent: (event: zmq.Event) => void): void {
    this.#watchers.add({ event: onEvent, end: () => {}, persistent: true })
    this.#observe()
  }

  /**
   * One observer per socket, read by one loop (H5: never two receives; H12: never the observer's
   * emitter mode), fanned out to every watcher.
   *
   * zeromq.js names a monitor `inproc://zmq.monitor.<address of the observer object>`, and a
   * closed socket's monitor endpoint is released asynchronously by libzmq's reaper: a new
   * observer allocated at a recycled address can find the name still taken (EADDRINUSE). That is
   * transient, so the observer is retried a few times instead of failing the actor.
   */
  #observe (attempt = 0): void {
    if (this.#observer !== undefined || this.#native.closed) return
    let observer: zmq.Observer
    try {
      observer = this.#observer = this.#native.events
      this.#observers.push(observer)
    } catch (error) {
      if ((error as { code?: string }).code !== 'EADDRINUSE' || attempt >= kObserveRetries) throw error
      setTimeout(() => this.#observe(attempt + 1), kObserveRetryMs * (attempt + 1))
      return
    }
    this.#readers.push((async () => {
      while (!observer.closed) {
        let event: zmq.Event
        try {
          event = await observer.receive()
        } catch {
          break // closed with the socket
        }
        for (const w of this.#watchers) w.event(event)
      }
      for (const w of this.#watchers) {
        if (w.persistent !== true) { w.end(); this.#watchers.delete(w) }
      }
    })())
  }

  get closed (): boolean {
    return this.#native.closed
  }

  /**
   * Sends one message (multipart when an array). Resolves once zeromq has queued it; concurrent
   * calls are queued in order.
   * @throws {MessageTooLargeError} `ERR_ACTOR_MESSAGE_TOO_LARGE` when a frame exceeds `maxMessageSize`
   * @throws {InvalidMessageError} `ERR_ACTOR_INVALID_MESSAGE` for a value that is not a message
   */
  send (message: Message): Promise<void> {
    // not an async function: on an internal link most sends only join a batch, and the hot path
    // should cost no more than that (errors still come back as rejections)
    try {
      if (receiveOnly.has(this.type)) throw new ZeroActorError(`socket "${this.name}" is a ${this.type} socket: it cannot send`)
      const frames = toFrames(message)
      let bytes = 0
      for (const frame of frames) {
        const size = frameSize(frame)
        if (this.#maxSize >= 0 && size > this.#maxSize) {
          this.#counters[Counter.errors]!++
          throw new MessageTooLargeError(`socket "${this.name}": a frame of ${size} bytes exceeds maxMessageSize ${this.#maxSize}; not sent`)
        }
        bytes += size
      }
      return this.#out !== undefined ? this.#enqueue(frames, bytes) : this.#sendOne(frames, bytes)
    } catch (error) {
      return Promise.reject(error)
    }
  }

  async #sendOne (frames: OutFrame[], bytes: number): Promise<void> {
    const out = this.type === 'xsub' && this.#in !== undefined ? this.#upstream(frames) : this.type === 'rep' ? this.#reply(frames) : frames
    if (out !== undefined) await this.#sendNow(out)
    this.#counters[Counter.sent]!++
    this.#counters[Counter.bytesSent]! += bytes
  }

  /** A rep socket's reply: the request's envelope, then the frames (REP's rule: one reply per request). */
  #reply (frames: OutFrame[]): OutFrame[] {
    const envelope = this.#envelope
    if (envelope === undefined) throw fsm(`socket "${this.name}" is a rep socket: it sends one reply after each request it received`)
    this.#envelope = undefined
    return [...envelope, ...frames]
  }

  /** Hands frames to zeromq: one send at a time, after the readiness barrier. */
  async #sendNow (frames: OutFrame[]): Promise<void> {
    // H5: a second concurrent send throws EBUSY synchronously, so sends wait for each other
    while (this.#sending !== undefined) await this.#sending.catch(() => {})
    if (this.#gate !== undefined && !this.#gate.open) await this.barrier
    const sending = this.type === 'radio' ? this.#sendToGroup(frames) : this.#rewake || this.#noDrop ? this.#sendRetrying(frames) : this.#native.send!(frames)
    this.#sending = sending
    try {
      await sending
    } finally {
      this.#sending = undefined
    }
  }

  /**
   * Internal link: adds a message to the batch of this turn of the event loop, which goes out at
   * the end of the turn (setImmediate: a lone message waits for no timer), or at once when the
   * next message would not fit. That send() waits for the full batch to be handed to zeromq and
   * for the next turn of the loop, so a sender that outruns its link is held back (the high-water
   * mark still counts frames), at most one batch per socket waits in memory, and the thread stays
   * responsive.
   */
  #enqueue (frames: OutFrame[], bytes: number): Promise<void> {
    const out = this.#out!
    if (out.error !== undefined) {
      const error = out.error
      out.error = undefined
      throw error
    }
    const size = packedSize(bytes, frames.length)
    if (size > kAloneBytes) {
      // a large message gains nothing from a batch (one copy more): it goes alone, after the batch
      // before it, and this send() waits for zeromq to take it, like a send on an edge link
      if (out.batch.length > 0) void this.#flush()
      out.batch.push(frames)
      out.size += size
      out.bytes += bytes
      return this.#flush()
    }
    const n = out.batch.length
    const full = n > 0 && (out.size + size > out.maxBytes || n >= out.maxMessages || (n % kAgeCheckEvery === 0 && performance.now() - out.openedAt > kMaxBatchAgeMs)) ? this.#flush() : undefined
    if (out.batch.length === 0) out.openedAt = performance.now()
    out.batch.push(frames)
    out.size += size
    out.bytes += bytes
    if (out.scheduledFor === undefined) this.#flushAtEndOfTurn(out)
    if (full === undefined) return kDone
    // zeromq often takes a batch at once, so without the next turn a sender faster than its link
    // would run on microtasks alone and never let the thread see $TERM, timers or I/O
    return full.then(async () => { await new Promise(resolve => setImmediate(resolve)) })
  }

  /**
   * Flushes the batch at hand once this turn of the loop ends. When that batch has already gone
   * (it filled up) and the sender has started the next one, that one gets one more turn to fill:
   * flushing it now would send a batch of one message after every full one (measured: 1024, 1,
   * 1024, 1... on a 16 B stream), one native send and receive per message more.
   */
  #flushAtEndOfTurn (out: Outgoing): void {
    const batch = out.batch
    out.scheduledFor = batch
    setImmediate(() => {
      out.scheduledFor = undefined
      if (out.batch === batch || out.batch.length === 0) void this.#flush()
      else this.#flushAtEndOfTurn(out)
    })
  }

  /**
   * Internal link: hands the current batch to zeromq after the ones before it. A lone message
   * goes as its own frames plus the trailer (no copy); more are packed into one frame.
   * Never rejects: a failure is counted and thrown by the next send() (nothing to throw it to
   * once the socket is closed).
   */
  #flush (): Promise<void> {
    const out = this.#out!
    const { batch, size, bytes } = out
    if (batch.length === 0) return out.tail
    out.batch = []
    out.size = 0
    out.bytes = 0
    const seq = out.seq
    out.seq += batch.length
    out.tail = out.tail.then(async () => {
      const head = { sender: out.id, epoch: out.epoch, count: batch.length, seq, timestamp: now() }
      if (batch.length === 1) {
        await this.#sendNow([...batch[0]!, encodeTrailer({ ...head, batch: false })])
      } else {
        const { wire, text } = bodyToWire(packBatch(batch, size))
        await this.#sendNow([wire, encodeTrailer({ ...head, batch: true, text })])
      }
      this.#counters[Counter.sent]! += batch.length
      this.#counters[Counter.bytesSent]! += bytes
    }).catch((error: unknown) => {
      if (this.closed) return
      this.#counters[Counter.errors]!++
      out.error ??= error
    })
    return out.tail
  }

  /**
   * Resolves once every message sent so far is handed to zeromq. Only internal links hold
   * messages back (batching); the actor host flushes before it closes a socket.
   */
  async flush (): Promise<void> {
    if (this.#out !== undefined) await this.#flush()
  }

  /**
   * A send that retries: every kRewakeMs while it waits, on sockets that connect over inproc (see
   * kRewakeMs), and after an EAGAIN at the high-water mark with `noDrop` (H14: zeromq refuses
   * instead of waiting), backing off from the next turn of the loop to 1 ms.
   */
  async #sendRetrying (frames: OutFrame[]): Promise<void> {
    const deadline = deadlineOf(this.#plan.options.sendTimeout ?? -1)
    for (let attempt = 0; ; attempt++) {
      const native = this.#native
      if (this.#rewake) this.#setTimeout('sendTimeout', rewakeWait(deadline))
      try {
        await native.send!(frames)
        return
      } catch (error) {
        if (!retryable(error, native, deadline)) throw error
      }
      if (this.#noDrop) await new Promise(resolve => (attempt < 10 ? setImmediate(resolve) : setTimeout(resolve, 1)))
    }
  }

  async #sendToGroup (frames: OutFrame[]): Promise<void> {
    if (frames.length !== 2) throw new InvalidMessageError(`socket "${this.name}" is a radio socket: send [group, body] (got ${frames.length} frames)`)
    await (this.#native as unknown as { send: (body: unknown, options: { group: unknown }) => Promise<void> }).send(frames[1], { group: frames[0] })
  }

  /** False for receive-only types (sub, pull). */
  get canSend (): boolean { return !receiveOnly.has(this.type) }
  /** False for send-only types (pub, push). */
  get canReceive (): boolean { return !sendOnly.has(this.type) }

  /**
   * Receives one whole message as its frames. Rejects with code EAGAIN once the socket is closed,
   * or when `timeout` (ms) passes without a message.
   */
  receive (options: { timeout?: number } = {}): Promise<Buffer[]> {
    // not an async function: on an internal link most receives come from the batch at hand
    const incoming = this.#in
    if (incoming !== undefined && incoming.at < incoming.pending.length) return Promise.resolve(this.#deliver(incoming))
    return this.#receiveNative(options)
  }

  async #receiveNative (options: { timeout?: number }): Promise<Buffer[]> {
    if (sendOnly.has(this.type)) throw new ZeroActorError(`socket "${this.name}" is a ${this.type} socket: it cannot receive`)
    if (this.#envelope !== undefined) throw fsm(`socket "${this.name}" is a rep socket: it must reply before it receives the next request`)
    const incoming = this.#in
    const timeout = options.timeout ?? this.#plan.options.receiveTimeout ?? -1
    const deadline = deadlineOf(timeout)
    let frames: Buffer[]
    for (let attempt = 0; ; attempt++) {
      const native = this.#native
      this.#setTimeout('receiveTimeout', this.#rewake ? rewakeWait(deadline) : attempt === 0 ? timeout : remaining(deadline))
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
      if (this.type === 'rep') {
        // [routing id, labels..., empty delimiter, body...]: without a delimiter or a body, REP drops it
        const delimiter = frames.findIndex((f, i) => i > 0 && f.byteLength === 0)
        if (delimiter < 0 || delimiter === frames.length - 1) continue
        this.#envelope = frames.slice(0, delimiter + 1)
        frames = frames.slice(delimiter + 1)
      }
      if (incoming === undefined) break
      // internal link: keep going until a message passes the sub socket's filter
      if (this.#unframe(incoming, frames, trailer)) return this.#deliver(incoming)
    }
    // a dish message is [body, { group }]: hand it out as [group, body]
    if (this.type === 'dish') frames = [(frames[1] as unknown as { group: Buffer }).group, frames[0]!]
    this.#count(frames)
    return frames
  }

  #count (frames: Buffer[]): void {
    let bytes = 0
    for (const frame of frames) bytes += frame.byteLength
    this.#counters[Counter.received]!++
    this.#counters[Counter.bytesReceived]! += bytes
  }

  /**
   * Internal link: strips the trailer, splits a batch, drops what the filter refuses. The
   * messages kept wait in `incoming.pending`; false when none is left. A message without a
   * trailer (a foreign peer that found the endpoint) is delivered as it is; a malformed batch is
   * counted as an error and dropped.
   */
  #unframe (incoming: Incoming, frames: Buffer[], trailer: Trailer | undefined): boolean {
    let messages: Buffer[][]
    if (trailer === undefined) {
      messages = [frames]
      incoming.peer = undefined
    } else {
      incoming.peer = incoming.stats.arrived(trailer)
      incoming.timestamp = trailer.timestamp
      try {
        messages = trailer.batch ? unpackBatch(bodyFromWire(frames[0]!, trailer.text), trailer.count) : [frames.slice(0, -1)]
      } catch {
        this.#counters[Counter.errors]!++
        return false
      }
    }
    const filter = incoming.filter
    if (filter !== true) messages = messages.filter(m => filter.some(prefix => startsWith(m[0]!, prefix)))
    incoming.pending = messages
    incoming.at = 0
    return messages.length > 0
  }

  #deliver (incoming: Incoming): Buffer[] {
    const frames = incoming.pending[incoming.at++]!
    // lag is measured at the first and the last message of a batch (a clock read per message
    // would cost more than the rest of the delivery)
    const last = incoming.at === incoming.pending.length
    incoming.stats.delivered(incoming.peer, incoming.timestamp, last || incoming.at === 1)
    if (last) { incoming.pending = []; incoming.at = 0 }
    this.#count(frames)
    return frames
  }

  async * [Symbol.asyncIterator] (): AsyncIterator<Buffer[]> {
    while (!this.closed) {
      try {
        yield await this.receive()
      } catch (error) {
        if (this.closed && (error as { code?: string }).code === 'EAGAIN') return
        throw error
      }
    }
  }

  #setTimeout (option: 'receiveTimeout' | 'sendTimeout', ms: number): void {
    if (ms === this.#timeouts[option] || this.#native.closed) return
    this.#native[option] = ms
    this.#timeouts[option] = ms
  }

  /**
   * SUB sockets: receive messages that start with any of these prefixes (`""` = everything).
   * DISH sockets: join these groups (exact names, at most 15 bytes).
   */
  subscribe (...prefixes: string[]): void {
    this.#subscriptions.push(...prefixes)
    this.#applySubscriptions('subscribe', prefixes)
  }

  /** SUB sockets: stop receiving messages with these prefixes. DISH sockets: leave these groups. */
  unsubscribe (...prefixes: string[]): void {
    this.#subscriptions = this.#subscriptions.filter(p => !prefixes.includes(p))
    this.#applySubscriptions('unsubscribe', prefixes)
  }

  #applySubscriptions (how: 'subscribe' | 'unsubscribe', prefixes: string[]): void {
    if (this.type === 'sub' && this.#in !== undefined) this.#filterHere()
    else if (this.type === 'sub') (this.#native as zmq.Subscriber)[how](...prefixes)
    else if (this.type === 'dish') (this.#native as unknown as { join: (...g: string[]) => void, leave: (...g: string[]) => void })[how === 'subscribe' ? 'join' : 'leave'](...prefixes)
    else throw new ZeroActorError(`socket "${this.name}" is a ${this.type} socket: only sub sockets subscribe and dish sockets join groups`)
  }

  /**
   * A sub socket of an internal link filters by itself: at zeromq it subscribes to everything
   * while it has any subscription of its own (and to its readiness token), so whole batches
   * reach it and sequence gaps mean losses. The cost: every message of the link crosses it.
   */
  #filterHere (): void {
    const own = this.#subscriptions.filter(p => !p.startsWith(kTokenPrefix))
    const want = new Set(this.#subscriptions.filter(p => p.startsWith(kTokenPrefix)))
    if (own.length > 0) want.add('')
    const native = this.#native as zmq.Subscriber
    for (const p of this.#nativeSubscriptions) if (!want.has(p)) native.unsubscribe(p)
    for (const p of want) if (!this.#nativeSubscriptions.has(p)) native.subscribe(p)
    this.#nativeSubscriptions = want
    this.#in!.filter = own.includes('') ? true : own.map(p => Buffer.from(p))
  }

  /**
   * An xsub socket of an internal link filters like a sub socket there. A subscription message
   * sent on it (`\x01topic`, `\x00topic`) is counted as zeromq counts it and becomes part of its
   * filter; upstream it subscribes to everything while it has any, so whole batches reach it.
   * Readiness tokens and other messages go upstream as they are. Returns what to send, if anything.
   */
  #upstream (frames: OutFrame[]): OutFrame[] | undefined {
    const first = typeof frames[0] === 'string' ? Buffer.from(frames[0]) : frames[0]!
    if (frames.length !== 1 || first.byteLength === 0 || first[0]! > 1) return frames
    const topic = first.subarray(1).toString('latin1')
    if (topic.startsWith(kTokenPrefix)) return frames
    const counts = this.#forwarded
    const before = counts.size
    const n = (counts.get(topic) ?? 0) + (first[0] === 1 ? 1 : -1)
    if (n > 0) counts.set(topic, n)
    else counts.delete(topic)
    this.#in!.filter = counts.has('') ? true : [...counts.keys()].map(t => Buffer.from(t, 'latin1'))
    if (before === 0 && counts.size > 0) return [Buffer.from([1])]
    if (before > 0 && counts.size === 0) return [Buffer.from([0])]
    return undefined
  }

  /**
   * Closes the socket and opens a fresh one with the same options, endpoints and subscriptions.
   * This is how a REQ socket recovers after a lost reply (zguide Lazy Pirate; H7). Queued
   * messages are dropped.
   */
  async reset (): Promise<void> {
    this.#native.linger = 0
    this.close()
    this.#native = this.#create()
    if (this.#in !== undefined) { this.#in.pending = []; this.#in.at = 0 }
    if (this.#subscriptions.length > 0) this.#applySubscriptions('subscribe', this.#subscriptions)
    await this.open()
    if (this.#watchers.size > 0) this.#observe()
  }

  /**
   * @internal H6: an inproc connection does not survive its binder's restart. The runtime calls
   * this on every connector of an inproc endpoint once the binder is READY again: the dead pipe
   * is dropped (it may be gone already) and the endpoint connected afresh (subscriptions are sent
   * again by zeromq on the new pipe).
   */
  reconnect (endpoint: string): void {
    if (this.closed || !this.connect.includes(endpoint)) return
    try {
      this.#native.disconnect(endpoint)
    } catch (error) {
      if ((error as { code?: string }).code !== 'ENOENT') throw error
    }
    this.#connectTo(endpoint)
  }

  /** Closes the socket (idempotent). A pending receive rejects with EAGAIN; iteration ends. */
  close (): void {
    // The observer is not closed here: closing it while its socket lives, then the socket, makes
    // the next socket that reuses the file descriptor numbers miss its messages (a ROUTER hung on
    // its second use in a thread). Closing the socket stops its monitor once libzmq destroys it
    // (after the linger); the observer then ends by itself (ZMQ_EVENT_MONITOR_STOPPED) and its
    // reader loop with it: see `drained` and `endEvents`.
    this.#observer = undefined
    if (!this.#native.closed) this.#native.close()
  }

  /** The socket's linger (ms; -1 for ever): how long libzmq may keep it after close(). */
  get linger (): number {
    return this.#plan.options.linger ?? -1
  }

  /**
   * @internal the close path's last resort: ends monitor readers still pending after the socket's
   * linger (libzmq stops a monitor only when it destroys the socket).
   */
  endEvents (): void {
    for (const observer of this.#observers) if (!observer.closed) observer.close()
  }

  /** Resolves once the socket's monitor reader (if any) has ended: after close() and the linger. */
  get drained (): Promise<void> {
    return Promise.all(this.#readers).then(() => {})
  }
}

/** zeromq's EFSM: the operation does not fit the socket's state (a rep socket's send before a receive). */
function fsm (message: string): Error {
  return Object.assign(new ZeroActorError(message), { code: 'EFSM' })
}

/** Runs `fn` without the process warnings it emits. */
function quietly (fn: () => void): void {
  const emitWarning = process.emitWarning
  process.emitWarning = () => {}
  try {
    fn()
  } finally {
    process.emitWarning = emitWarning
  }
}

/** When a send or receive with this timeout (ms, -1: none) gives up. */
function deadlineOf (timeout: number): number {
  return timeout >= 0 ? Date.now() + timeout : Infinity
}

/** The timeout (ms, -1: none) left until a deadline. */
function remaining (deadline: number): number {
  return deadline === Infinity ? -1 : Math.max(0, deadline - Date.now())
}

function startsWith (frame: Buffer, prefix: Buffer): boolean {
  return frame.byteLength >= prefix.byteLength && prefix.compare(frame, 0, prefix.byteLength) === 0
}

/** How long one native wait may last on a socket that re-checks (see kRewakeMs). */
function rewakeWait (deadline: number): number {
  // no clock read without a deadline: this runs for every message an inproc connector sends
  return deadline === Infinity ? kRewakeMs : Math.max(0, Math.min(kRewakeMs, deadline - Date.now()))
}

/** An EAGAIN on an open socket before the deadline: the wait ended early, go again. */
function retryable (error: unknown, native: zmq.Socket, deadline: number): boolean {
  return !native.closed && (error as { code?: string }).code === 'EAGAIN' && Date.now() < deadline
}

/** The readiness barrier of one pub socket: the tokens it waits for, and a timeout. */
class Gate {
  open = false
  readonly opened: Promise<string[]>
  readonly #missing: Set<string>
  #resolve!: (missing: string[]) => void
  #timer: NodeJS.Timeout | undefined

  constructor (tokens: string[]) {
    this.#missing = new Set(tokens)
    this.opened = new Promise(resolve => { this.#resolve = resolve })
  }

  /** starts the timeout (once) */
  arm (ms: number): void {
    if (this.#timer !== undefined || this.open) return
    this.#timer = setTimeout(() => this.#finish(), ms)
    this.#timer.unref()
  }

  saw (token: string): void {
    if (this.#missing.delete(token) && this.#missing.size === 0) this.#finish()
  }

  #finish (): void {
    if (this.open) return
    this.open = true
    clearTimeout(this.#timer)
    this.#resolve([...this.#missing])
  }
}

interface EventWatcher {
  event: (event: zmq.Event) => void
  end: () => void
  /** kept across reset(); the others end with the observer */
  persistent?: boolean
}
