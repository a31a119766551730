// The request's variables as JSON.parse made them, walked with a stack of our own rather than by
// recursion: 900,000 nested arrays fit in a 2 MiB body, and a recursive walk (ours, a response
// cache key's JSON.stringify) overflows the call stack on them.

export interface VariablesShape {
  /** Characters of the longest string. */
  longestString: number
  /** True when some value nests deeper than the depth asked about (the walk stops there). */
  tooDeep: boolean
}

/** The longest string in `variables`, and whether anything nests more than `maxDepth` levels. */
export function variablesShape(variables: unknown, maxDepth: number): VariablesShape {
  let longestString = 0
  const pending: [value: unknown, depth: number][] = [[variables, 0]]
  for (let next = pending.pop(); next; next = pending.pop()) {
    const [value, depth] = next
    if (typeof value === 'string') {
      longestString = Math.max(longestString, value.length)
    } else if (value && typeof value === 'object') {
      if (depth >= maxDepth) return { longestString, tooDeep: true }
      for (const item of Array.isArray(value) ? value : Object.values(value)) pending.push([item, depth + 1])
    }
  }
  return { longestString, tooDeep: false }
}
