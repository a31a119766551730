import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parse } from 'graphql'
import { moneyText } from '../../src/domain/terms.js'
import { schema } from '../../src/schema/index.js'
import { fallbackCounts } from '../../src/sql-execution/fallbacks.js'
import { compileOperation } from '../../src/sql-execution/plugin.js'
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

describe('the text of amounts, quantities and valuations', () => {
  it('of every agreement and clause, with aliases and fragments', async () => {
    const query = `query($slug: String!) { agreement(slug: $slug) {
      slug value { ${MONEY} } v: value { t: text }
      clauses { key amount { ${MONEY} } cap { text __typename } quantity { value unit qualifier high text } strike { ...m }
        a: amount { text } valuation { __typename basis text money { ${MONEY} } }
        tranches { amount { text period } quantity { text unit } } }
    } }
    fragment m on Money { text ... on Money { amount text } }`
    const answers = await plannedBothWays(
      query,
      (await slugsOf('Agreement')).map((slug) => ({ slug })),
    )
    type Figure = { text: string; qualifier?: string; period?: string; unit?: string } | null
    const seen = { texts: new Set<string>(), qualifiers: new Set<string>(), periods: new Set<string>(), units: new Set<string>(), valuations: 0 }
    const note = (figure: Figure) => {
      if (!figure) return
      seen.texts.add(figure.text)
      if (figure.qualifier) seen.qualifiers.add(figure.qualifier)
      if (figure.period) seen.periods.add(figure.period)
      if (figure.unit) seen.units.add(figure.unit)
    }
    for (const data of answers) {
      const agreement = data.agreement as { value: Figure; clauses: Record<string, Figure>[] }
      note(agreement.value)
      for (const clause of agreement.clauses) {
        for (const key of ['amount', 'cap', 'quantity', 'strike']) note(clause[key]!)
        if (clause.valuation) seen.valuations++
      }
    }
    // Every qualifier, period and unit the data holds was written.
    const distinct = async (sql: string) => (await api.prisma.$queryRawUnsafe<{ v: string }[]>(sql)).map((r) => r.v)
    const qualifiers =
      await distinct(`SELECT DISTINCT "amountQualifier"::text AS v FROM "Clause" WHERE "amount" IS NOT NULL AND "currency" IS NOT NULL
      UNION SELECT DISTINCT "quantityQualifier"::text FROM "Clause" WHERE "quantity" IS NOT NULL AND "quantityUnit" IS NOT NULL`)
    const periods = await distinct(
      `SELECT DISTINCT "amountPeriod"::text AS v FROM "Clause" WHERE "amount" IS NOT NULL AND "currency" IS NOT NULL AND "amountPeriod" IS NOT NULL`,
    )
    const units = await distinct(
      `SELECT DISTINCT "quantityUnit"::text AS v FROM "Clause" WHERE "quantity" IS NOT NULL AND "quantityUnit" IS NOT NULL`,
    )
    expect([...seen.qualifiers].sort()).toEqual(expect.arrayContaining(qualifiers))
    expect([...seen.periods].sort()).toEqual(expect.arrayContaining(periods))
    expect([...seen.units].sort()).toEqual(expect.arrayContaining(units))
    expect(Math.min(qualifiers.length, periods.length, units.length, seen.valuations)).toBeGreaterThan(0)
    expect(seen.texts.size).toBeGreaterThan(10)
  }, 120_000)
})

describe('the parties of a deal', () => {
  it('of every deal, with aliases and fragments', async () => {
    const query = `query($slug: String!) { deal(slug: $slug) {
      slug parties { __typename versions roles company { slug name } c: company { ...c } }
      p: parties { company { id } }
    } }
    fragment c on Company { id ... on Company { kinds country } }`
    const answers = await plannedBothWays(
      query,
      (await slugsOf('Deal')).map((slug) => ({ slug })),
    )
    const parties = answers.map((data) => (data.deal as { parties: unknown[] }).parties.length)
    expect(Math.max(...parties)).toBeGreaterThan(2)
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

describe('post-processed fields nested under connections and unions', () => {
  it('in pages of licenses and clauses, in one statement whatever the page size', async () => {
    const fields = `key amount { text } quantity { text } agreement { slug value { text }
      changes(types: [MODIFIED, ADDED]) { type fields before { key amount { text } } after { key cap { text } } }
      deal { slug parties { roles versions company { slug } } } }`
    const licenses = `query($first: Int) { licenses(first: $first) { totalCount nodes { ${fields} } } }`
    const clauses = `query($first: Int) { clauses(first: $first, orderBy: NEWEST_AGREEMENT) {
      edges { cursor node { ${fields} } } pageInfo { hasNextPage } } }`
    for (const query of [licenses, clauses]) await plannedBothWays(query, [{ first: 1 }, { first: 50 }, { first: 100 }])
  }, 120_000)

  it('in nodes of several types, one key answered by the same field in each', async () => {
    const ids = await api.prisma.$queryRawUnsafe<{ id: string }[]>(
      `(SELECT 'Clause:' || "id" AS id FROM "Clause" WHERE "amount" IS NOT NULL ORDER BY "key" LIMIT 3)
       UNION ALL (SELECT 'Agreement:' || "id" FROM "Agreement" WHERE "valueAmount" IS NOT NULL ORDER BY "slug" LIMIT 3)
       UNION ALL (SELECT 'Deal:' || "id" FROM "Deal" ORDER BY "slug" LIMIT 3)`,
    )
    const query = `query($ids: [ID!]!) { nodes(ids: $ids) { __typename
      ... on Clause { m: amount { text } }
      ... on Agreement { m: value { text } changes { type } }
      ... on Deal { parties { versions } }
    } }`
    await plannedBothWays(query, [{ ids: ids.map((r) => Buffer.from(r.id).toString('base64')) }])
  })

  it('leaves to the resolvers one key answered by a computed field and a column', async () => {
    // Both types are planned only when an ID of each is asked for.
    const ids = await api.prisma.$queryRawUnsafe<{ id: string }[]>(
      `(SELECT 'Clause:' || "id" AS id FROM "Clause" WHERE "amount" IS NOT NULL ORDER BY "key" LIMIT 1)
       UNION ALL (SELECT 'Agreement:' || "id" FROM "Agreement" WHERE "valueAmount" IS NOT NULL ORDER BY "slug" LIMIT 1)`,
    )
    const query = `query($ids: [ID!]!) { nodes(ids: $ids) {
      ... on Clause { m: amount { t: text } }
      ... on Agreement { m: value { t: currency } }
    } }`
    const reason = 'text and another field at nodes.m.t'
    const before = fallbackCounts().get(reason) ?? 0
    const { answer, bySql } = await bothWays(api, query, { ids: ids.map((r) => Buffer.from(r.id).toString('base64')) })
    expect(answer.errors).toBeUndefined()
    expect(bySql).toBe(false)
    expect(fallbackCounts().get(reason)).toBe(before + 1)
  })
})

describe('the answer of a statement', () => {
  const answerOf = (query: string, text: string) => {
    const compiled = compileOperation(schema, parse(query), null, {})
    if (!('answer' in compiled)) throw new Error(compiled.refusal)
    return compiled.answer(text)
  }

  it('is the JSON text as it is when no field is post-processed', () => {
    const text = '{"licenses":{"nodes":[{"key":"k","amount":{"amount":1}}]}}'
    const result = answerOf('{ licenses(first: 1) { nodes { key amount { amount } } } }', text)
    expect('stringify' in result && (result.stringify as (r: unknown) => string)(result)).toBe(`{"data":${text}}`)
  })

  it('has each raw value replaced, under its alias, through lists and nulls', () => {
    const raw = { amount: 20_000_000, currency: 'USD', qualifier: 'RANGE', high: 25_000_000, period: 'PER_YEAR' }
    const text = JSON.stringify({
      licenses: {
        nodes: [
          { key: 'k', m: { t: raw, amount: 1 } },
          { key: 'l', m: null },
        ],
      },
    })
    const result = answerOf('{ licenses(first: 2) { nodes { key m: amount { t: text amount } } } }', text)
    expect(result.data).toEqual({
      licenses: {
        nodes: [
          { key: 'k', m: { t: moneyText(raw as never), amount: 1 } },
          { key: 'l', m: null },
        ],
      },
    })
    expect(moneyText(raw as never)).toBe('$20–25M a year')
  })
})
