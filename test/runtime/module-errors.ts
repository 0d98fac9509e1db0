// A module that fails to load says where: file:line for a syntax error (Node puts no location on
// the error itself), file:line:col for an error thrown while it runs; and a failed actor's stats
// line carries the stack with its causes.
import t from 'tap'
import { spawn } from '../../src/index.js'
import { fixture, fixtures, uniqueName } from '../fixtures/topology.js'

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

t.test('a failed actor\'s stats line carries the stack, causes included', async t => {
  const app = await spawn({ name: uniqueName(), actors: { f: { module: './failing-actor.ts', restart: 'temporary', params: { fail: true }, sockets: { in: { bind: ['r'] } } } } }, { baseDir: fixtures })
  t.teardown(async () => { await app.stop() })
  await app.done
  const error = app.actor('f').error
  t.match(error, { message: /planned failure/, stack: /failing-actor\.ts:\d+:\d+/ })
})
