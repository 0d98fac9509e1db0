// Sink handler: count results and check that every task id came back exactly once.
export default function collect (frames, ctx) {
  const id = Number(frames[0].toString().split(' ')[0])
  const seen = (ctx.state.seen ??= new Set())
  if (seen.has(id)) ctx.log(`duplicate result for task ${id}`)
  seen.add(id)
  if (seen.size === ctx.config.count) ctx.log(`collected ${seen.size} results, every task exactly once`)
}
