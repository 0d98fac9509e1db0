/**
 * The entry of a child process of the node runtime (`"process": "<name>"`): it runs the actors
 * placed in it, on its own pool, and relays their events and stats to the parent over the IPC
 * channel. It never outlives the parent: when the channel closes (the parent died, even by
 * SIGKILL), it stops its actors and exits. SIGINT is the parent's to handle (a terminal sends
 * it to the whole process group); the parent then sends `stop`.
 */
import { serializeError } from '../../errors.js'
import { App } from '../app.js'
import { shutdown } from '../pool.js'
import type { AppEvents } from '../types.js'
import type { ChildActorSnapshot, FromChild, ToChild } from './protocol.js'
import { toChildEvent } from './relay.js'

const kStatsInterval = 200

let app: App | undefined
let ending: Promise<void> | undefined

function snapshot (): Record<string, ChildActorSnapshot> {
  if (app === undefined) return {}
  const stats = app.stats().actors
  return Object.fromEntries(Object.entries(stats).map(([name, s]) => [name, { ...s, endpoints: app!.endpoints(name), ends: app!.linkEnds(name), farConsumers: app!.farConsumers(name) }]))
}

type WithoutSnapshot<T> = T extends unknown ? Omit<T, 'actors'> : never

function send (msg: WithoutSnapshot<FromChild>, then?: () => void): void {
  if (process.connected) process.send!({ ...msg, actors: snapshot() } as FromChild, undefined, {}, () => then?.())
  else then?.()
}

/** Every app event but stop-timeout (below) goes to the parent as it is. */
const kRelayed = ['ready', 'log', 'finished', 'restart', 'failed', 'peer-up', 'peer-down', 'lagging', 'auth-denied'] as const satisfies ReadonlyArray<keyof AppEvents>

async function end (code: number): Promise<void> {
  ending ??= (async () => {
    await app?.stop()
    await new Promise<void>(resolve => send({ type: 'stopped' }, resolve))
    await shutdown()
    process.exit(code)
  })()
  await ending
}

async function start (msg: Extract<ToChild, { type: 'start' }>): Promise<void> {
  app = new App(msg.plan, { node: msg.node, process: msg.process, skip: msg.skip })
  for (const name of kRelayed) app.on(name, (...args: unknown[]) => send({ type: 'event', event: toChildEvent(name, args as AppEvents[typeof name]) }))
  // H1 in docs/hazards.md: a thread that does not stop cannot be ended safely, and neither can a process exit while
  // it runs (it aborts): the process is the smallest unit to restart. Tell the parent, then go.
  app.on('stop-timeout', (...args) => send({ type: 'event', event: toChildEvent('stop-timeout', args) }, () => process.kill(process.pid, 'SIGKILL')))
  try {
    await app.start()
  } catch (error) {
    send({ type: 'start-failed', error: serializeError(error) }, () => { void end(1) })
    return
  }
  send({ type: 'started' })
  setInterval(() => send({ type: 'stats' }), kStatsInterval).unref()
}

process.on('SIGINT', () => {})
process.on('SIGTERM', () => { void end(0) })
process.on('disconnect', () => { void end(0) })
process.on('message', (msg: ToChild) => {
  if (msg.type === 'start') void start(msg)
  else if (msg.type === 'stop') void end(0)
  else if (msg.type === 'restart') {
    app!.restart(msg.actor).then(
      () => send({ type: 'restarted', id: msg.id }),
      (error: unknown) => send({ type: 'restarted', id: msg.id, error: serializeError(error) }),
    )
  }
})
