/**
 * ipc like for like: `node dist/bench/placement.js [size] [count] [rounds]` (defaults 65536, 30000,
 * 4). The benchmark's internal ipc row links a sender in a child process to a receiver in the main
 * one (a logical link takes ipc only between processes), while its raw and edge rows run both ends
 * in one process. This measures, PUSH → PULL over ipc, msg/s of each round:
 * - raw zeromq.js with each end in a process of its own (zero-copy receives);
 * - raw zeromq.js with both ends in threads of one process (the benchmark's raw row);
 * - zeroactor's internal link (sender in a child process), and an edge link with its sender in a
 *   child process, then with both ends in one process.
 * Raw ends are the benchmark's own (raw-peer.ts), one per process here; every rate is timed from
 * the sender's first message to the receiver's last, as in the benchmark.
 */
import { fork } from 'node:child_process'
import { once } from 'node:events'
import { throughput } from './bench.js'
import { freshEndpoint, peer, rawRate } from './harness.js'

if (process.argv[2] === 'raw-end') await rawEnd(JSON.parse(process.argv[3]!) as Record<string, unknown>)
else await main()

/** A child process that runs one raw end (raw-peer.ts) and passes its messages both ways. */
async function rawEnd (job: Record<string, unknown>): Promise<void> {
  const end = peer(job)
  process.on('message', msg => end.worker.postMessage(msg))
  process.send!(await end.next()) // the binder's { endpoint }, the sender's { start }
  if (job.bind === true) process.send!(await end.next()) // the receiver's { end }
  await end.exited
  process.disconnect()
}

async function rawBetweenProcesses (size: number, count: number): Promise<number> {
  const job = { endpoint: freshEndpoint('ipc'), count, size }
  const rx = fork(new URL(import.meta.url), ['raw-end', JSON.stringify({ ...job, role: 'recv', bind: true })])
  const rxExit = once(rx, 'exit')
  const [{ endpoint }] = await once(rx, 'message') as [{ endpoint: string }]
  const tx = fork(new URL(import.meta.url), ['raw-end', JSON.stringify({ ...job, endpoint, role: 'send', bind: false })])
  const txExit = once(tx, 'exit')
  const [[{ start }], [{ end }]] = await Promise.all([once(tx, 'message'), once(rx, 'message')]) as [[{ start: number }], [{ end: number }]]
  tx.send('stop') // the sender's thread outlives the receiver's hold on its frames (raw-peer.ts)
  await Promise.all([rxExit, txExit])
  return count / ((end - start) / 1000)
}

async function main (): Promise<void> {
  const [size = 65536, count = 30000, rounds = 4] = process.argv.slice(2).map(Number)
  const rows: Record<string, () => Promise<number>> = {
    'raw zeromq.js, two processes': async () => await rawBetweenProcesses(size, count),
    'raw zeromq.js, one process': async () => await rawRate('pipeline', 'ipc', size, count),
    'internal link, sender in a child process': async () => await throughput('internal', 'ipc', size, count),
    'edge link, sender in a child process': async () => await throughput('edge', 'ipc', size, count, true),
    'edge link, one process': async () => await throughput('edge', 'ipc', size, count),
  }
  const rates: Record<string, number[]> = Object.fromEntries(Object.keys(rows).map(name => [name, []]))
  for (let round = 0; round < rounds; round++) {
    for (const [name, measure] of Object.entries(rows)) rates[name]!.push(await measure())
  }
  process.stdout.write(`ipc, PUSH → PULL, ${size} B, ${count} messages a round, msg/s of each round\n`)
  for (const [name, r] of Object.entries(rates)) process.stdout.write(`${name.padEnd(42)} ${r.map(v => Math.round(v).toLocaleString('en-US').padStart(9)).join('')}\n`)
}
