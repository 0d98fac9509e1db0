import { randomUUID } from 'node:crypto'
import { capability } from 'zeromq'
import { TopologyError } from './errors.js'
import { unknownNode } from './suggest.js'
import { planTopology } from './plan/plan.js'
import { kMainProcess, type Plan } from './plan/types.js'
import { checkObserveOptions, type ObserveOptions } from './observer/options.js'
import { Observer } from './observer/server.js'
import { App } from './runtime/app.js'
import { prestart } from './runtime/pool.js'
import { kDefaultNode } from './topology/defaults.js'
import { loadTopologyFile } from './topology/load.js'
import { validateTopology } from './topology/validate.js'

/**
 * The front door: a topology (file or object) goes through topology/ (load, validate), plan/
 * (placement, readiness, internal links, security, supervision) and runtime/ (the app that runs
 * it). See docs/architecture.md for the walk through the files.
 */

/** Options of {@link spawn}. */
export interface SpawnOptions {
  /** folder that module references of a topology object are relative to (default: cwd) */
  baseDir?: string
  /**
   * run only this node's actors (what `zeroactor run --node <name>` does on each host); by
   * default every node of the topology runs here
   */
  node?: string
  /**
   * serve the observer (docs/observer.md) on this port once every actor is READY: a page with the
   * live graph, and JSON and health endpoints; `app.observerUrl` says where. It binds 127.0.0.1
   * unless `host` says otherwise, which needs a `token`.
   */
  observe?: ObserveOptions
}

/**
 * Spawns a topology: validates it, plans it, starts every actor in its own worker thread (child
 * processes first forked for actors with a `process`), and resolves once every actor has
 * reported READY. With `options.node`, only that node's actors run.
 * @param topology a topology file path (JSON, YAML, JS/TS module) or a topology object
 * @throws {TopologyError} `ERR_ACTOR_INVALID_TOPOLOGY` before any actor or socket exists (threads
 *   the first spawn() started while it validated are ended first)
 * @throws {ActorStartError} `ERR_ACTOR_START` when an actor fails to start (the others are stopped)
 * @throws {RangeError} a bad `observe` (before anything starts); an observer port already in use (the actors are stopped)
 * @example
 * const app = await spawn('./topology.json')
 * console.log(app.stats())
 * await app.stop()
 */
export async function spawn (topology: string | object, options: SpawnOptions = {}): Promise<App> {
  if (options.observe !== undefined) checkObserveOptions(options.observe)
  // the threads boot while the topology is validated; if it is not valid, they end again
  let unstart = async (): Promise<void> => {}
  let plan: Plan
  try {
    plan = await planOf(topology, options, randomUUID().slice(0, 8), raw => { unstart = prestart(localThreadCount(raw, options.node)) })
    if (options.node !== undefined && plan.nodes[options.node] === undefined) {
      throw new TopologyError([{ path: 'nodes', message: unknownNode(options.node, Object.keys(plan.nodes)) }])
    }
  } catch (error) {
    await unstart()
    throw error
  }
  const app = new App(plan, { node: options.node })
  await app.start()
  if (options.observe !== undefined) {
    const observer = await Observer.start(app, options.observe).catch(async (error: Error) => { await app.stop(); throw error })
    app.attach(async () => await observer.close())
    app.observerUrl = observer.url
  }
  return app
}

/** Whether this libzmq has ipc:// (not on Windows): without it, processes of a node link over loopback tcp. */
const ipc = capability.ipc !== false

/**
 * Loads (file) or validates (object) a topology and plans it; `beforeValidate` sees the topology
 * before it is validated.
 */
export async function planOf (topology: string | object, options: SpawnOptions = {}, instance?: string, beforeValidate?: (raw: unknown) => void): Promise<Plan> {
  if (typeof topology === 'string') {
    const loaded = await loadTopologyFile(topology, beforeValidate)
    return planTopology(loaded.topology, { baseDir: loaded.baseDir, instance, locate: loaded.locate, ipc })
  }
  beforeValidate?.(topology)
  const baseDir = options.baseDir ?? process.cwd()
  try {
    return planTopology(validateTopology(topology, undefined, baseDir), { baseDir, instance, ipc })
  } catch (error) {
    if (!(error instanceof TopologyError) || options.baseDir !== undefined) throw error
    // a relative module path of a topology object that was meant from the caller's file, not the process's folder
    throw new TopologyError(error.issues.map(issue => (issue.message.startsWith('cannot find module ".') ? { ...issue, message: `${issue.message}: a topology object's relative paths resolve from the current folder unless spawn() is given a baseDir (spawn(topology, { baseDir: import.meta.dirname }))` } : issue)))
  }
}

/**
 * How many actor threads a topology not validated yet will run in this process (on `node`, when
 * given): its actors in their node's main process, an actor without `node` being on the first
 * node declared (plan/placement.ts). 0 where the topology is not well formed enough to tell.
 */
function localThreadCount (raw: unknown, node: string | undefined): number {
  try {
    const { actors, nodes } = raw as { actors?: unknown, nodes?: unknown }
    if (typeof actors !== 'object' || actors === null) return 0
    const first = (typeof nodes === 'object' && nodes !== null ? Object.keys(nodes)[0] : undefined) ?? kDefaultNode
    return Object.values(actors).filter(actor => {
      const { process, node: on } = (actor ?? {}) as { process?: unknown, node?: unknown }
      return (process ?? kMainProcess) === kMainProcess && (node === undefined || (on ?? first) === node)
    }).length
  } catch {
    return 0 // a getter that throws: validation says what is wrong
  }
}
