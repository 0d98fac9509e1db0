import type { SocketCore } from '../actor/socket/core.js'
import { Counter, kFarConsumers } from '../counters.js'
import { consumersToCome, crossesProcesses, longestWait } from '../plan/types.js'
import type { FromActor, HostTask } from './protocol.js'

/** An end of stream goes at once, then again after 50, 100... ms, at most every second; after $TERM, while subscribers on other nodes have not acknowledged it, every 50 ms (H35). */
const kEndFirstMs = 50
const kEndEveryMs = 1000
/** After the acknowledgements, before the close: enough for a subscriber that caught up to read the repeats it has queued (H36). */
const kQuietMs = 100
/** After $TERM, how long run() gets to return once its sockets are closed (the close path: actor-host.ts). */
export const kStopGrace = 250
/** The longest linger the close path waits for monitors to stop (a linger of -1 waits this long). */
const kMaxLingerWait = 2000

/**
 * The tail of a finished actor's stream across processes: what it waits for, once its `run()` has
 * returned, so that its consumers get everything it sent (docs/hazards.md):
 * - H37: a push socket with consumers on other nodes (plan/holds.ts) waits for them to leave;
 * - H35: a pub socket repeats its end of stream until its subscribers on other nodes have
 *   acknowledged it (link/end-of-stream.ts), or left;
 * - H30: then every sending socket stays open until $TERM, the end of stream still repeated;
 *   after $TERM, a subscriber that came since and has not acknowledged gets what shutdownTimeout
 *   leaves after the close path.
 * Only the first two keep the actor from being reported finished: a node that stops once its
 * actors have finished (`zeroactor run --node a`) waits for them, for as long as they take, or
 * for the linger the topology gives the socket (plan/types.ts: waitLimit).
 */
export class Tail {
  readonly #task: HostTask
  readonly #sockets: SocketCore[]
  /**
   * tcp connections of each socket that crosses processes, from its monitor events, of its current
   * native socket (a reset ends the old one's); a socket is here once a connection came up
   */
  readonly #connections = new Map<string, { native: number, count: number }>()
  /** the tcp endpoints each socket has connected to, ever (a reset does not make a consumer new) */
  readonly #met = new Map<string, Set<string>>()
  #connectionsChanged: (() => void) | undefined
  /** the actor has ended: monitor events still read after that change nothing */
  #closed = false
  /** every subscriber on another node acknowledged the end of stream before the actor was reported finished */
  #acknowledged = false

  constructor (task: HostTask, sockets: SocketCore[]) {
    this.#task = task
    this.#sockets = sockets
  }

  /**
   * Whether a finished actor keeps its sockets open until $TERM: when one of them sends over ipc
   * or tcp (H30: a peer that has not read everything yet would lose it at the close) and the actor
   * is not restarted at once (a `permanent` one is: its next run binds the same endpoints).
   */
  get holds (): boolean {
    return this.#task.plan.restart !== 'permanent' && this.#sockets.some(s => s.canSend && crossesProcesses(s))
  }

  /**
   * A monitor event of a socket that crosses processes: one of its connections came up or went,
   * on its `native`th native socket (Monitor.watch), at `address`. An event of a socket that a
   * reset replaced changes nothing: that socket's connections ended with it. Only tcp connections
   * count: those of peers on other nodes (peers on this node that share a holding socket's link
   * reach it over inproc or ipc: plan/holds.ts). A `connect` is one the socket made to an endpoint
   * of its own: the consumer there has come; an `accept`, a consumer that connected to it.
   */
  connection (socket: string, event: 'connect' | 'accept' | 'disconnect', native: number, address: string): void {
    if (!address.startsWith('tcp://') || this.#closed) return
    const current = this.#connections.get(socket)
    if (current !== undefined && native < current.native) return
    const count = current?.native === native ? current.count : 0
    this.#connections.set(socket, { native, count: count + (event === 'disconnect' ? -1 : 1) })
    if (event === 'connect') this.#met.set(socket, (this.#met.get(socket) ?? new Set()).add(address))
    this.countFarConsumers()
    this.#connectionsChanged?.()
  }

  /**
   * Counts, for its node, the consumers on other nodes of the sockets that hold for them
   * (counters.ts: kFarConsumers, runtime/until.ts), those still to come (plan/types.ts:
   * consumersToCome) included: once the actor's sockets exist, then at each connection.
   */
  countFarConsumers (): void {
    if (this.#closed) return // $TERM or a failure came while the actor was starting
    this.#task.counters[kFarConsumers] = this.#holding().reduce((n, s) => n + this.#connected(s) + this.#toCome(s), 0)
  }

  #connected (socket: SocketCore): number {
    return this.#connections.get(socket.name)?.count ?? 0
  }

  /** Consumers on other nodes this socket connects to and has not had a connection with yet. */
  #toCome (socket: SocketCore): number {
    return Math.max(0, consumersToCome(this.#task.plan.sockets[socket.name]!) - (this.#met.get(socket.name)?.size ?? 0))
  }

  /** The actor has ended: its sockets are closed, and their connections with them. */
  closed (): void {
    this.#closed = true
    this.#task.counters[kFarConsumers] = 0
  }

  /** The sockets that hold a finite stream for their consumers on other nodes (H37: plan/holds.ts). */
  #holding (): SocketCore[] {
    return this.#sockets.filter(s => s.type === 'push' && this.#task.plan.sockets[s.name]?.framing?.holdsUntilPeersLeave === true)
  }

  /** What internal links hold, then an end of stream on each socket (SocketCore.endOfStream). */
  async endOfStream (): Promise<void> {
    await Promise.all(this.#sockets.map(async s => { await s.endOfStream() }))
  }

  /**
   * Until the consumers on other nodes have the whole stream (H37, H35), or `held` settles ($TERM,
   * a failure). Sockets that only receive close first: a finished actor reads nothing more, and a
   * producer elsewhere waiting for it to read or leave (its publisher, its ventilator) would wait for ever.
   */
  async deliver (post: (msg: FromActor) => void, held: Promise<unknown>): Promise<void> {
    for (const socket of this.#sockets) if (!socket.canSend) socket.close()
    await Promise.all([this.#awaitPeersLeaving(post, held), this.#awaitAcknowledgements(post, held)])
  }

  /**
   * After {@link deliver} and the `finished` report: the sockets stay open until `held` settles
   * (H30), the end of stream repeated; then, while a subscriber on another node has not
   * acknowledged it, for what shutdownTimeout leaves after the close path (H35).
   */
  async hold (held: Promise<unknown>, failure: Promise<never>): Promise<void> {
    // once acknowledged, the next end of stream is for a subscriber that comes later: no hurry
    await this.#repeatEndOfStream(held, kEndEveryMs, this.#acknowledged ? kEndEveryMs : 0)
    if (!this.#outstanding()) return
    const budget = Math.max(0, this.#task.shutdownTimeout - closeWait(this.#sockets) - 3 * kStopGrace - kQuietMs)
    await this.#repeatEndOfStream(settle(Promise.race([this.#settled(), failure]), budget), kEndFirstMs)
    if (!this.#outstanding()) await settle(failure, kQuietMs)
  }

  /**
   * H35: a publisher's end of stream goes again and again until its subscribers on other nodes have
   * acknowledged it or left; then a quiet spell (H36): a subscriber that caught up reads the repeats
   * it still had queued, so its connection does not end while its receive queue is full.
   */
  async #awaitAcknowledgements (post: (msg: FromActor) => void, held: Promise<unknown>): Promise<void> {
    if (!this.#outstanding()) return
    const peers = this.#sockets.filter(s => s.acknowledgements !== undefined).flatMap(s => this.#task.plan.sockets[s.name]!.framing!.peers.filter(p => p.remoteToken !== undefined).map(p => p.name))
    const wait = this.#limited(this.#sockets.filter(s => s.acknowledgements !== undefined), held)
    post({ type: 'log', text: `finished; sending its end of stream until its subscribers on other nodes (${peers.join(', ')}) have read that far${wait.atMost}` })
    await this.#repeatEndOfStream(Promise.race([wait.held, this.#settled()]), kEndEveryMs)
    wait.cancel()
    if (this.#outstanding()) {
      if (wait.expired()) post({ type: 'log', text: `gave up after its linger of ${wait.ms} ms: a subscriber on another node had not read to the end of its stream; what it had not read by then may be lost` })
      return
    }
    this.#acknowledged = true
    await settle(held, kQuietMs)
  }

  /**
   * H37: a push socket with consumers on other nodes (and whose stream reaches no `until` actor of
   * this node: plan/holds.ts) waits until those consumers have left; its consumers on this node
   * may go on. A socket that connects over tcp and sent before each of its consumers there had
   * come holds what it queued: it waits for them to come and go.
   */
  async #awaitPeersLeaving (post: (msg: FromActor) => void, held: Promise<unknown>): Promise<void> {
    // what was sent before a consumer came is queued for it (a bound socket queues nothing for a peer that never came)
    const sent = this.#task.counters[Counter.sent]! > 0
    const holding = (): SocketCore[] => this.#holding().filter(s => this.#connected(s) > 0 || (sent && this.#toCome(s) > 0))
    if (holding().length === 0) return
    const peers = holding().flatMap(s => this.#task.plan.sockets[s.name]!.framing!.peers.filter(p => p.remoteToken !== undefined).map(p => p.name))
    const wait = this.#limited(holding(), held)
    post({ type: 'log', text: `finished; holding ${holding().map(s => s.name).join(', ')} open until its consumers on other nodes (${peers.join(', ')}) have read everything and left${wait.atMost}` })
    const state = { over: false }
    const end = (): void => { state.over = true; this.#connectionsChanged?.() }
    void wait.held.then(end, end)
    while (!state.over && holding().length > 0) await new Promise<void>(resolve => { this.#connectionsChanged = resolve })
    this.#connectionsChanged = undefined
    wait.cancel()
    if (wait.expired() && holding().length > 0) post({ type: 'log', text: `gave up after its linger of ${wait.ms} ms: its consumers on other nodes had not left; what they had not read by then may be lost` })
  }

  /**
   * `held`, or the sockets' wait limit passing first (plan/types.ts: longestWait, the linger the
   * topology gives them; none: as long as it takes, for `held` alone).
   */
  #limited (sockets: SocketCore[], held: Promise<unknown>): { held: Promise<unknown>, ms: number | undefined, atMost: string, expired: () => boolean, cancel: () => void } {
    const ms = longestWait(sockets.map(s => this.#task.plan.sockets[s.name]!))
    if (ms === undefined) return { held, ms, atMost: '', expired: () => false, cancel: () => {} }
    let expired = false
    let timer: NodeJS.Timeout | undefined
    const passed = new Promise<void>(resolve => { timer = setTimeout(() => { expired = true; resolve() }, ms) })
    return { held: Promise.race([held, passed]), ms, atMost: ` (at most ${ms} ms: its linger)`, expired: () => expired, cancel: () => clearTimeout(timer) }
  }

  /** Whether a subscriber on another node has not acknowledged the end of stream. */
  #outstanding (): boolean {
    return this.#sockets.some(s => (s.acknowledgements?.outstanding ?? 0) > 0)
  }

  /** Resolves once no subscriber on another node is outstanding. */
  async #settled (): Promise<void> {
    await Promise.all(this.#sockets.map(async s => { await s.acknowledgements?.settled() }))
  }

  /**
   * H35: until `held` settles, an end of stream goes again and again on each socket (zeromq may
   * drop it): after `first` ms (then at most every `every` ms), or at once and then after 50,
   * 100... ms, at most every `every` ms.
   * One wake-up per wait and no reaction added to `held` per round (one a second for days would add up).
   */
  async #repeatEndOfStream (held: Promise<unknown>, every: number, first = 0): Promise<void> {
    const state = { over: false }
    let wake: () => void = () => {}
    const end = (): void => { state.over = true; wake() }
    void held.then(end, end)
    for (let wait = first, next = first > 0 ? every : kEndFirstMs; !state.over; wait = next, next = Math.min(2 * next, every)) {
      if (wait > 0) {
        let timer: NodeJS.Timeout | undefined
        await new Promise<void>(resolve => { wake = resolve; timer = setTimeout(resolve, wait) })
        clearTimeout(timer)
        if (state.over) return
      }
      void this.endOfStream()
    }
  }
}

/** The sockets' longest linger, bounded (a linger of -1 waits kMaxLingerWait). */
export function closeWait (sockets: SocketCore[]): number {
  return Math.min(Math.max(0, ...sockets.map(s => (s.linger < 0 ? kMaxLingerWait : s.linger))), kMaxLingerWait)
}

/** Until `promise` settles (a rejection ends the wait too) or `ms` have passed; never rejects. */
export async function settle (promise: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined
  await Promise.race([promise.catch(() => {}), new Promise(resolve => { timer = setTimeout(resolve, ms) })])
  clearTimeout(timer)
}
