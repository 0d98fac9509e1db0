import type { ActorPlan } from '../plan/types.js'
import { acquireAuthenticator } from '../security/authenticator.js'
import { readSecretKeyFile } from '../security/keys.js'
import type { AuthDeniedEvent } from './types.js'

/**
 * An app's CURVE, before any of its threads starts: every key file its actors need (`actors`,
 * here and in its child processes) is readable, private and matches its public key (a bad one
 * throws, naming the file), and, when CURVE servers run in this process (`local`), the process's
 * authenticator lets in their allowed keys and reports each refusal to `denied`. Resolves with
 * what undoes it at the app's stop.
 */
export async function setUpCurve (actors: ActorPlan[], local: ActorPlan[], denied: (actor: string, denial: AuthDeniedEvent) => void): Promise<() => Promise<void>> {
  const files = new Map<string, string>()
  for (const actor of actors) {
    for (const socket of Object.values(actor.sockets)) if (socket.curve !== undefined) files.set(socket.curve.secretKeyFile, socket.curve.publicKey)
  }
  for (const [file, publicKey] of files) readSecretKeyFile(file, publicKey)
  const servers = local.flatMap(actor => Object.entries(actor.sockets).flatMap(([socket, s]) => (s.curve?.server !== undefined ? [{ actor: actor.name, socket, server: s.curve.server }] : [])))
  if (servers.length === 0) return async () => {}
  const { authenticator, release } = await acquireAuthenticator()
  const unregister = servers.map(({ actor, socket, server }) => authenticator.register(server.domain, {
    allow: new Set(server.allow),
    denied: ({ domain: _, ...denial }) => denied(actor, { socket, ...denial }),
  }))
  return async () => {
    for (const forget of unregister) forget()
    await release()
  }
}
