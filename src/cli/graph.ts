import { renderDot, renderMermaid } from '../plan/graph.js'
import { planOf } from '../spawn.js'
import { parse, UsageError, type CliIo } from './args.js'

export const graphHelp = `Usage: zeroactor graph <topology> [--format mermaid|dot]

Draws the topology: actors grouped by node and process, an arrow from each
connecting socket to the actor that binds its endpoint, labelled with the socket
and the transport; endpoints bound for (or connected to) peers outside the
topology appear as dashed ellipses. Mermaid by default.
`

export async function graph (argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(argv, { format: { type: 'string' }, help: { type: 'boolean', short: 'h' } })
  if (values.help === true) { io.stdout.write(graphHelp); return 0 }
  if (positionals.length !== 1) throw new UsageError('graph takes one topology file')
  const format = values.format ?? 'mermaid'
  if (format !== 'mermaid' && format !== 'dot') throw new UsageError(`--format must be mermaid or dot, got "${format}"`)
  const plan = await planOf(positionals[0]!)
  io.stdout.write(format === 'dot' ? renderDot(plan) : renderMermaid(plan))
  return 0
}
