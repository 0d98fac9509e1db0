import { createHash } from 'node:crypto'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { kDefaultHost, kDefaultNode, kDefaultPortRange } from '../topology/defaults.js'
import type { Topology } from '../topology/schema.js'
import { didYouMean } from '../suggest.js'
import { socketPath } from './sockets.js'
import { kMainProcess, type ActorPlan, type AddIssue, type LinkPlan, type NodePlan } from './types.js'

/**
 * Placement: which transport each logical link takes, from where its actors run. inproc inside a
 * process, ipc (or loopback tcp) between processes of a node, tcp between nodes; and the explicit
 * endpoints no placement can serve.
 */

const isLogical = (endpoint: string): boolean => !endpoint.includes('://')

/** The topology's nodes, defaults filled in, each with the processes its actors use. */
export function nodesOf (topology: Topology, actors: ActorPlan[]): Record<string, NodePlan> {
  const declared = topology.nodes ?? { [kDefaultNode]: { host: kDefaultHost } }
  return Object.fromEntries(Object.entries(declared).map(([name, node]) => {
    const used = new Set(actors.filter(a => a.node === name).map(a => a.process))
    used.delete(kMainProcess)
    return [name, { host: node.host, portRange: node.portRange ?? kDefaultPortRange, processes: [kMainProcess, ...[...used].sort()] }]
  }))
}

interface LinkContext {
  /** the topology's name and spawn instance: part of inproc and ipc names */
  prefix: string
  nodes: Record<string, NodePlan>
  actors: ActorPlan[]
  ipc: boolean
}

/**
 * Replaces every logical link name with a concrete endpoint chosen by placement: inproc when every
 * peer shares the binder's process, ipc (or loopback tcp) when they share its node, else tcp to
 * the binder node's host. A link between nodes that has connectors on its binder's node too is
 * bound twice: those connectors take an inproc or ipc endpoint of their own (`LinkPlan.local`),
 * so a connection on its tcp endpoint is always from another node (H37 in docs/hazards.md).
 * Ports come from the binding node's range, in link-name order, so every node computes the same
 * endpoints from the same file.
 */
export function resolveLinks ({ prefix, nodes, actors, ipc }: LinkContext, add: AddIssue): LinkPlan[] {
  const links = new Map<string, LinkPlan & { binderActor?: ActorPlan }>()
  /** where each logical link is first connected to, for the report of a link nobody binds */
  const firstConnect = new Map<string, Array<string | number>>()
  const link = (name: string): LinkPlan & { binderActor?: ActorPlan } => {
    let l = links.get(name)
    if (l === undefined) links.set(name, l = { name, endpoint: '', transport: 'inproc', binder: '', connectors: [] })
    return l
  }
  for (const actor of actors) {
    for (const [socketName, socket] of Object.entries(actor.sockets)) {
      for (const ep of socket.bind.filter(isLogical)) {
        const l = link(ep)
        if (l.binderActor !== undefined) add(['actors', actor.name, ...socketPath(actor, socketName), 'bind'], `logical link "${ep}" is already bound by actor "${l.binder}": a link has one binder`)
        else { l.binder = actor.name; l.binderActor = actor }
      }
      socket.connect.forEach((ep, i) => {
        if (!isLogical(ep)) return
        link(ep).connectors.push(actor.name)
        if (!firstConnect.has(ep)) firstConnect.set(ep, ['actors', actor.name, ...socketPath(actor, socketName), 'connect', i])
      })
    }
  }
  const bound = [...links.values()].filter(l => l.binderActor !== undefined).map(l => l.name)
  /** per binding node, the links that need a port, with the host they bind */
  const needPort = new Map<string, Array<{ link: LinkPlan, host: string }>>()
  for (const l of [...links.values()].sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const binder = l.binderActor
    if (binder === undefined) {
      add(firstConnect.get(l.name)!, `connects to logical link "${l.name}" but no actor binds it${didYouMean(l.name, bound)}`)
      continue
    }
    const connectors = actors.filter(a => l.connectors.includes(a.name))
    const local = connectors.filter(a => a.node === binder.node)
    const near = localEndpoint(prefix, l.name, binder, local, ipc)
    if (local.length === connectors.length && near !== undefined) {
      Object.assign(l, near)
    } else {
      l.transport = 'tcp'
      const host = local.length === connectors.length ? kDefaultHost : nodes[binder.node]!.host
      needPort.set(binder.node, [...(needPort.get(binder.node) ?? []), { link: l, host }])
      if (local.length > 0 && near !== undefined) l.local = { ...near, connectors: local.map(a => a.name) }
    }
  }
  const ports = new Map<string, { node: string, link: string }>()
  for (const [node, list] of needPort) {
    const [first, last] = nodes[node]!.portRange
    if (list.length > last - first + 1) {
      add(['nodes', node, 'portRange'], `node "${node}" binds ${list.length} links reached from other ${ipc ? 'nodes' : 'processes or nodes'} (${list.map(({ link }) => link.name).join(', ')}) but its port range ${first}-${last} holds ${last - first + 1}`)
      continue
    }
    list.forEach(({ link: l, host }, i) => {
      l.endpoint = `tcp://${host.includes(':') ? `[${host}]` : host}:${first + i}`
      const other = ports.get(l.endpoint)
      if (other !== undefined) add(['nodes', node, 'portRange'], `${l.endpoint} is given to link "${l.name}" of node "${node}" and to link "${other.link}" of node "${other.node}": nodes on one host need disjoint port ranges`)
      else ports.set(l.endpoint, { node, link: l.name })
    })
  }
  for (const actor of actors) {
    for (const socket of Object.values(actor.sockets)) {
      socket.bind = socket.bind.flatMap(ep => {
        const l = isLogical(ep) ? links.get(ep)! : undefined
        // a second binder keeps the name: reported above, and not again as an address bound twice
        return l === undefined || l.binderActor !== actor ? [ep] : l.local === undefined ? [l.endpoint] : [l.endpoint, l.local.endpoint]
      })
      socket.connect = socket.connect.map(ep => {
        const l = isLogical(ep) ? links.get(ep)! : undefined
        return l === undefined ? ep : l.local?.connectors.includes(actor.name) === true ? l.local.endpoint : l.endpoint
      })
    }
  }
  return [...links.values()].filter(l => l.endpoint !== '').map(({ binderActor: _, ...l }) => l)
}

/** A unix socket path fits in 107 bytes: long names are replaced by a hash. */
function ipcPath (prefix: string, link: string): string {
  const plain = join(tmpdir(), `zeroactor-${prefix}-${link}.sock`)
  if (plain.length <= 100) return plain
  return join(tmpdir(), `zeroactor-${createHash('sha256').update(`${prefix}/${link}`).digest('hex').slice(0, 16)}.sock`)
}

/**
 * Where a link's connectors on its binder's node reach it: inproc when they all share the
 * binder's process, else ipc (when the libzmq has it); undefined when only loopback tcp would do.
 */
function localEndpoint (prefix: string, link: string, binder: ActorPlan, local: ActorPlan[], ipc: boolean): Pick<LinkPlan, 'endpoint' | 'transport'> | undefined {
  if (local.every(a => a.process === binder.process)) return { endpoint: `inproc://${prefix}/${link}`, transport: 'inproc' }
  if (ipc) return { endpoint: `ipc://${ipcPath(prefix, link)}`, transport: 'ipc' }
  return undefined
}

/**
 * Explicit endpoints that no placement can serve: an inproc endpoint between processes, an ipc
 * endpoint between nodes, one fixed address bound twice.
 */
export function checkExplicitEndpoints (actors: ActorPlan[], add: AddIssue): void {
  const binders = new Map<string, { actor: ActorPlan, path: Array<string | number> }>()
  for (const actor of actors) {
    for (const [socketName, socket] of Object.entries(actor.sockets)) {
      const path = ['actors', actor.name, ...socketPath(actor, socketName), 'bind']
      for (const ep of socket.bind) {
        // '': a link left without an endpoint (its port range is full), reported already
        if (ep === '' || isLogical(ep) || ep.endsWith(':*') || ep.startsWith('udp://')) continue
        const earlier = binders.get(ep)
        if (earlier !== undefined && earlier.actor.node === actor.node) add(path, `"${ep}" is already bound by actor "${earlier.actor.name}"`)
        else binders.set(ep, { actor, path })
      }
    }
  }
  for (const actor of actors) {
    for (const [socketName, socket] of Object.entries(actor.sockets)) {
      for (const ep of socket.connect) {
        const binder = binders.get(ep)?.actor
        if (binder === undefined) continue
        const where = `actor "${binder.name}" (node "${binder.node}", process "${binder.process}")`
        const path = ['actors', actor.name, ...socketPath(actor, socketName), 'connect']
        if (ep.startsWith('inproc://') && (binder.node !== actor.node || binder.process !== actor.process)) {
          add(path, `"${ep}" is bound by ${where}: inproc only links threads of one process; use a logical link name (or ipc:// / tcp://)`)
        } else if (ep.startsWith('ipc://') && binder.node !== actor.node) {
          add(path, `"${ep}" is bound by ${where} on another node: ipc only links processes of one host; use a logical link name (or tcp://)`)
        }
      }
    }
  }
}

/** The node of actors that name none: the first declared, else the default. */
export function defaultNodeOf (topology: Topology): string {
  return Object.keys(topology.nodes ?? {})[0] ?? kDefaultNode
}
