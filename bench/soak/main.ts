#!/usr/bin/env node
// `npm run soak`: a topology with pub/sub and a pipeline across processes at a moderate rate for
// minutes; RSS, open descriptors and threads of every process sampled as it runs. Exits 1 when
// any grows past its bound after the warm-up (see soak.ts, kBounds), or a message goes missing.
import { writeFile } from 'node:fs/promises'
import { parse, UsageError } from '../../src/cli/args.js'
import { shutdown } from '../../src/runtime/pool.js'
import { kBounds, runSoak, verdict } from './soak.js'

const help = `Usage: npm run soak -- [--minutes <n> | --seconds <n>] [--rate <msg/s>] [--every <s>] [--json <file>]

Runs a publisher → 2 subscribers (a thread, a child process) and a ventilator → 2 workers (a child
process) → sink at --rate messages per second each (default 1000) for --minutes (default 5),
sampling every process's RSS, descriptors and threads every --every seconds (default 5). The first
fifth of the run (at least 10 s) is warm-up. Exits 1 when RSS grew more than ${kBounds.rssMB} MB after it,
descriptors or threads grew at all, an actor restarted or failed, or delivery fell behind.
`

async function main (argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, {
    minutes: { type: 'string' },
    seconds: { type: 'string' },
    rate: { type: 'string' },
    every: { type: 'string' },
    json: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  })
  if (values.help === true) { process.stdout.write(help); return 0 }
  if (positionals.length > 0) throw new UsageError('soak takes no positional argument')
  const number = (name: 'minutes' | 'seconds' | 'rate' | 'every', fallback: number): number => {
    const value = values[name] === undefined ? fallback : Number(values[name])
    if (!(Number.isFinite(value) && value > 0)) throw new UsageError(`--${name} must be a positive number, got "${values[name]}"`)
    return value
  }
  const seconds = values.seconds !== undefined ? number('seconds', 0) : Math.round(number('minutes', 5) * 60)
  const every = number('every', 5)
  const result = await runSoak({ seconds, rate: number('rate', 1000), every, warmup: Math.max(10, Math.round(seconds / 5 / every) * every), progress: line => process.stderr.write(`${line}\n`) })
  if (values.json !== undefined) await writeFile(values.json, JSON.stringify({ ...result, problems: verdict(result) }, null, 2) + '\n')
  const { growth, delivered } = result
  process.stdout.write([
    `soak: ${seconds} s at ${result.options.rate} msg/s, warm-up ${result.options.warmup} s`,
    `growth after warm-up: RSS ${growth.rssMB >= 0 ? '+' : ''}${growth.rssMB.toFixed(1)} MB, descriptors ${growth.fds >= 0 ? '+' : ''}${growth.fds}, threads ${growth.threads >= 0 ? '+' : ''}${growth.threads}`,
    `delivered: ${delivered.resultsReceived} of ${delivered.tasksSent} tasks, ${delivered.ticksReceived} of ${delivered.ticksSent} ticks (each subscriber)`,
    '',
  ].join('\n'))
  const problems = verdict(result)
  for (const problem of problems) process.stdout.write(`FAIL: ${problem}\n`)
  if (problems.length === 0) process.stdout.write('within every bound\n')
  return problems.length === 0 ? 0 : 1
}

try {
  process.exitCode = await main(process.argv.slice(2))
} catch (error) {
  process.stderr.write(`soak: ${(error as Error).message}\n`)
  process.exitCode = error instanceof UsageError ? 2 : 1
} finally {
  await shutdown()
}
