// Every example runs, through the same code path as `npx zeroactor run`, with the output its
// README promises. One file, run in order: examples use fixed ports, as the seed programs do.
import { mkdirSync, readdirSync } from 'node:fs'
import { PassThrough } from 'node:stream'
import t, { type Test } from 'tap'
import { main } from '../src/cli/main.js'
import { writeKeyPair } from '../src/security/keys.js'

const examples = new URL('../examples/', import.meta.url)

mkdirSync(new URL('curve/keys', examples), { recursive: true })
// examples/curve needs its key pairs, made as its README says (keys/ is not committed)
for (const name of ['station', 'city']) writeKeyPair(new URL('curve/keys', examples).pathname, name, { force: true })

async function run (topology: string, ...args: string[]): Promise<{ code: number, out: string }> {
  const stdout = new PassThrough()
  let out = ''
  stdout.on('data', chunk => { out += String(chunk) })
  const code = await main(['run', new URL(topology, examples).pathname, '--quiet', '--duration', '30', ...args], { stdout, stderr: new PassThrough() })
  return { code, out }
}

const everywhere = (t: Test, out: string): void => {
  for (const zip of ['10001', '10002']) t.match(out, new RegExp(`\\[client-${zip}\\] Average temperature for zipcode '${zip}' was -?\\d+F`))
}

const expectations: Record<string, (t: Test, out: string) => void> = {
  'weather/topology.json': (t, out) => {
    t.match(out, /\[client-10001\] Average temperature for zipcode '10001' was -?\d+F/)
    t.match(out, /\[client-10002\] Average temperature for zipcode '10002' was -?\d+F/)
  },
  'hello/topology.json': (t, out) => {
    t.equal(out.match(/\[server\] Received request: \[Hello\]/g)?.length, 10)
    for (let i = 1; i <= 10; i++) t.match(out, `[client] Received reply ${i}: [World]`)
  },
  'weather-proxy/topology.yaml': (t, out) => {
    t.match(out, /\[client-10003\] Average temperature for zipcode '10003' was -?\d+F/)
    t.match(out, /\[client-10004\] Average temperature for zipcode '10004' was -?\d+F/)
  },
  'pipeline/topology.json': (t, out) => {
    t.match(out, '[sink] collected 2000 results, every task exactly once')
    t.notMatch(out, /duplicate/)
  },
  'custom-actor/topology.json': (t, out) => {
    t.match(out, '[sink] message 1: relayed | 0 0')
    t.match(out, '[sink] message 100: relayed | 99 0')
  },
  'curve/topology.json': (t, out) => t.match(out, /\[client-10001\] Average temperature for zipcode '10001' was -?\d+F/),
  'weather-everywhere/threads.json': (t, out) => everywhere(t, out),
  'weather-everywhere/processes.json': (t, out) => everywhere(t, out),
  // the kill -9 of its README is test/integration/processes.ts's SIGKILL test; here it runs undisturbed
  'recovery/topology.json': (t, out) => everywhere(t, out),
  'seed/topology.json': (t, out) => {
    for (const zip of ['10001', '10002', '10003']) t.match(out, new RegExp(`\\[client-${zip}\\] Average temperature for zipcode '${zip}' was -?\\d+F`))
    t.match(out, '[hello-client] Received reply 10: [World]')
  },
}

t.test('every example folder has an expectation here', async t => {
  const folders = readdirSync(examples, { withFileTypes: true }).filter(d => d.isDirectory()).map(d => d.name).sort()
  t.same(folders, [...new Set(Object.keys(expectations).map(k => k.split('/')[0]))].sort())
})

for (const [topology, expect] of Object.entries(expectations)) {
  t.test(`examples/${topology} runs to its end with the expected output`, async t => {
    const { code, out } = await run(topology)
    t.equal(code, 0)
    expect(t, out)
  })
}

t.test('examples/weather-everywhere/nodes.json: each node started with --node, as on two hosts', async t => {
  const station = new AbortController()
  const stationRun = main(['run', new URL('weather-everywhere/nodes.json', examples).pathname, '--node', 'station', '--quiet'], { stdout: new PassThrough(), stderr: new PassThrough(), signal: station.signal })
  const city = await run('weather-everywhere/nodes.json', '--node', 'city')
  station.abort()
  t.equal(city.code, 0)
  everywhere(t, city.out)
  t.equal(await stationRun, 0, 'the station runs until stopped: its node has no actor in "until"')
})
