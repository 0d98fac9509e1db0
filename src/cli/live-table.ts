import type { App } from '../runtime/app.js'
import type { CliIo } from './args.js'
import { renderTable } from './table.js'

const kRefreshMs = 500

/** Whether a live table can be drawn on this output: a terminal that understands cursor moves. */
export function canRedraw (out: CliIo['stdout']): boolean {
  return out.isTTY === true && process.env.TERM !== 'dumb'
}

/**
 * Redraws the table in place every kRefreshMs; every other line (log lines, events, failures) is
 * printed above it, so nothing else on the terminal is ever erased. The table is fitted to the
 * terminal's size at each redraw (no line wraps, no row runs off the screen), so moving the cursor
 * up by its line count always lands on its first line; the redraw starts at column 0, so a `^C`
 * echoed by the terminal cannot shift it. Rates are computed between two ticks only (a redraw for
 * a log line reuses the last tick's text), so they do not spike over a few milliseconds.
 */
export class LiveTable {
  readonly #app: App
  readonly #out: CliIo['stdout'] & { rows?: number }
  readonly #timer: NodeJS.Timeout
  #previous: ReturnType<App['stats']> | undefined
  #text = ''
  #lines = 0

  constructor (app: App, out: CliIo['stdout']) {
    this.#app = app
    this.#out = out
    this.#timer = setInterval(() => this.#tick(), kRefreshMs)
    this.#tick()
  }

  /** Prints lines above the table. */
  print (text: string): void {
    this.#clear()
    this.#out.write(text)
    this.#draw()
  }

  close (): void {
    clearInterval(this.#timer)
    this.#clear()
  }

  #tick (): void {
    const stats = this.#app.stats()
    this.#text = renderTable(stats, this.#previous, { columns: this.#out.columns, rows: this.#out.rows })
    this.#previous = stats
    this.#clear()
    this.#draw()
  }

  /**
   * Erases the table line by line (EL) and leaves the cursor on its first line. Not with "erase
   * below" (ED): from the top row of a screen some terminals (tmux's scroll-on-clear) take that
   * for a cleared screen and push its old content into the scrollback, a stale table each time.
   */
  #clear (): void {
    const n = this.#lines
    if (n > 0) this.#out.write(`\r\x1b[${n}A${'\x1b[2K\n'.repeat(n)}\x1b[${n}A`)
    this.#lines = 0
  }

  #draw (): void {
    this.#out.write(this.#text)
    this.#lines = this.#text.split('\n').length - 1
  }
}
