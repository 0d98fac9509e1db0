/**
 * `proxy`: forwards whole messages (multipart intact) between `frontend` and `backend`, in each
 * direction the socket types allow: data frontend → backend; replies and XPUB subscriptions
 * backend → frontend, so subscribers' filters reach the publishers. A JavaScript loop per
 * direction, not zeromq's native Proxy (H11 in docs/hazards.md: swapped pause/resume, a libuv pool thread per proxy,
 * GC segfaults).
 * @example
 * { "kind": "proxy", "frontend": { "type": "xsub", "bind": "in" }, "backend": { "type": "xpub", "bind": "out" } }
 */
import { defineActor, type ActorSocket, type BuiltinSocketSpec, type FieldSpec } from '../src/actor.js'

/** One side of a proxy: a socket type and its endpoints (plus socket options). */
export interface ProxySide {
  type: 'xsub' | 'xpub' | 'router' | 'dealer' | 'pull' | 'push' | 'sub' | 'pub'
  bind?: string[]
  connect?: string[]
}

/** Fields of a `proxy` actor. */
export interface ProxyOptions {
  frontend: ProxySide
  backend: ProxySide
}

/** Each side's socket type comes from its `type` field. */
export const sockets = {
  frontend: { from: 'frontend' },
  backend: { from: 'backend' },
} as const satisfies Record<string, BuiltinSocketSpec>
export const fields = {
  frontend: { type: 'proxy-side', required: true, doc: 'the side peers send to: { type, bind?, connect? } plus socket options' },
  backend: { type: 'proxy-side', required: true, doc: 'the side it forwards to: { type, bind?, connect? } plus socket options' },
} as const satisfies Record<keyof ProxyOptions, FieldSpec>
/** Subscriptions reaching an xpub backend go out of an xsub frontend: publishers wait for the subscribers behind the proxy. */
export const forwardsSubscriptions = true

export default defineActor<Record<'frontend' | 'backend', ProxySide['type']>, void, ProxyOptions>({
  init (ctx) {
    const { frontend } = ctx.sockets
    if (frontend.type === 'sub') frontend.subscribe('')
  },
  async run (ctx) {
    const { frontend, backend } = ctx.sockets
    const loops: Array<Promise<void>> = []
    if (frontend.canReceive && backend.canSend) loops.push(forward(frontend, backend))
    if (backend.canReceive && frontend.canSend) loops.push(forward(backend, frontend))
    await Promise.all(loops)
  },
})

async function forward (from: ActorSocket, to: ActorSocket): Promise<void> {
  for await (const frames of from) await to.send(frames)
}
