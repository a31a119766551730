import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bothWays, startShippedDataApi } from '../helpers/both-ways.js'
import type { TestApi } from '../helpers/api.js'

// A slug an argument names must exist: a typo is a NOT_FOUND error naming the argument, the value
// and the nearest slugs, never a quiet "nothing" (src/server/known-slugs.ts).

let api: TestApi
beforeAll(async () => {
  api = await startShippedDataApi()
}, 60_000)
afterAll(() => api?.close())

interface Refusal {
  message: string
  code?: string
  argument?: string
  value?: string
  suggestions?: string[]
}

async function refusal(query: string, variables?: Record<string, unknown>): Promise<Refusal[]> {
  const answer = await api.query(query, variables)
  expect(answer.data ?? null).toBeNull()
  expect(JSON.stringify(answer.errors)).not.toMatch(/SELECT|\bat \w+ \(/)
  return answer.errors!.map((e) => ({ message: e.message, ...(e.extensions as Omit<Refusal, 'message'>) }))
}

describe('a slug that names nothing', () => {
  it('in a filter, literal or variable: NOT_FOUND with the argument, the value and suggestions', async () => {
    const [literal] = await refusal('{ licenses(filter: { licensor: "open-ai" }) { totalCount } }')
    expect(literal).toMatchObject({ code: 'NOT_FOUND', argument: 'filter.licensor', value: 'open-ai' })
    expect(literal!.suggestions).toContain('openai')
    expect(literal!.message).toMatch(/^Argument "filter\.licensor": no company with slug "open-ai"; did you mean .*"openai"/)
    const [variable] = await refusal('query($f: LicenseFilter) { licenses(filter: $f) { totalCount } }', {
      f: { subject: 'gpt-55', licensee: 'microsoft' },
    })
    expect(variable).toMatchObject({ code: 'NOT_FOUND', argument: 'filter.subject', value: 'gpt-55' })
  })

  it('in every kind of argument that names a record, each reported', async () => {
    const errors = await refusal(`{
      a: clauses(filter: { cloudProvider: "azur", grantee: "anthropic" }) { totalCount }
      b: computeContracted(on: "2026-01-01", buyer: "opnai") { clauseCount }
      c: partnershipPath(from: "microsoft", to: "amazn") { hops }
      d: neighborhood(slug: "no-such-company") { truncated }
      e: exclusivityConflicts(asset: "no-such-asset") { overlap { from } }
      f: investmentTotals(on: "2026-01-01", investee: "antropic") { clauseCount }
      g: agreements(filter: { party: "microsft" }) { totalCount }
      h: deals(filter: { party: "nvidea" }) { totalCount }
      i: assets(filter: { developer: "gogle" }) { totalCount }
    }`)
    expect(errors.map((e) => [e.argument, e.value])).toEqual([
      ['filter.cloudProvider', 'azur'],
      ['buyer', 'opnai'],
      ['to', 'amazn'],
      ['slug', 'no-such-company'],
      ['asset', 'no-such-asset'],
      ['investee', 'antropic'],
      ['filter.party', 'microsft'],
      ['filter.party', 'nvidea'],
      ['filter.developer', 'gogle'],
    ])
    const suggested = Object.fromEntries(errors.map((e) => [e.value, e.suggestions]))
    expect(suggested.amazn).toContain('amazon')
    expect(suggested.antropic).toContain('anthropic')
    expect(suggested.azur).toContain('azure')
    expect(suggested.microsft).toContain('microsoft')
  })
})

describe('the check costs no statement of its own', () => {
  it('in a planned query: one statement, the check in it', async () => {
    const { bySql, statements } = await bothWays(api, '{ licenses(filter: { licensor: "openai" }) { totalCount nodes { key } } }')
    expect(bySql).toBe(true)
    expect(statements).toBe(1)
    const wrong = await bothWays(api, '{ licenses(filter: { licensor: "open-ai" }) { totalCount } }')
    expect(wrong.answer.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', argument: 'filter.licensor' })
  })
})

describe('what is not refused', () => {
  it('slugs that exist, a skipped field, lookups by slug (null when unknown)', async () => {
    const answer = await api.query(
      `query($skip: Boolean!) {
      licenses(filter: { licensor: "openai", subject: "gpt-3" }) { totalCount }
      gone: licenses(filter: { licensor: "open-ai" }) @skip(if: $skip) { totalCount }
      company(slug: "open-ai") { slug }
    }`,
      { skip: true },
    )
    expect(answer.errors).toBeUndefined()
    expect(answer.data).toMatchObject({ company: null })
    expect(answer.data!.licenses.totalCount).toBeGreaterThan(0)
  })
})
