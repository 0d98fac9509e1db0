import { TopologyError, type TopologyIssue } from '../errors.js'
import { kDefaultMaxRestarts, kDefaultPeriod, kDefaultReadyTimeout, kDefaultRestart, kDefaultShutdownTimeout, kLinkDefaults } from '../topology/defaults.js'
import type { Topology } from '../topology/schema.js'
import { socketOptionNames } from '../topology/socket-options.js'
import { formatPath, type Locate } from '../topology/validate.js'
import { planHolds } from './holds.js'
import { planInternalLinks } from './internal-links.js'
import { moduleFields, resolveModuleRef } from '../topology/module-ref.js'
import { checkExplicitEndpoints, defaultNodeOf, nodesOf, resolveLinks } from './placement.js'
import { planReadiness } from './readiness.js'
import { checkSocketPairs } from './socket-pairs.js'
import { planSecurity } from './security.js'
import { builtinActorModule, securityOf, socketPath, socketsOf } from './sockets.js'
import { supervisorsOf } from './supervision.js'
import { crossesProcesses, endpointsOf, kMainProcess, type ActorPlan, type AddIssue, type Plan } from './types.js'

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

/**
 * Computes the plan of a validated topology: every actor's placement, sockets and concrete
 * endpoints. Deterministic: the same topology and options give the same plan. Pure, apart from
 * reading the module references' and public key files' existence.
 *
 * The passes, in order (each in its own file):
 * 1. actors: kind, module, config and sockets as the topology writes them (sockets.ts);
 * 2. placement: nodes and processes, then every logical link name becomes an endpoint
 *    (placement.ts), whose binder and connectors must be of types that can talk (socket-pairs.ts);
 * 3. security: CURVE roles and keys, and the fail-closed rule for reachable binds (security.ts);
 * 4. link defaults: heartbeats and reconnect settings on sockets that cross processes;
 * 5. readiness barrier: tokens and the subscribers each publisher waits for (readiness.ts);
 * 6. internal links: trailers, batching and per-peer counters slots (internal-links.ts);
 * 7. supervision: one supervisor per group (supervision.ts).
 * Passes 1–4 collect every problem; any problem stops the plan before pass 5.
 * @throws {TopologyError} for links that cannot be resolved and module references not found
 */
export function planTopology (topology: Topology, options: PlanOptions): Plan {
  const issues: TopologyIssue[] = []
  const add: AddIssue = (path, message) => {
    const location = options.locate?.(path)
    issues.push({ path: formatPath(path), message, ...(location !== undefined ? { location } : {}) })
  }
  const prefix = options.instance === undefined ? topology.name : `${topology.name}-${options.instance}`

  const actors = actorsOf(topology, options.baseDir, add)
  const nodes = nodesOf(topology, actors)
  const links = resolveLinks({ prefix, nodes, actors, ipc: options.ipc ?? true }, add)
  checkExplicitEndpoints(actors, add)
  checkSocketPairs(actors, links, add, (actor, socket) => actor.sockets[socket]!.type)
  if (issues.length === 0) {
    planSecurity({
      topology,
      actors,
      links,
      baseDir: options.baseDir,
      prefix,
      specOf: (actor, socket) => securityOf(topology.actors[actor.name]!, actor.kind, socket),
      pathOf: (actor, socket) => ['actors', actor.name, ...socketPath(actor, socket)],
    }, add)
  }
  applyLinkDefaults(actors, add)
  if (issues.length > 0) throw new TopologyError(issues)

  const readyTimeout = topology.readyTimeout ?? kDefaultReadyTimeout
  planReadiness(actors, readyTimeout)
  planInternalLinks(actors, new Set(links.flatMap(endpointsOf)), actor => (topology.actors[actor.name] as { maxLagMs?: number }).maxLagMs ?? topology.maxLagMs)
  const until = topology.until ?? actors.map(a => a.name)
  planHolds(actors, until)
  return {
    topology: topology.name,
    nodes,
    actors,
    links,
    until,
    maxRestarts: topology.maxRestarts ?? kDefaultMaxRestarts,
    period: topology.period ?? kDefaultPeriod,
    supervisors: supervisorsOf(topology, actors),
    shutdownTimeout: topology.shutdownTimeout ?? kDefaultShutdownTimeout,
    readyTimeout,
  }
}

/** config fields that name a module (resolved in the plan, loaded by the actor with ctx.load) */
const configModules: readonly string[] = moduleFields.filter(field => field !== 'module')
/** fields that say where and how an actor runs, not what it does: they stay out of its config */
const placementFields = ['kind', 'module', 'params', 'process', 'node', 'restart', 'description', 'sockets', 'bind', 'connect', 'maxLagMs', 'frontend', 'backend', 'input', 'output', 'curve', 'insecure']

/** Pass 1: each actor's module (resolved), config (module references resolved) and sockets. */
function actorsOf (topology: Topology, baseDir: string, add: AddIssue): ActorPlan[] {
  const actors: ActorPlan[] = []
  const defaultNode = defaultNodeOf(topology)
  const notConfig = new Set<string>([...placementFields, ...socketOptionNames()])
  for (const [name, spec] of Object.entries(topology.actors)) {
    const kind = 'kind' in spec ? spec.kind : 'module'
    const moduleRef = kind === 'module'
      ? resolveModuleRef((spec as { module: string }).module, baseDir)
      : builtinActorModule(kind)
    if (typeof moduleRef === 'string') { add(['actors', name, 'module'], moduleRef); continue }
    const config: Record<string, unknown> = {}
    for (const [field, value] of Object.entries(spec)) {
      if (notConfig.has(field)) continue
      if (configModules.includes(field) && typeof value === 'string') {
        const ref = resolveModuleRef(value, baseDir)
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
      sockets: socketsOf(spec, kind, name, add),
      restart: spec.restart ?? kDefaultRestart,
      node: spec.node ?? defaultNode,
      process: spec.process ?? kMainProcess,
    })
  }
  return actors
}

/** Pass 4: every socket has an endpoint; sockets that cross processes get heartbeats (H16 in docs/hazards.md) and reconnect settings. */
function applyLinkDefaults (actors: ActorPlan[], add: AddIssue): void {
  for (const actor of actors) {
    for (const [socketName, socket] of Object.entries(actor.sockets)) {
      if (socket.bind.length + socket.connect.length === 0) add(['actors', actor.name, ...socketPath(actor, socketName)], 'needs at least one "bind" or "connect" endpoint')
      if (crossesProcesses(socket)) socket.options = { ...kLinkDefaults, ...socket.options }
    }
  }
}
