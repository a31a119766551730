// Why requests the planner could not answer went to the resolvers, counted by reason: what a test
// reads to prove that the queries clients send are planned, and what operators read to see which
// ones are not.

const counts = new Map<string, number>()

export function countFallback(reason: string): void {
  counts.set(reason, (counts.get(reason) ?? 0) + 1)
}

/** Requests sent to the resolvers since the process started, by reason. */
export function fallbackCounts(): ReadonlyMap<string, number> {
  return counts
}
