// zeroactor check makes every check run would make before it starts, and reports every problem at
// once: a module whose sockets do not match the topology, a handler that throws at import (with
// file:line:col), a CURVE secret key file other users can read. Before, check said "valid" and
// run then refused each of them, one run at a time.
import { chmodSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import t from 'tap'
import { main } from '../../src/cli/main.js'
import { captureIo } from '../fixtures/io.js'
import { makeKeys } from '../fixtures/keys.js'
import { fixture, fixtures } from '../fixtures/topology.js'

t.test('three problems run would meet, found by check in one go', async t => {
  const dir = t.testdir()
  const server = makeKeys(dir, 'server')
  chmodSync(server.secretKeyFile, 0o644)
  const client = makeKeys(dir, 'client')
  const topology = {
    name: 'preflight',
    actors: {
      mismatch: { module: join(fixtures, 'init-logs.ts'), sockets: { out: { bind: ['a'] } } },
      loud: { kind: 'sink', connect: ['a'], handler: join(fixtures, 'throwing-module.ts') },
      secure: { kind: 'sink', bind: ['tcp://127.0.0.1:*'], curve: { publicKey: server.publicKey, secretKeyFile: server.secretKeyFile, allow: [client.publicKey] } },
    },
  }
  const file = join(dir, 'topology.json')
  writeFileSync(file, JSON.stringify(topology))
  const a = captureIo()
  t.equal(await main(['check', file], a.io), 2)
  t.match(a.err(), 'invalid topology (3 problems)')
  t.match(a.err(), /actors\.mismatch\.module: .*the topology gives endpoints for socket "out", which the actor does not declare \(declared: in\)/)
  t.match(a.err(), /actors\.loud\.handler: .*this module throws while loading \(at .*throwing-module\.ts:1:\d+\)/)
  t.match(a.err(), new RegExp(`actors\\.secure \\(socket pull\\)\\.curve\\.secretKeyFile: .*${server.secretKeyFile.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`))
  t.notMatch(a.err(), new RegExp(server.secretKey.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')), 'no secret key in the output')
})

t.test('a module\'s socket linked to a socket it cannot talk to: found once the module says its type', async t => {
  const dir = t.testdir()
  const file = join(dir, 'topology.json')
  writeFileSync(file, JSON.stringify({
    name: 'pairs',
    actors: {
      news: { kind: 'publisher', bind: ['news'], source: join(fixtures, 'count-source.ts') },
      reader: { module: join(fixtures, 'init-logs.ts'), sockets: { in: { connect: ['news'] } } },
    },
  }))
  const a = captureIo()
  t.equal(await main(['check', file], a.io), 2)
  t.match(a.err(), `${file}:1:`, 'with file:line:col, as the plan\'s own problems have it')
  t.match(a.err(), 'actors.reader.sockets.in.connect[0]: a pull socket cannot talk to the pub socket "pub" of actor "news" that binds logical link "news"')
})

t.test('check --json of an invalid topology: the problems as JSON on stdout, the text on stderr, exit 2', async t => {
  const dir = t.testdir({ 'topology.json': JSON.stringify({ name: 'typo', actors: { c: { kind: 'subscriber', connect: ['weathr'] }, p: { kind: 'publisher', bind: ['weather'], source: join(fixtures, 'count-source.ts') } } }, null, 2) })
  const a = captureIo()
  t.equal(await main(['check', join(dir, 'topology.json'), '--json'], a.io), 2)
  t.same(JSON.parse(a.out()), { problems: [{ path: 'actors.c.connect[0]', message: 'connects to logical link "weathr" but no actor binds it (did you mean "weather"?)', location: `${join(dir, 'topology.json')}:7:9` }] })
  t.match(a.err(), 'invalid topology (1 problem)')
})

t.test('a topology that run would start passes check', async t => {
  const a = captureIo()
  t.equal(await main(['check', fixture('topologies/short.json')], a.io), 0, a.err())
})
