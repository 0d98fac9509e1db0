// The observer's drawing of a plan, computed on the server: every actor and link of the plan once,
// grouped by node and process as `zeroactor graph` groups them, a pipeline read left to right,
// foreign peers' endpoints dashed, and the same plan always drawn the same way.
import { fileURLToPath } from 'node:url'
import t from 'tap'
import { layoutOf } from '../../src/observer/layout.js'
import { planOf } from '../../src/spawn.js'

const example = (name: string): string => fileURLToPath(new URL(`../../examples/${name}/topology.json`, import.meta.url))

t.test('a pipeline: one process box, ventilator, workers and sink in columns left to right', async t => {
  const plan = await planOf(example('pipeline'))
  const layout = layoutOf(plan)
  t.same(layout.actors.map(a => a.name), plan.actors.map(a => a.name), 'every actor, in plan order')
  t.same(layout.boxes.map(b => b.label), ['node local / process main'])
  const x = (name: string): number => layout.actors.find(a => a.name === name)!.x
  t.ok(x('ventilator') < x('worker-1') && x('worker-1') < x('sink'), 'ventilator, workers, sink')
  t.same(new Set(['worker-1', 'worker-2', 'worker-3', 'worker-4'].map(x)).size, 1, 'the workers share a column')
  t.same(layout.links.map(l => [l.name, l.transport, l.lines.length, l.edge]), [['tasks', 'inproc', 4, false], ['results', 'inproc', 4, false]])
  const tasks = layout.links[0]!
  t.ok(tasks.lines.every(([from, to]) => from.x < to.x), 'tasks drawn the way messages go: from the pushing ventilator to the workers')
  for (const a of layout.actors) {
    const box = layout.boxes[0]!
    t.ok(a.x >= box.x && a.x + layout.actorWidth <= box.x + box.width && a.y + layout.actorHeight <= box.y + box.height, `${a.name} inside its box`)
    t.ok(a.x + layout.actorWidth <= layout.width && a.y + layout.actorHeight <= layout.height, `${a.name} inside the drawing`)
  }
  t.same(layoutOf(await planOf(example('pipeline'))), layout, 'the same plan, the same drawing')
  t.same(layout.supervisors.map(s => [s.name, s.strategy, s.actors.length]), [['pipeline', 'one_for_one', 6]])
})

t.test('nodes and processes get a box each; endpoints for foreign peers are dashed edges', async t => {
  const plan = await planOf({
    name: 'spread',
    nodes: { a: { host: '127.0.0.1' }, b: { host: '127.0.0.2' } },
    actors: {
      pub: { kind: 'publisher', bind: ['news', 'tcp://127.0.0.1:5999'], source: fileURLToPath(new URL('../fixtures/js/count-source.js', import.meta.url)), node: 'a' },
      near: { kind: 'subscriber', connect: ['news'], node: 'a', process: 'side' },
      far: { kind: 'subscriber', connect: ['news'], node: 'b' },
    },
  })
  const layout = layoutOf(plan)
  t.same(layout.boxes.map(b => b.label), ['node a / process main', 'node a / process side', 'node b / process main'])
  t.same(layout.links.map(l => [l.name, l.edge]), [['news', false], ['tcp://127.0.0.1:5999', true]])
  t.same(layout.outside.map(o => o.endpoint), ['tcp://127.0.0.1:5999'])
  t.equal(layout.links[0]!.transport, 'tcp', 'the link between nodes is tcp')
})
