import type { SocketPlan } from '../../plan/types.js'
import { quietly, type Native } from './native.js'

/**
 * H31: libzmq releases a closed socket's endpoints later, on its reaper thread, so an actor
 * restarted at once can find its own old address still taken. EADDRINUSE is retried this long.
 */
const kRebindMs = 1000
const kRebindStepMs = 10

/**
 * A socket's endpoints: binding and connecting them (as a CURVE client with each server's key
 * where the plan says so), the addresses actually bound, and reconnecting one (H6 in
 * docs/hazards.md). A failure names the socket and the endpoint and keeps zeromq's errno code.
 */
export class Endpoints {
  readonly #plan: SocketPlan
  readonly #socket: string
  #bound: string[] = []
  /** the CURVE server key last set on the native socket (zeromq.js cannot read it back) */
  #serverKey: string | undefined

  /** @param socket the socket as errors name it: `socket "name" (type)` */
  constructor (plan: SocketPlan, socket: string) {
    this.#plan = plan
    this.#socket = socket
  }

  /** The endpoints actually bound (with `tcp://host:*` resolved to the port the OS gave). */
  get bound (): readonly string[] {
    return this.#bound
  }

  /** Binds and connects every endpoint of the plan on a (new) native socket. */
  async open (native: Native): Promise<void> {
    this.#bound = []
    this.#serverKey = undefined
    for (const ep of this.#plan.bind) {
      const deadline = Date.now() + kRebindMs
      for (let attempt = 1; ; attempt++) {
        try {
          await native.bind(ep)
          break
        } catch (error) {
          const taken = (error as { code?: string }).code === 'EADDRINUSE' && !native.closed
          if (!taken || Date.now() >= deadline) throw this.#error('bind', ep, error)
        }
        await new Promise(resolve => setTimeout(resolve, kRebindStepMs * Math.min(attempt, 10)))
      }
      this.#bound.push(native.lastEndpoint ?? ep)
    }
    for (const ep of this.#plan.connect) this.#connect(native, ep)
  }

  /**
   * An inproc connection does not survive its binder's restart (H6): the dead pipe is dropped (it
   * may be gone already) and the endpoint connected afresh (zeromq sends subscriptions again on
   * the new pipe).
   */
  reconnect (native: Native, endpoint: string): void {
    if (native.closed || !this.#plan.connect.includes(endpoint)) return
    try {
      native.disconnect(endpoint)
    } catch (error) {
      if ((error as { code?: string }).code !== 'ENOENT') throw error
    }
    this.#connect(native, endpoint)
  }

  #connect (native: Native, ep: string): void {
    try {
      const serverKey = this.#plan.curve?.serverKeys[ep]
      if (serverKey !== undefined && this.#serverKey !== serverKey) {
        // libzmq takes the key at connect(); zeromq.js warns about any option set after one
        quietly(() => { native.curveServerKey = serverKey })
        this.#serverKey = serverKey
      }
      native.connect(ep)
    } catch (error) {
      throw this.#error('connect to', ep, error)
    }
  }

  #error (what: string, endpoint: string, error: unknown): Error {
    const { message, code } = error as { message?: string, code?: string }
    return Object.assign(new Error(`${this.#socket} could not ${what} ${endpoint}: ${message ?? String(error)}`, { cause: error }), code !== undefined ? { code } : {})
  }
}
