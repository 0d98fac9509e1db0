// The package as a user gets it: `npm pack`, installed into a scratch project with today's
// `npm i -D tap typescript@~6.0 @types/node`, a strict TypeScript build of the project's own
// source and handler against zeroactor's published types, the CLI from
// node_modules/.bin, the project's own tap test of its topology, and publint on what was installed.
// (skipLibCheck stays on, as in most projects: tap's own types do not pass without it.)
import { execFileSync } from 'node:child_process'
import { cpSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import t from 'tap'

const root = fileURLToPath(new URL('../..', import.meta.url))
const consumer = fileURLToPath(new URL('../fixtures/consumer', import.meta.url))
const { devDependencies } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> }

/** Runs a command in `cwd` without the tap environment of this test (the consumer runs its own tap). */
function run (cwd: string, command: string, args: string[]): string {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('TAP') && !name.startsWith('NODE_OPTIONS')))
  try {
    return execFileSync(command, args, { cwd, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 240_000 })
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string, stderr?: string }
    throw new Error(`${command} ${args.join(' ')} failed in ${cwd}:\n${stdout ?? ''}\n${stderr ?? ''}`)
  }
}

t.test('packed, installed, built strictly and tested from a consumer project', async t => {
  const dir = t.testdir()
  // dist/ is fresh: npm test builds before it tests
  run(root, 'npm', ['pack', '--ignore-scripts', '--pack-destination', dir])
  const tarball = readdirSync(dir).find(f => f.endsWith('.tgz'))!
  cpSync(consumer, dir, { recursive: true })
  writeFileSync(join(dir, 'package.json'), JSON.stringify({
    name: 'consumer',
    private: true,
    type: 'module',
    dependencies: { zeroactor: `file:./${tarball}` },
    devDependencies: { tap: devDependencies.tap, typescript: devDependencies.typescript, '@types/node': devDependencies['@types/node'] },
    // the project's code runs in actor threads, where coverage sees nothing: tap then fails a run
    // for "no coverage" even with allow-incomplete-coverage (docs/testing.md)
    tap: { 'disable-coverage': true },
  }, null, 2))
  run(dir, 'npm', ['install', '--no-audit', '--no-fund', '--prefer-offline'])

  run(dir, 'npx', ['tsc', '-p', '.'])
  t.pass('a strict build of the consumer, zeroactor\'s types included')
  const version = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version as string
  t.equal(run(dir, 'npx', ['zeroactor', '--version']).trim(), version, 'the CLI runs from node_modules/.bin')
  t.match(run(dir, 'npx', ['zeroactor', 'check', 'topology.json']), /topology consumer: 2 actors/)
  // the observer's page is read from the package's src/ (tsc copies no HTML into dist/)
  writeFileSync(join(dir, 'observe.mjs'), "import { spawn } from 'zeroactor'\nconst app = await spawn('topology.json', { observe: { port: 0 } })\nconst res = await fetch(app.observerUrl)\nconsole.log(res.status, (await res.text()).includes('<title>zeroactor observer</title>'))\nawait app.stop()\n")
  t.equal(run(dir, process.execPath, ['observe.mjs']).trim(), '200 true', 'the observer serves its page from the installed package')
  // the actor threads load their entry as one bundle (scripts/bundle-host.mjs); the modules actor
  // code shares with it stay single, so a class it imports is the class the runtime throws
  t.match(readFileSync(join(dir, 'node_modules/zeroactor/dist/src/host/entry.js'), 'utf8'), /^\/\/ bundled by scripts\/bundle-host\.mjs/, 'the installed package carries the bundled thread entry')
  writeFileSync(join(dir, 'classes.mjs'), "import { spawn } from 'zeroactor'\nconst app = await spawn({ name: 'classes', actors: { big: { module: './dist/src/too-large.js', maxMessageSize: 256, sockets: { out: { bind: ['inproc://big'] } } } } })\napp.on('log', (actor, text) => console.log(text))\nawait new Promise(resolve => app.once('finished', resolve))\nawait app.stop()\n")
  t.equal(run(dir, process.execPath, ['classes.mjs']).trim(), 'caught MessageTooLargeError', 'actor code catches a runtime error by the class it imports from zeroactor/actor')
  t.match(run(dir, 'npx', ['tap', 'test/topology.test.ts']), /# \{ total: 2, pass: 2 \}|pass 2/, 'the consumer\'s own tap test passes')
  t.match(run(dir, 'npx', ['publint', join(dir, 'node_modules', 'zeroactor'), '--pack', 'false']), /All good/, 'publint: the installed package is clean')
})
