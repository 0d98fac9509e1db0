// Print each reply with its number, as the seed's client does.
export default function printReply (frames, ctx) {
  ctx.state.replies = (ctx.state.replies ?? 0) + 1
  ctx.log(`Received reply ${ctx.state.replies}: [${frames[0].toString()}]`)
}
