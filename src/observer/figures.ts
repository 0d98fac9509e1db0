/**
 * The live figures the page shows, made from `app.stats()` about twice a second: per actor its
 * state and counters with message rates in and out, and per logical link what its receiving
 * sockets counted of its sending sockets (the per-peer figures of internal links): messages, the
 * rate, messages dropped (sequence gaps) and lag. A link is `dropping` while its dropped count
 * grows, and for {@link kDroppingMs} after, so a burst of losses stays visible.
 */
import { endpointsOf, type Plan } from '../plan/types.js'
import type { ActorState, Stats } from '../runtime/types.js'

export const kDroppingMs = 3000

export interface ActorFigures {
  kind: string
  state: ActorState
  pid: number | null
  threadId: number | null
  restarts: number
  errors: number
  sent: number
  received: number
  /** messages per second, since the previous figures */
  inRate: number
  outRate: number
  bytesInRate: number
  bytesOutRate: number
  busy: number | null
  /** messages lost on the way to it (internal links: sequence gaps); null where not measured */
  dropped: number | null
  /** the last error's message */
  error?: string
}

export interface LinkFigures { received: number, rate: number, dropped: number, lagMs: number, dropping: boolean }

/** A supervisor's restart intensity in use: restarts within its period (null: its actors run in child processes). */
export interface SupervisionFigures { name: string, used: number | null }

export interface Figures {
  elapsedMs: number
  actors: Record<string, ActorFigures>
  links: Record<string, LinkFigures>
  supervision: SupervisionFigures[]
}

/** Per logical link, the `actor.socket` names of its sockets: the binder's and every connector's. */
export function linkSockets (plan: Plan): Map<string, Set<string>> {
  const byName = new Map(plan.actors.map(a => [a.name, a]))
  const out = new Map<string, Set<string>>()
  for (const link of plan.links) {
    const sockets = new Set<string>()
    for (const name of [link.binder, ...link.connectors]) {
      for (const [socket, s] of Object.entries(byName.get(name)?.sockets ?? {})) {
        if (endpointsOf(link).some(ep => s.bind.includes(ep) || s.connect.includes(ep))) sockets.add(`${name}.${socket}`)
      }
    }
    out.set(link.name, sockets)
  }
  return out
}

/** Makes each figures from the stats and the previous figures (rates, drops growing). */
export class FigureBoard {
  readonly #links: Map<string, Set<string>>
  #previous: Figures | undefined
  readonly #droppingSince = new Map<string, number>()
  /** the byte counts of the previous figures (rates only are shown) */
  #bytes: Record<string, { in: number, out: number }> | undefined

  constructor (plan: Plan) {
    this.#links = linkSockets(plan)
  }

  next (stats: Stats, supervision: SupervisionFigures[], now = Date.now()): Figures {
    const before = this.#previous
    const dt = before !== undefined ? (stats.elapsedMs - before.elapsedMs) / 1000 : 0
    const rate = (now: number, then: number | undefined): number => (dt > 0 && then !== undefined ? Math.max(0, Math.round((now - then) / dt)) : 0)
    const actors: Record<string, ActorFigures> = {}
    const bytes: Record<string, { in: number, out: number }> = {}
    for (const [name, a] of Object.entries(stats.actors)) {
      const was = before?.actors[name]
      bytes[name] = { in: a.bytesReceived, out: a.bytesSent }
      actors[name] = {
        kind: a.kind,
        state: a.state,
        pid: a.pid,
        threadId: a.threadId,
        restarts: a.restarts,
        errors: a.errors,
        sent: a.sent,
        received: a.received,
        inRate: rate(a.received, was?.received),
        outRate: rate(a.sent, was?.sent),
        bytesInRate: rate(a.bytesReceived, this.#bytes?.[name]?.in),
        bytesOutRate: rate(a.bytesSent, this.#bytes?.[name]?.out),
        busy: a.busy,
        dropped: a.links === undefined ? null : Object.values(a.links).flatMap(peers => Object.values(peers)).reduce((n, p) => n + p.dropped, 0),
        ...(a.error !== undefined ? { error: a.error.message } : {}),
      }
    }
    this.#bytes = bytes
    const links: Record<string, LinkFigures> = {}
    for (const [link, sockets] of this.#links) {
      let received = 0
      let dropped = 0
      let lagMs = 0
      for (const [name, a] of Object.entries(stats.actors)) {
        for (const [socket, peers] of Object.entries(a.links ?? {})) {
          if (!sockets.has(`${name}.${socket}`)) continue
          for (const [peer, p] of Object.entries(peers)) {
            if (!sockets.has(peer)) continue
            received += p.received
            dropped += p.dropped
            lagMs = Math.max(lagMs, p.lagMs)
          }
        }
      }
      const was = before?.links[link]
      if (was !== undefined && dropped > was.dropped) this.#droppingSince.set(link, now)
      const dropping = now - (this.#droppingSince.get(link) ?? -Infinity) < kDroppingMs
      links[link] = { received, rate: rate(received, was?.received), dropped, lagMs, dropping }
    }
    this.#previous = { elapsedMs: stats.elapsedMs, actors, links, supervision }
    return this.#previous
  }
}
