// The README's "Topology format" example, run as written: its JSON topology and the two modules of
// "Module shapes" are taken out of README.md, written to a scratch folder and spawned. The docs
// cannot drift from the code without this failing.
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import t from 'tap'
import { spawn } from '../src/index.js'
import { planOf } from '../src/spawn.js'
import { nextLog } from '../src/testing.js'

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8')

/** The first fenced block of `lang` after `heading` in the README. */
function blockAfter (heading: string, lang: string): string {
  const from = readme.indexOf(heading)
  if (from < 0) throw new Error(`README has no "${heading}"`)
  const match = new RegExp('```' + lang + '\\n([\\s\\S]*?)```').exec(readme.slice(from))
  if (match === null) throw new Error(`no \`\`\`${lang} block after "${heading}"`)
  return match[1]!
}

t.test('the Topology format example with its Module shapes runs and prints its average', async t => {
  const dir = t.testdir()
  const topology = JSON.parse(blockAfter('## Topology format', 'json')) as { actors: Record<string, { bind?: string[], connect?: string[], backend?: { bind: string[] } }> }
  const modules = blockAfter('Module shapes:', 'js')
  const [source, handler] = modules.split(/\n(?=\/\/ average\.js)/)
  t.match(source, /^\/\/ weather-source\.js/)
  writeFileSync(join(dir, 'weather-source.js'), source!)
  writeFileSync(join(dir, 'average.js'), handler!)
  writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n')
  const app = await spawn(topology, { baseDir: dir })
  t.teardown(async () => { await app.stop() })
  const line = await nextLog(app, 'client', /average temperature for 10001: \d+F/, { timeout: 20_000 })
  t.match(line, /^average temperature for 10001: \d+F$/)
  t.equal(await app.done, null, 'it ends by itself once the client has its messages (until)')
})

t.test('the Placement example is a valid topology whose links follow placement', async t => {
  const dir = t.testdir({ 'weather-source.js': 'export default function * () {}\n' })
  const plan = await planOf(JSON.parse(blockAfter('## Placement: threads, processes, hosts', 'json')) as object, { baseDir: dir })
  t.same(plan.links.map(l => [l.name, l.transport, l.endpoint]), [['weather', 'tcp', 'tcp://10.0.0.1:5710']])
  t.same(plan.actors.map(a => [a.name, a.node, a.process]), [['server', 'station', 'main'], ['client-10001', 'city', 'main'], ['client-10002', 'city', 'clients']])
})
