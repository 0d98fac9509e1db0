// Bench worker handler: a task "<µs>" is that many microseconds of CPU (a busy loop), then done.
import type { Handler } from '../../src/actor.js'

const handler: Handler = frames => {
  const end = performance.now() + Number(String(frames[0])) / 1000
  while (performance.now() < end);
  return 'done'
}
export default handler
