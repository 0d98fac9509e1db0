/**
 * "Did you mean": the known name nearest to a mistyped one, by edit distance, when it is near
 * enough to be a typo. Used for unknown fields, kinds, actor and node names, options and commands,
 * and in actor threads for a module's missing export (this file imports nothing, so it is safe there).
 */
export function closest (word: string, candidates: readonly string[]): string | undefined {
  let best: { name: string, distance: number } | undefined
  for (const name of candidates) {
    const distance = editDistance(word.toLowerCase(), name.toLowerCase())
    if (best === undefined || distance < best.distance) best = { name, distance }
  }
  // near enough: a third of the word may differ (one letter in a short one), never all of it
  return best !== undefined && best.distance > 0 && best.distance < word.length && best.distance <= Math.max(1, Math.floor(word.length / 3)) ? best.name : undefined
}

/** ` (did you mean "x"?)` when a known name is a likely typo of `name`, else ''. */
export function didYouMean (name: string, known: readonly string[]): string {
  const guess = closest(name, known)
  return guess === undefined ? '' : ` (did you mean "${guess}"?)`
}

function editDistance (a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    const next = [i]
    for (let j = 1; j <= b.length; j++) next[j] = Math.min(row[j]! + 1, next[j - 1]! + 1, row[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1))
    row = next
  }
  return row[b.length]!
}

/** `unknown node "x" (did you mean "y"?) (the topology declares: a, b)`: for --node, spawn({ node }) and an actor's `node`. */
export function unknownNode (name: string, declared: readonly string[]): string {
  return `unknown node "${name}"${didYouMean(name, declared)} (the topology declares: ${declared.join(', ')})`
}
