// Property-based tests (fast-check): the topology validator and the endpoint parser take any
// input, 10 000 of each kind, and answer with a value or a typed error; never a crash or a hang.
import fc from 'fast-check'
import t from 'tap'
import { TopologyError, validateTopology } from '../../src/index.js'
import { parseEndpoint } from '../../src/topology/endpoint.js'

const kRuns = 10_000

/** Returns normally or throws a TopologyError whose issues each have a path and a message. */
function typedOrValid (fn: () => unknown): boolean {
  try {
    fn()
    return true
  } catch (error) {
    if (!(error instanceof TopologyError)) throw error
    return error.issues.length > 0 && error.issues.every(i => typeof i.path === 'string' && typeof i.message === 'string' && i.message.length > 0)
  }
}

const name = fc.stringMatching(/^[A-Za-z_][\w.-]{0,8}$/)
const endpointText = fc.oneof(
  name,
  fc.string(),
  fc.tuple(fc.constantFrom('tcp', 'ipc', 'inproc', 'udp', 'ftp', 'TCP', ''), fc.string()).map(([s, a]) => `${s}://${a}`),
  fc.tuple(fc.oneof(fc.ipV4(), fc.ipV6().map(h => `[${h}]`), fc.domain(), fc.constant('*')), fc.oneof(fc.integer({ min: -5, max: 70000 }).map(String), fc.constant('*'), fc.string())).map(([h, p]) => `tcp://${h}:${p}`),
)
const key = fc.oneof(fc.string({ minLength: 40, maxLength: 40 }), fc.constant('P(0$Y4s?7)we4n>mXWX9S:Swa}L+I2kB8RlF6kMI'))
const value = fc.oneof(fc.integer(), fc.double(), fc.boolean(), fc.string(), fc.constant(null), fc.constant(undefined))
const side = fc.record({
  type: fc.constantFrom('pub', 'sub', 'xpub', 'xsub', 'req', 'rep', 'router', 'dealer', 'push', 'pull', 'pair', 'tube'),
  bind: fc.oneof(endpointText, fc.array(endpointText, { maxLength: 3 })),
  connect: fc.array(endpointText, { maxLength: 3 }),
  linger: value,
  maxMessageSize: fc.integer({ min: -2, max: 1000 }),
  curve: fc.record({ allow: fc.array(key, { maxLength: 2 }), serverKey: key, publicKey: key, secretKeyFile: fc.string(), secretKey: key }, { requiredKeys: [] }),
  insecure: value,
}, { requiredKeys: [] })
const actor = fc.record({
  kind: fc.constantFrom('publisher', 'subscriber', 'responder', 'requester', 'proxy', 'ventilator', 'worker', 'sink', 'radio', 'dish', 'teapot'),
  module: fc.string(),
  source: fc.string(),
  handler: fc.string(),
  bind: fc.oneof(endpointText, fc.array(endpointText, { maxLength: 2 })),
  connect: fc.array(endpointText, { maxLength: 2 }),
  frontend: side,
  backend: side,
  input: side,
  sockets: fc.dictionary(name, side, { maxKeys: 2 }),
  node: name,
  process: name,
  rate: value,
  count: value,
  subscribe: fc.oneof(fc.array(fc.string(), { maxLength: 2 }), value),
  groups: fc.array(fc.string(), { maxLength: 2 }),
  restart: fc.constantFrom('permanent', 'transient', 'temporary', 'always'),
  curve: side.map(s => s.curve),
}, { requiredKeys: [] })
const topology = fc.record({
  name: fc.oneof(name, fc.string()),
  actors: fc.dictionary(fc.oneof(name, fc.string()), actor, { maxKeys: 4 }),
  nodes: fc.dictionary(name, fc.record({ host: fc.oneof(fc.ipV4(), fc.constant('*'), fc.string()), portRange: fc.tuple(fc.integer({ min: -1, max: 70000 }), fc.integer({ min: -1, max: 70000 })), curve: fc.record({ publicKey: key, secretKeyFile: fc.string() }, { requiredKeys: [] }), insecure: value }, { requiredKeys: [] }), { maxKeys: 2 }),
  security: fc.record({ curve: value }, { requiredKeys: [] }),
  until: fc.array(fc.string(), { maxLength: 2 }),
  groups: fc.dictionary(name, fc.record({ actors: fc.array(name, { maxLength: 2 }), strategy: fc.constantFrom('one_for_one', 'one_for_all', 'bogus') }, { requiredKeys: [] }), { maxKeys: 2 }),
  readyTimeout: value,
}, { requiredKeys: ['name', 'actors'] })

t.test(`the validator: ${kRuns / 2} arbitrary values and ${kRuns / 2} topology-shaped ones, only typed errors`, async t => {
  let valid = 0
  fc.assert(fc.property(fc.anything(), input => typedOrValid(() => validateTopology(input))), { numRuns: kRuns / 2 })
  fc.assert(fc.property(topology, input => typedOrValid(() => { validateTopology(input); valid++ })), { numRuns: kRuns / 2 })
  t.comment(`${valid} of the topology-shaped inputs were valid (the rest: rejected with a path for each problem)`)
  t.pass('no crash, no hang, only TopologyError')
})

t.test(`the endpoint parser: ${kRuns} inputs, only typed errors; a tcp endpoint parses back to its host and port`, async t => {
  fc.assert(fc.property(fc.oneof(endpointText, fc.anything()), input => typedOrValid(() => parseEndpoint(input as string))), { numRuns: kRuns })
  fc.assert(fc.property(fc.oneof(fc.ipV4(), fc.domain()), fc.integer({ min: 1, max: 65535 }), (host, port) => {
    const parsed = parseEndpoint(`tcp://${host}:${port}`)
    return parsed.transport === 'tcp' && parsed.host === host && parsed.port === port
  }), { numRuns: 1000 })
  t.pass('no crash, no hang, only TopologyError')
})
