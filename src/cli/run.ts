import { constants, existsSync } from 'node:fs'
import { access, writeFile } from 'node:fs/promises'
import { dirname, resolve } from 'node:path'
import { errorReport, RestartIntensityError, TopologyError } from '../errors.js'
import type { AddressInfo } from 'node:net'
import type { App } from '../runtime/app.js'
import { endpointsOf } from '../plan/types.js'
import { spawn } from '../spawn.js'
import { serveMetrics } from '../runtime/metrics.js'
import { checkObserveOptions, type ObserveOptions } from '../observer/options.js'
import { failureLine, parse, UsageError, type CliIo } from './args.js'
import { canRedraw, LiveTable } from './live-table.js'
import { renderTable } from './table.js'

export const runHelp = `Usage: zeroactor run <topology> [options]

Runs a topology until the duration ends, every actor listed in "until" (default:
all) has finished, or SIGINT/SIGTERM/SIGHUP (also during start-up); then stops
every actor gracefully. On a TTY it shows a live per-actor table (fitted to the
terminal; none where TERM=dumb). Actor log lines go to stdout as "[actor] text";
runtime events (restarts, peers connecting or lost on ipc/tcp links, repeats
held back for 2 s) to stderr as "[actor] ~ event ...", or above the live table
while it is drawn.

Options:
  --duration <s>      stop this many seconds after every actor is up
  --stats-json <file> write the final stats object to this file
  --quiet             no live table, no events, no summary
  --no-table          events and the summary, without the live table (as on a
                      pipe)
  --verbose           a failed actor's stack (with its causes) under its error;
                      --stats-json always has it
  --json              no live table; at the end the stats object as JSON, alone
                      on stdout (log lines and events go to stderr)
  --node <name>       run only this node's actors (run the same file with each
                      node's name on its host); default: every node here
  --metrics-port <n>  serve Prometheus metrics on http://127.0.0.1:<n>/metrics
  --observe <port>    serve the observer (a live page of the topology, JSON and
                      health endpoints: docs/observer.md) on
                      http://127.0.0.1:<port>/ (0: any free port); prints
                      "observer: <url>" once the actors are up
  --observe-host <h>  bind the observer to this address instead (needs
                      --observe-token)
  --observe-token <t> a token every observer request must carry (Authorization:
                      Bearer <t>, or ?token=<t> in the page's address)

Exit codes: 0 normal end (the duration, every actor finished, or a stop signal),
1 an actor failed (or could not start), 2 invalid topology or usage.
`

export async function run (argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(argv, {
    duration: { type: 'string' },
    'stats-json': { type: 'string' },
    quiet: { type: 'boolean' },
    node: { type: 'string' },
    'metrics-port': { type: 'string' },
    observe: { type: 'string' },
    'observe-host': { type: 'string' },
    'observe-token': { type: 'string' },
    'no-table': { type: 'boolean' },
    verbose: { type: 'boolean' },
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  })
  if (values.help === true) { io.stdout.write(runHelp); return 0 }
  if (positionals.length !== 1) throw new UsageError('run takes one topology file')
  const duration = values.duration === undefined ? undefined : Number(values.duration)
  if (duration !== undefined && !(duration > 0)) throw new UsageError(`--duration must be a positive number of seconds, got "${values.duration}"`)
  const metricsPort = values['metrics-port'] === undefined ? undefined : Number(values['metrics-port'])
  if (metricsPort !== undefined && !(Number.isInteger(metricsPort) && metricsPort >= 0 && metricsPort <= 65535)) throw new UsageError(`--metrics-port must be a port number, got "${values['metrics-port']}"`)
  const observe = observeOptions(values.observe, values['observe-host'], values['observe-token'])
  // an output path is checked before anything starts, not found unwritable after the run
  if (values['stats-json'] !== undefined) await checkWritable(values['stats-json'], '--stats-json')
  const quiet = values.quiet === true
  const json = values.json === true
  const live = !quiet && !json && values['no-table'] !== true && canRedraw(io.stdout)

  // a signal while the actors start stops them gracefully once they are up, like one after
  // (before: the process died at once, without a stop or a summary, leaving children behind)
  const early = listenForSignals()
  let app: App
  try {
    app = await spawn(positionals[0]!, { ...(values.node !== undefined ? { node: values.node } : {}), ...(observe !== undefined ? { observe } : {}) })
  } catch (error) {
    if (error instanceof TopologyError || !(error instanceof Error)) throw error
    // an actor that could not start: its stack with --verbose, and in --stats-json and --json, as for one that failed later
    const report = { ended: 'failed to start', error: errorReport(error) }
    if (values['stats-json'] !== undefined) await writeFile(values['stats-json'], JSON.stringify(report, null, 2) + '\n')
    if (json) io.stdout.write(JSON.stringify(report, null, 2) + '\n')
    io.stderr.write(`${failureLine('run', error)}\n${values.verbose === true && report.error.stack !== undefined ? `${report.error.stack}\n` : ''}`)
    return 1
  } finally {
    early.stop()
  }
  const metrics = metricsPort !== undefined ? await serveMetrics(app, metricsPort).catch(async (error: Error) => { await app.stop(); throw error }) : undefined
  if (metrics !== undefined && !quiet) io.stderr.write(`metrics: http://127.0.0.1:${(metrics.address() as AddressInfo).port}/metrics\n`)
  if (app.observerUrl !== undefined && !quiet) io.stderr.write(`observer: ${app.observerUrl}\n`)
  const table = live ? new LiveTable(app, io.stdout) : undefined
  /** A line for the terminal: above the live table when there is one (it is on stdout), else on `stream`. */
  const say = (line: string, stream: CliIo['stdout'] | CliIo['stderr']): void => {
    if (table !== undefined) table.print(line)
    else stream.write(line)
  }
  // with --json, stdout holds the JSON alone: log lines go to stderr
  app.on('log', (actor, text) => say(`[${actor}] ${text}\n`, json ? io.stderr : io.stdout))
  const events = new EventLines()
  const event = (actor: string, text: string): void => {
    const line = quiet ? undefined : events.line(actor, text)
    if (line !== undefined) say(line, io.stderr)
  }
  app.on('restart', (actor, attempt, error) => event(actor, `restart #${attempt}${error !== undefined ? `: ${error.message}` : ''}`))
  app.on('stop-timeout', (actor, error) => event(actor, error.message))
  app.on('peer-up', (actor, link) => event(actor, `peer-up ${link.socket} ${link.address}${peerOf(app, actor, link.address)}`))
  app.on('peer-down', (actor, link) => event(actor, `peer-down ${link.socket} ${link.address}${peerOf(app, actor, link.address)}`))
  app.on('lagging', (actor, lag) => event(actor, `lagging ${lag.socket} ← ${lag.peer}: ${lag.lagMs.toFixed(1)} ms behind`))
  app.on('auth-denied', (actor, d) => event(actor, `auth-denied ${d.socket} from ${d.address} (${d.mechanism}${d.publicKey !== undefined ? ` key ${d.publicKey}` : ''}): ${d.reason}${d.attempts > 1 ? `, ${d.attempts} attempts` : ''}`))
  const stack = (error: Error): string => (values.verbose === true && errorReport(error).stack !== undefined ? `${errorReport(error).stack!}\n` : '')
  app.on('failed', (actor, error) => say(`actor ${actor} failed: ${error.message}\n${stack(error)}${renderHistory(error)}`, io.stderr))

  const reason = early.received ?? await waitForEnd(app, duration, io.signal)
  const stopStarted = Date.now()
  await app.stop()
  metrics?.close()
  const stopMs = Date.now() - stopStarted
  table?.close()
  const stats = { ...app.stats(), stopMs }
  if (values['stats-json'] !== undefined) await writeFile(values['stats-json'], JSON.stringify(stats, null, 2) + '\n')
  if (json) io.stdout.write(JSON.stringify({ ...stats, ended: reason }, null, 2) + '\n')
  // the summary is printed once, not redrawn: fitted to the terminal's width, every row shown
  else if (!quiet) io.stderr.write(`${renderTable(stats, undefined, { columns: io.stdout.isTTY === true ? io.stdout.columns : undefined, summary: true })}ended: ${reason}; stopped in ${stopMs} ms\n`)
  // an actor that did not stop (stop-timeout) is a failure too: its thread could not be ended
  const stuck = Object.values(stats.actors).some(a => a.error?.code === 'ERR_ACTOR_STOP_TIMEOUT')
  return reason.startsWith('actor failed') || stuck ? 1 : 0
}

/** The --observe options checked as spawn() checks them, before anything starts; undefined without --observe. */
function observeOptions (port: string | undefined, host: string | undefined, token: string | undefined): ObserveOptions | undefined {
  if (port === undefined) {
    if (host !== undefined || token !== undefined) throw new UsageError('--observe-host and --observe-token go with --observe <port>')
    return undefined
  }
  if (!/^\d+$/.test(port)) throw new UsageError(`--observe must be a port number (0 for any free port), got "${port}"`)
  const options = { port: Number(port), ...(host !== undefined ? { host } : {}), ...(token !== undefined ? { token } : {}) }
  try {
    return checkObserveOptions(options)
  } catch (error) {
    throw new UsageError((error as Error).message.replace('observe.host', '--observe-host').replace('observe.port', '--observe').replace('observe.token', '--observe-token'))
  }
}

/** Refuses (as a usage error) a file that cannot be written: its folder missing, or no permission. */
async function checkWritable (file: string, option: string): Promise<void> {
  try {
    await access(dirname(resolve(file)), constants.W_OK)
    if (existsSync(file)) await access(file, constants.W_OK)
  } catch (error) {
    throw new UsageError(`${option} ${file}: cannot write there (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`)
  }
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

/** Who is at the other end of an event's address, when it is a logical link's endpoint. */
function peerOf (app: App, actor: string, address: string): string {
  const link = app.plan.links.find(l => endpointsOf(l).includes(address))
  if (link === undefined) return ''
  return actor === link.binder ? ` (link ${link.name}: ${link.connectors.join(', ')})` : ` (link ${link.name}: ${link.binder})`
}

/**
 * Event lines, rate-limited: the same line again within kRepeatMs is held back and counted, and
 * the count is told with the next one that is printed (a reconnecting peer would otherwise fill
 * the terminal with identical lines).
 */
class EventLines {
  readonly #last = new Map<string, { at: number, held: number }>()

  line (actor: string, text: string): string | undefined {
    const key = `${actor}\0${text}`
    const now = Date.now()
    const last = this.#last.get(key)
    if (last !== undefined && now - last.at < kRepeatMs) { last.held++; return undefined }
    if (this.#last.size > kRemembered) {
      // a long run meets many distinct lines: forget those with nothing held back, out of the window
      for (const [k, v] of this.#last) if (v.held === 0 && now - v.at >= kRepeatMs) this.#last.delete(k)
    }
    this.#last.set(key, { at: now, held: 0 })
    const held = last?.held ?? 0
    return `[${actor}] ~ ${text}${held > 0 ? ` (and ${held} more like it)` : ''}\n`
  }
}

const kRepeatMs = 2000
const kRemembered = 1000
