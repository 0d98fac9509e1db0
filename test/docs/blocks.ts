// Every code block of README.md and docs/*.md runs as written, or says why it cannot: topologies
// are validated (and spawned where the page says what they print), modules are written beside
// them, commands run in a real shell against the built CLI (build first: npm run build). The rules
// and the directives that steer them are in test/fixtures/doc-blocks.ts. A block no rule fits
// fails here, so the docs cannot drift from the code.
import { spawn as spawnProcess } from 'node:child_process'
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import t, { type Test } from 'tap'
import { spawn } from '../../src/index.js'
import { planOf } from '../../src/spawn.js'
import { nextLog } from '../../src/testing.js'
import { blocksOf, docFiles, root, type DocBlock } from '../fixtures/doc-blocks.js'

const docs = docFiles()
const blocks = docs.flatMap(doc => blocksOf(doc))
const named = blocks.filter((b): b is DocBlock & { name: string } => b.name !== undefined)

t.test('every block is run, or marked with the reason it is not', async t => {
  const kinds: Record<string, number> = {}
  for (const b of blocks) kinds[b.rule.kind] = (kinds[b.rule.kind] ?? 0) + 1
  t.ok((kinds.command ?? 0) >= 10 && (kinds.topology ?? 0) >= 5 && (kinds.module ?? 0) >= 5, `blocks by rule: ${JSON.stringify(kinds)}`)
  for (const b of blocks) if (b.rule.kind === 'unfit') t.fail(b.rule.problem)
  for (const b of blocks.filter(b => b.rule.kind === 'output')) {
    t.notOk(/^\$ /m.test(b.text), `${b.doc}:${b.line}: an output block holds no "$ command" (put the command in a sh block above it)`)
  }
  for (const b of blocks.filter(b => b.rule.kind === 'not run')) t.pass(`${b.doc}:${b.line} not run: ${(b.rule as { reason: string }).reason}`)
})

t.test('named files are named once, and every module is used by a topology or a command', async t => {
  const byName = new Map<string, DocBlock>()
  for (const b of named) {
    const first = byName.get(b.name)
    t.ok(first === undefined || first.text === b.text, `${b.name}: ${b.doc}:${b.line} and ${first?.doc}:${first?.line} differ`)
    byName.set(b.name, b)
  }
  for (const b of named.filter(b => b.rule.kind === 'module')) {
    const users = blocks.filter(u => u !== b && u.rule.kind !== 'output' && u.rule.kind !== 'not run' && u.text.includes(b.name))
    t.ok(users.length > 0, `${b.doc}:${b.line}: ${b.name} is used by ${users.map(u => `${u.doc}:${u.line}`).join(', ')}`)
  }
})

t.test('a block that is a file of the repository is that file, byte for byte', async t => {
  for (const b of blocks) {
    if (b.rule.kind === 'same as') t.equal(b.text, readFileSync(join(root, b.rule.path), 'utf8'), `${b.doc}:${b.line} is ${b.rule.path}`)
  }
})

/** A scratch project: every named block, zeroactor as an installed dependency, and the repository's examples/ and test/. */
function scratch (t: Test): string {
  const dir = t.testdir({ 'package.json': '{ "type": "module" }\n' })
  for (const b of named) {
    mkdirSync(dirname(join(dir, b.name)), { recursive: true })
    writeFileSync(join(dir, b.name), b.text)
  }
  mkdirSync(join(dir, 'node_modules'))
  symlinkSync(root, join(dir, 'node_modules', 'zeroactor'))
  for (const folder of ['examples', 'test']) symlinkSync(join(root, folder), join(dir, folder))
  return dir
}

// `zeroactor` and `npx zeroactor` are the built CLI, as installed; `npm` works on this repository
const preamble = `set -e
unset NODE_OPTIONS
zeroactor () { node ${JSON.stringify(join(root, 'dist/src/cli/bin.js'))} "$@"; }
npx () { if [ "$1" = zeroactor ]; then shift; zeroactor "$@"; else command npx "$@"; fi; }
npm () { command npm --prefix ${JSON.stringify(root)} "$@"; }
`

async function runCommand (script: string, cwd: string): Promise<{ code: number | null, output: string }> {
  // without the tap environment (and tap's process tracking, unset above: fixtures/untracked.ts): the CLI runs as a user runs it
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('TAP') && name !== 'NODE_OPTIONS'))
  // its own process group: a command that outlives the time limit is killed with all it started
  const child = spawnProcess('bash', ['-c', preamble + script], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true })
  let output = ''
  child.stdout.on('data', chunk => { output += String(chunk) })
  child.stderr.on('data', chunk => { output += String(chunk) })
  const timer = setTimeout(() => process.kill(-child.pid!, 'SIGKILL'), 60_000)
  const code = await new Promise<number | null>(resolve => child.once('close', resolve))
  clearTimeout(timer)
  return { code, output }
}

async function runBlock (t: Test, b: DocBlock, dir: string): Promise<void> {
  const { expect, exit, invalid } = b.directives
  if (b.rule.kind === 'command') {
    const { code, output } = await runCommand(b.text, dir)
    t.equal(code, Number(exit ?? 0), `exit code ${exit ?? 0}`, { output })
    if (expect !== undefined) t.ok(output.includes(expect), `the output has "${expect}"`, { output })
  } else if (b.rule.kind === 'topology') {
    if (invalid !== undefined) {
      await t.rejects(planOf(b.rule.topology, { baseDir: dir }), { code: 'ERR_ACTOR_INVALID_TOPOLOGY' }, `refused: ${invalid}`)
      return
    }
    const plan = await planOf(b.rule.topology, { baseDir: dir })
    t.ok(plan.actors.length > 0, 'a valid topology')
    if (expect === undefined) return
    const [, actor, text] = /^\[([^\]]+)\] (.*)$/.exec(expect) ?? [undefined, undefined, expect]
    const app = await spawn(b.rule.topology, { baseDir: dir })
    t.teardown(async () => { await app.stop() })
    const line = nextLog(app, actor, text!, { timeout: 20_000 })
    t.match(await line, text!, `logs "${expect}"`)
    t.equal(await app.done, null, 'ends by itself')
    await app.stop()
  }
}

for (const doc of docs) {
  const runnable = blocks.filter(b => b.doc === doc && (b.rule.kind === 'command' || b.rule.kind === 'topology'))
  if (runnable.length === 0) continue
  t.test(`${doc}: its blocks run as written`, async t => {
    const dir = scratch(t)
    for (const b of runnable) await t.test(`${doc}:${b.line} (${b.rule.kind})`, async t => { await runBlock(t, b, dir) })
  })
}
