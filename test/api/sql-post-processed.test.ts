import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TestApi } from '../helpers/api.js'
import { bothWays, startShippedDataApi } from '../helpers/both-ways.js'

// Fields computed in TypeScript (src/sql-execution/post-processed.ts): the planner's statement
// gives their raw inputs and their own resolvers run on them, so both ways give the same answer.

let api: TestApi
beforeAll(async () => {
  api = await startShippedDataApi()
}, 60_000)
afterAll(() => api?.close())

async function slugsOf(table: string): Promise<string[]> {
  const rows = await api.prisma.$queryRawUnsafe<{ slug: string }[]>(`SELECT "slug" FROM "${table}" ORDER BY "slug"`)
  return rows.map((r) => r.slug)
}

/** Answers `query` both ways for each variables; expects one planned statement for each. */
async function plannedBothWays(query: string, variablesList: Record<string, unknown>[]) {
  const answers = []
  for (const variables of variablesList) {
    const { answer, bySql, statements } = await bothWays(api, query, variables)
    expect(answer.errors).toBeUndefined()
    expect(bySql).toBe(true)
    expect(statements).toBe(1)
    answers.push(answer.data!)
  }
  return answers
}

const MONEY = 'amount currency qualifier high period text'

describe('the text of amounts and quantities', () => {
  it('of every agreement and clause, with aliases and fragments', async () => {
    const query = `query($slug: String!) { agreement(slug: $slug) {
      slug value { ${MONEY} } v: value { t: text }
      clauses { key amount { ${MONEY} } cap { text __typename } quantity { value unit qualifier high text } strike { ...m }
        a: amount { text } }
    } }
    fragment m on Money { text ... on Money { amount text } }`
    const answers = await plannedBothWays(
      query,
      (await slugsOf('Agreement')).map((slug) => ({ slug })),
    )
    const texts = new Set<string>()
    for (const data of answers) {
      const agreement = data.agreement as { value: { text: string } | null; clauses: Record<string, { text: string } | null>[] }
      if (agreement.value) texts.add(agreement.value.text)
      for (const clause of agreement.clauses) for (const key of ['amount', 'cap', 'quantity', 'strike']) if (clause[key]) texts.add(clause[key]!.text)
    }
    expect(texts.size).toBeGreaterThan(10)
  }, 120_000)
})

const CLAUSE = `__typename key kind summary grantor { slug } subjects { slug } amount { text qualifier } quantity { text } sources { url }`

describe('the changes of a version', () => {
  it('of every agreement, with and without types, aliases and fragments', async () => {
    const query = `query($slug: String!, $types: [ChangeType!]) { agreement(slug: $slug) {
      slug changes(types: $types) { __typename type kind fields before { ${CLAUSE} } after { ...c } b: before { key amount { t: text } } }
      all: changes { type after { key } }
    } }
    fragment c on Clause { key exclusivity endsOn { text } cap { text } ... on Clause { amount { text } } }`
    const typesLists = [null, [], ['MODIFIED'], ['ADDED', 'REMOVED'], ['UNCHANGED', 'MODIFIED', 'ADDED', 'REMOVED']]
    const seen = new Map<string, number>()
    for (const [i, slug] of (await slugsOf('Agreement')).entries()) {
      for (const types of [typesLists[i % typesLists.length], null]) {
        const [data] = await plannedBothWays(query, [{ slug, types }])
        for (const change of (data!.agreement as { changes: { type: string }[] }).changes) seen.set(change.type, (seen.get(change.type) ?? 0) + 1)
      }
    }
    // Every type of change came back.
    expect([...seen.keys()].sort()).toEqual(['ADDED', 'MODIFIED', 'REMOVED', 'UNCHANGED'])
  }, 180_000)
})
