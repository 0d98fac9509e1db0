// The seed's weather server: "%05d %d %d" zipcode, temperature, relative humidity.
// A source is called once per actor start and returns the messages to publish.
export default function * weatherUpdates (params) {
  const [low, high] = params.zipRange ?? [0, 99999]
  const random = (min, max) => min + Math.floor(Math.random() * (max - min + 1))
  for (;;) {
    const zipcode = random(low, high)
    yield `${String(zipcode).padStart(5, '0')} ${random(-80, 135)} ${random(10, 60)}`
  }
}
