// The CLI as a newcomer meets it: --version, help for one command, a typo in an option or a
// command answered with a suggestion, and a negative number given to an option that takes one.
import { execFile } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import t from 'tap'
import { main } from '../../src/cli/main.js'
import { runHelp } from '../../src/cli/run.js'

function io (): { io: Parameters<typeof main>[1], out: () => string, err: () => string } {
  let out = ''
  let err = ''
  return {
    io: { stdout: { write: (s: string) => { out += s; return true } } as never, stderr: { write: (s: string) => { err += s; return true } } as never },
    out: () => out,
    err: () => err,
  }
}

t.test('--version prints the package version', async t => {
  const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
  const a = io()
  t.equal(await main(['--version'], a.io), 0)
  t.equal(a.out(), `${version}\n`)
})

t.test('help <command> prints that command\'s help', async t => {
  const a = io()
  t.equal(await main(['help', 'run'], a.io), 0)
  t.equal(a.out(), runHelp)
})

t.test('a mistyped option or command gets a suggestion, exit 2', async t => {
  const a = io()
  t.equal(await main(['run', 'x.json', '--durtion', '3'], a.io), 2)
  t.match(a.err(), 'zeroactor run: unknown option --durtion (did you mean --duration?)')
  const b = io()
  t.equal(await main(['chek', 'x.json'], b.io), 2)
  t.match(b.err(), 'unknown command "chek" (did you mean "check"?)')
})

t.test('a negative number for an option is that option\'s value, refused by its own check', async t => {
  const a = io()
  t.equal(await main(['run', 'x.json', '--duration', '-1'], a.io), 2)
  t.match(a.err(), '--duration must be a positive number of seconds, got "-1"')
})

t.test('a --stats-json path that cannot be written is refused before anything starts', async t => {
  const a = io()
  t.equal(await main(['run', 'no-such-topology.json', '--stats-json', '/no/such/folder/s.json'], a.io), 2)
  t.match(a.err(), '--stats-json /no/such/folder/s.json: cannot write there (ENOENT)')
  t.notMatch(a.err(), /no-such-topology/, 'refused before the topology is even read')
})

t.test('a TypeScript topology: checked where Node strips types, else refused with what to do', async t => {
  // the built CLI in plain node, as a user runs it (this test process has tap's TypeScript loader)
  const bin = fileURLToPath(new URL('../../dist/src/cli/bin.js', import.meta.url))
  const topology = fileURLToPath(new URL('../fixtures/topologies/module.ts', import.meta.url))
  const result = await new Promise<{ code: number | null, stderr: string }>(resolve => {
    execFile(process.execPath, [bin, 'check', topology], (error, _stdout, stderr) => resolve({ code: error === null ? 0 : (error as { code?: number }).code ?? 1, stderr }))
  })
  if ((process.features as { typescript?: unknown }).typescript) {
    t.equal(result.code, 0, `Node ${process.version} strips types: ${result.stderr}`)
  } else {
    t.equal(result.code, 2)
    t.match(result.stderr, /cannot load TypeScript by itself: use Node 23\.6 or later/)
  }
})
