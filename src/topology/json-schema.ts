import type { z } from 'zod'
import { lazyRequire } from '../deps.js'
import { builtinKinds, topologySchemas } from './schema.js'

/**
 * The topology format as a JSON Schema (draft 2020-12), generated from the zod schemas that
 * validate it, so editors complete and check topology files (`"$schema"` in JSON or YAML). It
 * describes the fields and their types; checks across fields (a link nobody binds, a key file's
 * mode...) are zeroactor's own, run by `zeroactor check`. Published as
 * `zeroactor/topology.schema.json`; `test/topology/json-schema.ts` keeps the file equal to this.
 */
export function topologyJsonSchema (): Record<string, unknown> {
  const zod = (lazyRequire('zod') as typeof import('zod')).z
  const { topologyShape, kindSchemas, moduleActor } = topologySchemas()
  const actor = zod.union([...builtinKinds.map(kind => kindSchemas[kind]), moduleActor] as unknown as [z.ZodType, z.ZodType, ...z.ZodType[]])
  const topology = topologyShape.extend({ actors: zod.record(zod.string(), actor) })
  const schema = zod.toJSONSchema(topology, {
    io: 'input',
    unrepresentable: 'any',
    // a list that takes one item alone too (z.preprocess wraps it: `subscribe`), as validation does
    override: ({ zodSchema, jsonSchema }) => {
      const def = zodSchema._zod.def as { type: string, in?: { _zod: { def: { type: string } } } }
      if (def.type !== 'pipe' || def.in?._zod.def.type !== 'transform' || jsonSchema.type !== 'array') return
      const { type, items, ...rest } = jsonSchema
      Object.assign(jsonSchema, { ...rest, anyOf: [items, { type, items }] })
      delete jsonSchema.type
      delete jsonSchema.items
    },
  }) as Record<string, unknown>
  return { ...schema, title: 'zeroactor topology', description: 'Actors, the links between them, placement, supervision and security (see docs/topology.md in the package).' }
}
