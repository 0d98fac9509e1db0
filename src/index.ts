/**
 * zeroactor's public API: everything a user imports, in one list. The actor side (defineActor,
 * sockets, errors, message types) comes from `./actor.js`, which actor modules may import alone
 * as `zeroactor/actor`.
 */
export * from './actor.js'
export { App } from './runtime/app.js'
export { spawn } from './spawn.js'
export { shutdown } from './runtime/pool.js'
export { metricsRegistry, serveMetrics } from './runtime/metrics.js'
export { loadTopologyFile, parseTopologyText } from './topology/load.js'
export { validateTopology } from './topology/validate.js'
export { planTopology } from './plan/plan.js'
export { writeKeyPair, readSecretKeyFile, readPublicKeyFile } from './security/keys.js'

export type { SpawnOptions } from './spawn.js'
export type { ObserveOptions } from './observer/options.js'
export type { Stats, ActorStats, AppEvents, AuthDeniedEvent, LagEvent, LinkEvent } from './runtime/types.js'
export type { KeyPair, KeyFiles } from './security/keys.js'
export type { CurvePlan } from './plan/types.js'
export type { ActorState } from './runtime/types.js'
export type { Plan, ActorPlan, SocketPlan, LinkPlan, RestartPolicy, SupervisorPlan } from './plan/types.js'
export type { Topology, ActorSpec, BuiltinKind, Strategy, GroupSpec } from './topology/schema.js'
export type { SocketOptions } from './topology/socket-options.js'
