/**
 * H34 in docs/hazards.md: `process.exit()` in the main thread while actors run. Node then ends
 * every worker thread at once, sockets open, and zeromq aborts the process (`terminate called
 * after throwing an instance of 'Napi::Error'`, 5 runs in 6). Nothing asynchronous can run after
 * `process.exit()`, but other threads can: the runtime's `exit` listener (runtime/fatal.ts) sends
 * $TERM to every actor and blocks the main thread with `Atomics.wait` until each host has been
 * through its close path.
 *
 * The close flag is one Int32 in a SharedArrayBuffer, shared by an actor's runner (main thread)
 * and its host (actor thread), new at every start. A leaf module: both sides import it.
 */
const kQueued = 0
const kOpen = 1
const kClosed = 2
/** the process was exiting before the host began: it must not open anything */
const kCancelled = 3

export function createCloseFlag (): Int32Array {
  return new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT))
}

/** Host, before its first socket: false when the process is already exiting (open nothing). */
export function hostOpens (flag: Int32Array): boolean {
  return Atomics.compareExchange(flag, 0, kQueued, kOpen) === kQueued
}

/**
 * Host, at the end of its close path: every socket is closed, no zeromq work is pending. Runner,
 * when the host's thread died: its sockets died with it.
 */
export function markClosed (flag: Int32Array): void {
  Atomics.store(flag, 0, kClosed)
  Atomics.notify(flag, 0)
}

/** Whether the host has closed its sockets, or never opened any. */
export function isClosed (flag: Int32Array): boolean {
  const state = Atomics.load(flag, 0)
  return state === kClosed || state === kCancelled
}

/**
 * Main thread, while the process exits: blocks until each host that may hold sockets has closed
 * them, or until `deadline` (a `Date.now()` time); a host that has not begun yet never will.
 * Returns the names of the actors still open at the deadline.
 */
export function awaitClosed (flags: Array<{ name: string, flag: Int32Array }>, deadline: number): string[] {
  const open: string[] = []
  for (const { name, flag } of flags) {
    if (Atomics.compareExchange(flag, 0, kQueued, kCancelled) === kQueued) continue
    while (Atomics.load(flag, 0) === kOpen) {
      const left = deadline - Date.now()
      if (left <= 0) { open.push(name); break }
      Atomics.wait(flag, 0, kOpen, left)
    }
  }
  return open
}
