import type { ActorStats, Stats } from '../runtime/types.js'

const columns = ['actor', 'kind', 'state', 'pid', 'thread', 'restarts', 'sent', 'received', 'msg/s', 'busy', 'dropped', 'errors'] as const
type Column = typeof columns[number]
/** Dropped first when the terminal is too narrow, in this order; actor and state always stay. */
const dropOrder: readonly Column[] = ['thread', 'pid', 'kind', 'dropped', 'restarts', 'sent', 'errors', 'received', 'msg/s', 'busy']
/** The summary's order: after the stop the counts are what is left to read. */
const summaryDropOrder: readonly Column[] = ['thread', 'pid', 'kind', 'restarts', 'sent', 'dropped', 'errors', 'received']
/** A rate and a share of time describe a moment of a running topology: not in the summary. */
const liveOnly: readonly Column[] = ['msg/s', 'busy']
/** Long names are cut to this many characters before a column is dropped for them, and to no fewer than kNameMin after. */
const kNameMax = 24
const kNameMin = 8

/**
 * The screen the table must fit: `columns` wide, at most `rows` lines (both optional: no limit);
 * `summary`: the table printed once after the stop.
 */
export interface Screen { columns?: number, rows?: number, summary?: boolean }

/** Messages lost on the way to the actor (internal links: sequence gaps); `-` where not measured. */
function dropped (a: ActorStats): string {
  if (a.links === undefined) return '-'
  let n = 0
  for (const peers of Object.values(a.links)) for (const p of Object.values(peers)) n += p.dropped
  return String(n)
}

/** The actor thread's busy share as a percentage; `-` while it has no running thread. */
export function busyPercent (a: ActorStats): string {
  return a.busy === null ? '-' : `${Math.round(a.busy * 100)}%`
}

/**
 * The per-actor table: one row per actor, with the message rate since the previous snapshot.
 * Pure (stats in, text out), so it is tested without a terminal. Given a screen, it fits it:
 * long names are cut to kNameMax, then columns dropped by priority, then names cut further, so
 * that no line wraps (every line is one screen row, which is what a redraw in place counts), and
 * rows past the screen's height are summed up in one line.
 */
export function renderTable (stats: Stats, previous: Stats | undefined, screen: Screen = {}): string {
  const dt = previous !== undefined ? (stats.elapsedMs - previous.elapsedMs) / 1000 : 0
  let rows = Object.entries(stats.actors).map(([name, a]) => {
    const before = previous?.actors[name]
    const moved = a.sent + a.received - (before !== undefined ? before.sent + before.received : 0)
    const rate = dt > 0 ? Math.round(moved / dt) : 0
    return [name, a.kind, a.state, String(a.pid ?? '-'), String(a.threadId ?? '-'), String(a.restarts), String(a.sent), String(a.received), String(rate), busyPercent(a), dropped(a), String(a.errors)]
  })
  const title = `${stats.topology}  ${(stats.elapsedMs / 1000).toFixed(1)} s`
  // title, header, rows, and the line the cursor rests on
  const room = screen.rows !== undefined ? Math.max(1, screen.rows - 3) : Infinity
  let more: string | undefined
  if (rows.length > room) {
    more = `… and ${rows.length - (room - 1)} more actors (--no-table, or a taller terminal, shows them all)`
    rows = rows.slice(0, Math.max(0, room - 1))
  }
  const width = screen.columns !== undefined ? Math.max(20, screen.columns - 1) : Infinity
  let shown: number[] = columns.map((_, i) => i).filter(i => screen.summary !== true || !liveOnly.includes(columns[i]!))
  const widths = columns.map((c, i) => Math.max(c.length, ...rows.map(r => r[i]!.length)))
  const total = (): number => shown.reduce((n, i) => n + widths[i]!, 0) + 2 * (shown.length - 1)
  // a long name gives way before any column does, and after all of them only down to kNameMin
  if (total() > width) widths[0] = Math.min(widths[0]!, Math.max(kNameMax, widths[0]! - (total() - width)))
  for (const column of screen.summary === true ? summaryDropOrder : dropOrder) {
    if (total() <= width) break
    shown = shown.filter(i => columns[i] !== column)
  }
  if (total() > width) widths[0] = Math.max(kNameMin, widths[0]! - (total() - width))
  const line = (cells: readonly string[]): string => cut(shown.map(i => (i === 0 ? cut(cells[i]!, widths[i]!).padEnd(widths[i]!) : i < 3 ? cells[i]!.padEnd(widths[i]!) : cells[i]!.padStart(widths[i]!))).join('  ').trimEnd(), width)
  return [cut(title, width), line(columns), ...rows.map(line), ...(more !== undefined ? [cut(more, width)] : [])].join('\n') + '\n'
}

/** A line cut to `width` characters, an ellipsis marking the cut. */
function cut (text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, width - 1)}…`
}
