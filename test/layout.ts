// The layout the docs describe (docs/architecture.md), checked: which folder may import which,
// what built-in actors import, file sizes, hazard citations, and what the published ActorSocket
// type shows. A change that breaks the layering fails here, not in a reader's head.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import t from 'tap'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const read = (file: string): string => readFileSync(join(root, file), 'utf8')

function filesUnder (dir: string): string[] {
  return readdirSync(join(root, dir)).flatMap(name => {
    const path = join(dir, name)
    return statSync(join(root, path)).isDirectory() ? filesUnder(path) : path.endsWith('.ts') ? [path] : []
  })
}

/** Every import and re-export of a file: the target (repo-relative for relative ones) and whether it brings values. */
function importsOf (file: string): Array<{ target: string, values: boolean }> {
  const out: Array<{ target: string, values: boolean }> = []
  const text = read(file)
  const clause = String.raw`\{[^}]*\}|\*(?:\s+as\s+[\w$]+)?|[\w$]+(?:\s*,\s*\{[^}]*\})?`
  const statements = new RegExp(String.raw`^(?:import|export)\s+(type\s+)?(${clause})\s+from\s+['"]([^'"]+)['"]|^import\s+()()['"]([^'"]+)['"]`, 'gm')
  for (const m of text.matchAll(statements)) {
    const typeOnly = m[1]
    const names = m[2] ?? ''
    const spec = m[3] ?? m[6]!
    const values = typeOnly === undefined && !/^\{\s*(type\s+[\w$]+\s*(as\s+[\w$]+\s*)?,?\s*)+\}$/.test(names.trim())
    const target = spec.startsWith('.') ? relative(root, resolve(root, dirname(file), spec)).replace(/\.js$/, '.ts') : spec
    out.push({ target, values })
  }
  return out
}

const sources = filesUnder('src')

t.test('worker-thread code (actor/, host/) imports no main-thread code', async t => {
  const allowed = (target: string): boolean => !target.startsWith('src/') ||
    /^src\/(actor|host|security)\//.test(target) || ['src/counters.ts', 'src/errors.ts', 'src/message.ts', 'src/zmq-sockets.ts', 'src/receive-copy.ts', 'src/plan/types.ts', 'src/actor.ts', 'src/suggest.ts'].includes(target)
  for (const file of sources.filter(f => /^src\/(actor|host)\//.test(f))) {
    for (const { target, values } of importsOf(file)) {
      if (values) t.ok(allowed(target), `${file} imports ${target}`)
    }
  }
})

t.test('each stage imports only what comes before it: topology → plan → runtime → observer', async t => {
  const forbidden: Record<string, RegExp> = {
    'src/topology/': /^src\/(plan|runtime|host|actor|cli|observer)\//,
    'src/plan/': /^src\/(runtime|host|actor|cli|observer)\//,
    'src/runtime/': /^src\/(cli|topology|observer)\/|^src\/(index|spawn)\.ts$|^src\/plan\/plan\.ts$/,
    // the observer watches a running app: it reads the runtime and the plan, never the CLI
    'src/observer/': /^src\/(cli|topology|host|actor)\/|^src\/(index|spawn)\.ts$|^src\/plan\/plan\.ts$/,
  }
  for (const file of sources) {
    const rule = Object.entries(forbidden).find(([dir]) => file.startsWith(dir))
    if (rule === undefined) continue
    for (const { target, values } of importsOf(file)) {
      if (!values) continue
      t.notOk(rule[1].test(target) && target !== 'src/plan/types.ts', `${file} must not import ${target}`)
    }
  }
})

t.test('built-in actors import only the actor-side entry (zeroactor/actor) and each other', async t => {
  for (const file of filesUnder('actors')) {
    for (const { target, values } of importsOf(file)) {
      if (!values) continue
      t.ok(target === 'src/actor.ts' || target.startsWith('actors/'), `${file} imports ${target}`)
    }
  }
})

t.test('no source file is much over 300 lines', async t => {
  for (const file of [...sources, ...filesUnder('actors'), ...filesUnder('bench')]) {
    const lines = read(file).split('\n').length
    t.ok(lines <= 310, `${file}: ${lines} lines`)
  }
})

t.test('every hazard the source cites is defined in docs/hazards.md, and every named test exists', async t => {
  const hazards = read('docs/hazards.md')
  const defined = new Set([...hazards.matchAll(/^\| (H\d+) \|/gm)].map(m => m[1]))
  t.ok(defined.size >= 17, `${defined.size} hazards defined`)
  for (const file of [...sources, ...filesUnder('actors'), ...filesUnder('bench'), ...filesUnder('test')]) {
    for (const [cited] of read(file).matchAll(/\bH\d+\b/g)) t.ok(defined.has(cited), `${file} cites ${cited}`)
  }
  for (const [test] of hazards.matchAll(/test\/[\w/.-]+\.ts/g)) t.ok(existsSync(join(root, test)), `${test} exists`)
})

t.test('hazard rules the source keeps: zeromq in the main thread (H4), no unbindSync (H10), no native Proxy (H11)', async t => {
  t.match(read('src/runtime/pool.ts'), /^import 'zeromq'/m)
  for (const file of sources) {
    const text = read(file)
    t.notOk(/\.unbindSync\(/.test(text), `${file}: no unbindSync`)
    t.notOk(/new zmq\.Proxy\b/.test(text), `${file}: no native Proxy`)
  }
})

t.test('the published ActorSocket type shows what actor code calls, not the runtime\'s half', async t => {
  const dts = read('dist/src/actor/socket.d.ts')
  for (const internal of ['open', 'announce', 'barrier', 'watch', 'flush', 'reconnect', 'endEvents', 'drained', 'linger', 'monitor']) {
    t.notOk(new RegExp(`\\b${internal}\\b\\s*[(:]`).test(dts), `no "${internal}" in socket.d.ts`)
  }
  for (const member of ['send', 'sendMany', 'receive', 'receiveMany', 'subscribe', 'unsubscribe', 'events', 'reset', 'close']) t.match(dts, new RegExp(`\\b${member}\\(`))
})
