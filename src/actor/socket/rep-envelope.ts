import { SocketStateError } from '../../errors.js'

/**
 * REP's rules over a ROUTER. A rep socket is a ROUTER underneath: libzmq's own REP stopped
 * receiving for good after hostile peers sent it malformed messages (test/integration/hostile.ts:
 * 0 of 100 round trips afterwards); a ROUTER with the same input kept working. This keeps the
 * envelope of the request being answered (routing id, labels, empty delimiter) and enforces one
 * reply per request.
 */
export class RepEnvelope {
  readonly #socket: string
  #envelope: Buffer[] | undefined

  constructor (socket: string) {
    this.#socket = socket
  }

  /** Whether a request waits for its reply. */
  get pending (): boolean {
    return this.#envelope !== undefined
  }

  /** Throws unless the socket may receive the next request. */
  checkReceive (): void {
    if (this.#envelope !== undefined) throw new SocketStateError(`socket "${this.#socket}" is a rep socket: it must reply before it receives the next request`)
  }

  /**
   * A ROUTER message `[routing id, labels..., empty delimiter, body...]`: keeps the envelope and
   * returns the body, or undefined for a message REP drops (no delimiter, or no body).
   */
  open (frames: Buffer[]): Buffer[] | undefined {
    const delimiter = frames.findIndex((f, i) => i > 0 && f.byteLength === 0)
    if (delimiter < 0 || delimiter === frames.length - 1) return undefined
    this.#envelope = frames.slice(0, delimiter + 1)
    return frames.slice(delimiter + 1)
  }

  /** The reply: the request's envelope, then the frames (REP's rule: one reply per request). */
  wrap<F extends string | Buffer> (frames: F[]): Array<F | Buffer> {
    const envelope = this.#envelope
    if (envelope === undefined) throw new SocketStateError(`socket "${this.#socket}" is a rep socket: it sends one reply after each request it received`)
    this.#envelope = undefined
    return [...envelope, ...frames]
  }

  /** A new native socket: no request is pending on it. */
  clear (): void {
    this.#envelope = undefined
  }
}
