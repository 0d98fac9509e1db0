import { isClosed } from '../host/close-flag.js'

/**
 * H1 in docs/hazards.md: an actor thread stuck in a synchronous loop cannot go through its close
 * path. When the process exits around it, Node ends the thread with its sockets open, and zeromq
 * aborts the process: `terminate called after throwing an instance of 'Napi::Error'`, exit 134
 * (6 runs in 6 of `zeroactor run` with such an actor, stopped by SIGTERM). The runtime keeps each
 * thread a stop left behind (stop-timeout); if one is still busy when the process exits, the
 * process says so and ends itself with SIGKILL instead: no abort message, no core file, the same
 * status every time (137 in a shell). Its child processes see their channel close and stop.
 */
const stuck = new Map<Int32Array, string>()

/** A stop timed out on actor `name`: its thread may still be busy (its close flag, close-flag.ts). */
export function leftStuck (name: string, flag: Int32Array): void {
  // last among the exit listeners, so that the others run first
  if (stuck.size === 0) process.on('exit', onExit)
  stuck.set(flag, name)
}

function onExit (code: number): void {
  const busy = [...stuck].flatMap(([flag, name]) => (isClosed(flag) ? [] : [name]))
  if (busy.length > 0) endWithBusyThreads(busy, code)
}

/** The process exits with the threads of `actors` still busy: it ends itself with SIGKILL rather than abort. */
export function endWithBusyThreads (actors: string[], code: number): void {
  const names = actors.map(name => `"${name}"`).join(', ')
  process.stderr.write(`zeroactor: the thread of ${names} is still busy; ending it would abort the process (H1), so the process ends with SIGKILL instead of exit code ${code}\n`)
  process.kill(process.pid, 'SIGKILL')
}
