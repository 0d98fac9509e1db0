import type { BenchResults, Figure } from './bench.js'

/**
 * The benchmark's table (text) and its scaling chart (SVG). Pure: results in, text out. Ratios are
 * medians over medians of the same run.
 */
export function renderReport (r: BenchResults): string {
  const lines: string[] = []
  lines.push(`zeroactor bench  ${r.date}  ${r.machine.cpus} cores  node ${r.machine.node}  ${r.machine.platform}${r.quick ? '  (--quick: numbers are not meaningful)' : ''}`)
  // a part that was not run (bench --only) has no table
  if (r.throughput.length > 0) {
    lines.push('', 'Throughput, PUSH → PULL, msg/s (median, min–max), one await send() per message')
    lines.push('raw, copying: raw zeromq.js copying every received frame, as a zeroactor process does (H2)')
    const rows: string[][] = [['transport', 'size', 'raw zeromq.js', 'raw, copying', 'internal link', 'edge link', 'internal/raw', 'edge/raw', 'internal/copying']]
    for (const transport of new Set(r.throughput.map(t => t.transport))) {
      for (const size of new Set(r.throughput.map(t => t.size))) {
        const cell = (variant: string): Figure | undefined => r.throughput.find(t => t.transport === transport && t.size === size && t.variant === variant)?.msgPerSec
        const raw = cell('raw')
        const internal = cell('internal')
        const edge = cell('edge')
        const copying = cell('raw-copying')
        rows.push([transport, bytes(size), fig(raw), fig(copying), fig(internal), fig(edge), ratio(internal?.median, raw?.median), ratio(edge?.median, raw?.median), ratio(internal?.median, copying?.median)])
      }
    }
    lines.push(...table(rows))
  }
  if (r.userPath.length > 0) {
    lines.push('', "The user's path: built-in actors, a generator source → a sync handler, msg/s (median, min–max)")
    const userRows: string[][] = [['pattern', 'transport', 'size', 'raw zeromq.js', 'built-in actors', 'built-in/raw']]
    const userCell = (u: BenchResults['userPath'][number], variant: string): Figure | undefined =>
      r.userPath.find(x => x.pattern === u.pattern && x.transport === u.transport && x.size === u.size && x.variant === variant)?.msgPerSec
    for (const u of r.userPath.filter(x => x.variant === 'raw')) {
      const builtin = userCell(u, 'builtin')
      userRows.push([u.pattern === 'pipeline' ? 'ventilator → sink' : 'publisher → subscriber', u.transport, bytes(u.size), fig(u.msgPerSec), fig(builtin), ratio(builtin?.median, u.msgPerSec.median)])
    }
    lines.push(...table(userRows))
  }
  if (r.roundTrip.length > 0) {
    lines.push('', 'REQ/REP round trip, inproc, 16 B')
    const rawRtt = r.roundTrip.find(x => x.variant === 'raw')
    const actorRtt = r.roundTrip.find(x => x.variant === 'zeroactor')
    lines.push(...table([
      ['', 'median µs', 'p99 µs'],
      ...r.roundTrip.map(x => [x.variant === 'raw' ? 'raw zeromq.js' : 'zeroactor actors', num(x.medianUs, 1), num(x.p99Us, 1)]),
      ['zeroactor/raw', ratio(actorRtt?.medianUs, rawRtt?.medianUs), ratio(actorRtt?.p99Us, rawRtt?.p99Us)],
    ]))
  }
  if (r.scaling.length > 0) {
    lines.push('', 'Scaling: ventilator → n workers → sink vs n independent processes (the ceiling), tasks/s')
    const one = (taskUs: number): number | null | undefined => r.scaling.find(s => s.taskUs === taskUs && s.workers === 1)?.pipeline
    lines.push(...table([
      ['task', 'workers', 'pipeline', 'processes', 'pipeline/processes', 'vs 1 worker'],
      ...r.scaling.map(s => [`${s.taskUs} µs`, String(s.workers), num(s.pipeline, 0), num(s.ceiling, 0), ratio(s.pipeline, s.ceiling), ratio(s.pipeline, one(s.taskUs))]),
    ]))
  }
  if (r.startup.length > 0) {
    lines.push('', 'Start-up: spawn() until every actor is READY, on a cold thread pool; resident memory per actor thread,')
    lines.push('and per bare worker thread of this Node (nothing loaded in it: the floor under an actor thread)')
    lines.push(...table([['actors', 'READY ms', 'RSS per actor MB', 'bare Node thread MB'], ...r.startup.map(s => [String(s.actors), num(s.readyMs, 0), num(s.rssPerActorMB, 1), num(s.bareThreadMB, 1)])]))
  }
  return lines.join('\n') + '\n'
}

/** Every figure the run was meant to produce, as `[name, value]`: what --quick checks. */
export function figures (r: BenchResults): Array<[string, number | null]> {
  return [
    ...r.throughput.map(t => [`throughput ${t.transport} ${t.size} B ${t.variant}`, t.msgPerSec.median] as [string, number | null]),
    ...r.userPath.map(u => [`user path ${u.pattern} ${u.transport} ${u.size} B ${u.variant}`, u.msgPerSec.median] as [string, number | null]),
    ...r.roundTrip.map(x => [`round trip ${x.variant}`, x.medianUs] as [string, number | null]),
    ...r.scaling.flatMap(s => [[`scaling ${s.taskUs} µs x${s.workers}`, s.pipeline], [`ceiling ${s.taskUs} µs x${s.workers}`, s.ceiling]] as Array<[string, number | null]>),
    ...r.startup.flatMap(s => [[`startup ${s.actors}`, s.readyMs], [`memory per actor ${s.actors}`, s.rssPerActorMB], [`memory per bare thread ${s.actors}`, s.bareThreadMB]] as Array<[string, number | null]>),
  ]
}

/** The scaling curves: tasks/s against workers, pipeline (solid) and processes (dashed), per task size. */
export function renderScalingSvg (r: BenchResults): string {
  const w = 640
  const h = 400
  const m = { left: 70, right: 160, top: 30, bottom: 50 }
  const maxX = Math.max(1, ...r.scaling.map(s => s.workers))
  const colors: Record<number, string> = { 1000: '#1f77b4', 100: '#d62728' }
  const series = [...new Set(r.scaling.map(s => s.taskUs))]
  // each task size on its own scale: y is the speed-up over one worker of the pipeline
  const speedup = (taskUs: number, v: number | null): number | null => {
    const base = r.scaling.find(s => s.taskUs === taskUs && s.workers === 1)?.pipeline
    return v === null || base === undefined || base === null ? null : v / base
  }
  const maxY = Math.max(maxX, ...r.scaling.flatMap(s => [speedup(s.taskUs, s.pipeline) ?? 0, speedup(s.taskUs, s.ceiling) ?? 0]))
  const x = (v: number): number => m.left + ((v - 1) / Math.max(1, maxX - 1)) * (w - m.left - m.right)
  const y = (v: number): number => h - m.bottom - (v / maxY) * (h - m.top - m.bottom)
  const path = (points: Array<[number, number | null]>): string => points.filter((p): p is [number, number] => p[1] !== null).map(([a, b], i) => `${i === 0 ? 'M' : 'L'}${x(a).toFixed(1)},${y(b).toFixed(1)}`).join(' ')
  const parts: string[] = []
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" font-family="sans-serif" font-size="12">`)
  parts.push(`<text x="${m.left}" y="18">zeroactor bench: speed-up over one worker (${r.machine.cpus} cores, ${r.date.slice(0, 10)})</text>`)
  parts.push(`<line x1="${m.left}" y1="${h - m.bottom}" x2="${w - m.right}" y2="${h - m.bottom}" stroke="#000"/><line x1="${m.left}" y1="${m.top}" x2="${m.left}" y2="${h - m.bottom}" stroke="#000"/>`)
  for (let i = 1; i <= maxX; i++) parts.push(`<text x="${x(i)}" y="${h - m.bottom + 18}" text-anchor="middle">${i}</text>`)
  parts.push(`<text x="${(m.left + w - m.right) / 2}" y="${h - 12}" text-anchor="middle">workers (pipeline) / processes (ceiling)</text>`)
  for (let v = 0; v <= Math.ceil(maxY); v++) parts.push(`<text x="${m.left - 8}" y="${y(v) + 4}" text-anchor="end">${v}×</text>`)
  parts.push(`<path d="${path([[1, 1], [maxX, maxX]])}" stroke="#999" stroke-dasharray="2,4" fill="none"/>`)
  series.forEach((taskUs, i) => {
    const color = colors[taskUs] ?? '#2ca02c'
    const points = r.scaling.filter(s => s.taskUs === taskUs)
    parts.push(`<path d="${path(points.map(s => [s.workers, speedup(taskUs, s.pipeline)]))}" stroke="${color}" stroke-width="2" fill="none"/>`)
    parts.push(`<path d="${path(points.map(s => [s.workers, speedup(taskUs, s.ceiling)]))}" stroke="${color}" stroke-dasharray="6,4" fill="none"/>`)
    parts.push(`<text x="${w - m.right + 10}" y="${m.top + 20 + i * 36}" fill="${color}">${taskUs} µs tasks</text>`)
    parts.push(`<text x="${w - m.right + 10}" y="${m.top + 34 + i * 36}" fill="${color}" font-size="10">solid: pipeline, dashed: processes</text>`)
  })
  parts.push('</svg>')
  return parts.join('\n') + '\n'
}

function table (rows: string[][]): string[] {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map(r => r[i]!.length)))
  return rows.map(r => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  '))
}

function fig (f: Figure | undefined): string {
  if (f === undefined || f.median === null) return '–'
  return f.min === f.max ? num(f.median, 0) : `${num(f.median, 0)} (${num(f.min, 0)}–${num(f.max, 0)})`
}

function num (v: number | null | undefined, digits: number): string {
  return v === null || v === undefined ? '–' : v.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits })
}

function ratio (a: number | null | undefined, b: number | null | undefined): string {
  return a === null || a === undefined || b === null || b === undefined || b === 0 ? '–' : `${(a / b).toFixed(2)}×`
}

function bytes (n: number): string {
  return n >= 1024 ? `${n / 1024} KiB` : `${n} B`
}
