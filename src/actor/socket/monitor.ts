import type * as zmq from 'zeromq'

const kObserveRetries = 10
const kObserveRetryMs = 5

interface Watcher {
  /** `native`: which native socket the event is of, counted from 1 (each reset makes a new one) */
  event: (event: zmq.Event, native: number) => void
  end: () => void
  /** kept across a socket reset; the others end with the observer */
  persistent?: boolean
}

/**
 * A socket's monitor events (connect, accept, disconnect, handshake...): one zeromq.js Observer
 * per native socket, read by one loop (H5 in docs/hazards.md: never two receives; H12: never the observer's emitter
 * mode), fanned out to every watcher. inproc has no monitor events.
 *
 * The observer is never closed while its socket lives: closing it first made the next socket
 * that reused the file descriptor numbers miss its messages. Closing the socket stops its monitor
 * once libzmq destroys it (after the linger); the observer then ends by itself and its reader loop
 * with it ({@link drained}). {@link end} is the close path's last resort.
 */
export class Monitor {
  readonly #native: () => zmq.Socket
  #observer: zmq.Observer | undefined
  readonly #observers: zmq.Observer[] = []
  readonly #watchers = new Set<Watcher>()
  readonly #readers: Array<Promise<void>> = []

  /** @param native the socket to observe, as it is now (a reset replaces it) */
  constructor (native: () => zmq.Socket) {
    this.#native = native
  }

  /** Whether anyone watches: a reset socket is observed again only then. */
  get watched (): boolean {
    return this.#watchers.size > 0
  }

  /** The events as an async iterable that ends when the socket closes. */
  events (): AsyncIterable<zmq.Event> {
    const queue: zmq.Event[] = []
    let wake: (() => void) | undefined
    let ended = false
    const watcher: Watcher = {
      event: e => { queue.push(e); wake?.() },
      end: () => { ended = true; wake?.() },
    }
    const start = (): void => { this.#watchers.add(watcher); this.observe() }
    const watchers = this.#watchers
    return {
      async * [Symbol.asyncIterator] () {
        start()
        try {
          while (true) {
            while (queue.length > 0) yield queue.shift()!
            if (ended) return
            await new Promise<void>(resolve => { wake = resolve })
            wake = undefined
          }
        } finally {
          watchers.delete(watcher)
        }
      },
    }
  }

  /**
   * Every event, for the socket's whole life (across resets): the runtime's link watch. An event
   * comes with the number of the native socket it is of (1, then 2 after a reset...): the old
   * socket's events may still arrive after the new one's first, and its connections ended with it.
   */
  watch (onEvent: (event: zmq.Event, native: number) => void): void {
    this.#watchers.add({ event: onEvent, end: () => {}, persistent: true })
    this.observe()
  }

  /**
   * Starts observing the current native socket, unless already. zeromq.js names a monitor
   * `inproc://zmq.monitor.<address of the observer object>`, and a closed socket's monitor
   * endpoint is released asynchronously by libzmq's reaper: a new observer allocated at a recycled
   * address can find the name still taken (EADDRINUSE). That is transient, so it is retried a few
   * times instead of failing the actor.
   */
  observe (attempt = 0): void {
    const native = this.#native()
    if (this.#observer !== undefined || native.closed) return
    let observer: zmq.Observer
    try {
      observer = this.#observer = native.events
      this.#observers.push(observer)
    } catch (error) {
      if ((error as { code?: string }).code !== 'EADDRINUSE' || attempt >= kObserveRetries) throw error
      setTimeout(() => this.observe(attempt + 1), kObserveRetryMs * (attempt + 1))
      return
    }
    const number = this.#observers.length // one observer per native socket
    this.#readers.push((async () => {
      while (!observer.closed) {
        let event: zmq.Event
        try {
          event = await observer.receive()
        } catch {
          break // closed with the socket
        }
        for (const w of this.#watchers) w.event(event, number)
      }
      for (const w of this.#watchers) {
        if (w.persistent !== true) { w.end(); this.#watchers.delete(w) }
      }
    })())
  }

  /** The socket is closing: its observer ends by itself (see above); the next socket gets a new one. */
  detach (): void {
    this.#observer = undefined
  }

  /** Ends observers still pending after the socket's linger (libzmq stops a monitor only when it destroys the socket). */
  end (): void {
    for (const observer of this.#observers) if (!observer.closed) observer.close()
  }

  /** Resolves once every reader loop has ended. */
  get drained (): Promise<void> {
    return Promise.all(this.#readers).then(() => {})
  }
}
