import type { Message } from '../message.js'
import type { ActorContext } from './context.js'

/**
 * A source module's default export: called once per actor start, returns the messages to send.
 * A plain (sync) iterable, such as a generator, is drained without a promise per message while the
 * socket takes them (ActorSocket.sendMany); an async iterable costs an await per message.
 * @example export default function * (params) { for (let i = 0; i < 10; i++) yield `tick ${i}` }
 */
export type Source = (params: any, ctx: ActorContext) => Iterable<Message> | AsyncIterable<Message> | Promise<Iterable<Message> | AsyncIterable<Message>>

/**
 * A handler module's default export: called per received message with its frames; may return a
 * message (the reply, or the result to forward) or a Promise of one. Per-actor state belongs in
 * `ctx.state`, which is fresh on every start. A handler that returns no promise is called in a loop
 * over the messages at hand (ActorSocket.receiveMany), with no await per message.
 */
export type Handler = (frames: Buffer[], ctx: ActorContext) => Message | undefined | void | Promise<Message | undefined | void>
