/**
 * The benchmark's start-up figure, in a fresh process (a cold thread pool, nothing else in it):
 * spawn() of `argv[2]` idle actors, ms until every one is READY, and the growth of the process's
 * resident memory per actor. Prints `{ readyMs, rssPerActorMB }` as JSON. With `argv[3]` "child",
 * the actors run in one child process (ipc endpoints), and memory is not measured (null). With
 * `argv[3]` "bare", the floor under that memory: `argv[2]` bare worker threads of this Node (each
 * posts a message and waits), and the growth per thread as `{ rssPerThreadMB }`.
 */
import { randomUUID } from 'node:crypto'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Worker } from 'node:worker_threads'
import { spawn } from '../src/spawn.js'

const actors = Number(process.argv[2])
const mode = process.argv[3]
const before = process.memoryUsage().rss
if (mode === 'bare') await bare()
else await idleActors(mode === 'child')

async function idleActors (child: boolean): Promise<void> {
  const idle = new URL(`./actors/idle${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url).pathname
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
}

async function bare (): Promise<void> {
  const code = 'const { parentPort } = require("node:worker_threads"); parentPort.postMessage("up"); parentPort.once("message", () => process.exit(0))'
  const threads: Worker[] = []
  for (let i = 0; i < actors; i++) {
    const worker = new Worker(code, { eval: true })
    await new Promise(resolve => worker.once('message', resolve))
    threads.push(worker)
  }
  const rss = process.memoryUsage().rss - before
  await Promise.all(threads.map(async worker => {
    const exited = new Promise(resolve => worker.once('exit', resolve))
    worker.postMessage('end')
    await exited
  }))
  process.stdout.write(JSON.stringify({ rssPerThreadMB: rss / actors / 1024 / 1024 }) + '\n')
}
