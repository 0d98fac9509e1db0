import type { z } from 'zod'
import { lazyRequire, once } from '../deps.js'
import { endpointProblem, namePattern } from './endpoint.js'
import { refusedSocketOptions, socketOptionShape } from './socket-options.js'
import { isZ85Key } from '../security/z85.js'
import type { FieldType } from '../actor/builtin.js'
import { builtins, type BuiltinOptions } from '../../actors/index.js'
import type { RestartPolicy } from '../plan/types.js'

/**
 * The topology format of DESIGN.md as zod schemas. Every object is strict: an unknown field is an
 * error that names its path. Built-in kinds each have their own schema; `validate.ts` picks the
 * schema by `kind` so that errors stay precise (a union would only say "no variant matched").
 */

export const socketTypes = ['pub', 'sub', 'xpub', 'xsub', 'req', 'rep', 'router', 'dealer', 'push', 'pull', 'pair', 'radio', 'dish'] as const
export type SocketType = typeof socketTypes[number]

export const builtinKinds = ['publisher', 'subscriber', 'responder', 'requester', 'proxy', 'ventilator', 'worker', 'sink', 'radio', 'dish'] as const
export type BuiltinKind = typeof builtinKinds[number]

export const strategies = ['one_for_one', 'one_for_all', 'rest_for_one'] as const
export type Strategy = typeof strategies[number]

/**
 * Builds the schemas on first use (`lazyRequire`: actor threads import this module but never
 * validate, so they never load zod).
 */
export const topologySchemas = once(build)
type Schemas = ReturnType<typeof build>

function build () {
  const { z } = lazyRequire('zod') as typeof import('zod')
  /** An endpoint: `scheme://address` used as is, or a bare logical link name resolved by the plan (see endpoint.ts). */
  const endpoint = z.string().min(1).superRefine((value, ctx) => {
    const problem = endpointProblem(value)
    if (problem !== undefined) ctx.addIssue({ code: 'custom', message: problem })
  })

  const endpoints = z.union([endpoint, z.array(endpoint)]).transform(v => (Array.isArray(v) ? v : [v]))

  /** `"./file.js"`, `"./file.js#exportName"` or a package specifier. */
  const moduleRef = z.string().min(1).regex(/^[^#]+(#[A-Za-z_$][\w$]*)?$/, 'must be "path", "path#exportName" or a package name')

  const refused = Object.fromEntries(Object.entries(refusedSocketOptions).map(([key, why]) =>
    [key, z.any().refine(() => false, `"${key}" is not allowed: ${why}`).optional()]))

  /** Socket options, each optional, plus the refused ones with their reason. */
  const socketOptions = Object.fromEntries(Object.entries(socketOptionShape()).map(([k, s]) => [k, s.optional()]))
  const optionFields = { ...socketOptions, ...refused }

  const linkFields = { bind: endpoints.optional(), connect: endpoints.optional() }

  /** A CURVE public key: 40 characters of Z85 (zeroactor keygen prints one). */
  const curveKey = z.string().refine(isZ85Key, 'must be a CURVE public key: 40 characters of Z85 (zeroactor keygen makes a key pair)')
  const kNoInlineSecret = 'a secret key never goes in a topology (files are shared, logged and committed): put it in a file made by zeroactor keygen and give its path as secretKeyFile'
  /** A key pair by reference: the public key inline or in its certificate file, the secret key in a file of mode 0600. */
  const keyPair = {
    publicKey: curveKey.optional(),
    /** a public certificate (`<name>.key` of zeroactor keygen), instead of `publicKey` */
    publicKeyFile: z.string().min(1).optional(),
    secretKeyFile: z.string().min(1).optional(),
    secretKey: z.any().refine(() => false, kNoInlineSecret).optional(),
  }

  /**
   * CURVE on one socket (or every socket of an actor). A server lists the client keys it lets in
   * (`allow`); a client names the server's key (`serverKey`). The socket's own key pair is
   * `publicKey` + `secretKeyFile`, or its node's.
   */
  const socketCurve = z.strictObject({
    ...keyPair,
    allow: z.array(curveKey).min(1, 'a CURVE server must allow at least one client key').optional(),
    serverKey: curveKey.optional(),
  }).superRefine((curve, ctx) => {
    if ((curve.allow === undefined) === (curve.serverKey === undefined)) ctx.addIssue({ code: 'custom', message: 'set "allow" (this socket is a CURVE server: the client keys it lets in) or "serverKey" (a CURVE client: the server\'s public key), not both or neither' })
    if (curve.publicKey !== undefined && curve.publicKeyFile !== undefined) ctx.addIssue({ code: 'custom', message: 'set "publicKey" or "publicKeyFile", not both' })
    if ((curve.publicKey === undefined && curve.publicKeyFile === undefined) !== (curve.secretKeyFile === undefined)) ctx.addIssue({ code: 'custom', message: 'set "publicKey" (or "publicKeyFile") and "secretKeyFile" together (or neither, to use the node\'s key pair)' })
  })

  /** CURVE and the explicit opt-out; allowed wherever socket options are. */
  const securityFields = {
    curve: socketCurve.optional(),
    /** bind tcp on an address other hosts can reach without CURVE: anyone who can connect is let in */
    insecure: z.literal(true).optional(),
  }

  /** One socket of a module actor, or one side of a proxy / worker: endpoints plus options. */
  const socketSide = z.strictObject({ ...linkFields, ...optionFields, ...securityFields })
  const proxySide = z.strictObject({ type: z.enum(socketTypes), ...linkFields, ...optionFields, ...securityFields })

  const positiveInt = z.number().int().positive()
  /** A radio/dish group: libzmq allows at most 15 bytes (ZMQ_GROUP_MAX_LENGTH). */
  const group = z.string().min(1).refine(g => Buffer.byteLength(g) <= 15, 'a group name is at most 15 bytes (ZMQ_GROUP_MAX_LENGTH)')

  const common = {
    params: z.unknown().optional(),
    process: z.string().regex(namePattern, 'must be a process name (letters, digits, _ . -)').optional(),
    node: z.string().regex(namePattern, 'must be a node name').optional(),
    restart: z.enum(['permanent', 'transient', 'temporary']).optional(),
    description: z.string().optional(),
    /** a `lagging` event when a message on one of the actor's internal links arrives more than this many ms after it was sent */
    maxLagMs: positiveInt.optional(),
    ...optionFields,
    ...securityFields,
  }

  /** What each field type of a built-in kind (src/actor/builtin.ts) must be. */
  const fieldSchemas: Record<FieldType, z.ZodType> = {
    module: moduleRef,
    rate: z.number().positive(),
    count: positiveInt,
    timeout: positiveInt,
    retries: z.number().int().min(0),
    // one prefix may come alone, as an endpoint may; a number (a zip code left unquoted) is refused
    // with the fix, which is not to quote the number as parsed: 02134 was read as 2134
    prefixes: z.preprocess(v => (typeof v === 'string' || typeof v === 'number' ? [v] : v), z.array(z.string({ error: issue => (typeof issue.input === 'number' ? `expected a string, got the number ${issue.input}: put the prefix in quotes as it should read (unquoted, YAML and JSON read 02134 as the number 2134)` : undefined) }))),
    group,
    groups: z.array(group).min(1),
    side: socketSide,
    'proxy-side': proxySide,
  }
  /** Each built-in kind's schema, from the fields and sockets its own file declares (actors/<kind>.ts). */
  const kindSchemas = Object.fromEntries(builtinKinds.map(kind => {
    const { sockets, fields } = builtins[kind]
    // each field's doc becomes its description in the published JSON Schema (editors show it)
    const own = Object.fromEntries(Object.entries(fields).map(([name, f]) => [name, (f.required === true ? fieldSchemas[f.type] : fieldSchemas[f.type].optional()).describe(f.doc)]))
    // the actor's own bind/connect, unless every socket has its side (worker, proxy)
    const endpoints = Object.values(sockets).some(socket => socket.from === undefined) ? linkFields : {}
    return [kind, z.strictObject({ kind: z.literal(kind), ...common, ...endpoints, ...own })]
  })) as unknown as Record<BuiltinKind, z.ZodType>

  /** A user-written actor: a module exporting `defineActor(...)`, its sockets' endpoints by name. */
  const moduleActor = z.strictObject({ module: moduleRef, ...common, sockets: z.record(z.string().regex(namePattern), socketSide).optional() })

  function actorSchema (kind: BuiltinKind | undefined): z.ZodType {
    return kind === undefined ? moduleActor : kindSchemas[kind]
  }

  const port = z.number().int().min(1).max(65535)
  const wildcardHosts = ['*', '0.0.0.0', '::', '[::]']

  /**
   * A host of the topology. `host` is the address its peers connect to, and the only address its
   * logical links bind: never every interface (`*`) by default.
   */
  const nodeSchema = z.strictObject({
    host: z.string().min(1).refine(h => !wildcardHosts.includes(h), 'must be the address peers connect to, not a wildcard: to listen on every interface, bind an explicit tcp:// endpoint'),
    /** ports for the node's logical links that other nodes (or, without ipc, other processes) reach */
    portRange: z.tuple([port, port]).refine(([a, b]) => a <= b, 'the first port must not be above the last').optional(),
    /** child processes of the node; when given, an actor's "process" must be one of them */
    processes: z.array(z.string().regex(namePattern, 'must be a process name (letters, digits, _ . -)')).optional(),
    /** the node's CURVE key pair: its identity on links between nodes and the default of its CURVE sockets */
    curve: z.strictObject(keyPair).superRefine((curve, ctx) => {
      if ((curve.publicKey === undefined) === (curve.publicKeyFile === undefined) || curve.secretKeyFile === undefined) ctx.addIssue({ code: 'custom', message: 'a node\'s key pair needs "publicKey" or "publicKeyFile" (every node must know it) and "secretKeyFile" (read only on this node)' })
    }).optional(),
    /** the node's logical links may bind its host without CURVE although other hosts can reach it */
    insecure: z.literal(true).optional(),
  })

  const restartIntensity = {
    /** how one actor's failure spreads: only it, every running actor of the group, or it and those started after it */
    strategy: z.enum(strategies).optional(),
    /** restart budget: at most `maxRestarts` restarts within `period` ms, or the group fails for good */
    maxRestarts: z.number().int().min(0).optional(),
    period: positiveInt.optional(),
  }

  /** A supervision group: actors restarted together by one strategy, with their own budget. */
  const groupSchema = z.strictObject({
    actors: z.array(z.string()).min(1),
    ...restartIntensity,
  })

  const topologyShape = z.strictObject({
    /** a JSON Schema for editors (ignored by zeroactor) */
    $schema: z.string().optional(),
    /** a comment (ignored), as JSON Schema spells it */
    $comment: z.string().optional(),
    name: z.string().regex(namePattern, 'must be a name (letters, digits, _ . -)'),
    description: z.string().optional(),
    nodes: z.record(z.string().regex(namePattern), nodeSchema).optional(),
    /** the topology is done when every actor named here has finished (default: every actor) */
    until: z.array(z.string()).optional(),
    /** the supervision of every actor outside `groups` */
    ...restartIntensity,
    /** actors supervised together (OTP's supervisors): each group has its own strategy and budget */
    groups: z.record(z.string().regex(namePattern, 'must be a group name (letters, digits, _ . -)'), groupSchema).optional(),
    /** ms an actor gets to stop after $TERM before the runtime escalates (default 5000) */
    shutdownTimeout: positiveInt.optional(),
    /** ms a publisher waits for the subscribers of the topology before its first send (default 5000) */
    readyTimeout: positiveInt.optional(),
    /** every actor's maxLagMs unless it sets its own (default: no lag events) */
    maxLagMs: positiveInt.optional(),
    /** `{ "curve": true }`: every link between two nodes uses CURVE with the nodes' key pairs */
    security: z.strictObject({ curve: z.boolean().optional() }).optional(),
    actors: z.record(z.string(), z.record(z.string(), z.unknown())),
  })

  return { actorSchema, topologyShape, kindSchemas, moduleActor, socketCurve }
}

type Endpoints = { bind?: string[], connect?: string[] }
export type SocketSideSpec = Endpoints & Record<string, unknown>
export type ProxySideSpec = SocketSideSpec & { type: SocketType }
/** Fields every actor may have, built-in or module. */
export interface CommonActorSpec {
  params?: unknown
  process?: string
  node?: string
  restart?: RestartPolicy
  description?: string
  maxLagMs?: number
  curve?: SocketCurveSpec
  insecure?: true
  [socketOption: string]: unknown
}
/** A built-in actor in a topology: its kind, the common fields, endpoints and its kind's options. */
export type BuiltinActorSpec<K extends BuiltinKind = BuiltinKind> = K extends BuiltinKind ? { kind: K } & CommonActorSpec & Endpoints & BuiltinOptions[K] : never
export type ModuleActorSpec = z.infer<Schemas['moduleActor']>
export type ActorSpec = BuiltinActorSpec | ModuleActorSpec

export interface GroupSpec { actors: string[], strategy?: Strategy, maxRestarts?: number, period?: number }

export type SocketCurveSpec = z.infer<Schemas['socketCurve']>
export interface KeyPairSpec { publicKey?: string, publicKeyFile?: string, secretKeyFile: string }

export interface NodeSpec { host: string, portRange?: [number, number], processes?: string[], curve?: KeyPairSpec, insecure?: true }

/** A validated topology. */
export interface Topology {
  $schema?: string
  $comment?: string
  name: string
  description?: string
  nodes?: Record<string, NodeSpec>
  until?: string[]
  strategy?: Strategy
  maxRestarts?: number
  period?: number
  groups?: Record<string, GroupSpec>
  shutdownTimeout?: number
  readyTimeout?: number
  maxLagMs?: number
  security?: { curve?: boolean }
  actors: Record<string, ActorSpec>
}
