import { inspect } from 'node:util'
import { awaitClosed } from '../host/close-flag.js'
import { endWithOpenThreads } from './stuck-threads.js'

/**
 * How a process ends while actors run, other than by stopping its apps. First, an uncaught
 * exception (or an unhandled rejection) in the main thread. Node's
 * default is to end the process at once, which ends every actor thread with its sockets open,
 * and zeromq then aborts the process: `terminate called after throwing an instance of
 * 'Napi::Error'`, exit 134, the error's own message lost in the noise (H33). While an app runs
 * and nothing else handles uncaught errors, the runtime takes the error instead: it
 * prints it, stops every running app through its one close path (at most the longest shutdown
 * timeout and 5 s more), then exits with 1, Node's code for an uncaught exception.
 */
interface Running {
  stop: () => Promise<void>
  plan: { shutdownTimeout: number }
  termAtExit: () => Array<{ name: string, flag: Int32Array }>
}
const running = new Set<Running>()
/** an uncaught error's stop is under way */
let stoppingAfterError = false
/** the stop after an uncaught error took too long: the process exits as it is */
let givenUp = false
/** past the apps' own shutdown timeouts: a stop that hangs must not keep the process for ever */
const kStopMarginMs = 5000

const longestShutdown = (apps: Running[]): number => Math.max(...apps.map(app => app.plan.shutdownTimeout))

/**
 * Runs before Node decides what an uncaught error does (a monitor). Someone else handles it when
 * a capture callback is set (node:domain, tap's domains) or an `uncaughtException` listener is
 * there: then this stays out of the way. Otherwise Node would end the process, so this takes the
 * error with a capture callback for this one error, and stops the apps.
 */
function onUncaught (error: unknown, origin: string): void {
  if (process.hasUncaughtExceptionCaptureCallback() || process.listenerCount('uncaughtException') > 0) return
  process.setUncaughtExceptionCaptureCallback(() => { process.setUncaughtExceptionCaptureCallback(null) })
  process.stderr.write(`${origin === 'unhandledRejection' ? 'Unhandled rejection' : 'Uncaught exception'} in the main thread: ${inspect(error)}\n`)
  if (stoppingAfterError) return
  stoppingAfterError = true
  process.stderr.write(`zeroactor: stopping ${running.size === 1 ? 'the running app' : `${running.size} running apps`} before the process exits\n`)
  const apps = [...running]
  setTimeout(() => { givenUp = true; process.exit(1) }, longestShutdown(apps) + kStopMarginMs).unref()
  void Promise.allSettled(apps.map(async app => await app.stop())).then(() => process.exit(1))
}

/**
 * `process.exit()` while apps run (H34): Node is about to end every actor thread with its sockets
 * open. Nothing asynchronous runs any more in this thread, but the actor threads still run: each
 * gets $TERM and this thread blocks until every one has been through its close path (at most the
 * longest shutdown timeout). Also while an uncaught error's stop is under way (user code still
 * runs then), not once that stop has taken too long.
 */
function onProcessExit (code: number): void {
  if (givenUp || running.size === 0) return
  const apps = [...running]
  const open = awaitClosed(apps.flatMap(app => app.termAtExit()), Date.now() + longestShutdown(apps))
  if (open.length > 0) endWithOpenThreads(open, code)
}

/** While `app` runs, an uncaught error or process.exit() stops it before the process ends; returns the release. */
export function guardRunning (app: Running): () => void {
  if (running.size === 0) {
    process.on('uncaughtExceptionMonitor', onUncaught)
    // first: a listener before it that calls process.exit() would end the process at once
    process.prependListener('exit', onProcessExit)
  }
  running.add(app)
  return () => {
    running.delete(app)
    if (running.size > 0 || stoppingAfterError) return
    process.off('uncaughtExceptionMonitor', onUncaught)
    process.off('exit', onProcessExit)
  }
}
