import { deserializeError, serializeError, type SerializedError } from '../../errors.js'
import type { AppEvents } from '../types.js'
import type { ChildEvent } from './protocol.js'

/** An error among an event's arguments, on the wire. */
interface WireError { $error: SerializedError }

const isWireError = (value: unknown): value is WireError => typeof value === 'object' && value !== null && '$error' in value

/** An app event as a child sends it: the same name, errors made plain data (IPC drops their class and code). */
export function toChildEvent<E extends keyof AppEvents> (name: E, args: AppEvents[E]): ChildEvent {
  return { name, args: (args as unknown[]).map(arg => (arg instanceof Error ? { $error: serializeError(arg) } : arg)) }
}

/**
 * The event's arguments as the parent raises them again, errors rebuilt by code. IPC sends JSON,
 * where an `undefined` argument (a restart without an error) arrives as null: no app event has a
 * null argument, so null becomes undefined again.
 */
export function fromChildEvent (event: ChildEvent): unknown[] {
  return event.args.map(arg => (isWireError(arg) ? deserializeError(arg.$error) : arg ?? undefined))
}
