/**
 * What happened, for the page: the app's events (ready, restart, failed, stop-timeout, peer-up and
 * -down, lagging, auth-denied, finished) and its actors' log lines, each stamped with its time,
 * kept in bounded tails (a page that connects late sees the recent past) and handed at once to
 * every listener. An error travels as its message and code only: a page never sees a stack.
 */
import type { App } from '../runtime/app.js'
import type { AppEvents } from '../runtime/types.js'

export const kEventTail = 200
export const kLogTail = 500
/** A log line longer than this is cut (the tail keeps kLogTail lines: its memory stays bounded). */
export const kLogLineChars = 4096

export interface EventEntry { at: number, actor: string, event: string, text: string }
export interface LogEntry { at: number, actor: string, text: string }
export type FeedItem = { type: 'event', entry: EventEntry } | { type: 'log', entry: LogEntry }

/** Each event in words, for the timeline. */
const describe: { [E in Exclude<keyof AppEvents, 'log'>]: (...args: AppEvents[E]) => string } = {
  ready: () => 'ready',
  finished: () => 'finished',
  restart: (_actor, attempt, error) => `restart #${attempt}${error !== undefined ? `: ${error.message}` : ''}`,
  failed: (_actor, error) => `failed: ${error.message}`,
  'stop-timeout': (_actor, error) => error.message,
  'peer-up': (_actor, link) => `peer up on ${link.socket}: ${link.address}`,
  'peer-down': (_actor, link) => `peer down on ${link.socket}: ${link.address}`,
  lagging: (_actor, lag) => `lagging on ${lag.socket} from ${lag.peer}: ${lag.lagMs.toFixed(1)} ms`,
  'auth-denied': (_actor, d) => `auth denied on ${d.socket} from ${d.address} (${d.mechanism}): ${d.reason}`,
}

export class Feed {
  readonly events: EventEntry[] = []
  readonly logs: LogEntry[] = []
  readonly #listeners = new Set<(item: FeedItem) => void>()
  readonly #detach: Array<() => void> = []

  constructor (app: App) {
    for (const name of Object.keys(describe) as Array<keyof typeof describe>) {
      const handler = (actor: string, ...rest: unknown[]): void => {
        const text = (describe[name] as (...args: unknown[]) => string)(actor, ...rest)
        this.#push({ type: 'event', entry: { at: Date.now(), actor, event: name, text } })
      }
      app.on(name, handler as never)
      this.#detach.push(() => app.off(name, handler as never))
    }
    const onLog = (actor: string, text: string): void => {
      this.#push({ type: 'log', entry: { at: Date.now(), actor, text: text.length > kLogLineChars ? `${text.slice(0, kLogLineChars)}…` : text } })
    }
    app.on('log', onLog)
    this.#detach.push(() => app.off('log', onLog))
  }

  /** Calls `listener` with every item from now on; returns how to stop. */
  listen (listener: (item: FeedItem) => void): () => void {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }

  close (): void {
    for (const detach of this.#detach.splice(0)) detach()
    this.#listeners.clear()
  }

  #push (item: FeedItem): void {
    const tail: Array<EventEntry | LogEntry> = item.type === 'event' ? this.events : this.logs
    tail.push(item.entry)
    if (tail.length > (item.type === 'event' ? kEventTail : kLogTail)) tail.shift()
    for (const listener of this.#listeners) listener(item)
  }
}
