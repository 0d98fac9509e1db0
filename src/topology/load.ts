import { readFile } from 'node:fs/promises'
import { dirname, extname, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { Document, LineCounter } from 'yaml'
import { lazyRequire } from '../deps.js'
import { TopologyError } from '../errors.js'
import type { Topology } from './schema.js'
import { validateTopology, type Locate, type PathSegment } from './validate.js'

/** A validated topology and the folder its module references are relative to. */
export interface LoadedTopology {
  topology: Topology
  baseDir: string
  /** the file it came from, if any */
  file?: string
  /** maps a field path to `file:line:col` */
  locate?: Locate
}

/**
 * Reads a topology file (JSON, YAML, or a JS/TS module whose default export is the topology) and
 * validates it. JSON is parsed by the YAML parser (JSON is YAML 1.2) so that every field keeps its
 * `line:col` for error messages. `beforeValidate` sees the topology as read, before it is
 * validated (spawn() counts its threads there).
 * @throws {TopologyError} on a missing file, a syntax error, or any invalid field
 */
export async function loadTopologyFile (file: string, beforeValidate?: (raw: unknown) => void): Promise<LoadedTopology> {
  const path = resolve(file)
  const baseDir = dirname(path)
  const ext = extname(path).toLowerCase()
  if (['.js', '.mjs', '.cjs', '.ts', '.mts'].includes(ext)) {
    let mod: { default?: unknown }
    try {
      mod = await import(pathToFileURL(path).href) as { default?: unknown }
    } catch (error) {
      const typescript = (ext === '.ts' || ext === '.mts') && (error as { code?: string }).code === 'ERR_UNKNOWN_FILE_EXTENSION'
      const why = typescript
        ? 'this Node.js cannot load TypeScript by itself: use Node 23.6 or later (types are stripped by default), Node 22 with --experimental-strip-types, a TypeScript loader (tsx), or write the topology in JSON, YAML or JavaScript'
        : (error as Error).message
      throw new TopologyError([{ path: '', location: path, message: `cannot load topology module: ${why}` }], { cause: error })
    }
    const raw = mod.default ?? mod
    beforeValidate?.(raw)
    return { topology: validateTopology(raw, p => `${path} (${p.join('.')})`, baseDir), baseDir, file: path }
  }
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    throw new TopologyError([{ path: '', location: path, message: `cannot read topology file: ${(error as Error).message}` }], { cause: error })
  }
  return { ...parseTopologyText(text, path, baseDir, beforeValidate), baseDir, file: path }
}

/**
 * Parses and validates topology text (JSON or YAML); `file` names it in error locations; with
 * `baseDir`, module references are checked from there in the same pass; `beforeValidate` sees
 * the parsed topology before it is validated.
 */
export function parseTopologyText (text: string, file: string, baseDir?: string, beforeValidate?: (raw: unknown) => void): { topology: Topology, locate: Locate } {
  const { LineCounter, parseDocument } = yaml()
  const lineCounter = new LineCounter()
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true })
  if (doc.errors.length > 0) {
    throw new TopologyError(doc.errors.map(e => {
      const { line, col } = lineCounter.linePos(e.pos[0])
      return { path: '', location: `${file}:${line}:${col}`, message: e.message.split('\n')[0]! }
    }))
  }
  const locate = locator(doc, lineCounter, file)
  const raw: unknown = doc.toJS()
  beforeValidate?.(raw)
  return { topology: validateTopology(raw, locate, baseDir), locate }
}

function yaml (): typeof import('yaml') {
  return lazyRequire('yaml') as typeof import('yaml')
}

/** The position of the deepest node of `path` that exists (a missing field points at its parent). */
function locator (doc: Document, lineCounter: LineCounter, file: string): Locate {
  return (path: PathSegment[]) => {
    for (let n = path.length; n >= 0; n--) {
      const node = doc.getIn(path.slice(0, n), true)
      if (yaml().isNode(node) && node.range !== undefined && node.range !== null) {
        // a key's own position reads better than its value's for "unknown field"
        const pair = n > 0 ? findKeyOffset(doc, path.slice(0, n)) : undefined
        const { line, col } = lineCounter.linePos(pair ?? node.range[0])
        return `${file}:${line}:${col}`
      }
    }
    return file
  }
}

function findKeyOffset (doc: Document, path: PathSegment[]): number | undefined {
  const parent = doc.getIn(path.slice(0, -1), true) as { items?: Array<{ key?: { value?: unknown, range?: [number, number, number] } }> } | undefined
  const key = path[path.length - 1]
  const pair = parent?.items?.find(item => item.key?.value === key)
  return pair?.key?.range?.[0]
}
