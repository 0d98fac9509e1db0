import { isIP } from 'node:net'
import { TopologyError } from '../errors.js'

/**
 * The endpoint grammar of a topology: `scheme://address` used as is, or a bare logical link name
 * that the plan resolves by placement. One parser for the schema, the plan and the security checks.
 */
export type Endpoint =
  | { transport: 'logical', name: string }
  | { transport: 'tcp', host: string, port: number | '*' }
  | { transport: 'ipc', path: string }
  | { transport: 'inproc', name: string }
  | { transport: 'udp', address: string }

export const transports = ['tcp', 'ipc', 'inproc', 'udp'] as const
export const namePattern = /^[A-Za-z_][\w.-]*$/
/** the longest Unix socket path (sun_path holds 108 bytes on Linux, with the final NUL) */
const kMaxIpcPath = 107

/** The problem with an endpoint, in words, or undefined when it parses. */
export function endpointProblem (value: string): string | undefined {
  const parsed = parse(value)
  return typeof parsed === 'string' ? parsed : undefined
}

/**
 * Parses an endpoint.
 * @throws {TopologyError} `ERR_ACTOR_INVALID_TOPOLOGY` naming the problem
 */
export function parseEndpoint (value: string): Endpoint {
  const parsed = parse(value)
  if (typeof parsed === 'string') throw new TopologyError([{ path: 'endpoint', message: parsed }])
  return parsed
}

function parse (value: string): Endpoint | string {
  if (typeof value !== 'string') return 'an endpoint is a string'
  const match = /^([a-z]+):\/\/(.*)$/s.exec(value)
  if (match === null) {
    return namePattern.test(value) ? { transport: 'logical', name: value } : `"${value}" is neither a scheme://address endpoint nor a logical link name (letters, digits, _ . -)`
  }
  const [, scheme, address] = match as unknown as [string, string, string]
  if (scheme === 'pgm' || scheme === 'epgm') return `"${scheme}://" needs a libzmq built with PGM, and zeromq's has none: for multicast, use radio/dish over udp:// (docs/built-in-actors.md)`
  if (!(transports as readonly string[]).includes(scheme)) return `unknown transport "${scheme}://" (use ${transports.map(s => s + '://').join(', ')})`
  if (address === '') return `"${value}" has no address`
  if (scheme === 'tcp') {
    const tcp = /^(\[[^\]]+\]|[^:[\]\s/]+):(\d+|\*)$/.exec(address)
    if (tcp === null) return `"${value}" must be tcp://host:port (port may be *)`
    const port = tcp[2] === '*' ? '*' : Number(tcp[2])
    if (port !== '*' && (port < 1 || port > 65535)) return `"${value}": port ${tcp[2]} is outside 1-65535`
    return { transport: 'tcp', host: tcp[1]!.replace(/^\[(.*)\]$/, '$1'), port }
  }
  if (scheme === 'ipc') {
    // a longer path fails at bind with libzmq's "Operation was not possible or timed out"
    const bytes = Buffer.byteLength(address)
    if (!address.startsWith('@') && bytes > kMaxIpcPath) return `"${value}": the ipc path is ${bytes} bytes; a Unix socket path holds at most ${kMaxIpcPath} (use a shorter path, e.g. under /tmp)`
    return { transport: 'ipc', path: address }
  }
  if (scheme === 'inproc') return { transport: 'inproc', name: address }
  return { transport: 'udp', address }
}

/**
 * Whether a tcp host is a loopback address (127.0.0.0/8, ::1, localhost): reachable from this
 * machine only. A wildcard (`*`, 0.0.0.0, ::), a host name or an interface name is not.
 */
export function isLoopback (host: string): boolean {
  if (host === 'localhost') return true
  if (isIP(host) === 4) return host.startsWith('127.')
  if (isIP(host) === 6) return host === '::1' || /^(0{0,4}:){7}0{0,3}1$/.test(host) || /^::ffff:127\./i.test(host)
  return false
}
