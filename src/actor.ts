/**
 * `zeroactor/actor`: what an actor module needs, and nothing of the main thread's half of the
 * runtime (spawn, validation, planning, metrics, the pool). Every actor thread loads its module's
 * imports; from this entry an actor thread starts faster than from `zeroactor` (measured in
 * bench/README.md, "Start-up"). `zeroactor` re-exports all of it, so either import works.
 */
export { defineActor } from './actor/define-actor.js'
export { ActorSocket } from './actor/socket.js'
export { pace } from './actor/pace.js'
export { toFrames } from './message.js'
export {
  ZeroActorError,
  TopologyError,
  ModuleLoadError,
  MessageTooLargeError,
  InvalidMessageError,
  ActorExitError,
  ActorCrashError,
  ActorStartError,
  RequestTimeoutError,
  ActorStateError,
  RestartIntensityError,
  StopTimeoutError,
  KeyFileError,
  SocketStateError,
  errorClasses,
  serializeError,
  deserializeError,
} from './errors.js'

export type { ActorDefinition, SocketTypes } from './actor/define-actor.js'
export type { ActorContext } from './actor/context.js'
export type { BuiltinKindModule, BuiltinSocketSpec, FieldSpec, FieldType } from './actor/builtin.js'
export type { Source, Handler } from './actor/modules.js'
export type { PaceOptions } from './actor/pace.js'
export type { Message, Frame } from './message.js'
export type { SocketType } from './topology/schema.js'
export type { TopologyIssue, SerializedError, RestartRecord } from './errors.js'
