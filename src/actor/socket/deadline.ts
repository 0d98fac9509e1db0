import type * as zmq from 'zeromq'

/**
 * A receive or send pending on a socket that connects over inproc re-checks the socket this
 * often. When the binder restarts, the runtime connects the socket again (H6 in docs/hazards.md), and the new pipe
 * starts out "active": libzmq sends no command that would wake zeromq.js's edge-triggered
 * poller, so a receive (or a send blocked at the high-water mark) pending since before the
 * reconnect would never see it. Work that can proceed at once does so (no timer); an idle
 * socket wakes up ten times a second.
 */
export const kRewakeMs = 100

/** When a send or receive with this timeout (ms, -1: none) gives up. */
export function deadlineOf (timeout: number): number {
  return timeout >= 0 ? Date.now() + timeout : Infinity
}

/** The timeout (ms, -1: none) left until a deadline. */
export function remaining (deadline: number): number {
  return deadline === Infinity ? -1 : Math.max(0, deadline - Date.now())
}

/** How long one native wait may last on a socket that re-checks (see kRewakeMs). */
export function rewakeWait (deadline: number): number {
  // no clock read without a deadline: this runs for every message an inproc connector sends
  return deadline === Infinity ? kRewakeMs : Math.max(0, Math.min(kRewakeMs, deadline - Date.now()))
}

/** An EAGAIN on an open socket before the deadline: the wait ended early, go again. */
export function retryable (error: unknown, native: zmq.Socket, deadline: number): boolean {
  return !native.closed && (error as { code?: string }).code === 'EAGAIN' && Date.now() < deadline
}

type Timeout = 'receiveTimeout' | 'sendTimeout'

/** A native socket's timeouts as last set, so the hot path sets each only when it changes. */
export class NativeTimeouts {
  #set: Record<Timeout, number>

  constructor (receiveTimeout: number, sendTimeout: number) {
    this.#set = { receiveTimeout, sendTimeout }
  }

  apply (native: zmq.Socket & Partial<Record<Timeout, number>>, option: Timeout, ms: number): void {
    if (ms === this.#set[option] || native.closed) return
    native[option] = ms
    this.#set[option] = ms
  }
}

/**
 * A send that retries: every kRewakeMs while it waits, on sockets that connect over inproc
 * (`rewake`), and after an EAGAIN at the high-water mark with `noDrop` (H14: zeromq refuses
 * instead of waiting), backing off from the next turn of the loop to 1 ms. `native` is asked
 * anew on each attempt: a reset replaces the socket.
 */
export async function sendRetrying (native: () => zmq.Socket & zmq.Writable, frames: Array<string | Buffer>, deadline: number, how: { rewake: boolean, noDrop: boolean, timeouts: NativeTimeouts }): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    const socket = native()
    if (how.rewake) how.timeouts.apply(socket, 'sendTimeout', rewakeWait(deadline))
    try {
      await socket.send(frames)
      return
    } catch (error) {
      if (!retryable(error, socket, deadline)) throw error
    }
    if (how.noDrop) await new Promise(resolve => (attempt < 10 ? setImmediate(resolve) : setTimeout(resolve, 1)))
  }
}
