import { planOf } from '../runtime/app.js'
import { parse, UsageError, type CliIo } from './args.js'

export const checkHelp = `Usage: zeroactor check <topology> [--json]

Validates a topology and prints its plan: each actor's placement (node, process, thread) and
every socket with its resolved endpoints. Exit 0 when valid, 2 when not (errors on stderr).

Options:
  --json    print the plan as JSON
`

export async function check (argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(argv, { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } })
  if (values.help === true) { io.stdout.write(checkHelp); return 0 }
  if (positionals.length !== 1) throw new UsageError('check takes one topology file')
  const plan = await planOf(positionals[0]!)
  if (values.json === true) {
    io.stdout.write(JSON.stringify(plan, null, 2) + '\n')
    return 0
  }
  const lines = [`topology ${plan.topology}: ${plan.actors.length} actors, done when ${plan.until.join(', ')} finished`]
  const byPlace = new Map<string, typeof plan.actors>()
  for (const actor of plan.actors) {
    const key = `node ${actor.node} / process ${actor.process}`
    byPlace.set(key, [...(byPlace.get(key) ?? []), actor])
  }
  for (const [place, actors] of byPlace) {
    lines.push(place)
    for (const actor of actors) {
      lines.push(`  ${actor.name} (${actor.kind === 'module' ? actor.module.spec : actor.kind}) thread, restart ${actor.restart}`)
      for (const [name, socket] of Object.entries(actor.sockets)) {
        const eps = [...socket.bind.map(e => `bind ${e}`), ...socket.connect.map(e => `connect ${e}`)].join(', ')
        lines.push(`    ${name}: ${socket.type ?? '(from module)'} ${eps}`)
      }
    }
  }
  if (plan.links.length > 0) {
    lines.push('links')
    for (const link of plan.links) lines.push(`  ${link.name}: ${link.endpoint} (${link.binder} binds; ${link.connectors.join(', ') || 'no one'} connects)`)
  }
  io.stdout.write(lines.join('\n') + '\n')
  return 0
}
