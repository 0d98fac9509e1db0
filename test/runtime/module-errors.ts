// A module that fails to load says where: file:line for a syntax error (Node puts no location on
// the error itself), file:line:col for an error thrown while it runs (a SyntaxError from
// JSON.parse too); ES module syntax that Node loads as CommonJS says what to change; and a failed actor's stats
// line carries the stack with its causes.
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import t from 'tap'
import { spawn } from '../../src/index.js'
import { fixture, fixtures, uniqueName } from '../fixtures/topology.js'
import { untracked } from '../fixtures/untracked.js'

async function startError (handler: string): Promise<Error> {
  const topology = { name: uniqueName(), actors: { s: { kind: 'sink', bind: ['r'], handler } } }
  return await spawn(topology, { baseDir: fixtures }).then(() => { throw new Error('spawn should have failed') }, (e: unknown) => e as Error)
}

t.test('a syntax error in a handler: the message names file and line', async t => {
  const error = await startError('./js/bad-syntax.js')
  t.match(error.message, `handler module "./js/bad-syntax.js" failed to load: Unexpected token '}' (at ${fixture('js/bad-syntax.js')}:4)`)
})

t.test('a module that throws while loading: the message names file, line and column', async t => {
  const error = await startError('./throwing-module.ts')
  t.match(error.message, new RegExp(`this module throws while loading \\(at ${fixture('throwing-module.ts').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:1:\\d+\\)`))
})

t.test('a SyntaxError thrown while the module runs (JSON.parse): file, line and column, not "no location"', async t => {
  const error = await startError('./js/bad-config.js')
  t.match(error.message, `failed to load: Expected property name or '}' in JSON at position 1 (line 1 column 2) (at ${fixture('js/bad-config.js')}:3:`)
})

t.test('ES module syntax in a package that says "type": "commonjs" (npm init\'s default): the message says what to change', async t => {
  // the built CLI, untracked: under tap's loader Node reports this file as a require(esm) cycle
  const dir = t.testdir({ 'topology.json': JSON.stringify({ name: 'esm', actors: { s: { kind: 'sink', bind: ['r'], handler: fixture('commonjs/esm-handler.js') }, c: { kind: 'sink', bind: ['c'], handler: fixture('commonjs/esm-handler.cjs') } } }) })
  const check = spawnSync(...untracked([fixture('../../dist/src/cli/bin.js'), 'check', join(dir, 'topology.json')]), { encoding: 'utf8' })
  t.equal(check.status, 2)
  t.match(check.stderr, `failed to load: Unexpected token 'export' (at ${fixture('commonjs/esm-handler.js')}:3); the file is written as an ES module but Node loads it as CommonJS: set "type": "module" in ${fixture('commonjs/package.json')}, or name the file .mjs`)
  t.match(check.stderr, `failed to load: Unexpected token 'export' (at ${fixture('commonjs/esm-handler.cjs')}:2); the file is written as an ES module but its extension makes it CommonJS: name the file .mjs`, 'a .cjs file: package.json would not help')
})

t.test('a failed actor\'s stats line carries the stack, causes included', async t => {
  const app = await spawn({ name: uniqueName(), actors: { f: { module: './failing-actor.ts', restart: 'temporary', params: { fail: true }, sockets: { in: { bind: ['r'] } } } } }, { baseDir: fixtures })
  t.teardown(async () => { await app.stop() })
  await app.done
  const error = app.actor('f').error
  t.match(error, { message: /planned failure/, stack: /failing-actor\.ts:\d+:\d+/ })
})

t.test('spawn() of a topology object without baseDir: a relative module not found says where such paths resolve from', async t => {
  const topology = { name: uniqueName(), actors: { s: { kind: 'sink', bind: ['r'], handler: './no-such-handler.js' } } }
  await t.rejects(spawn(topology), { message: /cannot find module "\.\/no-such-handler\.js" \(looked for .*\): a topology object's relative paths resolve from the current folder unless spawn\(\) is given a baseDir/ })
  const given = await spawn(topology, { baseDir: fixtures }).catch((e: unknown) => e as Error)
  t.notMatch((given as Error).message, /baseDir/, 'no such hint when a baseDir was given')
})

t.test('a named export that is not there: the message lists the exports there are, with a guess', async t => {
  const error = await startError('./multipart-source.ts#frameOf')
  t.match(error.message, 'handler module "./multipart-source.ts#frameOf" has no export "frameOf" (did you mean "framesOf"?) (its exports: default, framesOf)')
})
