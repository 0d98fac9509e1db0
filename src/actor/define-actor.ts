import type { SocketType } from '../topology/schema.js'
import type { ActorContext } from './context.js'

/** Socket names to their types, e.g. `{ in: 'pull', out: 'push' }`. */
export type SocketTypes = Record<string, SocketType>

/**
 * What an actor is: its sockets and its code. The runtime creates the sockets, binds and connects
 * them to the topology's endpoints, runs `init` (still before READY), reports READY, then runs
 * `run` until it returns, throws, or the actor is stopped (`ctx.signal` aborts and the sockets
 * close, which ends every `for await` loop over them).
 */
export interface ActorDefinition<S extends SocketTypes = SocketTypes, I = void, C = Record<string, unknown>> {
  /** The sockets the actor needs. Built-in kinds get theirs from the topology and may omit it. */
  sockets?: S
  /**
   * Runs before READY: load modules, subscribe, check config. A throw fails the start. What it
   * returns is handed to `run` (fresh on every start, so a restarted actor starts clean).
   */
  init?: (ctx: ActorContext<S, C>) => I | Promise<I>
  /** The actor's life. Returning ends the actor normally; throwing fails it. */
  run: (ctx: ActorContext<S, C>, state: I) => void | Promise<void>
}

const kDefinition = Symbol.for('zeroactor.actor-definition')

/**
 * Declares an actor. The returned object is what a module exports for `"module": "./x.js"`.
 * Type parameters: the sockets, what `init` returns, and the shape of `ctx.config` (the actor's
 * own topology fields; `Record<string, unknown>` unless you say).
 * @example
 * export default defineActor({
 *   sockets: { in: 'pull', out: 'push' },
 *   async run (ctx) { for await (const frames of ctx.sockets.in) await ctx.sockets.out.send(frames) },
 * })
 * @throws {TypeError} when `run` is not a function or a socket type is unknown
 */
export function defineActor<S extends SocketTypes, I = void, C = Record<string, unknown>> (definition: ActorDefinition<S, I, C>): ActorDefinition<S, I, C> {
  if (typeof definition !== 'object' || definition === null) throw new TypeError('defineActor() takes an object { sockets, init?, run }')
  if (typeof definition.run !== 'function') throw new TypeError('defineActor(): "run" must be a function')
  if (definition.init !== undefined && typeof definition.init !== 'function') throw new TypeError('defineActor(): "init" must be a function')
  return Object.freeze({ ...definition, [kDefinition]: true })
}

/** True for an object that can serve as an actor definition (made by any copy of defineActor). */
export function isActorDefinition (value: unknown): value is ActorDefinition<SocketTypes, unknown, any> {
  return typeof value === 'object' && value !== null && typeof (value as ActorDefinition).run === 'function'
}
