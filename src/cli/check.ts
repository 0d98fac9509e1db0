import { unknownNode } from '../suggest.js'
import { kMainProcess, waitLimit, type ActorPlan, type CurvePlan, type Plan, type SocketPlan } from '../plan/types.js'
import { TopologyError } from '../errors.js'
import { preflight } from '../preflight.js'
import { loadTopologyFile } from '../topology/load.js'
import type { Locate } from '../topology/validate.js'
import { planOf } from '../spawn.js'
import { parse, UsageError, type CliIo } from './args.js'

export const checkHelp = `Usage: zeroactor check <topology> [--node <name>] [--json]

Validates a topology, makes every check \`run\` would make before it starts
(each actor's module loads and declares the sockets the topology gives it, every
source and handler loads, every CURVE secret key file is private and matches its
public key; the modules' top-level code runs here), and prints its plan: per
node, per process, each actor with its placement (a thread of the node's main
process or of a child process) and every socket with its resolved endpoints,
then every logical link with the transport placement chose. Exit 0 when valid, 2
when not (every problem on stderr).

Options:
  --node <name>  only this node's part of the plan (what \`run --node <name>\`
                 starts)
  --json         the plan as JSON (an invalid topology: {"problems": [...]})
`

export async function check (argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(argv, { json: { type: 'boolean' }, node: { type: 'string' }, help: { type: 'boolean', short: 'h' } })
  if (values.help === true) { io.stdout.write(checkHelp); return 0 }
  if (positionals.length !== 1) throw new UsageError('check takes one topology file')
  const only = values.node
  let plan: Plan
  try {
    plan = await planOf(positionals[0]!)
    if (only !== undefined && plan.nodes[only] === undefined) throw new UsageError(`--node: ${unknownNode(only, Object.keys(plan.nodes))}`)
    // every check run would make before it starts: modules, socket declarations, key files
    const issues = await preflight(only === undefined ? plan : { ...plan, actors: plan.actors.filter(a => a.node === only) }, await locatorOf(positionals[0]!))
    if (issues.length > 0) throw new TopologyError(issues)
  } catch (error) {
    // --json: the problems as JSON on stdout too, for tools (the text stays on stderr)
    if (values.json === true && error instanceof TopologyError) io.stdout.write(JSON.stringify({ problems: error.issues }, null, 2) + '\n')
    throw error
  }
  if (values.json === true) {
    io.stdout.write(JSON.stringify(plan, null, 2) + '\n')
    return 0
  }
  io.stdout.write(renderPlan(plan, only))
  return 0
}

/** `file:line:col` of a field of the topology file (read again: this runs once, before the preflight). */
async function locatorOf (file: string): Promise<Locate | undefined> {
  return (await loadTopologyFile(file)).locate
}

/** A socket's CURVE role in words: public keys and the key file's path, never a secret. */
function curveOf (curve: CurvePlan | undefined): string {
  if (curve === undefined) return ''
  const role = curve.server !== undefined ? `CURVE server allowing ${curve.server.allow.length} key${curve.server.allow.length === 1 ? '' : 's'}` : 'CURVE client'
  return ` [${role}, key ${curve.publicKey} from ${curve.secretKeyFile}]`
}

/**
 * What a socket of a finished producer waits for on other nodes (H35, H37 in docs/hazards.md),
 * and for how long: as long as it takes, or the linger the topology gives it. A `permanent` actor
 * is restarted at once instead (host/tail.ts).
 */
function waitOf (actor: ActorPlan, socket: SocketPlan): string {
  if (actor.restart === 'permanent') return ''
  const far = socket.framing?.peers.some(p => p.remoteToken !== undefined) === true
  const what = socket.framing?.holdsUntilPeersLeave === true
    ? 'its consumers on other nodes to leave'
    : far && socket.type === 'pub' ? 'its subscribers on other nodes to acknowledge its end of stream' : undefined
  if (what === undefined) return ''
  const limit = waitLimit(socket)
  return ` [once finished, waits for ${what}: ${limit === undefined ? 'as long as they take (a linger bounds it)' : `at most ${limit} ms (its linger)`}]`
}

/** The plan as text, grouped node → process → actor → socket. */
export function renderPlan (plan: Plan, only?: string): string {
  const actors = plan.actors.filter(a => only === undefined || a.node === only)
  const names = new Set(actors.map(a => a.name))
  const lines = [`topology ${plan.topology}: ${actors.length} actors${only !== undefined ? ` on node ${only}` : ''}, done when ${plan.until.filter(n => names.has(n)).join(', ')} finished`]
  for (const [nodeName, node] of Object.entries(plan.nodes)) {
    if (only !== undefined && nodeName !== only) continue
    lines.push(`node ${nodeName} (host ${node.host}, ports ${node.portRange[0]}-${node.portRange[1]})`)
    for (const process of node.processes) {
      const here = actors.filter(a => a.node === nodeName && a.process === process)
      if (here.length === 0) continue
      lines.push(process === kMainProcess ? '  process main (the node runtime)' : `  process ${process} (child process)`)
      for (const actor of here) {
        lines.push(`    ${actor.name} (${actor.kind === 'module' ? actor.module.spec : actor.kind}) thread, restart ${actor.restart}`)
        for (const [name, socket] of Object.entries(actor.sockets)) {
          const eps = [...socket.bind.map(e => `bind ${e}`), ...socket.connect.map(e => `connect ${e}`)].join(', ')
          lines.push(`      ${name}: ${socket.type ?? '(from module)'} ${eps}${curveOf(socket.curve)}${waitOf(actor, socket)}`)
        }
      }
    }
  }
  const links = plan.links.filter(l => names.has(l.binder) || l.connectors.some(c => names.has(c)))
  if (links.length > 0) {
    lines.push('links')
    for (const link of links) {
      const { local } = link
      const far = local === undefined ? link.connectors : link.connectors.filter(c => !local.connectors.includes(c))
      const near = local === undefined ? '' : `, ${local.transport} ${local.endpoint} (${local.connectors.join(', ')} connects)`
      lines.push(`  ${link.name}: ${link.transport} ${link.endpoint} (${link.binder} binds; ${far.join(', ') || 'no one'} connects)${near}`)
    }
  }
  return lines.join('\n') + '\n'
}
