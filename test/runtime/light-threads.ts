// An actor thread imports `zeroactor` for defineActor; it must not pay for the main thread's half
// of the runtime (zod, yaml, prom-client, the piscina pool): with them, 8 actors took 956 ms to
// READY and 26 MB each; without, 340–420 ms and 13 MB (bench/README.md).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import * as actorEntry from '../../src/actor.js'
import * as mainEntry from '../../src/index.js'
import { cliLine } from '../fixtures/cli.js'
import { fixture } from '../fixtures/topology.js'

t.test('an actor thread that imports all of zeroactor loads zeromq, and none of the main-thread packages', async t => {
  // the built CLI in plain node: tap's loader, in this process, loads yaml into every thread itself
  const dir = mkdtempSync(join(tmpdir(), 'zeroactor-light-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  const topology = join(dir, 'light.json')
  writeFileSync(topology, JSON.stringify({ name: 'light', actors: { probe: { module: fixture('js/loaded-packages.js'), sockets: { in: { bind: ['inproc://light'] } } } } }))
  const { line, stop } = await cliLine(t, topology, /\[probe\] loaded: (.*)\n/)
  t.same(JSON.parse(line), ['zeromq'], 'zeromq only: not zod, yaml, prom-client or the pool')
  t.equal(await stop(), 0)
})

t.test('zeroactor/actor is the actor side of zeroactor: the same objects, fewer of them', async t => {
  const names = Object.keys(actorEntry)
  t.ok(names.includes('defineActor') && names.includes('ActorSocket') && names.includes('pace'))
  for (const name of names) t.equal((mainEntry as Record<string, unknown>)[name], (actorEntry as Record<string, unknown>)[name], name)
  for (const name of ['spawn', 'validateTopology', 'planTopology', 'metricsRegistry']) t.notOk(name in actorEntry, `${name} is main-thread only`)
})
