/**
 * The benchmark's start-up figure, in a fresh process (a cold thread pool, nothing else in it):
 * spawn() of `argv[2]` idle actors, ms until every one is READY, and the growth of the process's
 * resident memory per actor. Prints `{ readyMs, rssPerActorMB }` as JSON.
 */
import { randomUUID } from 'node:crypto'
import { spawn } from '../src/spawn.js'

const actors = Number(process.argv[2])
const idle = new URL(`./actors/idle${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url).pathname
const before = process.memoryUsage().rss
const start = performance.now()
const app = await spawn({
  name: 'bench-startup',
  actors: Object.fromEntries(Array.from({ length: actors }, (_, i) => [`a${i}`, { module: idle, sockets: { in: { bind: [`inproc://za-bench-idle-${randomUUID()}`] } } }])),
})
const readyMs = performance.now() - start
const rss = process.memoryUsage().rss - before
await app.stop()
process.stdout.write(JSON.stringify({ readyMs, rssPerActorMB: rss / actors / 1024 / 1024 }) + '\n')
