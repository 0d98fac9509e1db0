// One round of raw zeromq.js in a process of its own (harness.ts, rawRate): sends its msg/s to the parent.
import { receiveCopies } from '../src/receive-copy.js'
import { tuneGc } from '../src/runtime/gc-tuning.js'
import { rawRateHere, type Transport } from './harness.js'

const job = JSON.parse(process.argv[2]!) as { pattern: 'pipeline' | 'pubsub', transport: Transport, size: number, count: number, copying: boolean }
if (job.copying) {
  tuneGc() // as a zeroactor process does before its threads start (H38)
  if (!await receiveCopies()) throw new Error('raw-copying: could not make received frames copies')
}
const rate = await rawRateHere(job.pattern, job.transport, job.size, job.count)
process.send!(rate, () => process.exit(0))
