// The seed's hello server: print the request, answer "World".
export default function hello (frames, ctx) {
  ctx.log(`Received request: [${frames[0].toString()}]`)
  return 'World'
}
