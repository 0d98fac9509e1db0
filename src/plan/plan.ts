import { createHash } from 'node:crypto'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { TopologyError, type TopologyIssue } from '../errors.js'
import type { ActorSpec, BuiltinKind, SocketType, Strategy, Topology } from '../topology/schema.js'
import { kDefaultSocketOptions, socketOptionNames, type SocketOptions } from '../topology/socket-options.js'
import { formatPath, type Locate } from '../topology/validate.js'
import { resolveModuleRef, type ResolvedModuleRef } from './module-ref.js'
import { planFraming, type FramingPlan } from './framing.js'
import { planReadiness, type ReadinessPlan } from './readiness.js'
import { planSecurity, type CurvePlan, type SocketSecuritySpec } from './security.js'
import { crossesProcesses, type Transport } from './transport.js'

export type { Transport } from './transport.js'

/** One socket of one actor, every endpoint concrete. */
export interface SocketPlan {
  /** undefined for a user module's socket: its definition names the type */
  type?: SocketType
  bind: string[]
  connect: string[]
  options: SocketOptions
  /** the readiness barrier's token and peers (see readiness.ts) */
  ready?: ReadinessPlan
  /** set when the socket is on an internal link (see framing.ts) */
  framing?: FramingPlan
  /** set when the socket uses CURVE (see security.ts) */
  curve?: CurvePlan
}

export type RestartPolicy = 'permanent' | 'transient' | 'temporary'

/** Everything an actor host needs to run one actor: plain data, sent to its worker thread. */
export interface ActorPlan {
  name: string
  /** a built-in kind, or `module` */
  kind: BuiltinKind | 'module'
  /** the module whose export is the actor definition */
  module: ResolvedModuleRef
  /** the actor's own fields (rate, count, subscribe, timeout...), module references resolved */
  config: Record<string, unknown>
  params: unknown
  sockets: Record<string, SocketPlan>
  restart: RestartPolicy
  node: string
  process: string
}

/** A logical link: the name, the concrete endpoint, who binds and who connects. */
export interface LinkPlan {
  name: string
  endpoint: string
  /** chosen by placement: inproc inside a process, ipc between processes of a node, tcp between nodes */
  transport: Transport
  binder: string
  connectors: string[]
}

/** A host of the topology, defaults filled in. */
export interface NodePlan {
  host: string
  portRange: [number, number]
  /** the node's processes that host actors: `main` (the node runtime's own) and its children */
  processes: string[]
}

/** One supervisor: its actors in start order (restarts follow it, stops go in reverse), strategy and budget. */
export interface SupervisorPlan {
  /** the group's name; the topology's name for actors outside groups */
  name: string
  strategy: Strategy
  maxRestarts: number
  period: number
  actors: string[]
}

export interface Plan {
  topology: string
  nodes: Record<string, NodePlan>
  actors: ActorPlan[]
  links: LinkPlan[]
  /** the topology is done when every one of these actors has finished */
  until: string[]
  /** the topology's restart budget (a child process that dies is restarted within it) */
  maxRestarts: number
  period: number
  /** every actor is in exactly one */
  supervisors: SupervisorPlan[]
  /** ms an actor gets to stop after $TERM before the runtime escalates */
  shutdownTimeout: number
  /** ms a publisher waits for its topology subscribers before it sends anyway */
  readyTimeout: number
}

export interface PlanOptions {
  /** folder that module references are relative to */
  baseDir: string
  /** made part of inproc/ipc names so two spawns of one topology in one process do not collide */
  instance?: string
  /** maps a field path to `file:line:col` for error messages */
  locate?: Locate
  /** whether ipc:// is available (zeromq's capability); without it, processes of a node link over loopback tcp */
  ipc?: boolean
}

export const kDefaultRestart: RestartPolicy = 'transient'
export const kDefaultMaxRestarts = 3
export const kDefaultPeriod = 5000
export const kDefaultStrategy: Strategy = 'one_for_one'
export const kDefaultShutdownTimeout = 5000
export const kDefaultReadyTimeout = 5000
export const kMainProcess = 'main'
const kDefaultNode = 'local'
const kDefaultHost = '127.0.0.1'
/** ports a node's logical links bind when its nodes entry gives no portRange */
export const kDefaultPortRange: [number, number] = [5700, 5799]
/**
 * ipc/tcp sockets get ZMTP heartbeats (H16: a frozen peer is otherwise never noticed; detection
 * takes about interval + timeout), a reconnect that backs off from 100 ms to 1 s, and a connect
 * timeout: without it a connect sent while the network is down waits on the kernel's SYN
 * retries (seconds to minutes) after the network is back.
 */
export const kLinkDefaults = { heartbeatInterval: 1000, heartbeatTimeout: 2000, reconnectMaxInterval: 1000, connectTimeout: 1000 } as const

/** Where each built-in kind's fields put its sockets: name → [type, field holding endpoints]. */
const builtinSockets: Record<Exclude<BuiltinKind, 'proxy'>, Record<string, { type: SocketType, from?: string }>> = {
  publisher: { pub: { type: 'pub' } },
  subscriber: { sub: { type: 'sub' } },
  responder: { rep: { type: 'rep' } },
  requester: { req: { type: 'req' } },
  ventilator: { push: { type: 'push' } },
  worker: { input: { type: 'pull', from: 'input' }, output: { type: 'push', from: 'output' } },
  sink: { pull: { type: 'pull' } },
  radio: { radio: { type: 'radio' } },
  dish: { dish: { type: 'dish' } },
}

const moduleFields = ['source', 'handler'] as const
const placementFields = ['kind', 'module', 'params', 'process', 'node', 'restart', 'description', 'sockets', 'bind', 'connect', 'maxLagMs', 'frontend', 'backend', 'input', 'output', 'curve', 'insecure']

/**
 * Computes the plan of a validated topology: every actor's placement, sockets and concrete
 * endpoints. Deterministic: the same topology and options give the same plan.
 * @throws {TopologyError} for links that cannot be resolved and module references not found
 */
export function planTopology (topology: Topology, options: PlanOptions): Plan {
  const issues: TopologyIssue[] = []
  const add = (path: Array<string | number>, message: string): void => {
    const location = options.locate?.(path)
    issues.push({ path: formatPath(path), message, ...(location !== undefined ? { location } : {}) })
  }
  const actors: ActorPlan[] = []
  const defaultNode = Object.keys(topology.nodes ?? {})[0] ?? kDefaultNode
  const notConfig = new Set<string>([...placementFields, ...socketOptionNames()])

  for (const [name, spec] of Object.entries(topology.actors)) {
    const kind = 'kind' in spec ? spec.kind : 'module'
    const moduleRef = kind === 'module'
      ? resolveModuleRef((spec as { module: string }).module, options.baseDir)
      : builtinActorModule(kind)
    if (typeof moduleRef === 'string') { add(['actors', name, 'module'], moduleRef); continue }
    const config: Record<string, unknown> = {}
    for (const [field, value] of Object.entries(spec)) {
      if (notConfig.has(field)) continue
      if ((moduleFields as readonly string[]).includes(field) && typeof value === 'string') {
        const ref = resolveModuleRef(value, options.baseDir)
        if (typeof ref === 'string') add(['actors', name, field], ref)
        else config[field] = ref
      } else {
        config[field] = value
      }
    }
    actors.push({
      name,
      kind,
      module: moduleRef,
      config,
      params: spec.params ?? {},
      sockets: socketsOf(spec, kind),
      restart: spec.restart ?? kDefaultRestart,
      node: spec.node ?? defaultNode,
      process: spec.process ?? kMainProcess,
    })
  }
  const nodes = nodesOf(topology, actors)
  const prefix = options.instance === undefined ? topology.name : `${topology.name}-${options.instance}`
  const links = resolveLinks({ prefix, nodes, actors, ipc: options.ipc ?? true }, add)
  checkExplicitEndpoints(actors, add)
  if (issues.length === 0) {
    planSecurity({ topology, actors, links, baseDir: options.baseDir, prefix, specOf: (actor, socket) => securityOf(topology.actors[actor.name]!, actor.kind, socket), pathOf: (actor, socket) => ['actors', actor.name, ...socketPath(actor, socket)] }, add)
  }
  for (const actor of actors) {
    for (const [socketName, socket] of Object.entries(actor.sockets)) {
      if (socket.bind.length + socket.connect.length === 0) add(['actors', actor.name, ...socketPath(actor, socketName)], 'needs at least one "bind" or "connect" endpoint')
      if (crossesProcesses(socket)) socket.options = { ...kLinkDefaults, ...socket.options }
    }
  }
  if (issues.length > 0) throw new TopologyError(issues)
  planReadiness(actors, topology.readyTimeout ?? kDefaultReadyTimeout)
  planFraming(actors, new Set(links.map(l => l.endpoint)), actor => (topology.actors[actor.name] as { maxLagMs?: number }).maxLagMs ?? topology.maxLagMs)
  return {
    topology: topology.name,
    nodes,
    actors,
    links,
    until: topology.until ?? actors.map(a => a.name),
    maxRestarts: topology.maxRestarts ?? kDefaultMaxRestarts,
    period: topology.period ?? kDefaultPeriod,
    supervisors: supervisorsOf(topology, actors),
    shutdownTimeout: topology.shutdownTimeout ?? kDefaultShutdownTimeout,
    readyTimeout: topology.readyTimeout ?? kDefaultReadyTimeout,
  }
}

function supervisorsOf (topology: Topology, actors: ActorPlan[]): SupervisorPlan[] {
  const order = actors.map(a => a.name)
  const inOrder = (names: string[]): string[] => order.filter(name => names.includes(name))
  const groups = Object.entries(topology.groups ?? {}).map(([name, g]) => ({
    name,
    strategy: g.strategy ?? kDefaultStrategy,
    maxRestarts: g.maxRestarts ?? kDefaultMaxRestarts,
    period: g.period ?? kDefaultPeriod,
    actors: inOrder(g.actors),
  }))
  const grouped = new Set(groups.flatMap(g => g.actors))
  const rest = order.filter(name => !grouped.has(name))
  const top = { name: topology.name, strategy: topology.strategy ?? kDefaultStrategy, maxRestarts: topology.maxRestarts ?? kDefaultMaxRestarts, period: topology.period ?? kDefaultPeriod, actors: rest }
  return [...(rest.length > 0 ? [top] : []), ...groups]
}

function socketPath (actor: ActorPlan, socketName: string): string[] {
  if (actor.kind === 'module') return ['sockets', socketName]
  if (actor.kind === 'proxy' || actor.kind === 'worker') return [socketName]
  return []
}

function socketsOf (spec: ActorSpec, kind: BuiltinKind | 'module'): Record<string, SocketPlan> {
  const actorOptions = pickOptions(spec as Record<string, unknown>)
  const side = (raw: Record<string, unknown>, type?: SocketType): SocketPlan => ({
    ...(type !== undefined ? { type } : {}),
    bind: [...(raw.bind as string[] | undefined ?? [])],
    connect: [...(raw.connect as string[] | undefined ?? [])],
    options: { ...kDefaultSocketOptions, ...actorOptions, ...pickOptions(raw) },
  })
  if (kind === 'module') {
    const sockets = (spec as { sockets?: Record<string, Record<string, unknown>> }).sockets ?? {}
    return Object.fromEntries(Object.entries(sockets).map(([name, raw]) => [name, side(raw)]))
  }
  if (kind === 'proxy') {
    const proxy = spec as { frontend: Record<string, unknown> & { type: SocketType }, backend: Record<string, unknown> & { type: SocketType } }
    return { frontend: side(proxy.frontend, proxy.frontend.type), backend: side(proxy.backend, proxy.backend.type) }
  }
  const out: Record<string, SocketPlan> = {}
  for (const [name, { type }] of Object.entries(builtinSockets[kind])) {
    const raw = rawSide(spec, kind, name)
    if (raw === undefined) continue // optional side (a worker without output)
    out[name] = side(raw, type)
  }
  return out
}

/** The fields of the topology that describe one socket: the actor's own, or its side's. */
function rawSide (spec: ActorSpec, kind: BuiltinKind | 'module', socket: string): Record<string, unknown> | undefined {
  const fields = spec as Record<string, unknown>
  if (kind === 'module') return (fields.sockets as Record<string, Record<string, unknown>> | undefined)?.[socket]
  if (kind === 'proxy') return fields[socket] as Record<string, unknown> | undefined
  const from = builtinSockets[kind][socket]?.from
  return from === undefined ? fields : fields[from] as Record<string, unknown> | undefined
}

/** A socket's `curve` and `insecure`: its side's fields over the actor's. */
function securityOf (spec: ActorSpec, kind: BuiltinKind | 'module', socket: string): SocketSecuritySpec {
  const actor = spec as SocketSecuritySpec
  const side = (rawSide(spec, kind, socket) ?? {}) as SocketSecuritySpec
  const curve = side.curve ?? actor.curve
  const insecure = side.insecure ?? actor.insecure
  return { ...(curve !== undefined ? { curve } : {}), ...(insecure !== undefined ? { insecure } : {}) }
}

function pickOptions (raw: Record<string, unknown>): SocketOptions {
  const out: Record<string, unknown> = {}
  for (const name of socketOptionNames()) if (raw[name] !== undefined) out[name] = raw[name]
  return out as SocketOptions
}

const isLogical = (endpoint: string): boolean => !endpoint.includes('://')

function nodesOf (topology: Topology, actors: ActorPlan[]): Record<string, NodePlan> {
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
 * the binder node's host. Ports come from the binding node's range, in link-name order, so every
 * node computes the same endpoints from the same file.
 */
function resolveLinks ({ prefix, nodes, actors, ipc }: LinkContext, add: (path: Array<string | number>, message: string) => void): LinkPlan[] {
  const links = new Map<string, LinkPlan & { binderActor?: ActorPlan }>()
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
      for (const ep of socket.connect.filter(isLogical)) link(ep).connectors.push(actor.name)
    }
  }
  /** per binding node, the links that need a port, with the host they bind */
  const needPort = new Map<string, Array<{ link: LinkPlan, host: string }>>()
  for (const l of [...links.values()].sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const binder = l.binderActor
    if (binder === undefined) {
      add(['actors', l.connectors[0]!], `connects to logical link "${l.name}" but no actor binds it`)
      continue
    }
    const connectors = actors.filter(a => l.connectors.includes(a.name))
    const sameNode = connectors.every(a => a.node === binder.node)
    if (sameNode && connectors.every(a => a.process === binder.process)) {
      l.endpoint = `inproc://${prefix}/${l.name}`
    } else if (sameNode && ipc) {
      l.transport = 'ipc'
      l.endpoint = `ipc://${ipcPath(prefix, l.name)}`
    } else {
      l.transport = 'tcp'
      const host = sameNode ? kDefaultHost : nodes[binder.node]!.host
      needPort.set(binder.node, [...(needPort.get(binder.node) ?? []), { link: l, host }])
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
      socket.bind = socket.bind.map(ep => (isLogical(ep) ? links.get(ep)!.endpoint : ep))
      socket.connect = socket.connect.map(ep => (isLogical(ep) ? links.get(ep)!.endpoint : ep))
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
 * Explicit endpoints that no placement can serve: an inproc endpoint between processes, an ipc
 * endpoint between nodes, one fixed address bound twice.
 */
function checkExplicitEndpoints (actors: ActorPlan[], add: (path: Array<string | number>, message: string) => void): void {
  const binders = new Map<string, { actor: ActorPlan, path: Array<string | number> }>()
  for (const actor of actors) {
    for (const [socketName, socket] of Object.entries(actor.sockets)) {
      const path = ['actors', actor.name, ...socketPath(actor, socketName), 'bind']
      for (const ep of socket.bind) {
        if (ep.endsWith(':*') || ep.startsWith('udp://')) continue
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

/** The module of a built-in kind: `actors/<kind>.ts` under a TypeScript loader, `.js` from dist. */
export function builtinActorModule (kind: BuiltinKind): ResolvedModuleRef {
  const here = import.meta.url
  const ext = here.endsWith('.ts') ? '.ts' : '.js'
  return { spec: kind, url: new URL(`../../actors/${kind}${ext}`, here).href, exportName: 'default' }
}
