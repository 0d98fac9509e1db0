import { builtins } from '../../actors/index.js'
import type { ActorSpec, BuiltinKind, SocketType } from '../topology/schema.js'
import { kDefaultSocketOptions, socketOptionNames, type SocketOptions } from '../topology/socket-options.js'
import type { SocketSecuritySpec } from './security.js'
import { optionApplies } from '../zmq-sockets.js'
import type { ActorPlan, AddIssue, ResolvedModuleRef, SocketPlan } from './types.js'

/** The field path of a socket in the topology, below `actors.<name>`. */
export function socketPath (actor: ActorPlan, socketName: string): string[] {
  if (actor.kind === 'module') return ['sockets', socketName]
  const from = builtins[actor.kind].sockets[socketName]?.from
  return from === undefined ? [] : [from]
}

/**
 * Every socket of one actor, with its endpoints as the topology gives them (logical names not
 * resolved yet) and its options: the socket's own over the actor's. An option the actor sets for
 * all its sockets goes to those that have it; where the planner knows a socket's type (built-in
 * kinds), an option the socket cannot have is reported at its path (for a module's sockets the
 * actor thread skips it and logs so: their types are known only there).
 */
export function socketsOf (spec: ActorSpec, kind: BuiltinKind | 'module', actor: string, add: AddIssue): Record<string, SocketPlan> {
  const actorOptions = pickOptions(spec as Record<string, unknown>)
  const side = (raw: Record<string, unknown>, type?: SocketType): SocketPlan => {
    const own = raw === spec ? {} : pickOptions(raw)
    const inherited = type === undefined ? actorOptions : Object.fromEntries(Object.entries(actorOptions).filter(([option]) => optionApplies(type, option)))
    return {
      ...(type !== undefined ? { type } : {}),
      bind: [...(raw.bind as string[] | undefined ?? [])],
      connect: [...(raw.connect as string[] | undefined ?? [])],
      options: { ...kDefaultSocketOptions, ...inherited, ...own },
      ...('linger' in inherited || 'linger' in own ? { lingerGiven: true as const } : {}),
    }
  }
  if (kind === 'module') {
    const sockets = (spec as { sockets?: Record<string, Record<string, unknown>> }).sockets ?? {}
    return Object.fromEntries(Object.entries(sockets).map(([name, raw]) => [name, side(raw)]))
  }
  // a built-in kind: the socket table of its own file (actors/<kind>.ts)
  const out: Record<string, SocketPlan> = {}
  const types: SocketType[] = []
  for (const [name, { type: declared, from }] of Object.entries(builtins[kind].sockets)) {
    const raw = rawSide(spec, kind, name)
    if (raw === undefined) continue // optional side (a worker without output)
    const type = declared ?? raw.type as SocketType
    types.push(type)
    out[name] = side(raw, type)
    if (from === undefined) continue
    for (const option of Object.keys(pickOptions(raw))) {
      if (!optionApplies(type, option)) add(['actors', actor, from, option], `does not apply to a ${type} socket (${directionOf(option)})`)
    }
  }
  for (const option of Object.keys(actorOptions)) {
    if (types.length > 0 && !types.some(type => optionApplies(type, option))) add(['actors', actor, option], `does not apply to any socket of a ${kind} (${types.join(', ')}): ${directionOf(option)}`)
  }
  return out
}

/** Why an option may not apply: the direction it belongs to. */
function directionOf (option: string): string {
  if (/^send|noDrop/.test(option)) return 'an option of sending sockets'
  if (/^receive/.test(option)) return 'an option of receiving sockets'
  return 'zeromq.js does not have it on this socket type'
}

/** The fields of the topology that describe one socket: the actor's own, or its side's. */
function rawSide (spec: ActorSpec, kind: BuiltinKind | 'module', socket: string): Record<string, unknown> | undefined {
  const fields = spec as Record<string, unknown>
  if (kind === 'module') return (fields.sockets as Record<string, Record<string, unknown>> | undefined)?.[socket]
  const from = builtins[kind].sockets[socket]?.from
  return from === undefined ? fields : fields[from] as Record<string, unknown> | undefined
}

/** A socket's `curve` and `insecure`: its side's fields over the actor's. */
export function securityOf (spec: ActorSpec, kind: BuiltinKind | 'module', socket: string): SocketSecuritySpec {
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

/** The module of a built-in kind: `actors/<kind>.ts` under a TypeScript loader, `.js` from dist. */
export function builtinActorModule (kind: BuiltinKind): ResolvedModuleRef {
  const here = import.meta.url
  const ext = here.endsWith('.ts') ? '.ts' : '.js'
  return { spec: kind, url: new URL(`../../actors/${kind}${ext}`, here).href, exportName: 'default' }
}
