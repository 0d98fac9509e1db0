import { fileURLToPath } from 'node:url'

const module = (name: string): string => fileURLToPath(new URL(`./${name}.js`, import.meta.url))

/**
 * What the soak runs: pub/sub and a pipeline, in the node runtime's threads and in two child
 * processes (so inproc, ipc and the internal links' batches all carry traffic), each at `rate`
 * messages per second.
 */
export function soakTopology (rate: number): object {
  return {
    name: 'soak',
    actors: {
      ticker: { kind: 'publisher', bind: ['ticks'], source: module('numbers'), rate },
      near: { kind: 'subscriber', connect: ['ticks'], handler: module('ignore') },
      far: { kind: 'subscriber', connect: ['ticks'], handler: module('ignore'), process: 'clients' },
      tasks: { kind: 'ventilator', bind: ['tasks'], source: module('numbers'), rate },
      'worker-1': { kind: 'worker', input: { connect: 'tasks' }, output: { connect: 'results' }, handler: module('pass'), process: 'workers' },
      'worker-2': { kind: 'worker', input: { connect: 'tasks' }, output: { connect: 'results' }, handler: module('pass'), process: 'workers' },
      results: { kind: 'sink', bind: ['results'], handler: module('ignore') },
    },
  }
}
