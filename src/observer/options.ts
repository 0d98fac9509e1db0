/**
 * The observer's options, checked before anything starts (spawn and `zeroactor run --observe`
 * both ask here). The rule is the one of tcp binds without CURVE: the observer stays on the
 * machine (loopback) unless it has a token, and then every request must carry it.
 */

/** `spawn(topology, { observe })` and `zeroactor run --observe <port>`. */
export interface ObserveOptions {
  /** the port to serve on; 0: any free port (`app.observerUrl` says which) */
  port: number
  /** the address to bind (default 127.0.0.1); any but loopback needs a token */
  host?: string
  /** a token every request must carry: `Authorization: Bearer <token>`, or `?token=<token>` */
  token?: string
}

const kLoopback = new Set(['127.0.0.1', '::1', 'localhost'])

/**
 * The options filled in (host 127.0.0.1).
 * @throws {TypeError|RangeError} naming the option: a port that is not 0–65535, an empty token,
 * or a host other than loopback without a token
 */
export function checkObserveOptions (options: ObserveOptions): Required<Omit<ObserveOptions, 'token'>> & { token?: string } {
  if (typeof options !== 'object' || options === null) throw new TypeError('observe must be an object { port, host?, token? }')
  const { port, host = '127.0.0.1', token } = options
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new RangeError(`observe.port must be a port number (0 for any free port), got ${String(port)}`)
  if (typeof host !== 'string' || host === '') throw new TypeError(`observe.host must be an address, got ${String(host)}`)
  if (token !== undefined && (typeof token !== 'string' || token.trim() === '')) throw new TypeError('observe.token must be a non-empty string')
  if (!kLoopback.has(host) && token === undefined) {
    throw new RangeError(`observe.host ${host}: an observer reachable from other machines needs a token (observe.token, --observe-token); without one it binds 127.0.0.1 only`)
  }
  return { port, host, ...(token !== undefined ? { token } : {}) }
}
