import { threadId } from 'node:worker_threads'
import * as zmq from 'zeromq'

/**
 * H2 at its root. zeromq.js hands a received frame over 128 bytes out as a Buffer over libzmq's
 * message, without a copy. Over inproc that message is often the sending thread's own Buffer,
 * sent zero-copy, and releasing it calls into the sending thread's zeromq module. Whichever thread
 * collects the received Buffer releases it, at the latest when that thread ends; if the sending
 * thread ended first, its module is freed memory. valgrind on a process that exits after an inproc
 * stream of 64 KiB frames between two threads: invalid reads and writes in
 * `OutgoingMsg::Reference::Recycle`, called from a worker's `FreeEnvironment`; 4 runs in 10
 * aborted ("corrupted double-linked list"). Copying the frame in JavaScript did not help: the
 * original Buffer still waits for a collection, which may come only at the thread's end.
 *
 * zeromq.js 6.8 copies every received frame in native code when it runs in Electron 21 or later
 * (whose memory cage forbids external Buffers). It decides that once per process, at the first
 * frame it receives. {@link receiveCopies} makes that first receive happen with
 * `process.versions.electron` set, for the length of one synchronous call. Every frame received in
 * the process afterwards is a copy: it points into nothing of another thread's, and the message
 * is closed at once, while its sender is alive.
 *
 * It then checks the outcome: it writes into the frame it received and looks at the one it sent,
 * which a zero-copy receive shares. When something in the process received a frame before (the
 * decision was already made), it resolves false and the sockets keep copying such frames
 * themselves (actor/socket/core.ts).
 */
let probe: Promise<boolean> | undefined

/** Whether every frame received in this process is a copy (see above). Runs the probe once per thread. */
export function receiveCopies (): Promise<boolean> {
  probe ??= run()
  return probe
}

/** What {@link receiveCopies} found, or false before it has finished. */
export let receivedFramesAreCopies = false

async function run (): Promise<boolean> {
  const endpoint = `inproc://zeroactor-receive-copy-${threadId}` // inproc names are per process; one probe per thread
  const rx = new zmq.Pair({ linger: 0, receiveTimeout: 0 })
  const tx = new zmq.Pair({ linger: 0 })
  try {
    await rx.bind(endpoint)
    tx.connect(endpoint)
    const sent = Buffer.alloc(129) // over zeromq.js's zero-copy threshold
    await tx.send(sent)
    const versions = process.versions as Record<string, string>
    Object.defineProperty(versions, 'electron', { value: '21.0.0', configurable: true, enumerable: false, writable: false })
    let receiving: Promise<Buffer[]>
    try {
      receiving = rx.receive() // receiveTimeout 0: zeromq.js receives synchronously, inside this call
    } finally {
      delete versions.electron
    }
    const [frame] = await receiving
    frame![0] = 1
    receivedFramesAreCopies = sent[0] === 0
  } catch {
    receivedFramesAreCopies = false
  } finally {
    rx.close()
    tx.close()
  }
  return receivedFramesAreCopies
}
