import { builtins } from '../../actors/index.js'
import type { ActorSpec, BuiltinKind, SocketType } from '../topology/schema.js'
import { kDefaultSocketOptions, socketOptionNames, type SocketOptions } from '../topology/socket-options.js'
import type { SocketSecuritySpec } from './security.js'
import type { ActorPlan, ResolvedModuleRef, SocketPlan } from './types.js'

/** The field path of a socket in the topology, below `actors.<name>`. */
export function socketPath (actor: ActorPlan, socketName: string): string[] {
  if (actor.kind === 'module') return ['sockets', socketName]
  const from = builtins[actor.kind].sockets[socketName]?.from
  return from === undefined ? [] : [from]
}

/** Every socket of one actor, with its endpoints as the topology gives them (logical names not resolved yet). */
export function socketsOf (spec: ActorSpec, kind: BuiltinKind | 'module'): Record<string, SocketPlan> {
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
  // a built-in kind: the socket table of its own file (actors/<kind>.ts)
  const out: Record<string, SocketPlan> = {}
  for (const [name, { type }] of Object.entries(builtins[kind].sockets)) {
    const raw = rawSide(spec, kind, name)
    if (raw === undefined) continue // optional side (a worker without output)
    out[name] = side(raw, type ?? raw.type as SocketType)
  }
  return out
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
