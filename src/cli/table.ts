import type { ActorStats, Stats } from '../runtime/types.js'

const columns = ['actor', 'kind', 'state', 'pid', 'thread', 'restarts', 'sent', 'received', 'msg/s', 'dropped', 'errors'] as const

/** Messages lost on the way to the actor (internal links: sequence gaps); `-` where not measured. */
function dropped (a: ActorStats): string {
  if (a.links === undefined) return '-'
  let n = 0
  for (const peers of Object.values(a.links)) for (const p of Object.values(peers)) n += p.dropped
  return String(n)
}

/**
 * The per-actor table: one row per actor, with the message rate since the previous snapshot.
 * Pure (stats in, text out), so it is tested without a terminal.
 */
export function renderTable (stats: Stats, previous: Stats | undefined): string {
  const dt = previous !== undefined ? (stats.elapsedMs - previous.elapsedMs) / 1000 : 0
  const rows = Object.entries(stats.actors).map(([name, a]) => {
    const before = previous?.actors[name]
    const moved = a.sent + a.received - (before !== undefined ? before.sent + before.received : 0)
    const rate = dt > 0 ? Math.round(moved / dt) : 0
    return [name, a.kind, a.state, String(a.pid ?? '-'), String(a.threadId ?? '-'), String(a.restarts), String(a.sent), String(a.received), String(rate), dropped(a), String(a.errors)]
  })
  const widths = columns.map((c, i) => Math.max(c.length, ...rows.map(r => r[i]!.length)))
  const line = (cells: readonly string[]): string => cells.map((c, i) => (i < 3 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ').trimEnd()
  return [`${stats.topology}  ${(stats.elapsedMs / 1000).toFixed(1)} s`, line(columns), ...rows.map(line)].join('\n') + '\n'
}
