import { defineActor, pace, type ActorContext, type FieldSpec, type Message, type SocketType, type Source } from '../src/actor.js'

/** Fields shared by the actors that send a source's messages: publisher, ventilator, radio. */
export interface PacedSenderOptions {
  /** module whose default export is a {@link Source} */
  source: string
  /** messages per second (default: as fast as the socket takes them) */
  rate?: number
  /** stop after this many messages (default: when the source ends) */
  count?: number
}

export const pacedSenderFields = {
  source: { type: 'module', required: true, doc: 'module whose default export is a Source: called once per start, returns the messages to send' },
  rate: { type: 'rate', doc: 'messages per second (default: as fast as the socket takes them)' },
  count: { type: 'count', doc: 'stop after this many messages (default: when the source ends)' },
} as const satisfies Record<keyof PacedSenderOptions, FieldSpec>

/**
 * An actor with one socket that sends its source's messages, paced by `rate`, up to `count`;
 * `frame` turns a source message into what the socket sends (default: as it is).
 */
export function pacedSender<N extends string, C extends PacedSenderOptions = PacedSenderOptions> (socket: N, type: SocketType, frame?: (message: Message, ctx: ActorContext<Record<N, SocketType>, C>) => Message) {
  return defineActor<Record<N, SocketType>, Source, C>({
    sockets: { [socket]: type } as Record<N, SocketType>,
    async init (ctx) {
      return await ctx.load<Source>('source')
    },
    async run (ctx, source) {
      const { rate, count } = ctx.config
      const messages = await source(ctx.params, ctx)
      const out = ctx.sockets[socket]
      for await (const message of pace(messages, { rate, count, signal: ctx.signal })) await out.send(frame !== undefined ? frame(message, ctx) : message)
    },
  })
}
