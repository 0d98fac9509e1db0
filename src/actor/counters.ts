/**
 * An actor's counters live in a SharedArrayBuffer written by the actor's thread and read by the
 * runtime: `app.stats()` is synchronous and costs no message between threads. One writer per
 * slot; aligned 8-byte writes are atomic on the platforms Node supports, so readers never see a
 * torn value, only a slightly old one.
 */
export const Counter = { sent: 0, received: 1, errors: 2, bytesSent: 3, bytesReceived: 4 } as const
export type CounterName = keyof typeof Counter

export function createCounters (): Float64Array {
  return new Float64Array(new SharedArrayBuffer(Object.keys(Counter).length * Float64Array.BYTES_PER_ELEMENT))
}

export function readCounters (counters: Float64Array): Record<CounterName, number> {
  return {
    sent: counters[Counter.sent]!,
    received: counters[Counter.received]!,
    errors: counters[Counter.errors]!,
    bytesSent: counters[Counter.bytesSent]!,
    bytesReceived: counters[Counter.bytesReceived]!,
  }
}
