// Soak source: "0", "1", ... for ever (the publisher and the ventilator pace it with `rate`).
export default function * numbers (): Generator<string> {
  for (let i = 0; ; i++) yield String(i)
}
