/**
 * ipc like for like: `node dist/bench/placement.js [size] [count] [rounds]` (defaults 65536, 30000,
 * 4). The benchmark's internal ipc row links a sender in a child process to a receiver in the main
 * one (a logical link takes ipc only between processes), while its raw and edge rows run both ends
 * in one process. This measures, PUSH → PULL over ipc, msg/s of each round:
 * - raw zeromq.js with each end in a process of its own (zero-copy receives);
 * - raw zeromq.js with both ends in threads of one process (the benchmark's raw row);
 * - zeroactor's internal link (sender in a child process), and an edge link with its sender in a
 *   child process, then with both ends in one process.
 */
import { fork } from 'node:child_process'
import { once } from 'node:events'
import * as zmq from 'zeromq'
import { spawn } from '../src/spawn.js'
import { throughput } from './bench.js'
import { freshEndpoint, module, rawRate, stamp } from './harness.js'

const [role, endpoint, count, size] = [process.argv[2], process.argv[3]!, Number(process.argv[4]), Number(process.argv[5])]
if (role === 'pull' || role === 'push') await rawPeer()
else await main()

/** One end of the raw link, in this process; the receiver sends its msg/s (first to last message) to the parent. */
async function rawPeer (): Promise<void> {
  if (role === 'pull') {
    const socket = new zmq.Pull()
    await socket.bind(endpoint)
    process.send!('bound')
    let start = 0
    for (let i = 0; i < count; i++) { await socket.receive(); if (i === 0) start = performance.now() }
    process.send!((count - 1) / ((performance.now() - start) / 1000))
    socket.close()
  } else {
    const socket = new zmq.Push()
    socket.connect(endpoint)
    const payload = Buffer.alloc(size, 120)
    for (let i = 0; i < count; i++) await socket.send(payload)
    await once(process, 'message') // closing now could drop the queued tail
    socket.close()
  }
  process.disconnect()
}

async function rawAcrossProcesses (size: number, count: number): Promise<number> {
  const at = freshEndpoint('ipc')
  const rx = fork(new URL(import.meta.url), ['pull', at, String(count), String(size)])
  const rxExit = once(rx, 'exit')
  await once(rx, 'message')
  const tx = fork(new URL(import.meta.url), ['push', at, String(count), String(size)])
  const txExit = once(tx, 'exit')
  const [rate] = await once(rx, 'message') as [number]
  tx.send('stop')
  await Promise.all([rxExit, txExit])
  return rate
}

async function edgeFromChild (size: number, count: number): Promise<number> {
  const rx = await spawn({ name: 'placement-rx', actors: { rx: { module: module('drain'), params: { count }, sockets: { in: { bind: [freshEndpoint('ipc')] } } } } })
  const ended = stamp(rx, 'rx', 'end')
  const tx = await spawn({ name: 'placement-tx', actors: { tx: { module: module('blast'), params: { count, size }, process: 'tx', sockets: { out: { connect: [rx.endpoints('rx').in![0]!] } } } } })
  const started = stamp(tx, 'tx', 'start')
  const [start, end] = await Promise.all([started, ended])
  await tx.stop()
  await rx.stop()
  return count / ((end - start) / 1000)
}

async function main (): Promise<void> {
  const [size = 65536, count = 30000, rounds = 4] = process.argv.slice(2).map(Number)
  const rows: Record<string, () => Promise<number>> = {
    'raw zeromq.js, two processes': async () => await rawAcrossProcesses(size, count),
    'raw zeromq.js, one process': async () => await rawRate('pipeline', 'ipc', size, count),
    'internal link, sender in a child process': async () => await throughput('internal', 'ipc', size, count),
    'edge link, sender in a child process': async () => await edgeFromChild(size, count),
    'edge link, one process': async () => await throughput('edge', 'ipc', size, count),
  }
  const rates: Record<string, number[]> = Object.fromEntries(Object.keys(rows).map(name => [name, []]))
  for (let round = 0; round < rounds; round++) {
    for (const [name, measure] of Object.entries(rows)) rates[name]!.push(await measure())
  }
  process.stdout.write(`ipc, PUSH → PULL, ${size} B, ${count} messages a round, msg/s of each round\n`)
  for (const [name, r] of Object.entries(rates)) process.stdout.write(`${name.padEnd(42)} ${r.map(v => Math.round(v).toLocaleString('en-US').padStart(9)).join('')}\n`)
}
