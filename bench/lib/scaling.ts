import type { LoadResult } from './load.js'

// Rounds of one case merged into one result, and how latency grows from the smallest size to the
// largest (the goal: within 1.5×).

/** The middle value (the mean of the two middle ones for an even count). */
function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2
}

/** Requests and errors add up over the rounds; each percentile is the median of the rounds' own. */
export function mergeRounds(rounds: LoadResult[]): LoadResult {
  const sum = (pick: (r: LoadResult) => number) => rounds.reduce((total, r) => total + pick(r), 0)
  const requests = sum((r) => r.requests)
  const seconds = sum((r) => r.seconds)
  return {
    requests,
    rps: requests / seconds,
    p50: median(rounds.map((r) => r.p50)),
    p95: median(rounds.map((r) => r.p95)),
    p99: median(rounds.map((r) => r.p99)),
    errors: sum((r) => r.errors),
    non2xx: sum((r) => r.non2xx),
    seconds,
  }
}

/** The latency goal: a case's latency on the largest graph within this many times its latency on the smallest. */
export const SCALING_GOAL = 1.5

export interface Scaling {
  name: string
  p50: number
  p95: number
}

/** Per case measured on both sizes: its p50 and p95 on the larger ÷ the same on the smaller. */
export function scaling<T extends LoadResult & { size: string; name: string }>(results: T[], small: string, large: string): Scaling[] {
  return results
    .filter((r) => r.size === small)
    .flatMap((smallResult) => {
      const largeResult = results.find((r) => r.size === large && r.name === smallResult.name)
      return largeResult ? [{ name: smallResult.name, p50: largeResult.p50 / smallResult.p50, p95: largeResult.p95 / smallResult.p95 }] : []
    })
}

export function printScaling(rows: Scaling[], small: string, large: string): void {
  console.log(`\nLatency at ${large} ÷ latency at ${small} (goal: p50 within ${SCALING_GOAL}×)`)
  const width = Math.max(5, ...rows.map((r) => r.name.length))
  console.log(`${'query'.padEnd(width)}    p50    p95`)
  for (const r of rows) {
    const mark = r.p50 <= SCALING_GOAL ? '' : '  over the goal'
    console.log(`${r.name.padEnd(width)}  ${r.p50.toFixed(2).padStart(4)}×  ${r.p95.toFixed(2).padStart(4)}×${mark}`)
  }
}
