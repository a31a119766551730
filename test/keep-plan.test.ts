import { parse } from 'graphql'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createPrismaClient, KEEP_PLAN, KEEP_SELECTION_PLAN, MAX_SELECTION_PLANS, statementName } from '../src/db/setup/client.js'
import { shortestPaths } from '../src/features/paths/search.js'
import { usePrisma } from '../src/db/setup/prisma.js'
import { queryRows } from '../src/db/setup/raw-query.js'
import { rankSearchHits } from '../src/features/search/ranked-search.js'
import type { PrismaClient } from '../src/generated/prisma/client.js'
import { schema } from '../src/schema/index.js'
import { compileOperation } from '../src/sql-execution/plugin.js'
import { generateGraph } from '../synthetic/generate.js'
import { createTestDatabase, type TestDatabase } from './helpers/database.js'

// Statements that keep their plans (src/db/setup/client.ts) are prepared once per connection under a
// name taken from their text, and live as long as the connection: their text must not depend on
// the values of a request, or every request would leave another prepared statement behind. On a
// one-connection pool, many different path searches and ranked searches must leave exactly the
// few fixed shapes, and so must paths and pages looked up by slug answered in SQL
// (src/sql-execution/plugin.ts); neighborhoods answered in SQL are planned each time.

let database: TestDatabase
let prisma: PrismaClient
let slugs: string[]
beforeAll(async () => {
  database = await createTestDatabase()
  await generateGraph({ url: database.url, companies: 40, agreements: 200, seed: 11 })
  prisma = createPrismaClient(database.url, { pool: { max: 1 } })
  usePrisma(prisma)
  slugs = (await prisma.company.findMany({ select: { slug: true }, orderBy: { slug: 'asc' } })).map((c) => c.slug)
}, 120_000)
afterAll(async () => {
  await prisma?.$disconnect()
  await database?.drop()
})

const prepared = async () =>
  (await prisma.$queryRaw<{ name: string }[]>`SELECT name FROM pg_prepared_statements ORDER BY name`).map((row) => row.name)

describe('statements that keep their plans', () => {
  it('leave one prepared statement per shape, whatever the values', async () => {
    let found = 0
    for (let i = 0; i < 20; i++) {
      const [from, to] = [slugs[i % slugs.length]!, slugs[(i * 7 + 3) % slugs.length]!]
      const paths = await shortestPaths(from, to, 1 + (i % 6), i % 2 === 0 ? null : `20${15 + (i % 10)}-06-30`, 10)
      if (paths.paths) found++
      await rankSearchHits([from, `word ${i}`, `word${i}`][i % 3]!, 1 + (i % 50))
    }
    expect(found).toBeGreaterThan(5)
    // The path search with and without activeOn, the ranked search of one word and of several,
    // and the corrections of a longer query's words (search-corrections.ts), made for "word 3".
    const names = await prepared()
    expect(names).toHaveLength(5)
    for (const name of names) expect(name).toMatch(/^keep_[0-9a-f]{20}$/)
  }, 60_000)

  /** Answers `document` the way the sql-execution plugin does, without a server: the data and the statement's text. */
  async function answerInSql(document: string, variables: Record<string, unknown>): Promise<{ data: Record<string, unknown>; text: string }> {
    const compiled = compileOperation(schema, parse(document), null, variables)
    if (!('plan' in compiled)) throw new Error(`not planned: ${compiled.refusal}`)
    const statement = await compiled.plan()
    const [row] = await queryRows<{ data: string }>(statement!)
    return { data: JSON.parse(row!.data) as Record<string, unknown>, text: statement!.text }
  }

  it('a path answered in SQL keeps one plan per shape of statement; a neighborhood keeps none', async () => {
    const before = await prepared()
    const pathQuery = `query ($from: String!, $to: String!) {
      partnershipPath(from: $from, to: $to) { hops chains { steps { from { slug } to { slug } clauseKinds direction } } } }`
    // A path found and none found are two shapes; every path found shares one.
    const texts = new Set<string>()
    let found = 0
    for (let i = 0; i < 12; i++) {
      const { data, text } = await answerInSql(pathQuery, { from: slugs[i]!, to: slugs[(i * 5 + 7) % slugs.length]! })
      texts.add(text)
      if (data.partnershipPath) found++
    }
    expect(found).toBeGreaterThan(5)
    for (const slug of slugs.slice(0, 6)) {
      await answerInSql(`query ($slug: String!) { neighborhood(slug: $slug) { nodes { id } edges { id } } }`, { slug })
    }
    expect(texts.size).toBeLessThanOrEqual(2)
    const added = (await prepared()).filter((name) => !before.includes(name))
    expect(added).toHaveLength(texts.size)
  }, 60_000)

  it('a page looked up by slug keeps one plan per shape, whatever the slug, page size or cursor', async () => {
    const before = await prepared()
    const page = `query ($slug: String!, $first: Int, $after: String, $on: Date) { company(slug: $slug) { name
      agreements(first: $first, after: $after, activeOn: $on) { totalCount pageInfo { endCursor } edges { node { roles agreement { slug } } } }
      licensesGranted(first: 5) { nodes { key grantee { slug } } } } }`
    const texts = new Set<string>()
    for (let i = 0; i < 12; i++) {
      const variables = { slug: slugs[i]!, first: 1 + (i % 4), on: i % 2 ? null : `20${18 + (i % 8)}-01-01` }
      const first = await answerInSql(page, variables)
      const cursor = (first.data.company as { agreements: { pageInfo: { endCursor: string | null } } }).agreements.pageInfo.endCursor
      const next = await answerInSql(page, { ...variables, after: cursor })
      texts.add(first.text).add(next.text)
    }
    // With and without a day, with and without a cursor: four shapes, whatever the values.
    expect(texts.size).toBe(4)
    const added = (await prepared()).filter((name) => !before.includes(name))
    expect(added).toHaveLength(4)
  }, 60_000)

  it(`names at most ${MAX_SELECTION_PLANS} texts that follow a selection, and every fixed text`, () => {
    const texts = Array.from({ length: MAX_SELECTION_PLANS + 10 }, (_, i) => `${KEEP_SELECTION_PLAN} SELECT ${i}`)
    const names = texts.map((sql) => statementName({ sql }))
    const given = names.filter((name) => name !== undefined)
    expect(given.length).toBeGreaterThan(0)
    expect(given.length).toBeLessThanOrEqual(MAX_SELECTION_PLANS)
    expect(names.at(-1)).toBeUndefined()
    // A text already named keeps its name; a fixed text still gets one past the bound.
    expect(statementName({ sql: texts[0]! })).toBe(names[0])
    expect(statementName({ sql: `${KEEP_PLAN} SELECT 'fixed'` })).toMatch(/^keep_[0-9a-f]{20}$/)
  })
})
