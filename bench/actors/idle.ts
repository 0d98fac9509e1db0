// Bench actor for start-up and memory: a PULL socket, nothing else, until stopped.
import { defineActor } from '../../src/actor.js'

export default defineActor({
  sockets: { in: 'pull' },
  async run (ctx) {
    await new Promise(resolve => ctx.signal.addEventListener('abort', resolve, { once: true }))
  },
})
