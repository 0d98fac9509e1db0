/**
 * The benchmark's start-up figure, in a fresh process (a cold thread pool, nothing else in it):
 * spawn() of `argv[2]` idle actors, ms until every one is READY, and the growth of the process's
 * resident memory per actor. Prints `{ readyMs, rssPerActorMB }` as JSON. With `argv[3]` "child",
 * the actors run in one child process (ipc endpoints), and memory is not measured (null).
 */
import { randomUUID } from 'node:crypto'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { spawn } from '../src/spawn.js'

const actors = Number(process.argv[2])
const child = process.argv[3] === 'child'
const idle = new URL(`./actors/idle${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url).pathname
const before = process.memoryUsage().rss
const start = performance.now()
const app = await spawn({
  name: 'bench-startup',
  actors: Object.fromEntries(Array.from({ length: actors }, (_, i) => [`a${i}`, child
    ? { module: idle, process: 'far', sockets: { in: { bind: [`ipc://${join(tmpdir(), `za-bench-idle-${randomUUID()}`)}`] } } }
    : { module: idle, sockets: { in: { bind: [`inproc://za-bench-idle-${randomUUID()}`] } } }])),
})
const readyMs = performance.now() - start
const rss = process.memoryUsage().rss - before
await app.stop()
process.stdout.write(JSON.stringify({ readyMs, rssPerActorMB: child ? null : rss / actors / 1024 / 1024 }) + '\n')
