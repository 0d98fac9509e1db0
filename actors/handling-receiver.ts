import { defineActor, type ActorContext, type ActorSocket, type FieldSpec, type Handler, type SocketType } from '../src/actor.js'

/** Fields shared by the actors that hand each received message to a handler: subscriber, dish, sink. */
export interface HandlingReceiverOptions {
  /** module whose default export is a {@link Handler}, called per message */
  handler?: string
  /** finish after this many messages (default: run until stopped) */
  count?: number
}

export const handlingReceiverFields = {
  handler: { type: 'module', doc: 'module whose default export is a Handler, called with each message' },
  count: { type: 'count', doc: 'finish after this many messages (default: run until stopped)' },
} as const satisfies Record<keyof HandlingReceiverOptions, FieldSpec>

/**
 * An actor with one receiving socket: `prepare` runs before READY (subscriptions, group joins, so
 * they are live when the actor reports ready), then each message goes to the handler, up to `count`.
 *
 * The messages come through `receiveMany`: every message at hand (on an internal link, a whole
 * batch) is handed to the handler in a loop, and only a handler that returns a promise is awaited.
 */
export function handlingReceiver<N extends string, C extends HandlingReceiverOptions = HandlingReceiverOptions> (socket: N, type: SocketType, prepare?: (ctx: ActorContext<Record<N, SocketType>, C>) => void) {
  return defineActor<Record<N, SocketType>, Handler | undefined, C>({
    sockets: { [socket]: type } as Record<N, SocketType>,
    async init (ctx) {
      prepare?.(ctx)
      return ctx.config.handler !== undefined ? await ctx.load<Handler>('handler') : undefined
    },
    async run (ctx, handler) {
      const count = ctx.config.count ?? Infinity
      const input = ctx.sockets[socket]
      for (let n = 0; n < count;) {
        const messages = await receiveOrEnd(input, count - n)
        if (messages === undefined) return
        if (handler !== undefined) {
          for (const frames of messages) {
            const result = handler(frames, ctx)
            if (isPromise(result)) await result
          }
        }
        n += messages.length
      }
    },
  })
}

/** The messages at hand (at most `max`), or undefined once the socket is closed: the end of the actor's loop. */
export async function receiveOrEnd (input: ActorSocket, max = Infinity): Promise<Buffer[][] | undefined> {
  if (input.closed) return undefined
  try {
    return await input.receiveMany({ max })
  } catch (error) {
    if (input.closed && (error as { code?: string }).code === 'EAGAIN') return undefined
    throw error
  }
}

/** Whether a handler's result is to be awaited (a promise, or any thenable). */
export function isPromise (value: unknown): value is PromiseLike<unknown> {
  return typeof (value as PromiseLike<unknown> | undefined)?.then === 'function'
}
