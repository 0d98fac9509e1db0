import { setTimeout as sleep } from 'node:timers/promises'
import type { Message } from '../message.js'

export interface PaceOptions {
  /** messages per second; unlimited when absent */
  rate?: number
  /** stop after this many messages */
  count?: number
  /** stop when it aborts */
  signal?: AbortSignal
}

/**
 * Yields a source's messages at `rate` per second (on a fixed schedule, so slow sends do not
 * accumulate drift), at most `count` of them, until `signal` aborts. Used by the built-in
 * publisher and ventilator; handy for your own sources too.
 */
export async function * pace (source: Iterable<Message> | AsyncIterable<Message>, options: PaceOptions = {}): AsyncGenerator<Message> {
  const { rate, count, signal } = options
  const start = performance.now()
  let sent = 0
  for await (const message of source) {
    if (signal?.aborted === true || (count !== undefined && sent >= count)) return
    if (rate !== undefined) {
      const due = start + (sent * 1000) / rate
      const wait = due - performance.now()
      if (wait >= 1) {
        try {
          await sleep(wait, undefined, { signal })
        } catch {
          return // aborted
        }
      }
    }
    yield message
    sent++
    if (count !== undefined && sent >= count) return
  }
}
