import type { FramingPlan } from '../../plan/types.js'

/**
 * The end of stream between nodes (H35 in docs/hazards.md). A publisher's end of stream (an empty
 * batch: batch-sender.ts) tells a subscriber where the stream ended, so that it counts a dropped
 * tail. Within one runtime the count at stop compares both ends anyway; between nodes the
 * subscriber's count is complete only once the end of stream reached it, and a PUB drops it at a
 * full high-water mark like any message. So a subscriber on another node **acknowledges** it,
 * upstream, with a subscription (the way readiness tokens travel: plan/readiness.ts), and the
 * publisher's node waits for that at stop, within its shutdownTimeout (host/actor-host.ts).
 *
 * The acknowledgement is the subscription `\0za-end/<sender>/<epoch>/<subscriber>`: sender and epoch
 * of the publisher's trailers, the subscriber's own socket id in the plan. Like a readiness token,
 * no message of yours starts with it.
 */
export const kEndPrefix = '\u0000za-end/'

function acknowledgement (sender: number, epoch: number, subscriber: number): string {
  return `${kEndPrefix}${sender}/${epoch}/${subscriber}`
}

/**
 * Subscriber side (sub, xsub on an internal link): one acknowledgement per publisher on another
 * node (within one node nothing waits for it, and nothing changes on the wire), for its latest
 * incarnation (the one before is withdrawn, so a publisher that restarts for days adds no
 * subscription each time).
 */
export class EndAcknowledger {
  readonly #id: number
  readonly #remote: ReadonlySet<number>
  readonly #subscribe: (topic: string, on: boolean) => void
  /** sender id → the acknowledgement subscribed for it */
  readonly #given = new Map<number, string>()

  /** @param subscribe subscribes (`on`) to a topic upstream, or withdraws it */
  constructor (framing: FramingPlan, subscribe: (topic: string, on: boolean) => void) {
    this.#id = framing.id
    this.#remote = new Set(framing.peers.filter(p => p.remoteToken !== undefined).map(p => p.id))
    this.#subscribe = subscribe
  }

  /** The socket was reset: its new native socket holds no acknowledgement, so each is given again. */
  forget (): void {
    this.#given.clear()
  }

  /** An end of stream of `sender`'s incarnation `epoch` arrived (everything before it was handed out). */
  ended (sender: number, epoch: number): void {
    if (!this.#remote.has(sender)) return
    const topic = acknowledgement(sender, epoch, this.#id)
    const before = this.#given.get(sender)
    if (before === topic) return // the publisher repeats its end of stream until it hears this
    if (before !== undefined) this.#subscribe(before, false)
    this.#given.set(sender, topic)
    this.#subscribe(topic, true)
  }
}

/**
 * Publisher side (a pub socket that is an XPUB underneath: it reads its subscriptions). Waits for
 * the subscribers on other nodes it saw subscribe (their readiness token) and that are still
 * there (no unsubscription of it since: libzmq withdraws a peer's subscriptions when it goes; a
 * subscriber that comes back must acknowledge again), once it has sent anything (an end of stream
 * goes only then).
 */
export class EndAcknowledgements {
  /** readiness token → id of each linked socket on another node */
  readonly #remote = new Map<string, number>()
  readonly #present = new Set<number>()
  readonly #acked = new Set<number>()
  readonly #prefix: string
  readonly #sent: () => boolean
  /** what {@link settled} hands out while some are outstanding, and how it resolves */
  #settled: Promise<void> | undefined
  #wake: (() => void) | undefined

  /** @param sent whether the socket has sent anything (batch-sender.ts) */
  constructor (framing: FramingPlan, epoch: number, sent: () => boolean) {
    for (const peer of framing.peers) if (peer.remoteToken !== undefined) this.#remote.set(peer.remoteToken, peer.id)
    this.#prefix = `${kEndPrefix}${framing.id}/${epoch}/`
    this.#sent = sent
  }

  /** Whether the socket has subscribers on other nodes at all (else there is nothing to wait for). */
  get remote (): boolean { return this.#remote.size > 0 }

  /** A subscription (`on`) or its withdrawal the socket read. */
  saw (topic: string, on: boolean): void {
    if (topic.startsWith(this.#prefix)) {
      const id = Number(topic.slice(this.#prefix.length))
      if (on) this.#acked.add(id)
      else this.#acked.delete(id)
    } else {
      const id = this.#remote.get(topic)
      if (id === undefined) return
      if (on) {
        this.#present.add(id)
      } else {
        this.#present.delete(id)
        this.#acked.delete(id)
      }
    }
    if (this.#wake !== undefined && this.outstanding === 0) {
      this.#wake()
      this.#settled = this.#wake = undefined
    }
  }

  /** Subscribers on other nodes still there that have not acknowledged the end of stream. */
  get outstanding (): number {
    if (!this.#sent()) return 0
    let n = 0
    for (const id of this.#present) if (!this.#acked.has(id)) n++
    return n
  }

  /** Resolves once {@link outstanding} is 0. */
  async settled (): Promise<void> {
    if (this.outstanding === 0) return
    this.#settled ??= new Promise<void>(resolve => { this.#wake = resolve })
    await this.#settled
  }
}
