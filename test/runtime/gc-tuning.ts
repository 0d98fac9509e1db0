// H38: since V8 13.6 (Node 24) short-lived Buffers of tens of KiB were reclaimed by full
// collections; zeroactor sets V8's --external-memory-accounted-in-global-limit in each of its
// processes before the first actor thread, so the copies a receiver makes (H2) die young again.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t, { type Test } from 'tap'
import { gcFlagFor, kExternalMemoryFlag } from '../../src/runtime/gc-tuning.js'
import { cliLine } from '../fixtures/cli.js'
import { fixture } from '../fixtures/topology.js'

t.test('the flag is set where V8 has the regression and the process was not started with it either way', async t => {
  t.equal(gcFlagFor('13.6.233.17-node.63', ['--enable-source-maps']), `--${kExternalMemoryFlag}`, 'Node 24')
  t.equal(gcFlagFor('13.10.1', []), `--${kExternalMemoryFlag}`, 'a later 13')
  t.equal(gcFlagFor('14.6.202.34-node.40', []), undefined, 'Node 26: no regression (the flag made it worse)')
  t.equal(gcFlagFor('12.4.254.21-node.57', []), undefined, 'Node 22: no such flag, no regression')
  t.equal(gcFlagFor('13.5.1', []), undefined, 'before 13.6')
  t.equal(gcFlagFor('13.6.233.17-node.63', [`--no-${kExternalMemoryFlag}`]), undefined, 'the user keeps V8\'s default')
  t.equal(gcFlagFor('13.6.233.17-node.63', ['--external_memory_accounted_in_global_limit']), undefined, 'the user set it, in V8\'s spelling')
  t.equal(gcFlagFor('13.6.233.17-node.63', [`--no${kExternalMemoryFlag}`]), undefined, 'the user keeps V8\'s default, in V8\'s other spelling')
})

const tuned = gcFlagFor(process.versions.v8, []) !== undefined

t.test('on Node 24 a sink reclaims the copies of 64 KiB messages young: far fewer full collections in its thread', { skip: tuned ? false : `V8 ${process.versions.v8} does not have the regression: nothing to tune` }, async t => {
  // a ventilator → a sink with a handler, 32 000 messages of 64 KiB: 2 GB of received copies.
  // Full collections in the sink's thread, Node 24: 21–23 with V8's default, 0–1 with the flag
  const count = 32_000
  const dir = mkdtempSync(join(tmpdir(), 'zeroactor-gc-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  const topology = join(dir, 'gc.json')
  writeFileSync(topology, JSON.stringify({
    name: 'gc-tuning',
    actors: {
      source: { kind: 'ventilator', bind: ['frames'], source: fixture('js/big-source.js'), params: { n: count, size: 65536 } },
      sink: { kind: 'sink', connect: ['frames'], handler: fixture('js/gc-count.js'), params: { count } },
    },
  }))
  const untuned = await fullCollections(t, topology, [`--no-${kExternalMemoryFlag}`]) // V8's default: how zeroactor ran before
  if (untuned.full < 4) {
    // a Node 24 whose V8 has the fix, or a heap sized otherwise: nothing left for the flag to mend
    t.pass('skipped: V8\'s default made no more than 3 full collections here', { skip: `${untuned.line} with V8's default` })
    return
  }
  const zeroactor = await fullCollections(t, topology, [])
  t.ok(zeroactor.full * 2 < untuned.full, `${zeroactor.full} full collections while ${count} messages of 64 KiB arrived, against ${untuned.full} with V8's default (${zeroactor.line}; ${untuned.line})`)
})

/** The sink's count of its thread's full collections, run by the built CLI with `nodeArgs` for node. */
async function fullCollections (t: Test, topology: string, nodeArgs: string[]): Promise<{ full: number, line: string }> {
  // the built CLI in plain node, as a user runs it: under tap's loader every actor thread carries
  // TypeScript, and tap's process tracking turns coverage on in a child (untracked.ts)
  const { line, stop } = await cliLine(t, topology, /\[sink\] (\{.*\})\n/, nodeArgs)
  await stop()
  return { full: (JSON.parse(line) as Record<string, number>).MarkSweepCompact ?? 0, line }
}
