import { rmSync } from 'node:fs'
import type { ActorPlan } from '../plan/types.js'

/**
 * The ipc endpoints the stopped actors bound leave files in the file system (libzmq removes them
 * only when it gets to close the socket before the process ends): remove them, so runs leave no
 * `zeroactor-*.sock` behind. A file already gone is fine.
 */
export function removeSocketFiles (actors: ActorPlan[]): void {
  for (const actor of actors) {
    for (const socket of Object.values(actor.sockets)) {
      for (const endpoint of socket.bind) {
        if (!endpoint.startsWith('ipc://') || endpoint.startsWith('ipc://@')) continue // @: Linux's abstract namespace, no file
        rmSync(endpoint.slice('ipc://'.length), { force: true })
      }
    }
  }
}
