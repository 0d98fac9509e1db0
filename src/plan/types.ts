/**
 * The plan's types: what the planner computes from a validated topology and what the runtime, the
 * actor hosts and child processes receive. A leaf: it imports only the topology's types, so every
 * layer may import it without pulling in planner code: actor threads import it for its types and
 * its few shared constants.
 */
import type { BuiltinKind, SocketType, Strategy } from '../topology/schema.js'
import type { ResolvedModuleRef } from '../topology/module-ref.js'
import type { SocketOptions } from '../topology/socket-options.js'

/** The transports a logical link can resolve to, by placement. */
export type Transport = 'inproc' | 'ipc' | 'tcp'

/**
 * Whether a socket has an ipc or tcp endpoint: the links that get heartbeats by default and that
 * the runtime watches for peers coming and going.
 */
export const crossesProcesses = (socket: { bind: readonly string[], connect: readonly string[] }): boolean =>
  [...socket.bind, ...socket.connect].some(ep => ep.startsWith('tcp://') || ep.startsWith('ipc://'))

/** Every readiness token starts with this: a subscription prefix no message of yours starts with. */
export const kTokenPrefix = '\u0000za-ready/'

/** The OS process of a node that runs the node runtime itself (the others are its children). */
export const kMainProcess = 'main'

export type RestartPolicy = 'permanent' | 'transient' | 'temporary'

export type { ResolvedModuleRef } from '../topology/module-ref.js'

/**
 * The readiness barrier of one socket (H14, H15 in docs/hazards.md; see readiness.ts): its token,
 * the tokens a pub socket waits for, and how long it waits at most.
 */
export interface ReadinessPlan {
  /** this socket's token, a subscription prefix no message of yours starts with */
  token: string
  /** tokens a pub socket waits for before its first send */
  peers: string[]
  /** ms it waits at most (the topology's readyTimeout) */
  timeout: number
}

/** A socket of an internal link (see internal-links.ts and actor/link/wire.ts). */
export interface FramingPlan {
  /** this socket's id: the sender field of its trailers */
  id: number
  /** the counters slot of this socket's own figures as a sender (counters.ts: SocketCounter) */
  slot: number
  /**
   * the sockets it is linked to: id, `actor.socket`, the counters slot of the figures kept about
   * that peer, and for a peer on another node its readiness token (a publisher's node waits at stop
   * for such a subscriber to acknowledge its end of stream: actor/link/end-of-stream.ts)
   */
  peers: Array<{ id: number, name: string, slot: number, remoteToken?: string }>
  /** bytes a batch body may take: at most kBatchBytes, and under every linked socket's maxMessageSize */
  maxBatchBytes: number
  /** the actor's maxLagMs: a `lagging` event when a message arrives later than this */
  maxLagMs?: number
  /** a finished producer keeps this socket open until its peers (all on other nodes) have left (holds.ts) */
  holdsUntilPeersLeave?: true
}

/**
 * CURVE on one socket (see security.ts). A secret key is never part of a plan (plans travel to
 * threads and child processes, and `check` prints them): only the path of its file, read by the
 * socket that uses it.
 */
export interface CurvePlan {
  publicKey: string
  /** absolute path of the secret key file */
  secretKeyFile: string
  /** a CURVE server: its ZAP domain (one per socket) and the client keys the authenticator lets in */
  server?: { domain: string, allow: string[] }
  /** a CURVE client: the server's public key for each endpoint it connects to with CURVE */
  serverKeys: Record<string, string>
}

/** One socket of one actor, every endpoint concrete. */
export interface SocketPlan {
  /** undefined for a user module's socket: its definition names the type */
  type?: SocketType
  bind: string[]
  connect: string[]
  options: SocketOptions
  /** the topology sets this socket's `linger` (not zeroactor's default): it also bounds how long a finished producer waits for its consumers on other nodes (waitLimit below) */
  lingerGiven?: true
  /** the readiness barrier's token and peers (see readiness.ts) */
  ready?: ReadinessPlan
  /** set when the socket is on an internal link: its trailer and batch settings, its peers (see internal-links.ts) */
  framing?: FramingPlan
  /** set when the socket uses CURVE (see security.ts) */
  curve?: CurvePlan
}

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
  /** every actor that connects to the link, `local` ones included */
  connectors: string[]
  /**
   * A link between nodes with connectors on its binder's node too: the binder binds this endpoint
   * as well, and those connectors connect here (inproc, or ipc across processes), not over tcp
   */
  local?: { endpoint: string, transport: Transport, connectors: string[] }
}

/** The concrete endpoints of a logical link: its endpoint, and its `local` one where it has one. */
export function endpointsOf (link: LinkPlan): string[] {
  return link.local === undefined ? [link.endpoint] : [link.endpoint, link.local.endpoint]
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

/** Reports one problem at a field path of the topology (the planner collects them all). */
export type AddIssue = (path: Array<string | number>, message: string) => void

/**
 * How many consumers on other nodes a socket that holds for them (holds.ts) connects to: one for
 * each of its tcp endpoints. Until it has connected to one once, the consumer there is still to
 * come, and what the socket sends meanwhile is queued for it (host/tail.ts).
 */
export function consumersToCome (socket: SocketPlan): number {
  return socket.framing?.holdsUntilPeersLeave === true ? socket.connect.filter(ep => ep.startsWith('tcp://')).length : 0
}

/** {@link consumersToCome} of all of an actor's sockets: what it feeds on other nodes before its host has counted a connection. */
export function farConsumersToCome (actor: ActorPlan): number {
  return Object.values(actor.sockets).reduce((n, socket) => n + consumersToCome(socket), 0)
}

/**
 * How long a finished producer waits on this socket for its consumers on other nodes (H37: until
 * they have left; H35: until they have acknowledged its end of stream), in ms: as long as they
 * take (undefined), unless the topology sets the socket's `linger` (0 or more). Like a closing
 * socket's linger in zeromq, it then bounds how long the stream's tail may take to reach them.
 */
export function waitLimit (socket: SocketPlan): number | undefined {
  const linger = socket.options.linger ?? -1
  return socket.lingerGiven === true && linger >= 0 ? linger : undefined
}

/** The longest {@link waitLimit} of `sockets`: undefined (as long as it takes) when one has none, or there are none. */
export function longestWait (sockets: SocketPlan[]): number | undefined {
  const limits = sockets.map(waitLimit)
  return limits.length === 0 || limits.includes(undefined) ? undefined : Math.max(...limits as number[])
}

/**
 * How long a node whose `until` actors have finished waits for this running actor while it feeds
 * consumers on other nodes (runtime/until.ts): the {@link longestWait} of its holding sockets.
 */
export function feedLimit (actor: ActorPlan): number | undefined {
  return longestWait(Object.values(actor.sockets).filter(s => s.framing?.holdsUntilPeersLeave === true))
}
