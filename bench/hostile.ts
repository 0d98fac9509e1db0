/**
 * Memory under hostile input, burst after burst: the topology of test/integration/hostile.ts
 * (every bound socket kind, plain and CURVE), then `argv[2]` bursts (default 8) of 5 s in which
 * 50 raw TCP clients send random bytes at every endpoint (test/fixtures/js/fuzz-clients.js, in a
 * process of its own), printing this process's RSS after each, once this thread's heap is
 * collected. Whether RSS levels off after the first burst (what the allocators keep) or grows
 * with every burst (a leak) is what the test's bound rests on. Run from a checkout (it uses the
 * test's fixtures). Usage: node dist/bench/hostile.js [bursts] [plain|curve|both]
 */
import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { readSecretKeyFile, writeKeyPair } from '../src/security/keys.js'
import { spawn } from '../src/spawn.js'
import { hostileActors } from './hostile-topology.js'

const fixture = (name: string): string => fileURLToPath(new URL(`../../test/fixtures/js/${name}`, import.meta.url))
const bursts = Number(process.argv[2] ?? 8)
const which = (process.argv[3] ?? 'both') as 'plain' | 'curve' | 'both'
const kClients = 50
const kBurstMs = 5000

setFlagsFromString('--expose-gc')
const gc = runInNewContext('gc') as () => void
const rssMB = (): string => { gc(); return (process.memoryUsage().rss / 2 ** 20).toFixed(1) }

const dir = mkdtempSync(join(tmpdir(), 'za-hostile-'))
const keys = (name: string): { publicKey: string, secretKeyFile: string } => {
  const { secretFile } = writeKeyPair(dir, name)
  return { publicKey: readSecretKeyFile(secretFile).publicKey, secretKeyFile: secretFile }
}
const server = keys('server')
const curve = { ...server, allow: [keys('good').publicKey] }
const actors = hostileActors(fixture, curve, which)
const app = await spawn({ name: 'hostile', readyTimeout: 100, actors })
const endpoints = Object.keys(actors).flatMap(name => Object.values(app.endpoints(name)).flat())

async function burst (seed: number): Promise<{ connections: number, bytes: number }> {
  return await new Promise((resolve, reject) => {
    const child = execFile(process.execPath, [fixture('fuzz-clients.js'), String(seed), String(kClients), String(kBurstMs), ...endpoints])
    let output = ''
    child.stdout!.on('data', chunk => { output += String(chunk) })
    child.once('exit', code => { if (code === 0) resolve(JSON.parse(output)); else reject(new Error(`the hostile clients exited with ${String(code)}`)) })
  })
}

try {
  process.stdout.write(`${Object.keys(actors).length} actors, ${endpoints.length} endpoints (${which}); RSS before: ${rssMB()} MB\n`)
  for (let b = 1; b <= bursts; b++) {
    const { connections, bytes } = await burst(1000 + b)
    // libzmq closes a dropped connection on its I/O thread, a moment after the peer left
    await new Promise(resolve => setTimeout(resolve, 1500))
    process.stdout.write(`burst ${b}: ${connections} connections, ${(bytes / 1e6).toFixed(1)} MB sent; RSS ${rssMB()} MB\n`)
  }
} finally {
  await app.stop()
  rmSync(dir, { recursive: true, force: true })
}
