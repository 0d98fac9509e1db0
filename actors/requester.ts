/**
 * `requester`: a REQ socket with the zguide's Lazy Pirate pattern: each request waits `timeout` ms
 * for its reply; on silence the socket is closed and reopened (a REQ socket that lost a reply can
 * never send again: H7 in docs/hazards.md) and the request is sent again, up to `retries` times. Then the actor fails
 * with `ERR_ACTOR_REQUEST_TIMEOUT`: every request gets one reply or an explicit failure, never a hang.
 * @example
 * { "kind": "requester", "connect": "api", "source": "./questions.js", "handler": "./print.js" }
 */
import { defineActor, pace, RequestTimeoutError, type BuiltinSocketSpec, type FieldSpec, type Handler, type Source } from '../src/actor.js'

/** Fields of a `requester` actor (besides bind/connect and socket options). */
export interface RequesterOptions {
  /** module whose default export is a {@link Source} of requests */
  source: string
  /** module whose default export is a {@link Handler}, called with each reply */
  handler?: string
  /** ms to wait for a reply before retrying (default 2500) */
  timeout?: number
  /** retries per request before giving up (default 3) */
  retries?: number
}

export const kDefaultTimeout = 2500
export const kDefaultRetries = 3

export const sockets = { req: { type: 'req' } } as const satisfies Record<string, BuiltinSocketSpec>
export const fields = {
  source: { type: 'module', required: true, doc: 'module whose default export is a Source of requests' },
  handler: { type: 'module', doc: 'module whose default export is a Handler, called with each reply' },
  timeout: { type: 'timeout', doc: `ms to wait for a reply before retrying (default ${kDefaultTimeout})` },
  retries: { type: 'retries', doc: `retries per request before giving up (default ${kDefaultRetries})` },
} as const satisfies Record<keyof RequesterOptions, FieldSpec>

export default defineActor<{ req: 'req' }, { source: Source, handler: Handler | undefined }, RequesterOptions>({
  sockets: { req: 'req' },
  async init (ctx) {
    const source = await ctx.load<Source>('source')
    const handler = ctx.config.handler !== undefined ? await ctx.load<Handler>('handler') : undefined
    return { source, handler }
  },
  async run (ctx, { source, handler }) {
    const { timeout = kDefaultTimeout, retries = kDefaultRetries } = ctx.config
    const req = ctx.sockets.req
    for await (const request of pace(await source(ctx.params, ctx), { signal: ctx.signal })) {
      for (let attempt = 0; ; attempt++) {
        await req.send(request)
        try {
          const reply = await req.receive({ timeout })
          await handler?.(reply, ctx)
          break
        } catch (error) {
          if (req.closed || (error as { code?: string }).code !== 'EAGAIN') throw error
          if (attempt >= retries) throw new RequestTimeoutError(`actor "${ctx.name}": no reply after ${retries + 1} attempts of ${timeout} ms`)
          ctx.log(`no reply within ${timeout} ms, retrying (${attempt + 1}/${retries})`)
          await req.reset()
        }
      }
    }
  },
})
