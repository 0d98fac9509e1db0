import t from 'tap'
import { loadTopologyFile, parseTopologyText, TopologyError } from '../../src/index.js'
import { fixture } from '../fixtures/topology.js'

async function loadIssues (file: string): Promise<TopologyError['issues']> {
  const error = await loadTopologyFile(file).then(() => undefined, (e: unknown) => e)
  if (!(error instanceof TopologyError)) throw new Error(`expected a TopologyError, got ${String(error)}`)
  return error.issues
}

t.test('JSON errors carry file:line:col of the field, all at once', async t => {
  const file = fixture('topologies/invalid.json')
  const issues = await loadIssues(file)
  t.same(issues.map(i => [i.path, i.location]).sort(), [
    ['actors.client.connect[0]', `${file}:11:51`],
    ['actors.server.lingr', `${file}:9:7`],
    ['actors.server.rate', `${file}:8:7`],
    ['actors.server.source', `${file}:7:7`], // the missing module, in the same pass
  ].sort())
})

t.test('YAML errors carry file:line:col too', async t => {
  const file = fixture('topologies/invalid.yaml')
  const issues = await loadIssues(file)
  t.same(issues.map(i => [i.path, i.location]), [['actors.server.source', `${file}:6:5`], ['actors.server.count', `${file}:7:5`]])
})

t.test('a syntax error names the place (an unclosed brace)', async t => {
  const file = fixture('topologies/syntax.json')
  const [issue] = await loadIssues(file)
  t.match(issue!.location, new RegExp(`^${file}:\\d+:\\d+$`))
})

t.test('a missing file is a TopologyError naming it', async t => {
  const [issue] = await loadIssues('/no/such/topology.json')
  t.match(issue!.message, /cannot read topology file/)
  t.equal(issue!.location, '/no/such/topology.json')
})

t.test('a TS/JS module exporting the topology is accepted', async t => {
  const loaded = await loadTopologyFile(fixture('topologies/module.ts'))
  t.equal(loaded.topology.name, 'from-module')
  t.equal(loaded.baseDir, fixture('topologies').replace(/\/$/, ''))
})

t.test('parseTopologyText accepts YAML text directly', async t => {
  const { topology } = parseTopologyText('name: y\nactors:\n  s: { kind: sink, bind: [r] }\n', 'inline.yaml')
  t.equal(topology.name, 'y')
  t.throws(() => parseTopologyText('name: y\nname: z\nactors: {}\n', 'dup.yaml'), { code: 'ERR_ACTOR_INVALID_TOPOLOGY', message: /dup\.yaml:2:1/ })
})
