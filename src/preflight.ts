import { loadExport } from './actor/context.js'
import type { TopologyIssue } from './errors.js'
import { loadDefinition, socketTypesOf } from './host/definition.js'
import { checkSocketPairs } from './plan/socket-pairs.js'
import type { ActorPlan, Plan, ResolvedModuleRef } from './plan/types.js'
import type { SocketType } from './topology/schema.js'
import { formatPath, type Locate, type PathSegment } from './topology/validate.js'
import { readSecretKeyFile } from './security/keys.js'

/**
 * What `zeroactor run` would find only once it starts, found before: every actor's module loads
 * and is an actor definition whose sockets match the topology, every source and handler loads and
 * has its export, every CURVE secret key file is readable, private (0600) and matches its public
 * key, every socket linked to a module's socket is of a type that can talk to it. It imports the
 * modules in this thread (their top-level code runs, as it would in their actor threads).
 * `zeroactor check` runs it; every problem comes back, none stops the others.
 */
export async function preflight (plan: Plan, locate: Locate = () => undefined): Promise<TopologyIssue[]> {
  const issues: TopologyIssue[] = []
  const issue = (path: PathSegment[], message: string): void => {
    const location = locate(path)
    issues.push({ path: formatPath(path), message, ...(location !== undefined ? { location } : {}) })
  }
  const add = (path: PathSegment[], error: unknown): void => { issue(path, (error as Error).message) }
  const types = new Map<ActorPlan, Record<string, SocketType>>()
  for (const actor of plan.actors) {
    try {
      const definition = await loadDefinition(actor.name, actor.module)
      types.set(actor, socketTypesOf(actor.name, definition, actor.sockets))
    } catch (error) {
      add(['actors', actor.name, ...(actor.kind === 'module' ? ['module'] : [])], error)
    }
    for (const [field, value] of Object.entries(actor.config)) {
      if (!isModuleRef(value)) continue
      try {
        await loadExport(actor.name, field, value)
      } catch (error) {
        add(['actors', actor.name, field], error)
      }
    }
    for (const [name, socket] of Object.entries(actor.sockets)) {
      if (socket.curve === undefined) continue
      try {
        readSecretKeyFile(socket.curve.secretKeyFile, socket.curve.publicKey)
      } catch (error) {
        add(['actors', `${actor.name} (socket ${name})`, 'curve', 'secretKeyFile'], error)
      }
    }
  }
  // the plan checked the pairs of built-in actors' sockets; a module's types are known now
  checkSocketPairs(plan.actors, plan.links, issue, (actor, socket) => types.get(actor)?.[socket], (binder, connector) => binder.kind === 'module' || connector.kind === 'module')
  return issues
}

function isModuleRef (value: unknown): value is ResolvedModuleRef {
  return typeof value === 'object' && value !== null && typeof (value as ResolvedModuleRef).url === 'string' && typeof (value as ResolvedModuleRef).exportName === 'string'
}
