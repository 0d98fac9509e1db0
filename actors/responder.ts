/**
 * `responder`: a REP socket that answers every request with its handler's return value (an empty
 * frame if none).
 * @example
 * { "kind": "responder", "bind": "api", "handler": "./answer.js" }
 */
import { defineActor, type BuiltinSocketSpec, type FieldSpec, type Handler } from '../src/actor.js'

/** Fields of a `responder` actor (besides bind/connect and socket options). */
export interface ResponderOptions {
  /** module whose default export is a {@link Handler}: request frames → reply */
  handler: string
}

export const sockets = { rep: { type: 'rep' } } as const satisfies Record<string, BuiltinSocketSpec>
export const fields = {
  handler: { type: 'module', required: true, doc: 'module whose default export is a Handler: request frames → reply' },
} as const satisfies Record<keyof ResponderOptions, FieldSpec>

export default defineActor<{ rep: 'rep' }, Handler, ResponderOptions>({
  sockets: { rep: 'rep' },
  async init (ctx) {
    return await ctx.load<Handler>('handler')
  },
  async run (ctx, handler) {
    for await (const request of ctx.sockets.rep) {
      const reply = await handler(request, ctx)
      await ctx.sockets.rep.send(reply ?? '')
    }
  },
})
