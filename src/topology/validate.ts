import type { z } from 'zod'
import { TopologyError, type TopologyIssue } from '../errors.js'
import { didYouMean, unknownNode } from '../suggest.js'
import { moduleFields, resolveModuleRef } from './module-ref.js'
import { builtinKinds, topologySchemas, type BuiltinKind, type Topology } from './schema.js'

export type PathSegment = string | number
/** Maps a field path to `file:line:col`, when the topology came from a file. */
export type Locate = (path: PathSegment[]) => string | undefined

/**
 * Validates a topology object and returns it typed and normalised (endpoints as arrays).
 * Every problem is collected first, then all are thrown together. With `baseDir`, the module
 * references (`module`, `source`, `handler`) of every actor, valid or not, must resolve from it.
 * @throws {TopologyError} `ERR_ACTOR_INVALID_TOPOLOGY`, with `issues` naming each field path
 */
export function validateTopology (input: unknown, locate: Locate = () => undefined, baseDir?: string): Topology {
  const issues: TopologyIssue[] = []
  const add = (path: PathSegment[], message: string): void => {
    const issue: TopologyIssue = { path: formatPath(path), message }
    const location = locate(path)
    if (location !== undefined) issue.location = location
    issues.push(issue)
  }

  const { actorSchema, topologyShape } = topologySchemas()
  // every problem in one pass: the top level, then each actor on its own (a structural error in
  // one actor hides nothing about the others), then the checks across the whole topology
  const top = topologyShape.safeParse(input)
  if (!top.success) addZodIssues(top.error, [], add, topologyShape)
  const rawActors = (input as { actors?: unknown } | null)?.actors
  if (!top.success && (typeof rawActors !== 'object' || rawActors === null || Array.isArray(rawActors))) throw new TopologyError(issues)
  const actorsIn = (top.success ? top.data.actors : rawActors) as Record<string, Record<string, unknown>>
  const actors: Record<string, unknown> = {}
  const names = Object.keys(actorsIn)
  if (names.length === 0) add(['actors'], 'a topology needs at least one actor')
  for (const name of names) {
    const raw = actorsIn[name]!
    const path = ['actors', name]
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) continue // reported by the top level
    if (!/^[A-Za-z_][\w.-]*$/.test(name)) add(path, 'actor names are letters, digits, _ . - (starting with a letter or _)')
    const kind = raw.kind
    if (kind !== undefined && raw.module !== undefined) { add(path, 'set either "kind" (a built-in actor) or "module" (your own), not both'); continue }
    if (kind === undefined && raw.module === undefined) { add(path, `needs "kind" (one of ${builtinKinds.join(', ')}) or "module"`); continue }
    if (kind !== undefined && !builtinKinds.includes(kind as BuiltinKind)) { add([...path, 'kind'], `unknown kind "${String(kind)}"${didYouMean(String(kind), builtinKinds)} (built-in kinds: ${builtinKinds.join(', ')})`); continue }
    if (baseDir !== undefined) {
      for (const field of moduleFields) {
        const ref = typeof raw[field] === 'string' ? resolveModuleRef(raw[field], baseDir) : undefined
        if (typeof ref === 'string') add([...path, field], ref)
      }
    }
    const schema = actorSchema(kind as BuiltinKind | undefined)
    const parsed = schema.safeParse(raw)
    if (parsed.success) actors[name] = parsed.data
    else addZodIssues(parsed.error, path, add, schema)
  }
  const topology = { ...(top.success ? top.data : input as object), actors } as Topology
  if (top.success) crossCheck(topology, names, add)
  if (issues.length > 0) throw new TopologyError(issues)
  return topology
}

/**
 * Checks that need the whole topology: names that must exist, placement that must hold. `names`
 * are every actor's, valid or not (an invalid actor is reported on its own, not as unknown).
 */
function crossCheck (topology: Topology, names: string[], add: (path: PathSegment[], message: string) => void): void {
  const nodes = Object.keys(topology.nodes ?? {})
  const unknownActor = (name: string): string => `no actor is named "${name}"${didYouMean(name, names)}`
  if (Array.isArray(topology.until)) {
    topology.until.forEach((name, i) => {
      if (!names.includes(name)) add(['until', i], unknownActor(name))
    })
  }
  for (const [name, actor] of Object.entries(topology.actors)) {
    if (actor.node !== undefined && !nodes.includes(actor.node)) {
      add(['actors', name, 'node'], nodes.length === 0 ? `no nodes are declared, so "${actor.node}" is unknown` : unknownNode(actor.node, nodes))
    }
  }
  for (const [name, actor] of Object.entries(topology.actors)) {
    const node = topology.nodes?.[actor.node ?? nodes[0] ?? '']
    const declared = node?.processes
    if (actor.process !== undefined && actor.process !== 'main' && declared !== undefined && !declared.includes(actor.process)) {
      add(['actors', name, 'process'], `unknown process "${actor.process}" (node "${actor.node ?? nodes[0]}" declares: ${declared.join(', ') || 'none'}; "main" is the node's own process)`)
    }
  }
  const grouped = new Map<string, string>()
  for (const [group, spec] of Object.entries(topology.groups ?? {})) {
    spec.actors.forEach((name, i) => {
      if (!names.includes(name)) add(['groups', group, 'actors', i], unknownActor(name))
      else if (grouped.has(name)) add(['groups', group, 'actors', i], `actor "${name}" is already in group "${grouped.get(name)}": an actor has one supervisor`)
      else grouped.set(name, group)
    })
    checkOneProcess(topology, spec.actors, spec.strategy, ['groups', group, 'strategy'], add)
  }
  checkOneProcess(topology, Object.keys(topology.actors).filter(name => !grouped.has(name)), topology.strategy, ['strategy'], add)
  if (nodes.length > 1) {
    for (const [name, actor] of Object.entries(topology.actors)) {
      if (actor.node === undefined) add(['actors', name, 'node'], `the topology declares ${nodes.length} nodes, so each actor must say which one it runs on`)
    }
  }
}

/** A group restarts as a unit inside one OS process: one_for_all and rest_for_one cannot span processes. */
function checkOneProcess (topology: Topology, names: string[], strategy: string | undefined, path: PathSegment[], add: (path: PathSegment[], message: string) => void): void {
  if ((strategy ?? 'one_for_one') === 'one_for_one') return
  const first = Object.keys(topology.nodes ?? {})[0] ?? ''
  const places = new Set(names.flatMap(name => {
    const a = topology.actors[name]
    return a === undefined ? [] : [`${a.node ?? first}${a.node ?? first ? '/' : ''}${a.process ?? 'main'}`]
  }))
  if (places.size > 1) add(path, `${strategy} restarts its actors together, so they must run in one process (they run in: ${[...places].join(', ')}); put them in "groups" by process`)
}

function addZodIssues (error: z.ZodError, prefix: PathSegment[], add: (path: PathSegment[], message: string) => void, schema: z.ZodType): void {
  for (const issue of error.issues) {
    const at = issue.path.map(p => (typeof p === 'symbol' ? String(p) : p))
    const path = [...prefix, ...at]
    if (issue.code === 'unrecognized_keys') {
      const known = fieldsAt(schema, at)
      for (const key of issue.keys) add([...path, key], `unknown field${didYouMean(key, known)}`)
    } else {
      add(path, issue.message)
    }
  }
}

/** The field names of the object schema at `path` inside `schema` (best effort: [] where unknown). */
function fieldsAt (schema: z.ZodType, path: PathSegment[]): string[] {
  let at: z.ZodType | undefined = schema
  const unwrap = (s: z.ZodType): z.ZodType => {
    const def = s.def as { type: string, innerType?: z.ZodType, in?: z.ZodType }
    if (def.type === 'optional' || def.type === 'nullable' || def.type === 'default') return unwrap(def.innerType!)
    if (def.type === 'pipe') return unwrap(def.in!)
    return s
  }
  for (const segment of path) {
    if (at === undefined) return []
    const def = unwrap(at).def as { type: string, shape?: Record<string, z.ZodType>, valueType?: z.ZodType, element?: z.ZodType }
    at = def.type === 'object' ? def.shape?.[String(segment)] : def.type === 'record' ? def.valueType : def.type === 'array' ? def.element : undefined
  }
  if (at === undefined) return []
  const def = unwrap(at).def as { type: string, shape?: Record<string, z.ZodType> }
  return def.type === 'object' ? Object.keys(def.shape ?? {}).filter(k => !isRefused(k)) : []
}

/** Options refused on purpose (conflate...) are in the schema to say why: never suggested. */
const isRefused = (field: string): boolean => field === 'conflate' || field === 'secretKey'

export function formatPath (path: PathSegment[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('')
}
