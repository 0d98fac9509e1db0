// An actor thread imports `zeroactor` for defineActor; it must not pay for the main thread's half
// of the runtime (zod, yaml, prom-client, the piscina pool): with them, 8 actors took 956 ms to
// READY and 26 MB each; without, 340–420 ms and 13 MB (bench/README.md).
import { spawn } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import * as actorEntry from '../../src/actor.js'
import * as mainEntry from '../../src/index.js'
import { fixture } from '../fixtures/topology.js'

t.test('an actor thread that imports all of zeroactor loads zeromq, and none of the main-thread packages', async t => {
  // the built CLI in plain node: tap's loader, in this process, loads yaml into every thread itself
  const dir = mkdtempSync(join(tmpdir(), 'zeroactor-light-'))
  const topology = join(dir, 'light.json')
  writeFileSync(topology, JSON.stringify({ name: 'light', actors: { probe: { module: fixture('js/loaded-packages.js'), sockets: { in: { bind: ['inproc://light'] } } } } }))
  const child = spawn(process.execPath, [fixture('../../dist/src/cli/bin.js'), 'run', topology], { stdio: ['ignore', 'pipe', 'pipe'] })
  t.teardown(() => { child.kill('SIGKILL') })
  let err = ''
  child.stderr.on('data', chunk => { err += String(chunk) })
  const line = await new Promise<string>((resolve, reject) => {
    let out = ''
    child.stdout.on('data', chunk => {
      out += String(chunk)
      const found = /\[probe\] loaded: (.*)\n/.exec(out)
      if (found !== null) resolve(found[1]!)
    })
    child.once('exit', code => reject(new Error(`exited with ${code} before the probe logged: ${out}${err}`)))
  })
  t.same(JSON.parse(line), ['zeromq'], 'zeromq only: not zod, yaml, prom-client or the pool')
  child.kill('SIGTERM')
  t.equal(await new Promise(resolve => child.once('exit', resolve)), 0)
})

t.test('zeroactor/actor is the actor side of zeroactor: the same objects, fewer of them', async t => {
  const names = Object.keys(actorEntry)
  t.ok(names.includes('defineActor') && names.includes('ActorSocket') && names.includes('pace'))
  for (const name of names) t.equal((mainEntry as Record<string, unknown>)[name], (actorEntry as Record<string, unknown>)[name], name)
  for (const name of ['spawn', 'validateTopology', 'planTopology', 'metricsRegistry']) t.notOk(name in actorEntry, `${name} is main-thread only`)
})
