import { writeFile } from 'node:fs/promises'
import { RestartIntensityError } from '../errors.js'
import type { AddressInfo } from 'node:net'
import type { App } from '../runtime/app.js'
import { spawn } from '../spawn.js'
import { serveMetrics } from '../runtime/metrics.js'
import { parse, UsageError, type CliIo } from './args.js'
import { renderTable } from './table.js'

export const runHelp = `Usage: zeroactor run <topology> [options]

Runs a topology until the duration ends, every actor listed in "until" (default: all) has
finished, or SIGINT/SIGTERM/SIGHUP (also during start-up); then stops every actor gracefully. On a TTY it shows a live
per-actor table. Actor log lines go to stdout as "[actor] text"; runtime events (restarts,
peers connecting or lost on ipc/tcp links) go to stderr as "[actor] ~ event ...".

Options:
  --duration <s>      stop after this many seconds
  --stats-json <file> write the final stats object to this file
  --quiet             no live table, no summary
  --node <name>       run only this node's actors (run the same file with each node's
                      name on its host); default: every node here
  --metrics-port <n>  serve Prometheus metrics on http://127.0.0.1:<n>/metrics

Exit codes: 0 normal end (the duration, every actor finished, or a stop signal), 1 an actor
failed (or could not start), 2 invalid topology or usage.
`

const kRefreshMs = 500

export async function run (argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(argv, {
    duration: { type: 'string' },
    'stats-json': { type: 'string' },
    quiet: { type: 'boolean' },
    node: { type: 'string' },
    'metrics-port': { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  })
  if (values.help === true) { io.stdout.write(runHelp); return 0 }
  if (positionals.length !== 1) throw new UsageError('run takes one topology file')
  const duration = values.duration === undefined ? undefined : Number(values.duration)
  if (duration !== undefined && !(duration > 0)) throw new UsageError(`--duration must be a positive number of seconds, got "${values.duration}"`)
  const metricsPort = values['metrics-port'] === undefined ? undefined : Number(values['metrics-port'])
  if (metricsPort !== undefined && !(Number.isInteger(metricsPort) && metricsPort >= 0 && metricsPort <= 65535)) throw new UsageError(`--metrics-port must be a port number, got "${values['metrics-port']}"`)
  const quiet = values.quiet === true
  const live = !quiet && io.stdout.isTTY === true

  // a signal while the actors start stops them gracefully once they are up, like one after
  // (before: the process died at once, without a stop or a summary, leaving children behind)
  const early = listenForSignals()
  let app: App
  try {
    app = await spawn(positionals[0]!, values.node !== undefined ? { node: values.node } : {})
  } finally {
    early.stop()
  }
  const metrics = metricsPort !== undefined ? await serveMetrics(app, metricsPort).catch(async (error: Error) => { await app.stop(); throw error }) : undefined
  if (metrics !== undefined && !quiet) io.stderr.write(`metrics: http://127.0.0.1:${(metrics.address() as AddressInfo).port}/metrics\n`)
  const table = live ? new LiveTable(app, io.stdout) : undefined
  app.on('log', (actor, text) => {
    const line = `[${actor}] ${text}\n`
    if (table !== undefined) table.print(line)
    else io.stdout.write(line)
  })
  const event = (actor: string, text: string): void => {
    if (quiet) return
    const line = `[${actor}] ~ ${text}\n`
    if (table !== undefined) table.print(line)
    else io.stderr.write(line)
  }
  app.on('restart', (actor, attempt, error) => event(actor, `restart #${attempt}${error !== undefined ? `: ${error.message}` : ''}`))
  app.on('stop-timeout', (actor, error) => event(actor, error.message))
  app.on('peer-up', (actor, link) => event(actor, `peer-up ${link.socket} ${link.address}`))
  app.on('peer-down', (actor, link) => event(actor, `peer-down ${link.socket} ${link.address}`))
  app.on('lagging', (actor, lag) => event(actor, `lagging ${lag.socket} ← ${lag.peer}: ${lag.lagMs.toFixed(1)} ms behind`))
  app.on('auth-denied', (actor, d) => event(actor, `auth-denied ${d.socket} from ${d.address} (${d.mechanism}${d.publicKey !== undefined ? ` key ${d.publicKey}` : ''}): ${d.reason}${d.attempts > 1 ? `, ${d.attempts} attempts` : ''}`))
  app.on('failed', (actor, error) => io.stderr.write(`actor ${actor} failed: ${error.message}\n${renderHistory(error)}`))

  const reason = early.received ?? await waitForEnd(app, duration, io.signal)
  const stopStarted = Date.now()
  await app.stop()
  metrics?.close()
  const stopMs = Date.now() - stopStarted
  table?.close()
  const stats = { ...app.stats(), stopMs }
  if (values['stats-json'] !== undefined) await writeFile(values['stats-json'], JSON.stringify(stats, null, 2) + '\n')
  if (!quiet) io.stderr.write(`${renderTable(stats, undefined)}ended: ${reason}; stopped in ${stopMs} ms\n`)
  return reason.startsWith('actor failed') ? 1 : 0
}

/** The restarts that led to a restart-intensity failure, one line each, oldest first. */
function renderHistory (error: Error): string {
  if (!(error instanceof RestartIntensityError) || error.history.length === 0) return ''
  return `restart history (oldest first):\n${error.history.map(r => `  ${new Date(r.at).toISOString()}  ${r.actor}  ${r.error ?? 'returned'}\n`).join('')}`
}

/** The signals that stop a run gracefully (SIGHUP: the terminal went away). */
const kStopSignals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const

/** Notes the first stop signal while listening (during start-up). */
function listenForSignals (): { received: string | undefined, stop: () => void } {
  const state: { received: string | undefined, stop: () => void } = { received: undefined, stop: () => {} }
  const handlers = kStopSignals.map(name => {
    const handler = (): void => { state.received ??= name }
    process.on(name, handler)
    return [name, handler] as const
  })
  state.stop = () => { for (const [name, handler] of handlers) process.off(name, handler) }
  return state
}

/** Resolves with why the run ends: duration, done, failure or signal. */
async function waitForEnd (app: App, duration: number | undefined, signal: AbortSignal | undefined): Promise<string> {
  const cleanups: Array<() => void> = []
  try {
    return await new Promise<string>(resolve => {
      if (duration !== undefined) {
        const timer = setTimeout(() => resolve(`duration of ${duration} s`), duration * 1000)
        cleanups.push(() => clearTimeout(timer))
      }
      void app.done.then(error => resolve(error === null ? 'every actor finished' : `actor failed: ${error.message}`))
      for (const name of kStopSignals) {
        const onSignal = (): void => resolve(name)
        process.once(name, onSignal)
        cleanups.push(() => process.off(name, onSignal))
      }
      if (signal !== undefined) {
        const onAbort = (): void => resolve('aborted')
        if (signal.aborted) onAbort()
        signal.addEventListener('abort', onAbort, { once: true })
        cleanups.push(() => signal.removeEventListener('abort', onAbort))
      }
    })
  } finally {
    for (const cleanup of cleanups) cleanup()
  }
}

/**
 * Redraws the table in place every kRefreshMs; log lines are printed above it. Rates are computed
 * between two ticks only (a redraw for a log line reuses the last tick's text), so they do not
 * spike over a few milliseconds.
 */
class LiveTable {
  readonly #app: App
  readonly #out: CliIo['stdout']
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
    this.#text = renderTable(stats, this.#previous)
    this.#previous = stats
    this.#clear()
    this.#draw()
  }

  #clear (): void {
    if (this.#lines > 0) this.#out.write(`\x1b[${this.#lines}A\x1b[0J`)
    this.#lines = 0
  }

  #draw (): void {
    this.#out.write(this.#text)
    this.#lines = this.#text.split('\n').length - 1
  }
}
