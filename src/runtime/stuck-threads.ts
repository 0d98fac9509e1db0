import { writeSync } from 'node:fs'
import { isClosed } from '../host/close-flag.js'

/**
 * H1 in docs/hazards.md: an actor thread stuck in a synchronous loop cannot go through its close
 * path. When the process exits around it, Node ends the thread with its sockets open, and zeromq
 * aborts the process: `terminate called after throwing an instance of 'Napi::Error'`, exit 134
 * (6 runs in 6 of `zeroactor run` with such an actor on tcp, stopped by SIGTERM). The runtime keeps
 * each thread a stop left behind (stop-timeout); if one has still not closed when the process
 * exits, the process says so and ends itself with SIGKILL instead: no abort message, no core
 * file, the same status every time (137 in a shell). The process's other exit listeners do not
 * run then. Its child processes see their channel close and stop.
 */
const stuck = new Map<Int32Array, string>()

/** A stop timed out on actor `name`: its thread may still be busy (its close flag, close-flag.ts). */
export function leftStuck (name: string, flag: Int32Array): void {
  // first: an exit listener before it that calls process.exit() would end the process at once, and abort it
  if (stuck.size === 0) process.prependListener('exit', onExit)
  stuck.set(flag, name)
}

/** The actors whose thread a stop left behind and has still not closed its sockets. */
export function stuckThreads (): string[] {
  return [...stuck].flatMap(([flag, name]) => (isClosed(flag) ? [] : [name]))
}

function onExit (code: number): void {
  const open = stuckThreads()
  if (open.length > 0) endWithOpenThreads(open, code)
}

/** The process exits while the threads of `actors` have not closed their sockets: it ends itself with SIGKILL rather than abort. */
export function endWithOpenThreads (actors: string[], code: number): void {
  const which = actors.length === 1 ? `the thread of actor "${actors[0]!}" has` : `the threads of actors ${actors.map(name => `"${name}"`).join(', ')} have`
  // synchronous: nothing written to a pipe later than this would get out
  writeSync(2, `zeroactor: ${which} not closed ${actors.length === 1 ? 'its' : 'their'} sockets (stuck in a loop, or still closing); ending ${actors.length === 1 ? 'it' : 'them'} would abort the process (H1), so the process ends itself with SIGKILL instead of exit code ${code} (give an actor that may block its thread a "process" of its own: that process is ended instead, and this one exits as it should)\n`)
  process.kill(process.pid, 'SIGKILL')
}
