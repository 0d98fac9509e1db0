// A bind that fails says which actor, which socket and which address, and keeps zeromq's errno
// code; the topology then does not start and nothing is left running.
import { createServer } from 'node:net'
import t from 'tap'
import { spawn } from '../../src/index.js'
import { fixtures, uniqueName } from '../fixtures/topology.js'

t.test('a port already in use: the error names actor, socket and address, and keeps EADDRINUSE', async t => {
  const server = createServer()
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  t.teardown(() => { server.close() })
  const { port } = server.address() as { port: number }
  const endpoint = `tcp://127.0.0.1:${port}`
  const topology = { name: uniqueName(), actors: { collector: { kind: 'sink', bind: [endpoint] } } }
  const error = await spawn(topology, { baseDir: fixtures }).then(() => undefined, (e: unknown) => e as Error & { cause?: Error & { code?: string } })
  t.ok(error !== undefined, 'spawn rejects')
  t.match(error, { code: 'ERR_ACTOR_START', message: `actor "collector" failed to start: socket "pull" (pull) could not bind ${endpoint}: Address already in use` })
  t.equal(error!.cause?.code, 'EADDRINUSE', 'zeromq\'s errno code is kept')
})
