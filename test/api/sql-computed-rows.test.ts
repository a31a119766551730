import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TestApi } from '../helpers/api.js'
import { bothWays as bothWaysOn, startShippedDataApi } from '../helpers/both-ways.js'

// computeContracted and investmentTotals add up qualified figures in TypeScript, search ranks its
// hits, then one statement reads the records they name (src/sql-execution/computed-rows.ts). Each query runs
// both ways on the shipped data and the JSON texts must be the same.

let api: TestApi
beforeAll(async () => {
  api = await startShippedDataApi()
}, 60_000)
afterAll(() => api?.close())

const bothWays = (query: string, variables?: Record<string, unknown>) => bothWaysOn(api, query, variables)

const TOTAL = 'text qualifier low high approximate unit currency period parts __typename'
const DAYS = ['2019-06-01', '2023-01-01', '2025-06-30', '2026-04-27', '2026-12-07', '2031-01-01']

describe('aggregates: the sums, then one statement, exactly as the executor answers', () => {
  it('computeContracted on several days, by buyer and provider, with every field', async () => {
    const query = `query($on: Date!, $buyer: String, $provider: String, $first: Int) {
      computeContracted(on: $on, buyer: $buyer, provider: $provider, first: $first) {
        __typename buyer { slug name } provider { id slug } clauseCount
        totals { ${TOTAL} } t: totals { text }
        clauses { key kind summary endsOn { text } agreement { slug } }
      } }`
    let rows = 0
    for (const on of DAYS) {
      for (const filter of [{}, { buyer: 'openai' }, { provider: 'microsoft' }, { buyer: 'anthropic', provider: 'amazon' }, { first: 3 }]) {
        const { answer, bySql } = await bothWays(query, { on, ...filter })
        expect(answer.errors).toBeUndefined()
        expect(bySql).toBe(true)
        rows += answer.data!.computeContracted.length
      }
    }
    expect(rows).toBeGreaterThan(50)
  })

  it('investmentTotals on several days, with stakes and their clauses', async () => {
    const query = `query($on: Date!, $investor: String, $investee: String) {
      investmentTotals(on: $on, investor: $investor, investee: $investee, first: 50) {
        investor { slug } investee { slug name } totals { ${TOTAL} } stake stakeClause { key percentage }
        clauses { key } clauseCount
      } }`
    let stakes = 0
    for (const on of DAYS) {
      for (const filter of [{}, { investor: 'microsoft' }, { investee: 'openai' }]) {
        const { answer, bySql } = await bothWays(query, { on, ...filter })
        expect(answer.errors).toBeUndefined()
        expect(bySql).toBe(true)
        stakes += answer.data!.investmentTotals.filter((row: { stake: number | null }) => row.stake !== null).length
      }
    }
    expect(stakes).toBeGreaterThan(0)
  })

  it('leaves to the executor what it cannot answer, with the same answer', async () => {
    // A value computed in TypeScript inside a clause is planned (and finished after the statement); a bad day is not.
    const { bySql } = await bothWays('{ computeContracted(on: "2026-01-01") { clauses { alternatives { field value } } } }', {})
    expect(bySql).toBe(true)
    const bad = await bothWays('{ investmentTotals(on: "2026-13-01") { stake } }', {})
    expect(bad.answer.errors).toBeDefined()
  })
})

describe('search: the ranking, then one statement, exactly as the executor answers', () => {
  const query = `query($query: String!, $first: Int) {
    search(query: $query, first: $first) {
      __typename
      ... on Company { slug name aliases }
      ... on CloudProvider { slug name }
      ... on Asset { slug name developer { slug } }
      ... on Agreement { slug title parties { role company { slug } } }
      ... on Clause { key summary agreement { slug } }
    } }`

  it('names, misspellings, words of titles and clauses, and nothing found', async () => {
    let hits = 0
    for (const text of ['azur', 'AZURE', 'Open AI', 'micro', 'Microsfot', 'licences', 'opnai microsoft', 'exclusive cloud', 'zzzzqqq']) {
      for (const first of [1, 5, 50]) {
        const { answer, bySql } = await bothWays(query, { query: text, first })
        expect(answer.errors).toBeUndefined()
        expect(bySql).toBe(true)
        hits += answer.data!.search.length
      }
    }
    expect(hits).toBeGreaterThan(100)
  })

  it('a member type no fragment selects is an empty object', async () => {
    const { answer, bySql } = await bothWays('query($q: String!) { search(query: $q, first: 20) { ... on Company { slug } } }', { q: 'openai' })
    expect(bySql).toBe(true)
    expect(answer.data!.search).toContainEqual({})
  })

  it("bad arguments get the resolver's error", async () => {
    for (const variables of [
      { query: '  ', first: 5 },
      { query: 'x'.repeat(201), first: 5 },
      { query: 'openai', first: 0 },
      { query: 'openai', first: 51 },
    ]) {
      const { answer, bySql } = await bothWays(query, variables)
      expect(bySql).toBe(false)
      expect(answer.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT')
    }
  })
})
