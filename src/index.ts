/**
 * zeroactor's public API: everything a user imports, in one list.
 */
export { spawn, App } from './runtime/app.js'
export { shutdown } from './runtime/pool.js'
export { metricsRegistry, serveMetrics } from './runtime/metrics.js'
export { defineActor } from './actor/define-actor.js'
export { ActorSocket } from './actor/socket.js'
export { pace } from './actor/pace.js'
export { loadTopologyFile, parseTopologyText } from './spec/load.js'
export { validateTopology } from './spec/validate.js'
export { planTopology } from './plan/plan.js'
export { toFrames } from './message.js'
export { writeKeyPair, readSecretKeyFile, readPublicKeyFile } from './security/keys.js'
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
  errorClasses,
  serializeError,
  deserializeError,
} from './errors.js'

export type { SpawnOptions, Stats, ActorStats, AppEvents, AuthDeniedEvent, LagEvent, LinkEvent } from './runtime/app.js'
export type { KeyPair, KeyFiles } from './security/keys.js'
export type { CurvePlan } from './plan/security.js'
export type { ActorState } from './runtime/actor-runner.js'
export type { ActorDefinition, SocketTypes } from './actor/define-actor.js'
export type { ActorContext } from './actor/context.js'
export type { Source, Handler } from './actor/modules.js'
export type { PaceOptions } from './actor/pace.js'
export type { Message, Frame } from './message.js'
export type { Plan, ActorPlan, SocketPlan, LinkPlan, RestartPolicy, SupervisorPlan } from './plan/plan.js'
export type { Topology, ActorSpec, SocketType, BuiltinKind, Strategy, GroupSpec } from './spec/schema.js'
export type { SocketOptions } from './spec/socket-options.js'
export type { TopologyIssue, SerializedError, RestartRecord } from './errors.js'
