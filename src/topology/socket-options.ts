import type { z } from 'zod'
import { lazyRequire, once } from '../deps.js'

/**
 * The zeromq.js socket options a topology may set, by their zeromq.js names (the ZMQ constant is
 * in the comment). Options are validated here and later applied through property setters, never
 * through a socket constructor: a misspelled or wrong-typed constructor option makes zeromq.js
 * segfault at exit (H9 in docs/hazards.md).
 */
export const socketOptionShape = once(buildShape)
type OptionShape = ReturnType<typeof buildShape>

function buildShape () {
  const { z } = lazyRequire('zod') as typeof import('zod')
  const int = z.number().int()
  const ms = int.min(-1)

  return {
    /** ZMQ_LINGER, ms; zeroactor's default is 500 (libzmq's -1 hangs exit: H3) */
    linger: ms,
    /** ZMQ_SNDHWM */
    sendHighWaterMark: int.min(0),
    /** ZMQ_RCVHWM */
    receiveHighWaterMark: int.min(0),
    /** ZMQ_MAXMSGSIZE, bytes; -1 = no limit. Below 256 breaks CURVE handshakes (H8). */
    maxMessageSize: int.refine(v => v === -1 || v >= 256, 'must be -1 (no limit) or at least 256 bytes (H8)'),
    /** ZMQ_SNDTIMEO, ms */
    sendTimeout: ms,
    /** ZMQ_RCVTIMEO, ms */
    receiveTimeout: ms,
    /** ZMQ_HEARTBEAT_IVL, ms */
    heartbeatInterval: int.min(0),
    /** ZMQ_HEARTBEAT_TIMEOUT, ms */
    heartbeatTimeout: int.min(0),
    /** ZMQ_HEARTBEAT_TTL, ms */
    heartbeatTimeToLive: int.min(0),
    /** ZMQ_RECONNECT_IVL, ms */
    reconnectInterval: ms,
    /** ZMQ_RECONNECT_IVL_MAX, ms */
    reconnectMaxInterval: int.min(0),
    /** ZMQ_CONNECT_TIMEOUT, ms */
    connectTimeout: int.min(0),
    /** ZMQ_HANDSHAKE_IVL, ms */
    handshakeInterval: int.min(0),
    /** ZMQ_IMMEDIATE */
    immediate: z.boolean(),
    /** ZMQ_BACKLOG */
    backlog: int.min(0),
    /** ZMQ_SNDBUF, bytes */
    sendBufferSize: int.min(-1),
    /** ZMQ_RCVBUF, bytes */
    receiveBufferSize: int.min(-1),
    /** ZMQ_TCP_KEEPALIVE: -1 system default, 0 off, 1 on */
    tcpKeepalive: int.min(-1).max(1),
    /** ZMQ_TCP_KEEPALIVE_IDLE, s */
    tcpKeepaliveIdle: int.min(-1),
    /** ZMQ_TCP_KEEPALIVE_INTVL, s */
    tcpKeepaliveInterval: int.min(-1),
    /** ZMQ_TCP_KEEPALIVE_CNT */
    tcpKeepaliveCount: int.min(-1),
    /** ZMQ_TCP_MAXRT, ms */
    tcpMaxRetransmitTimeout: int.min(0),
    /** ZMQ_TOS */
    typeOfService: int.min(0),
    /** ZMQ_MULTICAST_HOPS */
    multicastHops: int.min(0),
    /** ZMQ_ROUTING_ID */
    routingId: z.string().min(1).max(255),
    /** ZMQ_XPUB_NODROP (pub, xpub): send() rejects with EAGAIN at the HWM instead of dropping */
    noDrop: z.boolean(),
    /** ZMQ_INVERT_MATCHING (pub, sub, xpub) */
    invertMatching: z.boolean(),
    /** ZMQ_REQ_RELAXED (req) */
    relaxed: z.boolean(),
    /** ZMQ_REQ_CORRELATE (req) */
    correlate: z.boolean(),
    /** ZMQ_ROUTER_MANDATORY (router); pair it with sendTimeout or send() can hang (H7) */
    mandatory: z.boolean(),
    /** ZMQ_PROBE_ROUTER (router, dealer, req) */
    probeRouter: z.boolean(),
    /** ZMQ_ROUTER_HANDOVER (router) */
    handover: z.boolean(),
    /** ZMQ_XPUB_VERBOSE (xpub) */
    verbose: z.boolean(),
  }
}

export type SocketOptions = { [K in keyof OptionShape]?: z.infer<OptionShape[K]> }

/** Options that exist in zeromq.js but that a topology may not set, with the reason. */
export const refusedSocketOptions: Record<string, string> = {
  // ZMQ_RATE / ZMQ_RECOVERY_IVL are PGM-only (this libzmq has no pgm); "rate" is the publisher's messages/s
  recoveryInterval: 'PGM multicast is not available in this libzmq build',
  conflate: 'conflate delivers only the last frame of a multipart message (H13)',
  curveServer: 'security options come with the security issue, not as raw socket options',
  curveSecretKey: 'security options come with the security issue, not as raw socket options',
  curvePublicKey: 'security options come with the security issue, not as raw socket options',
  curveServerKey: 'security options come with the security issue, not as raw socket options',
  plainServer: 'PLAIN sends passwords in clear text; not supported',
  plainUsername: 'PLAIN sends passwords in clear text; not supported',
  plainPassword: 'PLAIN sends passwords in clear text; not supported',
  zapDomain: 'security options come with the security issue, not as raw socket options',
}

/** The names of every option a topology may set. */
export const socketOptionNames = once(() => Object.keys(socketOptionShape()) as Array<keyof OptionShape>)

/** zeroactor's defaults, applied under the topology's options. */
export const kDefaultSocketOptions: SocketOptions = Object.freeze({ linger: 500 })
