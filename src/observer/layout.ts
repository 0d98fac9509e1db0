/**
 * The observer's drawing of a plan, computed once per plan and sent to the page as it is (the
 * page only places what it is given, so the layout is tested here, without a browser): one
 * column per process box, grouped by node and process as `zeroactor graph` groups them
 * (plan/graph.ts), actors stacked in plan order, a line per connection of each logical link, and
 * endpoints of peers outside the topology in a last column, their links dashed. Pure and
 * deterministic: the same plan gives the same layout.
 */
import { edgesOf, groupsOf } from '../plan/graph.js'
import type { Plan } from '../plan/types.js'

export const kActorWidth = 220
export const kActorHeight = 92
const kGap = 150
const kRowGap = 26
const kBoxPad = 16
const kTop = 36

export interface Point { x: number, y: number }

/** A box drawn around the actors of one process of one node. */
export interface ProcessBox { label: string, x: number, y: number, width: number, height: number }

export interface ActorShape { name: string, kind: string, node: string, process: string, restart: string, x: number, y: number }

/** An endpoint outside the topology: a foreign peer binds or connects there. */
export interface OutsideShape { endpoint: string, x: number, y: number }

/**
 * One logical link (or one outside endpoint): a line from each connecting side to the binding
 * side. `edge`: a foreign peer is at one end (drawn dashed). `curve`: the binder uses CURVE.
 */
export interface LinkShape {
  name: string
  transport: string
  curve: boolean
  edge: boolean
  lines: Array<[from: Point, to: Point]>
  /** where its figures are written */
  label: Point
}

export interface SupervisorShape { name: string, strategy: string, maxRestarts: number, period: number, actors: Array<{ name: string, restart: string }> }

export interface Layout {
  topology: string
  width: number
  height: number
  /** every actor's (and outside endpoint's) size */
  actorWidth: number
  actorHeight: number
  boxes: ProcessBox[]
  actors: ActorShape[]
  outside: OutsideShape[]
  links: LinkShape[]
  supervisors: SupervisorShape[]
}

export function layoutOf (plan: Plan): Layout {
  const byName = new Map(plan.actors.map(a => [a.name, a]))
  const ranks = ranksOf(plan)
  const boxes: ProcessBox[] = []
  const actors = new Map<string, ActorShape>()
  let x = kGap / 2
  let height = 0
  for (const [label, names] of groupsOf(plan)) {
    // inside a box, a column per rank: sources left, what they feed to their right
    const columns: string[][] = []
    for (const name of names) (columns[ranks.get(name)!] ??= []).push(name)
    const used = columns.filter(c => c !== undefined)
    used.forEach((column, c) => column.forEach((name, i) => {
      const a = byName.get(name)!
      actors.set(name, { name, kind: a.kind === 'module' ? a.module.spec : a.kind, node: a.node, process: a.process, restart: a.restart, x: x + kBoxPad + c * (kActorWidth + kGap), y: kTop + kBoxPad + i * (kActorHeight + kRowGap) })
    }))
    const rows = Math.max(...used.map(c => c.length))
    const boxHeight = 2 * kBoxPad + rows * kActorHeight + (rows - 1) * kRowGap
    const boxWidth = 2 * kBoxPad + used.length * kActorWidth + (used.length - 1) * kGap
    boxes.push({ label, x, y: kTop, width: boxWidth, height: boxHeight })
    height = Math.max(height, kTop + boxHeight)
    x += boxWidth + kGap
  }
  const { outside: endpoints } = edgesOf(plan)
  const outside = endpoints.map((endpoint, i) => ({ endpoint, x, y: kTop + kBoxPad + i * (kActorHeight + kRowGap) }))
  if (outside.length > 0) x += kActorWidth + kGap
  height = Math.max(height, ...outside.map(o => o.y + kActorHeight))
  const left = (p: { x: number, y: number }): Point => ({ x: p.x, y: p.y + kActorHeight / 2 })
  const right = (p: { x: number, y: number }): Point => ({ x: p.x + kActorWidth, y: p.y + kActorHeight / 2 })
  /** from one shape to another: the facing sides, or the right sides when they share a column */
  const line = (from: { x: number, y: number }, to: { x: number, y: number }): [Point, Point] =>
    from.x < to.x ? [right(from), left(to)] : from.x > to.x ? [left(from), right(to)] : [right(from), right(to)]

  const links: LinkShape[] = []
  for (const link of plan.links) {
    if (link.connectors.length === 0) continue // bound for foreign peers only: drawn with the outside endpoints below
    const binder = actors.get(link.binder)!
    const curve = Object.values(byName.get(link.binder)!.sockets).some(s => s.bind.includes(link.endpoint) && s.curve !== undefined)
    // drawn the way messages go: from a binder that sends (push, pub, ...) to its connectors
    const lines = link.connectors.map(c => (sends(plan, link.binder, link.endpoint) ? line(binder, actors.get(c)!) : line(actors.get(c)!, binder)))
    links.push({ name: link.name, transport: link.transport, curve, edge: false, lines, label: labelPoint(lines[0] ?? [right(binder), right(binder)]) })
  }
  // endpoints of foreign peers: their connections go to (or come from) the outside column
  for (const o of outside) {
    const lines: Array<[Point, Point]> = []
    let curve = false
    for (const a of plan.actors) {
      for (const s of Object.values(a.sockets)) {
        if (s.bind.includes(o.endpoint) || s.connect.includes(o.endpoint)) {
          lines.push(s.connect.includes(o.endpoint) ? line(actors.get(a.name)!, o) : line(o, actors.get(a.name)!))
          curve ||= s.curve !== undefined
        }
      }
    }
    const name = plan.links.find(l => l.endpoint === o.endpoint)?.name ?? o.endpoint
    if (lines.length > 0) links.push({ name, transport: o.endpoint.split('://')[0]!, curve, edge: true, lines, label: labelPoint(lines[0]!) })
  }
  const supervisors = plan.supervisors.map(s => ({ name: s.name, strategy: s.strategy, maxRestarts: s.maxRestarts, period: s.period, actors: s.actors.map(name => ({ name, restart: byName.get(name)!.restart })) }))
  return { topology: plan.topology, width: x - kGap / 2, actorWidth: kActorWidth, actorHeight: kActorHeight, height: height + kGap / 2, boxes, actors: [...actors.values()], outside, links, supervisors }
}

const kSenders = new Set(['push', 'pub', 'xpub', 'radio'])

/** Whether the actor's socket on this endpoint only sends. */
function sends (plan: Plan, actor: string, endpoint: string): boolean {
  const socket = Object.values(plan.actors.find(a => a.name === actor)!.sockets).find(s => s.bind.includes(endpoint) || s.connect.includes(endpoint))
  return socket?.type !== undefined && kSenders.has(socket.type)
}

/**
 * Each actor's column inside its process box: its distance, over the links between actors of the
 * same box, from the first actor (in plan order) of its part of the box. A pipeline reads left to
 * right: ventilator, workers, sink.
 */
function ranksOf (plan: Plan): Map<string, number> {
  const box = (name: string): string => { const a = plan.actors.find(x => x.name === name)!; return `${a.node}/${a.process}` }
  const near = new Map<string, Set<string>>(plan.actors.map(a => [a.name, new Set()]))
  for (const link of plan.links) {
    for (const c of link.connectors) {
      if (box(c) !== box(link.binder)) continue
      near.get(c)!.add(link.binder)
      near.get(link.binder)!.add(c)
    }
  }
  const ranks = new Map<string, number>()
  for (const first of plan.actors) {
    if (ranks.has(first.name)) continue
    ranks.set(first.name, 0)
    const queue = [first.name]
    for (let name = queue.shift(); name !== undefined; name = queue.shift()) {
      for (const next of near.get(name)!) {
        if (!ranks.has(next)) { ranks.set(next, ranks.get(name)! + 1); queue.push(next) }
      }
    }
  }
  return ranks
}

/** A link's label (three lines) sits across the middle of its first line. */
function labelPoint ([from, to]: [Point, Point]): Point {
  return { x: (from.x + to.x) / 2, y: (from.y + to.y) / 2 - 22 }
}
