import type { Plan } from './types.js'

/** One drawn link: from the connecting actor to the binding one (or to an outside endpoint). */
export interface Edge { from: string, to: string, label: string }

const transport = (endpoint: string): string => endpoint.split('://')[0]!

/**
 * The plan as a graph: actors grouped by node and process, an edge per connection labelled with
 * its transport. Endpoints that no actor of the topology binds (or connects to) are drawn as
 * outside peers. Pure: the same plan gives the same text.
 */
export function edgesOf (plan: Plan): { edges: Edge[], outside: string[] } {
  const binders = new Map<string, string>()
  for (const actor of plan.actors) for (const socket of Object.values(actor.sockets)) for (const ep of socket.bind) binders.set(ep, actor.name)
  const edges: Edge[] = []
  const outside = new Set<string>()
  const connected = new Set<string>()
  for (const actor of plan.actors) {
    for (const [name, socket] of Object.entries(actor.sockets)) {
      for (const ep of socket.connect) {
        const binder = binders.get(ep)
        if (binder === undefined) outside.add(ep)
        connected.add(ep)
        edges.push({ from: actor.name, to: binder ?? ep, label: `${name} ${transport(ep)}` })
      }
    }
  }
  // bound endpoints nobody in the topology connects to are where outside peers come in
  for (const [ep, binder] of binders) {
    if (!connected.has(ep) && !ep.startsWith('inproc://')) {
      outside.add(ep)
      edges.push({ from: ep, to: binder, label: transport(ep) })
    }
  }
  return { edges, outside: [...outside] }
}

/** The actors by `node <n> / process <p>`, in plan order: how graph, dot and the observer group them. */
export function groupsOf (plan: Plan): Map<string, string[]> {
  const out = new Map<string, string[]>()
  for (const actor of plan.actors) {
    const key = `node ${actor.node} / process ${actor.process}`
    out.set(key, [...(out.get(key) ?? []), actor.name])
  }
  return out
}

const id = (name: string): string => name.replace(/[^A-Za-z0-9_]/g, '_')

/** Mermaid flowchart text. */
export function renderMermaid (plan: Plan): string {
  const { edges, outside } = edgesOf(plan)
  const kinds = new Map(plan.actors.map(a => [a.name, a.kind === 'module' ? a.module.spec : a.kind]))
  const lines = ['flowchart LR']
  let n = 0
  for (const [group, actors] of groupsOf(plan)) {
    lines.push(`  subgraph g${n++}["${group}"]`)
    for (const a of actors) lines.push(`    a_${id(a)}["${a}<br/>${kinds.get(a)}"]`)
    lines.push('  end')
  }
  for (const ep of outside) lines.push(`  e_${id(ep)}(("${ep}"))`)
  const ref = (name: string): string => (kinds.has(name) ? `a_${id(name)}` : `e_${id(name)}`)
  for (const e of edges) lines.push(`  ${ref(e.from)} -->|${e.label}| ${ref(e.to)}`)
  return lines.join('\n') + '\n'
}

/** Graphviz dot text. */
export function renderDot (plan: Plan): string {
  const { edges, outside } = edgesOf(plan)
  const kinds = new Map(plan.actors.map(a => [a.name, a.kind === 'module' ? a.module.spec : a.kind]))
  const q = (s: string): string => JSON.stringify(s)
  const lines = [`digraph ${q(plan.topology)} {`, '  rankdir=LR;', '  node [shape=box];']
  let n = 0
  for (const [group, actors] of groupsOf(plan)) {
    lines.push(`  subgraph cluster_${n++} {`, `    label=${q(group)};`)
    for (const a of actors) lines.push(`    ${q(a)} [label=${q(`${a}\n${kinds.get(a)}`)}];`)
    lines.push('  }')
  }
  for (const ep of outside) lines.push(`  ${q(ep)} [shape=ellipse, style=dashed];`)
  for (const e of edges) lines.push(`  ${q(e.from)} -> ${q(e.to)} [label=${q(e.label)}];`)
  lines.push('}')
  return lines.join('\n') + '\n'
}
