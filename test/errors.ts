import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import t from 'tap'
import * as api from '../src/index.js'
import { deserializeError, errorClasses, serializeError, TopologyError, ZeroActorError } from '../src/errors.js'

const root = new URL('..', import.meta.url).pathname
// the rows of docs/errors.md's code table: | `code` | `Class` | when | what to do |
const documented = new Map([...readFileSync(join(root, 'docs/errors.md'), 'utf8').matchAll(/^\| `(ERR_\w+)` \| `(\w+)` \|/gm)].map(m => [m[1]!, m[2]!]))

function sourcesUnder (dir: string): string[] {
  return readdirSync(join(root, dir)).flatMap(name => {
    const path = join(dir, name)
    return statSync(join(root, path)).isDirectory() ? sourcesUnder(path) : path.endsWith('.ts') ? [path] : []
  })
}

t.test('docs/errors.md lists every code the source defines, with its class, and no other', async t => {
  const defined = new Set(Object.keys(errorClasses))
  // a code defined outside the registry (a class of its own, a literal) must be documented too
  for (const file of [...sourcesUnder('src'), ...sourcesUnder('actors')]) {
    for (const m of readFileSync(join(root, file), 'utf8').matchAll(/'(ERR_ACTOR\w*)'/g)) defined.add(m[1]!)
  }
  t.same([...documented.keys()].sort(), [...defined].sort(), 'the table\'s codes are the codes of src/ and actors/')
  for (const [code, Class] of Object.entries(errorClasses)) t.equal(documented.get(code), Class.name, `${code} is documented as ${Class.name}`)
})

t.test('every error class is exported and has a unique code', async t => {
  const codes = Object.keys(errorClasses)
  t.equal(new Set(codes).size, codes.length, 'codes are unique')
  for (const [code, Class] of Object.entries(errorClasses)) {
    t.equal((api as Record<string, unknown>)[Class.name], Class, `${Class.name} is exported`)
    const instance = Class === TopologyError ? new TopologyError([]) : new (Class as typeof ZeroActorError)('x')
    t.equal(instance.code, code, `${Class.name}.code is ${code}`)
    t.equal(instance.name, Class.name)
    t.ok(instance instanceof ZeroActorError)
  }
})

t.test('errors keep class, code and cause through serialisation (as across a thread)', async t => {
  for (const [code, Class] of Object.entries(errorClasses)) {
    if (Class === TopologyError) continue
    const original = new (Class as typeof ZeroActorError)('it broke', { cause: new Error('root') })
    const copy = deserializeError(structuredClone(serializeError(original)))
    t.ok(copy instanceof Class, `${code} rebuilt as ${Class.name}`)
    t.equal((copy as ZeroActorError).code, code)
    t.equal(copy.message, 'it broke')
    t.equal((copy.cause as Error).message, 'root')
  }
})

t.test('a zeromq errno code passes through unchanged on a plain Error', async t => {
  const zmqError = Object.assign(new Error('Address already in use'), { code: 'EADDRINUSE', errno: 98 })
  const copy = deserializeError(structuredClone(serializeError(zmqError)))
  t.equal((copy as { code?: string }).code, 'EADDRINUSE')
  t.equal(copy.message, 'Address already in use')
  t.same(serializeError('a string'), { name: 'Error', message: 'a string' }, 'non-errors become messages')
})

t.test('a TopologyError lists every issue with its path and location', async t => {
  const error = new TopologyError([{ path: 'actors.a.rate', message: 'too small', location: 'f.json:3:5' }, { path: '', message: 'empty' }])
  t.match(error.message, /f\.json:3:5: actors\.a\.rate: too small/)
  t.match(error.message, /\(root\): empty/)
  t.equal(deserializeError(serializeError(error)).message, error.message)
})
