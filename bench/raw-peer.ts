/**
 * The benchmark's baseline: plain zeromq.js in a worker thread, one `await send()` or `receive()`
 * per message, no zeroactor in the way. Roles (workerData):
 * - `send`: post `{ start }` (epoch ms), PUSH `count` messages of `size` bytes; `recv`: PULL `count`, post `{ end }`;
 * - `pub`: an XPUB with noDrop: once the subscription arrives, like `send`; `sub`: subscribes to everything, like `recv`;
 * - `req`: `count` round trips, post each one's µs; `rep`: echo until told to stop.
 * The binding side posts `{ endpoint }` once bound. Every socket is closed before the thread ends (H1 in docs/hazards.md).
 * A sender waits for "stop" before it ends: its Buffers over 128 B went zero-copy, and its thread
 * must outlive the receiver's hold on them (H2: heap corruption otherwise).
 */
import { parentPort, workerData } from 'node:worker_threads'
import * as zmq from 'zeromq'

interface Job { role: 'send' | 'recv' | 'pub' | 'sub' | 'req' | 'rep', endpoint: string, bind: boolean, count: number, size: number }
const job = workerData as Job
const port = parentPort!

const socket = new ({ send: zmq.Push, recv: zmq.Pull, pub: zmq.XPublisher, sub: zmq.Subscriber, req: zmq.Request, rep: zmq.Reply } as const)[job.role]()
socket.linger = 500
if (job.role === 'pub') (socket as zmq.XPublisher).noDrop = true
try {
  if (job.bind) {
    await socket.bind(job.endpoint)
    port.postMessage({ endpoint: socket.lastEndpoint })
  } else {
    socket.connect(job.endpoint)
  }
  const payload = Buffer.alloc(job.size, 120)
  if (job.role === 'sub') (socket as zmq.Subscriber).subscribe()
  if (job.role === 'pub') await (socket as zmq.XPublisher).receive() // the subscription: the room is no longer empty
  if (job.role === 'send' || job.role === 'pub') {
    const push = socket as zmq.Push | zmq.XPublisher
    port.postMessage({ start: performance.timeOrigin + performance.now() })
    for (let i = 0; i < job.count; i++) {
      // H14: a noDrop XPUB at its high-water mark rejects with EAGAIN instead of waiting: retry
      while (!await push.send(payload).then(() => true, (error: { code?: string }) => { if (error.code !== 'EAGAIN') throw error; return false })) {
        await new Promise(resolve => setImmediate(resolve))
      }
    }
    await new Promise(resolve => port.once('message', resolve))
  } else if (job.role === 'recv' || job.role === 'sub') {
    const pull = socket as zmq.Pull | zmq.Subscriber
    for (let i = 0; i < job.count; i++) await pull.receive()
    port.postMessage({ end: performance.timeOrigin + performance.now() })
  } else if (job.role === 'req') {
    const req = socket as zmq.Request
    const us: number[] = []
    for (let i = 0; i < job.count; i++) {
      const t = performance.now()
      await req.send(payload)
      await req.receive()
      us.push((performance.now() - t) * 1000)
    }
    port.postMessage({ us })
  } else {
    const rep = socket as zmq.Reply
    port.once('message', () => rep.close())
    try {
      for (;;) await rep.send(await rep.receive())
    } catch (error) {
      if (!rep.closed) throw error
    }
  }
} finally {
  socket.close()
}
