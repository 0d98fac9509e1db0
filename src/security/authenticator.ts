import * as zmq from 'zeromq'
import { z85Encode } from './z85.js'

/**
 * The process's ZAP handler (ZeroMQ RFC 27; czmq's zauth is the model). libzmq asks it, over
 * `inproc://zeromq.zap.01`, whether to let in each peer that completes a CURVE handshake with a
 * server socket of this process: zeromq shares one context across the process's threads, so one
 * handler in the main thread serves the CURVE servers of every worker (H17 in docs/hazards.md).
 *
 * Fail-closed: a CURVE server socket of zeroactor always has a ZAP domain and enforces it, so
 * while no handler runs, libzmq refuses every new handshake; the handler lets in only the public
 * keys registered for the domain, and denies requests for a domain it does not know and every
 * mechanism other than CURVE. Sessions already let in are not affected when it stops.
 */
export const kZapEndpoint = 'inproc://zeromq.zap.01'
/** A denied peer that keeps retrying is reported once per this many ms (libzmq reconnects every 100 ms). */
export const kDenialReportMs = 5000
/** After the handler's socket fails, it is bound again this many ms later. */
const kRestartMs = 50

/** A handshake the authenticator refused. */
export interface Denial {
  domain: string
  /** the peer's IP address */
  address: string
  mechanism: string
  /** the client's public key (CURVE) */
  publicKey?: string
  reason: string
  /** how many handshakes like this one were refused since the last report (1 the first time) */
  attempts: number
}

/** What the authenticator lets in for one ZAP domain (one CURVE server socket). */
export interface Policy {
  allow: ReadonlySet<string>
  denied: (denial: Denial) => void
}

export class Authenticator {
  #socket: zmq.Router | undefined
  #loop: Promise<void> = Promise.resolve()
  #running = false
  #restarts = 0
  readonly #domains = new Map<string, Policy>()
  /** per domain, peer address and key: when the last denial was reported, and the refusals since */
  readonly #reported = new Map<string, { at: number, count: number }>()

  /** Binds the ZAP endpoint and answers requests until stop(). Idempotent. */
  async start (): Promise<void> {
    if (this.#running) return
    this.#running = true
    await this.#bind()
  }

  /** Stops answering: new CURVE handshakes are refused until start() (live sessions go on). */
  async stop (): Promise<void> {
    this.#running = false
    this.#socket?.close()
    await this.#loop
  }

  /** How many times the handler's socket failed and was bound again. */
  get restarts (): number { return this.#restarts }

  get running (): boolean { return this.#running && this.#socket !== undefined && !this.#socket.closed }

  /** Lets in `policy.allow` on `domain`; returns the function that forgets the domain. */
  register (domain: string, policy: Policy): () => void {
    this.#domains.set(domain, policy)
    return () => { if (this.#domains.get(domain) === policy) this.#domains.delete(domain) }
  }

  get domains (): number { return this.#domains.size }

  /** @internal tests: the handler's socket dies as if by an error; the authenticator binds again. */
  kill (): void {
    this.#socket?.close()
  }

  async #bind (): Promise<void> {
    const socket = new zmq.Router()
    socket.linger = 0
    for (let attempt = 0; ; attempt++) {
      try {
        await socket.bind(kZapEndpoint)
        break
      } catch (error) {
        // the handler of an authenticator stopped a moment ago may not be unbound yet
        if ((error as { code?: string }).code !== 'EADDRINUSE' || attempt === 20) { socket.close(); throw error }
        await new Promise(resolve => setTimeout(resolve, 10))
      }
    }
    this.#socket = socket
    this.#loop = this.#serve(socket)
  }

  async #serve (socket: zmq.Router): Promise<void> {
    try {
      for await (const frames of socket) await this.#answer(socket, frames)
    } catch {
      // the socket failed or was closed under a pending receive: below, bound again unless stopped
    }
    if (!socket.closed) socket.close()
    if (!this.#running) return
    this.#restarts++
    await new Promise(resolve => setTimeout(resolve, kRestartMs))
    if (this.#running) await this.#bind().catch(() => { this.#running = false })
  }

  async #answer (socket: zmq.Router, frames: Buffer[]): Promise<void> {
    // [routing id, empty, version, request id, domain, address, identity, mechanism, credentials...]
    if (frames.length < 8) return // not a ZAP request: nothing to answer
    const [routing, , version, requestId, domainFrame, addressFrame, , mechanismFrame, ...credentials] = frames as [Buffer, Buffer, Buffer, Buffer, Buffer, Buffer, Buffer, Buffer, ...Buffer[]]
    const reply = async (status: '200' | '400' | '500', text: string, userId = ''): Promise<void> => {
      await socket.send([routing, '', '1.0', requestId, status, text, userId, ''])
    }
    if (version.toString() !== '1.0') { await reply('500', 'unsupported ZAP version'); return }
    const domain = domainFrame.toString()
    const mechanism = mechanismFrame.toString()
    const policy = this.#domains.get(domain)
    const key = mechanism === 'CURVE' && credentials[0]?.byteLength === 32 ? z85Encode(credentials[0]) : undefined
    let reason: string
    if (policy === undefined) reason = domain === '' ? 'no ZAP domain: not a zeroactor CURVE server' : `unknown domain "${domain}"`
    else if (mechanism !== 'CURVE') reason = `mechanism ${mechanism} is not allowed (CURVE only)`
    else if (key === undefined) reason = 'malformed CURVE credentials'
    else if (policy.allow.has(key)) { await reply('200', 'OK', key); return } else reason = 'public key not allowed'
    await reply('400', reason)
    if (policy !== undefined) this.#report(policy, { domain, address: addressFrame.toString(), mechanism, ...(key !== undefined ? { publicKey: key } : {}), reason })
  }

  /** Reports a denial at once, then at most once per kDenialReportMs per domain, peer and key. */
  #report (policy: Policy, denial: Omit<Denial, 'attempts'>): void {
    const id = `${denial.domain}\0${denial.address}\0${denial.publicKey ?? denial.mechanism}`
    const now = Date.now()
    const last = this.#reported.get(id)
    if (last !== undefined && now - last.at < kDenialReportMs) { last.count++; return }
    if (this.#reported.size > 10_000) this.#reported.clear() // many peers: forget, report again
    this.#reported.set(id, { at: now, count: 0 })
    policy.denied({ ...denial, attempts: 1 + (last?.count ?? 0) })
  }
}

let shared: Authenticator | undefined
let users = 0

/**
 * The process's authenticator, started on first use; `release()` stops it when its last user
 * (an app with CURVE servers in this process) is gone.
 */
export async function acquireAuthenticator (): Promise<{ authenticator: Authenticator, release: () => Promise<void> }> {
  shared ??= new Authenticator()
  const authenticator = shared
  users++
  await authenticator.start()
  let released = false
  return {
    authenticator,
    release: async () => {
      if (released) return
      released = true
      if (--users === 0) { shared = undefined; await authenticator.stop() }
    },
  }
}

/** @internal tests: the process's authenticator, if one runs. */
export function processAuthenticator (): Authenticator | undefined {
  return shared
}
