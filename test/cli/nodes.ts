// Two nodes as a user runs them: `zeroactor run <file> --node <name>` in two processes (two
// terminals, or two hosts). A finite publisher on node a into a slow subscriber on node b: node a
// exits by itself once its publisher has finished and the subscriber has acknowledged the end of
// stream (H35), and node b has then counted every message as received or dropped.
import { execFile } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import t from 'tap'
import { runCli } from '../fixtures/cli.js'
import { fixture } from '../fixtures/topology.js'
import { untracked } from '../fixtures/untracked.js'

const run = promisify(execFile)

t.test('zeroactor run --node a ends once node b has counted the whole stream: received + dropped = sent', async t => {
  const kSent = 50_000
  const base = 43_000 + Math.floor(Math.random() * 15_000)
  const file = join(t.testdir(), 'nodes.json')
  writeFileSync(file, JSON.stringify({
    name: 'across-nodes',
    readyTimeout: 60_000,
    shutdownTimeout: 30_000, // node a's wait for the acknowledgement fits in it: room for a loaded machine
    nodes: { a: { host: '127.0.0.1', portRange: [base, base + 4] }, b: { host: '127.0.0.1', portRange: [base + 5, base + 9] } },
    actors: {
      pub: { kind: 'publisher', node: 'a', bind: ['feed'], source: fixture('js/count-source.js'), params: { n: kSent, prefix: 'x'.repeat(300) }, sendHighWaterMark: 2 },
      sub: { kind: 'subscriber', node: 'b', connect: ['feed'], handler: fixture('js/slow-handler.js'), receiveHighWaterMark: 2 },
    },
  }))
  const b = await runCli(t, file, 'observer:', ['--node', 'b', '--observe', '0'])
  const a = await run(...untracked([fixture('../../dist/src/cli/bin.js'), 'run', file, '--node', 'a', '--json']), { timeout: 60_000 })
  const statsA = JSON.parse(a.stdout) as { ended: string, actors: Record<string, { sent: number }> }
  t.equal(statsA.ended, 'every actor finished', 'node a ended by itself')
  t.equal(statsA.actors.pub!.sent, kSent, 'its publisher sent the whole stream')
  const { code, stats } = await b.stop('SIGTERM')
  t.equal(code, 0, `node b stopped cleanly${code === 0 ? '' : `: ${b.stderr()}`}`)
  const link = stats.actors.sub!.links!.sub!['pub.pub']!
  t.ok(link.received > 0 && link.dropped > 0, `node b received ${link.received} and lost ${link.dropped} at the high-water marks`)
  t.equal(link.received + link.dropped, kSent, 'received + dropped = sent')
})
