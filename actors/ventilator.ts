/**
 * `ventilator`: a PUSH socket that hands its source's tasks round-robin to the connected workers.
 * PUSH waits while no worker is connected, so no task is lost to an empty room; at a normal end
 * the socket's linger delivers the tail (H3 in docs/hazards.md).
 * @example
 * { "kind": "ventilator", "bind": "tasks", "source": "./tasks.js", "count": 1000 }
 */
import type { BuiltinSocketSpec } from '../src/actor.js'
import { pacedSender, pacedSenderFields, type PacedSenderOptions } from './paced-sender.js'

/** Fields of a `ventilator` actor (besides bind/connect and socket options). */
export type VentilatorOptions = PacedSenderOptions

export const sockets = { push: { type: 'push' } } as const satisfies Record<string, BuiltinSocketSpec>
export const fields = pacedSenderFields

export default pacedSender<'push', VentilatorOptions>('push', 'push')
