// Print the first and the last message: frames arrive as the relay sent them. The handler counts
// its own calls (ctx.stats.received counts what the socket handed out, a batch at a time).
let n = 0

export default function printFirst (frames, ctx) {
  n++
  if (n === 1 || n === ctx.config.count) ctx.log(`message ${n}: ${frames.map(f => f.toString()).join(' | ')}`)
}
