import { spawn, type Stats } from '../../src/index.js'
import { sampleProcess, type ProcessSample } from './probe.js'
import { soakTopology } from './topology.js'

export interface SoakOptions {
  seconds: number
  /** messages per second, for the publisher and for the ventilator */
  rate: number
  /** seconds between samples */
  every: number
  /** seconds before the baseline sample: the JIT, pools and queues settle first */
  warmup: number
  /** a line per sample, for a person watching */
  progress?: (line: string) => void
}

/** One sample: every process of the topology summed, and what has been delivered so far. */
export interface SoakSample { s: number, rssMB: number, fds: number, threads: number, processes: number, sent: number, received: number, perProcess: ProcessSample[] }

export interface SoakResult {
  options: Omit<SoakOptions, 'progress'>
  samples: SoakSample[]
  /** after the warm-up: descriptors and threads, last sample against the first; RSS, the troughs (see retainedGrowth) */
  growth: { rssMB: number, fds: number, threads: number }
  /** restarts and failures seen (a soak expects none) */
  restarts: number
  failures: string[]
  /** what the ventilator and the publisher sent, and what the sink and the subscribers received, at the end */
  delivered: { tasksSent: number, resultsReceived: number, ticksSent: number, ticksReceived: number }
}

/** The bounds a soak must stay within (issue: RSS +≤ 20 MB after warm-up; fds and threads flat). */
export const kBounds = { rssMB: 20, fds: 0, threads: 0 }

/**
 * Runs the soak topology for `seconds`, sampling RSS, open descriptors and threads of the node
 * runtime and of each child process every `every` seconds.
 */
export async function runSoak (options: SoakOptions): Promise<SoakResult> {
  const { progress, ...shown } = options
  const app = await spawn(soakTopology(options.rate))
  let restarts = 0
  const failures: string[] = []
  app.on('restart', () => { restarts++ })
  app.on('failed', (actor, error) => { failures.push(`${actor}: ${error.message}`) })
  const samples: SoakSample[] = []
  const started = Date.now()
  let end: Stats['actors'] = {}
  try {
    for (let s = 0; s <= options.seconds; s += options.every) {
      await new Promise(resolve => setTimeout(resolve, Math.max(0, started + s * 1000 - Date.now())))
      const pids = [process.pid, ...app.processes().flatMap(p => (p.pid !== undefined ? [p.pid] : []))]
      const each = pids.flatMap(pid => sampleProcess(pid) ?? [])
      const stats = app.stats().actors
      const sample: SoakSample = {
        s,
        rssMB: each.reduce((sum, p) => sum + p.rssMB, 0),
        fds: each.reduce((sum, p) => sum + p.fds, 0),
        threads: each.reduce((sum, p) => sum + p.threads, 0),
        processes: each.length,
        sent: (stats.tasks?.sent ?? 0) + (stats.ticker?.sent ?? 0),
        received: (stats.results?.received ?? 0) + (stats.near?.received ?? 0) + (stats.far?.received ?? 0),
        perProcess: each,
      }
      samples.push(sample)
      progress?.(`soak ${clock(s)}/${clock(options.seconds)}  rss ${sample.rssMB.toFixed(1)} MB  fds ${sample.fds}  threads ${sample.threads}  processes ${sample.processes}  sent ${sample.sent}  received ${sample.received}${s < options.warmup ? '  (warm-up)' : ''}`)
    }
  } finally {
    end = app.stats().actors
    await app.stop()
  }
  const settled = samples.filter(x => x.s >= options.warmup)
  const base = settled[0] ?? samples[0]!
  const last = samples.at(-1)!
  return {
    options: shown,
    samples,
    growth: { rssMB: retainedGrowth(settled), fds: last.fds - base.fds, threads: last.threads - base.threads },
    restarts,
    failures,
    delivered: {
      tasksSent: end.tasks?.sent ?? 0,
      resultsReceived: end.results?.received ?? 0,
      ticksSent: end.ticker?.sent ?? 0,
      ticksReceived: Math.min(end.near?.received ?? 0, end.far?.received ?? 0),
    },
  }
}

/** The bounds the result breaks, in words (empty: within every bound). */
export function verdict (result: SoakResult): string[] {
  const problems: string[] = []
  const { growth, delivered, options } = result
  if (growth.rssMB > kBounds.rssMB) problems.push(`RSS grew ${growth.rssMB.toFixed(1)} MB after the warm-up (bound: ${kBounds.rssMB} MB)`)
  if (growth.fds > kBounds.fds) problems.push(`${growth.fds} more open descriptors after the warm-up`)
  if (growth.threads > kBounds.threads) problems.push(`${growth.threads} more threads after the warm-up`)
  if (result.restarts > 0) problems.push(`${result.restarts} restarts`)
  problems.push(...result.failures)
  // at a steady rate, what is in flight is a fraction of a second's worth
  const slack = options.rate
  if (delivered.tasksSent - delivered.resultsReceived > slack) problems.push(`results behind tasks by ${delivered.tasksSent - delivered.resultsReceived}`)
  if (delivered.ticksSent - delivered.ticksReceived > slack) problems.push(`a subscriber behind the publisher by ${delivered.ticksSent - delivered.ticksReceived}`)
  return problems
}

/**
 * How much the memory retained grew after the warm-up: RSS is a saw (every thread's V8 heap grows
 * until its next full collection), so troughs are compared: the lowest sample of the last quarter
 * against the lowest of the second. The first quarter is left out: a process that levels off
 * late makes its last one-time step there (in a 30-minute run, at minute 7 of a 6-minute warm-up:
 * +33 MB read as growth when the first half was the reference, though every process was flat
 * from minute 8 to 30). A steady leak reads as before, about half its rise over the whole span
 * (the troughs of the two halves, then of these two quarters, are half the span apart); a step
 * after the second quarter's trough still counts, one within the last quarter does not (nor did
 * one within the second half before). Fewer than 4 samples: the second half against the first.
 */
export function retainedGrowth (samples: Array<{ rssMB: number }>): number {
  const low = (part: Array<{ rssMB: number }>): number => Math.min(...part.map(x => x.rssMB))
  if (samples.length < 2) return 0
  if (samples.length < 4) return low(samples.slice(1)) - samples[0]!.rssMB
  const quarter = (k: number): Array<{ rssMB: number }> => samples.slice(Math.floor(k * samples.length / 4), Math.floor((k + 1) * samples.length / 4))
  return low(quarter(3)) - low(quarter(1))
}

function clock (s: number): string {
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`
}
