import { appendFileSync } from 'node:fs'
import { env } from '../env.js'

// Why queries the planner could not answer went to the resolvers, counted by reason: what a test
// reads to prove that the queries clients send are planned, and what operators read to see which
// ones are not. With SQL_FALLBACK_LOG set, each one is also appended to that file (a test run's
// processes all write there; `npm run fallbacks` sums it).

const counts = new Map<string, number>()

export function countFallback(reason: string, operationName: string | null): void {
  counts.set(reason, (counts.get(reason) ?? 0) + 1)
  if (env.SQL_FALLBACK_LOG) appendFileSync(env.SQL_FALLBACK_LOG, `${JSON.stringify({ reason, operationName })}\n`)
}

/** Queries sent to the resolvers since the process started, by reason. */
export function fallbackCounts(): ReadonlyMap<string, number> {
  return counts
}
