import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { TopologyError, type TopologyIssue } from '../errors.js'
import type { ActorSpec, BuiltinKind, SocketType, Topology } from '../spec/schema.js'
import { kDefaultSocketOptions, socketOptionNames, type SocketOptions } from '../spec/socket-options.js'
import { formatPath, type Locate } from '../spec/validate.js'
import { resolveModuleRef, type ResolvedModuleRef } from './module-ref.js'

/** One socket of one actor, every endpoint concrete. */
export interface SocketPlan {
  /** undefined for a user module's socket: its definition names the type */
  type?: SocketType
  bind: string[]
  connect: string[]
  options: SocketOptions
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
  binder: string
  connectors: string[]
}

export interface Plan {
  topology: string
  actors: ActorPlan[]
  links: LinkPlan[]
  /** the topology is done when every one of these actors has finished */
  until: string[]
  maxRestarts: number
  period: number
}

export interface PlanOptions {
  /** folder that module references are relative to */
  baseDir: string
  /** made part of inproc/ipc names so two spawns of one topology in one process do not collide */
  instance?: string
  /** maps a field path to `file:line:col` for error messages */
  locate?: Locate
}

export const kDefaultRestart: RestartPolicy = 'transient'
export const kDefaultMaxRestarts = 3
export const kDefaultPeriod = 5000
const kMainProcess = 'main'
const kDefaultNode = 'local'

/** Where each built-in kind's fields put its sockets: name → [type, field holding endpoints]. */
const builtinSockets: Record<Exclude<BuiltinKind, 'proxy'>, Record<string, { type: SocketType, from?: string }>> = {
  publisher: { pub: { type: 'pub' } },
  subscriber: { sub: { type: 'sub' } },
  responder: { rep: { type: 'rep' } },
  requester: { req: { type: 'req' } },
  ventilator: { push: { type: 'push' } },
  worker: { input: { type: 'pull', from: 'input' }, output: { type: 'push', from: 'output' } },
  sink: { pull: { type: 'pull' } },
}

const moduleFields = ['source', 'handler'] as const
const placementFields = new Set(['kind', 'module', 'params', 'process', 'node', 'restart', 'description', 'sockets', 'bind', 'connect', 'frontend', 'backend', 'input', 'output', ...socketOptionNames])

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

  for (const [name, spec] of Object.entries(topology.actors)) {
    const kind = 'kind' in spec ? spec.kind : 'module'
    const moduleRef = kind === 'module'
      ? resolveModuleRef((spec as { module: string }).module, options.baseDir)
      : builtinActorModule(kind)
    if (typeof moduleRef === 'string') { add(['actors', name, 'module'], moduleRef); continue }
    const config: Record<string, unknown> = {}
    for (const [field, value] of Object.entries(spec)) {
      if (placementFields.has(field)) continue
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
  const links = resolveLinks(topology.name, actors, options.instance, add)
  for (const actor of actors) {
    for (const [socketName, socket] of Object.entries(actor.sockets)) {
      if (socket.bind.length + socket.connect.length === 0) add(['actors', actor.name, ...socketPath(actor, socketName)], 'needs at least one "bind" or "connect" endpoint')
    }
  }
  if (issues.length > 0) throw new TopologyError(issues)
  return {
    topology: topology.name,
    actors,
    links,
    until: topology.until ?? actors.map(a => a.name),
    maxRestarts: topology.maxRestarts ?? kDefaultMaxRestarts,
    period: topology.period ?? kDefaultPeriod,
  }
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
  for (const [name, { type, from }] of Object.entries(builtinSockets[kind])) {
    const raw = from === undefined ? spec as Record<string, unknown> : (spec as Record<string, unknown>)[from] as Record<string, unknown> | undefined
    if (raw === undefined) continue // optional side (a worker without output)
    out[name] = side(raw, type)
  }
  return out
}

function pickOptions (raw: Record<string, unknown>): SocketOptions {
  const out: Record<string, unknown> = {}
  for (const name of socketOptionNames) if (raw[name] !== undefined) out[name] = raw[name]
  return out as SocketOptions
}

const isLogical = (endpoint: string): boolean => !endpoint.includes('://')

/** Replaces every logical link name with a concrete endpoint chosen by placement. */
function resolveLinks (topology: string, actors: ActorPlan[], instance: string | undefined, add: (path: Array<string | number>, message: string) => void): LinkPlan[] {
  const links = new Map<string, LinkPlan & { binderActor?: ActorPlan }>()
  const link = (name: string): LinkPlan & { binderActor?: ActorPlan } => {
    let l = links.get(name)
    if (l === undefined) links.set(name, l = { name, endpoint: '', binder: '', connectors: [] })
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
  const prefix = instance === undefined ? topology : `${topology}-${instance}`
  for (const l of links.values()) {
    const binder = l.binderActor
    if (binder === undefined) {
      add(['actors', l.connectors[0]!], `connects to logical link "${l.name}" but no actor binds it`)
      continue
    }
    const connectors = actors.filter(a => l.connectors.includes(a.name))
    l.endpoint = connectors.every(a => a.node === binder.node && a.process === binder.process)
      ? `inproc://${prefix}/${l.name}`
      : `ipc://${join(tmpdir(), `zeroactor-${prefix}-${l.name}.sock`)}`
  }
  for (const actor of actors) {
    for (const socket of Object.values(actor.sockets)) {
      socket.bind = socket.bind.map(ep => (isLogical(ep) ? links.get(ep)!.endpoint : ep))
      socket.connect = socket.connect.map(ep => (isLogical(ep) ? links.get(ep)!.endpoint : ep))
    }
  }
  return [...links.values()].filter(l => l.endpoint !== '').map(({ binderActor: _, ...l }) => l)
}

/** The module of a built-in kind: `actors/<kind>.ts` under a TypeScript loader, `.js` from dist. */
export function builtinActorModule (kind: BuiltinKind): ResolvedModuleRef {
  const here = import.meta.url
  const ext = here.endsWith('.ts') ? '.ts' : '.js'
  return { spec: kind, url: new URL(`../../actors/${kind}${ext}`, here).href, exportName: 'default' }
}
