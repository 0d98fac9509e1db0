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
 *
 * Without a `rate` the messages go through `sendMany`: a plain (sync) source such as a generator
 * is drained with no promise per message while the socket takes them (on an internal link they
 * join a batch), and the actor awaits only when the socket holds it back (high-water mark).
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
      if (!iterable(messages)) throw new TypeError(`actor "${ctx.name}": its source (${specOf(ctx.config.source)}) returned ${describe(messages)}, not an iterable or async iterable of messages`)
      const framed = frame === undefined ? undefined : (message: Message): Message => frame(message, ctx)
      const paced = rate === undefined ? messages : pace(messages, { rate, count, signal: ctx.signal })
      await ctx.sockets[socket].sendMany(limited(paced, rate === undefined ? count : undefined, framed))
    },
  })
}

/** The first `count` messages (all without one), each through `frame`; sync for a sync source. */
function limited (messages: Iterable<Message> | AsyncIterable<Message>, count: number | undefined, frame: ((message: Message) => Message) | undefined): Iterable<Message> | AsyncIterable<Message> {
  if (count === undefined && frame === undefined) return messages
  const limit = count ?? Infinity
  if (typeof (messages as Partial<Iterable<Message>>)[Symbol.iterator] === 'function') {
    return (function * () {
      if (limit <= 0) return
      let n = 0
      for (const message of messages as Iterable<Message>) {
        yield frame === undefined ? message : frame(message)
        if (++n >= limit) return
      }
    })()
  }
  return (async function * () {
    if (limit <= 0) return
    let n = 0
    for await (const message of messages as AsyncIterable<Message>) {
      yield frame === undefined ? message : frame(message)
      if (++n >= limit) return
    }
  })()
}

function iterable (value: unknown): value is Iterable<Message> | AsyncIterable<Message> {
  return value !== null && (typeof value === 'object' || typeof value === 'function') &&
    (typeof (value as Partial<Iterable<unknown>>)[Symbol.iterator] === 'function' || typeof (value as Partial<AsyncIterable<unknown>>)[Symbol.asyncIterator] === 'function')
}

function describe (value: unknown): string {
  return value === null ? 'null' : typeof value === 'object' ? `an object (${value.constructor?.name ?? 'Object'})` : `a ${typeof value}`
}

/** What the topology wrote for a module field (the plan resolves it to `{ spec, url }`). */
function specOf (ref: unknown): string {
  return typeof ref === 'object' && ref !== null && 'spec' in ref ? String(ref.spec) : String(ref)
}
