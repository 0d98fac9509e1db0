// Faults in user code stay in their actor: handlers that reject, throw non-Errors or return what is
// not a message; sources that throw midway, are not iterable or yield what is not a message. The
// faulty actor is restarted with a clear error each time (or fails for good, with `temporary`);
// the rest of the topology keeps moving and no healthy actor is charged a restart or an error.
import t from 'tap'
import { spawn } from '../../src/index.js'
import { waitFor } from '../../src/testing.js'
import { fixture } from '../fixtures/topology.js'

const source = fixture('js/count-source.js')
const fault = (name: string): string => fixture(`js/faults/${name}.js`)

/** the faulty actor `bad`, wired to what it needs (a feed, an output) */
const wiring: Record<string, (module: string) => Record<string, object>> = {
  sink: handler => ({ feed: { kind: 'ventilator', bind: ['in'], source, rate: 200 }, bad: { kind: 'sink', connect: ['in'], handler } }),
  worker: handler => ({ feed: { kind: 'ventilator', bind: ['in'], source, rate: 200 }, bad: { kind: 'worker', input: { connect: 'in' }, output: { connect: 'out' }, handler }, out: { kind: 'sink', bind: ['out'] } }),
  ventilator: module => ({ bad: { kind: 'ventilator', bind: ['in'], source: module }, out: { kind: 'sink', connect: ['in'] } }),
}
const cases: Array<[title: string, kind: string, module: string, error: RegExp]> = [
  ['a handler that rejects', 'sink', 'rejects', /^handler said no$/],
  ['a handler that throws a string', 'sink', 'throws-string', /a plain string/],
  ['a worker handler that returns an object', 'worker', 'returns-object', /frame 0 is an object \(Object\): frames are strings, Buffers or Uint8Arrays/],
  ['a worker handler that returns a number', 'worker', 'returns-number', /frame 0 is a number/],
  ['a source that throws midway', 'ventilator', 'source-midway', /^source broke at 5$/],
  ['a source that is not iterable', 'ventilator', 'source-not-iterable', /^actor "bad": its source \(.*source-not-iterable\.js\) returned a number, not an iterable or async iterable of messages$/],
  ['a source that yields an object', 'ventilator', 'source-bad-item', /frame 0 is an object/],
]

for (const [title, kind, module, error] of cases) {
  t.test(`${title}: only that actor restarts, with the error; the rest keeps moving`, async t => {
    const app = await spawn({
      name: 'faults',
      maxRestarts: 1000,
      actors: {
        pub: { kind: 'publisher', bind: ['ticks'], source, rate: 500 },
        sub: { kind: 'subscriber', connect: ['ticks'] },
        ...wiring[kind]!(fault(module)),
      },
    })
    t.teardown(() => app.stop())
    const [actor, attempt, reason] = await new Promise<[string, number, Error | undefined]>(resolve => app.once('restart', (...args) => resolve(args)))
    t.same([actor, attempt], ['bad', 1])
    t.match(reason?.message, error)
    // twice more, while the publisher keeps publishing to its subscriber
    const before = app.actor('sub').received
    await waitFor(() => app.actor('bad').restarts >= 3 && app.actor('sub').received > before + 100, { timeout: 10_000 })
    for (const [name, stats] of Object.entries(app.stats().actors)) {
      if (name !== 'bad') t.same([name, stats.restarts, stats.errors, stats.state], [name, 0, 0, 'running'], `${name} is not charged`)
    }
  })
}

t.test('with restart "temporary" a faulty actor fails for good, alone; app.done carries its error', async t => {
  const app = await spawn({
    name: 'faults',
    actors: {
      pub: { kind: 'publisher', bind: ['ticks'], source, rate: 500 },
      sub: { kind: 'subscriber', connect: ['ticks'] },
      feed: { kind: 'ventilator', bind: ['in'], source, rate: 200 },
      bad: { kind: 'sink', connect: ['in'], handler: fault('rejects'), restart: 'temporary' },
    },
  })
  t.teardown(() => app.stop())
  t.match(await app.done, { message: /handler said no/ })
  t.match(app.actor('bad'), { state: 'failed', restarts: 0, error: { message: 'handler said no' } })
  const before = app.actor('sub').received
  await waitFor(() => app.actor('sub').received > before + 100, { timeout: 10_000 })
  t.same(['pub', 'sub', 'feed'].map(name => app.actor(name).state), ['running', 'running', 'running'], 'the others keep running')
})
