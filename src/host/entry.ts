/**
 * The worker-thread entry piscina loads: a thin adapter around {@link ActorHost}, because coverage
 * cannot see inside worker threads. Its only own job is the thread-level guards, installed once
 * per thread (threads are reused across actors):
 * - an uncaught exception or unhandled rejection fails the current actor through its one close
 *   path instead of ending the thread with sockets open (H1 in docs/hazards.md);
 * - `process.exit()` called by actor code would end the thread (and abort the process, H1): it
 *   fails the actor with ActorExitError instead.
 */
import 'zeromq'
import { ActorExitError } from '../errors.js'
import { ActorHost, crashError } from './actor-host.js'
import type { HostResult, HostTask } from './protocol.js'

let current: ActorHost | undefined

const onThreadError = (reason: unknown): void => {
  if (current !== undefined) current.fail(crashError(reason))
  // a timer left behind by an actor that already ended: nothing to fail, but say so
  else console.error('zeroactor: error in an idle actor thread:', reason)
}
process.on('uncaughtException', onThreadError)
process.on('unhandledRejection', onThreadError)
process.exit = ((code?: number | string | null) => {
  const error = new ActorExitError(`actor code called process.exit(${code ?? ''}); the actor was failed and the thread kept`)
  current?.fail(error)
  throw error
}) as typeof process.exit

export default async function hostActor (task: HostTask): Promise<HostResult> {
  const host = new ActorHost(task)
  current = host
  try {
    return await host.run()
  } finally {
    if (current === host) current = undefined
  }
}
