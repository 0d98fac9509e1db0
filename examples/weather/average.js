// The seed's weather client: collect `count` updates for the subscribed zip code, then print the
// average temperature. ctx.state is fresh on every start of the actor.
export default function average (frames, ctx) {
  const [zipcode, temperature] = frames[0].toString().split(' ')
  const state = ctx.state
  state.total = (state.total ?? 0) + Number(temperature)
  state.updates = (state.updates ?? 0) + 1
  if (state.updates === ctx.config.count) {
    ctx.log(`Average temperature for zipcode '${zipcode}' was ${Math.round(state.total / state.updates)}F`)
  }
}
