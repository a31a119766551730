import pg from 'pg'
import { clauseCountSql, licenseConditions } from '../../src/db/clause-filter.js'
import { LICENCE_VARIABLES } from './queries.js'

// What `totalCount` of Q1 and Q2 costs in PostgreSQL alone: the project's own count statement
// (src/db/clause-filter.ts) for each of their filters, run one at a time on an idle server, after
// one warm-up run. The figure issue 21 sets a goal for (≤ 10 ms at 100k).

const RUNS = 15

export interface CountTiming {
  filter: string
  count: number
  medianMs: number
  maxMs: number
}

export async function timeLicenceCounts(url: string): Promise<CountTiming[]> {
  const client = new pg.Client({ connectionString: url, options: '-c jit=off' })
  await client.connect()
  try {
    const timings: CountTiming[] = []
    for (const { exclusivity, activeOn } of LICENCE_VARIABLES) {
      const statement = clauseCountSql(licenseConditions({ exclusivity, activeOn }))!
      const run = () => client.query<{ count: number }>(statement.text, statement.values as unknown[])
      const { rows } = await run()
      const ms: number[] = []
      for (let i = 0; i < RUNS; i++) {
        const started = performance.now()
        await run()
        ms.push(performance.now() - started)
      }
      ms.sort((a, b) => a - b)
      timings.push({ filter: `${exclusivity} on ${activeOn}`, count: rows[0]!.count, medianMs: ms[RUNS >> 1]!, maxMs: ms.at(-1)! })
    }
    return timings
  } finally {
    await client.end()
  }
}

export const describeCounts = (timings: CountTiming[]) =>
  timings.map((t) => `${t.filter}: ${t.count} in ${t.medianMs.toFixed(1)} ms (max ${t.maxMs.toFixed(1)})`).join('; ')
