/**
 * `zeroactor/actors`: the built-in kinds, one file each. Every `actors/<kind>.ts` exports its
 * definition (default), its socket table and its option fields; this index names them by kind
 * (the topology schema and the planner read it) and exports their options types for users who
 * write topologies in TypeScript or wrap a built-in actor.
 */
import type { BuiltinKindModule } from '../src/actor.js'
import type { BuiltinKind } from '../src/topology/schema.js'
import * as dish from './dish.js'
import * as proxy from './proxy.js'
import * as publisher from './publisher.js'
import * as radio from './radio.js'
import * as requester from './requester.js'
import * as responder from './responder.js'
import * as sink from './sink.js'
import * as subscriber from './subscriber.js'
import * as ventilator from './ventilator.js'
import * as worker from './worker.js'

export const builtins: Readonly<Record<BuiltinKind, BuiltinKindModule>> = { publisher, subscriber, responder, requester, proxy, ventilator, worker, sink, radio, dish }

export type { DishOptions } from './dish.js'
export type { ProxyOptions, ProxySide } from './proxy.js'
export type { PublisherOptions } from './publisher.js'
export type { RadioOptions } from './radio.js'
export type { RequesterOptions } from './requester.js'
export type { ResponderOptions } from './responder.js'
export type { SinkOptions } from './sink.js'
export type { SubscriberOptions } from './subscriber.js'
export type { VentilatorOptions } from './ventilator.js'
export type { WorkerOptions } from './worker.js'
export type { PacedSenderOptions } from './paced-sender.js'
export type { HandlingReceiverOptions } from './handling-receiver.js'

/** The options of each built-in kind, by kind. */
export interface BuiltinOptions {
  publisher: import('./publisher.js').PublisherOptions
  subscriber: import('./subscriber.js').SubscriberOptions
  responder: import('./responder.js').ResponderOptions
  requester: import('./requester.js').RequesterOptions
  proxy: import('./proxy.js').ProxyOptions
  ventilator: import('./ventilator.js').VentilatorOptions
  worker: import('./worker.js').WorkerOptions
  sink: import('./sink.js').SinkOptions
  radio: import('./radio.js').RadioOptions
  dish: import('./dish.js').DishOptions
}
