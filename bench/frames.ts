/**
 * What a message's shape costs raw zeromq.js over inproc: `node dist/bench/frames.js [size] [count]
 * [rounds]` (defaults 65536, 50000, 3). PUSH → PULL between two worker threads, one `await send()`
 * and one `await receive()` per message, every received frame a copy (receiveCopies(), as in a
 * zeroactor process: H2), msg/s of each round for each shape:
 * - `one`: the same Buffer each time, one frame (what the benchmark's raw and bench actors send);
 * - `two`: the same, plus a 40 B second frame (an internal link's trailer);
 * - `fresh`: a new Buffer each time, one frame (what code that builds its messages sends);
 * - `fresh, two`: a new Buffer each time, plus the 40 B frame.
 * Shapes alternate round by round, so a busier spell of the machine does not favour one.
 */
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads'
import * as zmq from 'zeromq'
import { receiveCopies } from '../src/receive-copy.js'

const kShapes = ['one', 'two', 'fresh', 'fresh, two'] as const
type Shape = typeof kShapes[number]
interface Job { role: 'send' | 'recv', endpoint: string, shape: Shape, size: number, count: number }

if (isMainThread) await main()
else await end(workerData as Job)

async function main (): Promise<void> {
  const [size = 65536, count = 50_000, rounds = 3] = process.argv.slice(2).map(Number)
  const rates = new Map<Shape, number[]>(kShapes.map(s => [s, []]))
  for (let round = 0; round < rounds; round++) {
    for (const shape of kShapes) rates.get(shape)!.push(await rate({ endpoint: `inproc://frames-${round}-${shape}`, shape, size, count }))
  }
  process.stdout.write(`inproc, PUSH → PULL, ${size} B, ${count} messages a round, msg/s of each round\n`)
  for (const [shape, r] of rates) process.stdout.write(`${shape.padEnd(12)}${r.map(v => v.toLocaleString('en-US').padStart(10)).join('')}\n`)
}

async function rate (job: Omit<Job, 'role'>): Promise<number> {
  const rx = new Worker(new URL(import.meta.url), { workerData: { ...job, role: 'recv' } })
  const rxExit = new Promise(resolve => rx.once('exit', resolve))
  await new Promise(resolve => rx.once('message', resolve)) // bound
  const tx = new Worker(new URL(import.meta.url), { workerData: { ...job, role: 'send' } })
  const txExit = new Promise(resolve => tx.once('exit', resolve))
  const started = performance.now()
  await new Promise(resolve => rx.once('message', resolve)) // the last message arrived
  const seconds = (performance.now() - started) / 1000
  tx.postMessage('stop') // the sender outlives the receiver's hold on its frames (H2)
  await Promise.all([rxExit, txExit])
  return Math.round(job.count / seconds)
}

async function end ({ role, endpoint, shape, size, count }: Job): Promise<void> {
  if (!await receiveCopies()) throw new Error('frames: could not make received frames copies')
  if (role === 'recv') {
    const pull = new zmq.Pull()
    await pull.bind(endpoint)
    parentPort!.postMessage('bound')
    for (let i = 0; i < count; i++) await pull.receive()
    parentPort!.postMessage('done')
    pull.close()
    return
  }
  const push = new zmq.Push()
  push.connect(endpoint)
  const payload = Buffer.alloc(size, 120)
  const trailer = Buffer.alloc(40, 1)
  for (let i = 0; i < count; i++) {
    const body = shape.startsWith('fresh') ? Buffer.from(payload) : payload
    await push.send(shape.endsWith('two') ? [body, trailer] : body)
  }
  await new Promise(resolve => parentPort!.once('message', resolve))
  push.close()
}
