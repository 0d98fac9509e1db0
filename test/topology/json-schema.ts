// The published JSON Schema of the topology (topology.schema.json): generated from the zod schemas
// (the file cannot drift from them), and checked with a well-kept JSON Schema validator (ajv,
// draft 2020-12) against every example topology, JSON and YAML, and against mistakes.
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import t from 'tap'
import { Ajv2020 } from 'ajv/dist/2020.js'
import { parse } from 'yaml'
import { topologyJsonSchema } from '../../src/topology/json-schema.js'

const root = fileURLToPath(new URL('../..', import.meta.url))
const published = JSON.parse(readFileSync(join(root, 'topology.schema.json'), 'utf8')) as Record<string, unknown>
const validate = new Ajv2020({ strict: false, allErrors: true }).compile(published)

t.test('the published file is what the zod schemas generate (npm run schema writes it)', async t => {
  t.same(published, JSON.parse(JSON.stringify(topologyJsonSchema())))
})

t.test('every example topology is valid against it', async t => {
  const examples = join(root, 'examples')
  const files = readdirSync(examples, { recursive: true, encoding: 'utf8' }).filter(f => /\.(json|ya?ml)$/.test(f) && !f.includes('keys') && !f.includes('node_modules'))
  t.ok(files.length >= 10, `${files.length} example topologies`)
  for (const file of files) {
    const text = readFileSync(join(examples, file), 'utf8')
    const topology: unknown = file.endsWith('.json') ? JSON.parse(text) : parse(text)
    t.ok(validate(topology), `${file}: ${JSON.stringify(validate.errors)}`)
  }
})

t.test('mistakes are refused: an unknown field, a wrong type, a kind\'s missing field', async t => {
  t.notOk(validate({ name: 'x', actors: { a: { kind: 'sink', bind: ['r'], lingr: 5 } } }), 'unknown field')
  t.notOk(validate({ name: 'x', actors: { a: { kind: 'sink', bind: ['r'], linger: 'soon' } } }), 'wrong type')
  t.notOk(validate({ name: 'x', actors: { a: { kind: 'publisher', bind: ['r'] } } }), 'a publisher needs its source')
  t.ok(validate({ $schema: './node_modules/zeroactor/topology.schema.json', name: 'x', actors: { a: { kind: 'sink', bind: 'r' } } }), '$schema is allowed, and one endpoint may be a string')
})
