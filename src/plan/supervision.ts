import { kDefaultMaxRestarts, kDefaultPeriod, kDefaultStrategy } from '../topology/defaults.js'
import type { Topology } from '../topology/schema.js'
import type { ActorPlan, SupervisorPlan } from './types.js'

/**
 * Supervision: one supervisor per group, and one for the actors outside groups (named after the
 * topology). Each lists its actors in start order; the runtime restarts in that order and stops
 * in reverse.
 */
export function supervisorsOf (topology: Topology, actors: ActorPlan[]): SupervisorPlan[] {
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
