import { defineActor, type ActorSocket } from '../src/actor.js'

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

/**
 * Forwards whole messages (multipart intact) between `frontend` and `backend`, in each direction
 * the socket types allow: data frontend → backend; replies and XPUB subscriptions backend →
 * frontend, so subscribers' filters reach the publishers. A JavaScript loop per direction, not
 * zeromq's native Proxy (H11: swapped pause/resume, a libuv pool thread per proxy, GC segfaults).
 */
export default defineActor({
  init (ctx) {
    const { frontend } = ctx.sockets
    if (frontend!.type === 'sub') frontend!.subscribe('')
  },
  async run (ctx) {
    const { frontend, backend } = ctx.sockets as { frontend: ActorSocket, backend: ActorSocket }
    const loops: Array<Promise<void>> = []
    if (frontend.canReceive && backend.canSend) loops.push(forward(frontend, backend))
    if (backend.canReceive && frontend.canSend) loops.push(forward(backend, frontend))
    await Promise.all(loops)
  },
})

async function forward (from: ActorSocket, to: ActorSocket): Promise<void> {
  for await (const frames of from) await to.send(frames)
}
