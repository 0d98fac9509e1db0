// Print the first and the last message: frames arrive as the relay sent them.
export default function printFirst (frames, ctx) {
  const n = ctx.stats.received
  if (n === 1 || n === ctx.config.count) ctx.log(`message ${n}: ${frames.map(f => f.toString()).join(' | ')}`)
}
