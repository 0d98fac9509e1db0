import { loadExport } from '../actor/context.js'
import { isActorDefinition, type ActorDefinition, type SocketTypes } from '../actor/define-actor.js'
import { ModuleLoadError } from '../errors.js'
import type { ActorPlan } from '../plan/types.js'
import type { SocketType } from '../topology/schema.js'

/**
 * An actor's module as the host loads it: the definition, and the socket types it runs with,
 * checked against the plan both ways. No side effects, so `zeroactor check` runs the same checks
 * in the main thread before anything starts.
 */

export async function loadDefinition (actor: string, ref: ActorPlan['module']): Promise<ActorDefinition<SocketTypes, unknown>> {
  const definition = await loadExport(actor, 'module', ref)
  if (!isActorDefinition(definition)) {
    throw new ModuleLoadError(`actor "${actor}": module "${ref.spec}" export "${ref.exportName}" is not an actor definition (use defineActor({ sockets, run }))`)
  }
  return definition
}

/** Socket types from the plan (built-ins) or the definition (user modules), checked both ways. */
export function socketTypesOf (actor: string, definition: ActorDefinition<SocketTypes, unknown>, planned: ActorPlan['sockets']): Record<string, SocketType> {
  const declared = definition.sockets ?? {}
  const out: Record<string, SocketType> = {}
  for (const [name, plan] of Object.entries(planned)) {
    const type = plan.type ?? declared[name]
    if (type === undefined) throw new ModuleLoadError(`actor "${actor}": the topology gives endpoints for socket "${name}", which the actor does not declare (declared: ${Object.keys(declared).join(', ') || 'none'})`)
    out[name] = type
  }
  for (const name of Object.keys(declared)) {
    if (!(name in out)) throw new ModuleLoadError(`actor "${actor}": socket "${name}" has no endpoints in the topology (add "sockets": { "${name}": { "bind" | "connect": [...] } })`)
  }
  return out
}
