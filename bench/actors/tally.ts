// Bench handler (for a built-in sink or subscriber): counts messages, a sync handler as a user
// writes one, and logs "end <epoch ms>" at the params.count-th.
import { now } from '../../src/actor/link/wire.js'
import type { ActorContext } from '../../src/actor.js'

export default function tally (_frames: Buffer[], ctx: ActorContext): void {
  const n = (ctx.state.n = ((ctx.state.n as number | undefined) ?? 0) + 1)
  if (n === (ctx.params as { count: number }).count) ctx.log(`end ${now()}`)
}
