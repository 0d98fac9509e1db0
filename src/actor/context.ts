import { existsSync } from 'node:fs'
import { dirname, join, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import { format } from 'node:util'
import { ModuleLoadError } from '../errors.js'
import { didYouMean } from '../suggest.js'
import type { ResolvedModuleRef } from '../plan/types.js'
import { readCounters, type CounterName } from '../counters.js'
import type { SocketTypes } from './define-actor.js'
import type { ActorSocket } from './socket.js'

/** Everything an actor's code gets from the runtime. */
export interface ActorContext<S extends SocketTypes = SocketTypes, C = Record<string, unknown>> {
  /** the actor's name in the topology */
  readonly name: string
  /** the topology's `params` for this actor (JSON) */
  readonly params: unknown
  /**
   * the actor's other topology fields (`rate`, `count`, `subscribe`, `source`, ...), typed by the
   * definition's third type parameter (a built-in kind's options type, e.g. `PublisherOptions`)
   */
  readonly config: Readonly<C>
  /** the actor's sockets by name, bound and connected */
  readonly sockets: { readonly [K in keyof S]: ActorSocket }
  /** aborts when the actor is asked to stop */
  readonly signal: AbortSignal
  /** a line in the runtime's log (shown above the live table), like console.log */
  log (...args: unknown[]): void
  /** a plain object for the actor's and its modules' own state, fresh on every start */
  readonly state: Record<string, any>
  /** this actor's counters, live */
  readonly stats: Readonly<Record<CounterName, number>>
  /**
   * Imports a module reference from `config` (`source`, `handler`...) and returns its export.
   * @throws {ModuleLoadError} `ERR_ACTOR_MODULE`, naming the actor, the field and the module
   */
  load<T = unknown> (field: keyof C & string): Promise<T>
}

export interface ContextInit {
  name: string
  params: unknown
  config: Record<string, unknown>
  sockets: Record<string, ActorSocket>
  signal: AbortSignal
  counters: Float64Array
  log: (text: string) => void
}

export function createContext (init: ContextInit): ActorContext {
  const { counters } = init
  return {
    name: init.name,
    params: init.params,
    config: init.config,
    sockets: init.sockets,
    signal: init.signal,
    state: {},
    log: (...args: unknown[]) => init.log(format(...args)),
    get stats () { return readCounters(counters) },
    load: async <T>(field: string) => await loadExport<T>(init.name, field, init.config[field]),
  }
}

async function loadExport<T> (actor: string, field: string, ref: unknown): Promise<T> {
  if (typeof ref !== 'object' || ref === null || typeof (ref as ResolvedModuleRef).url !== 'string') {
    throw new ModuleLoadError(`actor "${actor}": "${field}" is not a module reference`)
  }
  const { url, exportName, spec } = ref as ResolvedModuleRef
  let mod: Record<string, unknown>
  try {
    mod = await import(url) as Record<string, unknown>
  } catch (error) {
    const where = whereIn(error, url)
    throw new ModuleLoadError(`actor "${actor}": ${describe(field, spec)} failed to load: ${(error as Error).message}${where !== undefined ? ` (at ${where})` : ''}${moduleSyntaxHint(error, url)}`, { cause: error })
  }
  if (!(exportName in mod)) {
    const names = Object.keys(mod).filter(name => name !== 'module.exports')
    throw new ModuleLoadError(`actor "${actor}": ${describe(field, spec)} has no export "${exportName}"${didYouMean(exportName, names)} (${names.length > 0 ? `its exports: ${names.join(', ')}` : 'it exports nothing'})`)
  }
  return mod[exportName] as T
}

/**
 * Where in the module a load failed, `file:line[:col]`: for a syntax error Node puts no location on
 * the error, so the file is checked again with `node --check`, which prints it (this runs only on
 * the failure path); for an error thrown while the module ran, its first stack frame in the file.
 */
function whereIn (error: unknown, url: string): string | undefined {
  if (!url.startsWith('file:')) return undefined
  const path = fileURLToPath(url)
  if (error instanceof SyntaxError) {
    try {
      // loaded here: node:child_process costs every actor thread ~4 ms of start-up (bench/README.md)
      process.getBuiltinModule('node:child_process').execFileSync(process.execPath, ['--check', path], { stdio: 'pipe', timeout: 10_000 })
    } catch (check) {
      // after Node's own warnings, if any ("Failed to load the ES module")
      const at = String((check as { stderr?: unknown }).stderr ?? '').split('\n').find(line => line.startsWith(`${path}:`))
      if (at !== undefined) return at
    }
    // the file parses: a SyntaxError its code threw while it ran (JSON.parse), found in the stack below
  }
  // stack frames name the module by URL, or by path where source maps are on
  for (const line of (error as Error | undefined)?.stack?.split('\n') ?? []) {
    for (const name of [url, path]) {
      const at = line.indexOf(`${name}:`)
      const position = at < 0 ? null : /^:(\d+):(\d+)/.exec(line.slice(at + name.length))
      if (position !== null) return `${path}:${position[1]}:${position[2]}`
    }
  }
  return undefined
}

/**
 * What to do about ES module syntax in a file Node loads as CommonJS (a `.js` file whose nearest
 * package.json does not say `"type": "module"`; `npm init` writes `"type": "commonjs"`).
 */
function moduleSyntaxHint (error: unknown, url: string): string {
  const message = (error as Error | undefined)?.message
  if (!(error instanceof SyntaxError) || !url.startsWith('file:') || (message !== "Unexpected token 'export'" && message !== 'Cannot use import statement outside a module')) return ''
  const file = fileURLToPath(url)
  // a package's own file is its author's to fix; a .cjs or .cts file is CommonJS whatever package.json says
  if (file.includes(`${sep}node_modules${sep}`)) return ''
  const rename = `name the file ${/\.[cm]?ts$/.test(file) ? '.mts' : '.mjs'}`
  if (/\.c[jt]s$/.test(file)) return `; the file is written as an ES module but its extension makes it CommonJS: ${rename}`
  let dir = dirname(file)
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir)
  const manifest = existsSync(join(dir, 'package.json')) ? join(dir, 'package.json') : 'a package.json beside it'
  return `; the file is written as an ES module but Node loads it as CommonJS: set "type": "module" in ${manifest}, or ${rename}`
}

/** `module "./x.js"` for the actor's own module, `handler module "./h.js"` for a field's. */
function describe (field: string, spec: string): string {
  return field === 'module' ? `module "${spec}"` : `${field} module "${spec}"`
}

/** Imports a module reference outside of a context (the host uses it for the actor module). */
export { loadExport }
