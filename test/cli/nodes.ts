// Two nodes as a user runs them: `zeroactor run <file> --node <name>` in two processes (two
// terminals, or two hosts), each ending by itself. A finite publisher on node a into a slow
// subscriber on node b, default options: the publisher is reported finished once the subscriber
// has acknowledged the end of stream (H35), however far behind it was (about 4 s here: more than a
// wait after $TERM would have had), and node b has then counted every message as received or
// dropped. A finite push stream into a slow sink on node b: node a holds its ventilator's socket
// until the sink has everything and its node has stopped (H37).
import { execFile } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import t from 'tap'
import { runCli } from '../fixtures/cli.js'
import { fixture, localNodes } from '../fixtures/topology.js'
import { untracked } from '../fixtures/untracked.js'

const run = promisify(execFile)

t.test('zeroactor run --node a ends once node b has counted the whole stream: received + dropped = sent', async t => {
  const kSent = 50_000
  const file = join(t.testdir(), 'nodes.json')
  writeFileSync(file, JSON.stringify({
    name: 'across-nodes',
    readyTimeout: 60_000,
    nodes: localNodes(),
    actors: {
      pub: { kind: 'publisher', node: 'a', bind: ['feed'], source: fixture('js/count-source.js'), params: { n: kSent, prefix: 'x'.repeat(300) }, sendHighWaterMark: 2 },
      sub: { kind: 'subscriber', node: 'b', connect: ['feed'], handler: fixture('js/slow-handler.js'), receiveHighWaterMark: 2 },
    },
  }))
  const b = await runCli(t, file, 'observer:', ['--node', 'b', '--observe', '0'])
  const a = await run(...untracked([fixture('../../dist/src/cli/bin.js'), 'run', file, '--node', 'a', '--json']), { timeout: 60_000 })
  const statsA = JSON.parse(a.stdout) as { ended: string, stopMs: number, actors: Record<string, { sent: number }> }
  t.equal(statsA.ended, 'every actor finished', 'node a ended by itself')
  t.match(a.stderr, /\[pub\] finished; sending its end of stream until its subscribers on other nodes \(sub\.sub\) have read that far/, 'and said what it waited for')
  t.equal(statsA.actors.pub!.sent, kSent, 'its publisher sent the whole stream')
  const { code, stats } = await b.stop('SIGTERM')
  t.equal(code, 0, `node b stopped cleanly${code === 0 ? '' : `: ${b.stderr()}`}`)
  const link = stats.actors.sub!.links!.sub!['pub.pub']!
  t.ok(link.received > 0 && link.dropped > 0, `node b received ${link.received} and lost ${link.dropped} at the high-water marks`)
  t.equal(link.received + link.dropped, kSent, 'received + dropped = sent')
})

t.test('a finite push stream into a slower sink on another node arrives whole; both nodes end by themselves', async t => {
  const kSent = 10_000 // what node b's queues hold is a fraction of it: before H37, about 3 000 of 20 000 arrived
  const file = join(t.testdir(), 'push.json')
  writeFileSync(file, JSON.stringify({
    name: 'push-across-nodes',
    nodes: localNodes(),
    actors: {
      vent: { kind: 'ventilator', node: 'a', bind: ['tasks'], source: fixture('js/count-source.js'), params: { n: kSent, prefix: 'x'.repeat(300) } },
      sink: { kind: 'sink', node: 'b', connect: ['tasks'], handler: fixture('js/slow-handler.js'), count: kSent, receiveHighWaterMark: 10 },
    },
  }))
  const b = runNode(file, 'b')
  const a = await runNode(file, 'a')
  t.equal(a.ended, 'every actor finished', 'node a ended by itself')
  t.match(a.stderr, /\[vent\] finished; holding push open until its consumers on other nodes \(sink\.pull\) have read everything and left/, 'and said why it waited')
  t.equal(a.actors.vent!.sent, kSent, 'the ventilator sent the whole stream')
  const { ended, actors } = await b
  t.equal(ended, 'every actor finished', 'node b ended by itself: the sink reached its count')
  t.equal(actors.sink!.received, kSent, 'every message arrived')
})

t.test('a ventilator with workers on its own node and on another: the remote worker\'s share arrives whole; both nodes end by themselves', async t => {
  const kSent = 10_000
  const file = join(t.testdir(), 'mixed.json')
  writeFileSync(file, JSON.stringify({
    name: 'mixed-across-nodes',
    nodes: localNodes(),
    until: ['vent', 'sink'],
    actors: {
      // paced, so that the remote worker has connected long before the end
      vent: { kind: 'ventilator', node: 'a', bind: ['tasks'], source: fixture('js/count-source.js'), params: { n: kSent }, rate: 5000 },
      // reaches the link over inproc, the remote worker over tcp: node a tells their connections apart
      near: { kind: 'worker', node: 'a', handler: fixture('js/upper.js'), input: { connect: ['tasks'] }, output: { connect: ['results'] } },
      far: { kind: 'worker', node: 'b', handler: fixture('js/slow-pass.js'), input: { connect: ['tasks'], receiveHighWaterMark: 10 }, output: { connect: ['results'] } },
      sink: { kind: 'sink', node: 'b', bind: ['results'], count: kSent },
    },
  }))
  const b = runNode(file, 'b')
  const a = await runNode(file, 'a')
  t.equal(a.ended, 'every actor finished', 'node a ended by itself')
  t.match(a.stderr, /\[vent\] finished; holding push open until its consumers on other nodes \(far\.input\) have read everything and left/, 'and said why it waited, naming only the remote worker')
  const { ended, actors } = await b
  t.equal(ended, 'every actor finished', 'node b ended by itself: the sink reached its count')
  t.equal(actors.sink!.received, kSent, 'every task arrived, through either worker')
  t.ok(actors.far!.received > 0, `the remote worker had a share: ${actors.far!.received}`)
})

/**
 * `zeroactor run <file> --node <name> --json` to its end: the final stats and stderr. Node b is
 * bounded, so that a lost tail fails a test (a sink short of its count) instead of hanging it.
 */
async function runNode (file: string, name: 'a' | 'b'): Promise<{ ended: string, actors: Record<string, { sent: number, received: number }>, stderr: string }> {
  const { stdout, stderr } = await run(...untracked([fixture('../../dist/src/cli/bin.js'), 'run', file, '--node', name, '--json', ...(name === 'b' ? ['--duration', '40'] : [])]), { timeout: 60_000 })
  return { ...JSON.parse(stdout), stderr }
}
