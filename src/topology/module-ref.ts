import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { isAbsolute, join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'

/** A module reference resolved to a URL the worker can `import()`. */
export interface ResolvedModuleRef {
  /** what the topology said, for error messages */
  spec: string
  url: string
  /** named export; `default` when the reference has no `#name` */
  exportName: string
}

/** The fields of an actor that name a module: its own, and its source and handler. */
export const moduleFields = ['module', 'source', 'handler'] as const

/**
 * Resolves `"./file.js"`, `"./file.js#exportName"` or a package specifier against `baseDir`.
 * Returns an error message instead of throwing so the caller can report every problem at once.
 */
export function resolveModuleRef (spec: string, baseDir: string): ResolvedModuleRef | string {
  const hash = spec.lastIndexOf('#')
  const path = hash > 0 ? spec.slice(0, hash) : spec
  const exportName = hash > 0 ? spec.slice(hash + 1) : 'default'
  if (path.startsWith('.') || isAbsolute(path)) {
    const file = resolve(baseDir, path)
    if (!existsSync(file)) return `cannot find module "${path}" (looked for ${file})`
    return { spec, url: pathToFileURL(file).href, exportName }
  }
  if (path.startsWith('file:')) return { spec, url: path, exportName }
  try {
    const file = createRequire(join(baseDir, 'noop.js')).resolve(path)
    return { spec, url: pathToFileURL(file).href, exportName }
  } catch {
    return `cannot find package "${path}" from ${baseDir}`
  }
}
