import t from 'tap'
import { planTopology, validateTopology } from '../../src/index.js'
import { renderDot, renderMermaid } from '../../src/plan/graph.js'
import { fixtures } from '../fixtures/topology.js'

const plan = planTopology(validateTopology({
  name: 'g',
  actors: {
    vent: { kind: 'ventilator', bind: ['tasks'], source: './count-source.ts' },
    work: { kind: 'worker', handler: './upper.ts', input: { connect: ['tasks'] }, output: { connect: ['tcp://10.0.0.9:7000'] } },
    edge: { kind: 'sink', bind: ['tcp://127.0.0.1:5600'] },
  },
}), { baseDir: fixtures })

t.test('mermaid: actors grouped by placement, one arrow per connection with its transport', async t => {
  t.equal(renderMermaid(plan), [
    'flowchart LR',
    '  subgraph g0["node local / process main"]',
    '    a_vent["vent<br/>ventilator"]',
    '    a_work["work<br/>worker"]',
    '    a_edge["edge<br/>sink"]',
    '  end',
    '  e_tcp___10_0_0_9_7000(("tcp://10.0.0.9:7000"))',
    '  e_tcp___127_0_0_1_5600(("tcp://127.0.0.1:5600"))',
    '  a_work -->|input inproc| a_vent',
    '  a_work -->|output tcp| e_tcp___10_0_0_9_7000',
    '  e_tcp___127_0_0_1_5600 -->|tcp| a_edge',
    '',
  ].join('\n'))
})

t.test('dot: the same graph, clusters per placement, outside peers dashed', async t => {
  const dot = renderDot(plan)
  t.match(dot, /^digraph "g" \{/)
  t.match(dot, /subgraph cluster_0 \{\n {4}label="node local \/ process main";/)
  t.match(dot, /"work" -> "vent" \[label="input inproc"\];/)
  t.match(dot, /"tcp:\/\/127\.0\.0\.1:5600" \[shape=ellipse, style=dashed\];/)
})
