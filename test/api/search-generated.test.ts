import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Prisma } from '../../src/generated/prisma/client.js'
import { CANDIDATES_PER_INDEX, FIRST_PAGES, firstMatches, MORE_PAGES, WORTH_READING_ON } from '../../src/features/search/ranked-search.js'
import { generateGraph } from '../../synthetic/generate.js'
import { startWriteApi, type WriteApi } from '../helpers/write-api.js'

// The full-text candidates of search (src/features/search/ranked-search.ts, firstMatches): the first rows of a table,
// in its order, whose text matches; read from the table's first pages when those hold enough, else
// from the pages after them when the first ones promise enough, else from the index. Every way
// must give the same rows, on a generated graph many pages long.

type Way = 'first pages' | 'more pages' | 'index, many matches' | 'index, few matches'
let api: WriteApi
let words: { word: string; way: Way }[]
let hubName: string

const tsquery = (word: string) => Prisma.sql`websearch_to_tsquery('english'::regconfig, ${word}::text)`
const inFirstPages = Prisma.raw(`ctid < '(${FIRST_PAGES},0)'::tid`)
const inMorePages = Prisma.raw(`ctid < '(${MORE_PAGES},0)'::tid`)

async function count(table: 'Agreement' | 'Clause', word: string, where: Prisma.Sql = Prisma.sql`true`): Promise<number> {
  const [row] = await api.prisma.$queryRaw<{ n: number }[]>`
    SELECT count(*)::int AS n FROM ${Prisma.raw(`"${table}"`)} WHERE search_text @@ ${tsquery(word)} AND ${where}`
  return row!.n
}

beforeAll(async () => {
  api = await startWriteApi()
  await generateGraph({ url: api.url, companies: 200, agreements: 1500, seed: 5 })
  // A word in the last rows of the tables (mostly in late pages), in more of them than are ranked.
  await api.prisma.$executeRaw`UPDATE "Agreement" SET "title" = "title" || ' Zephyr'
    WHERE "id" IN (SELECT "id" FROM "Agreement" ORDER BY ctid DESC LIMIT 80)`
  await api.prisma.$executeRaw`UPDATE "Clause" SET "summary" = "summary" || ' Zephyr'
    WHERE "id" IN (SELECT "id" FROM "Clause" ORDER BY ctid DESC LIMIT 80)`
  const [hub] = await api.prisma.$queryRaw<{ name: string }[]>`
    SELECT c."name" FROM "Company" c JOIN "AgreementParty" p ON p."companyId" = c."id"
    GROUP BY c."id" ORDER BY count(*) DESC, c."slug" LIMIT 1`
  const [rare] = await api.prisma.$queryRaw<{ name: string }[]>`
    SELECT c."name" FROM "Company" c JOIN "AgreementParty" p ON p."companyId" = c."id"
    GROUP BY c."id" ORDER BY count(*), c."slug" LIMIT 1`
  // A company in fewer deals than the hub: some of its rows in the first pages, not enough.
  const middling = await api.prisma.$queryRaw<{ name: string }[]>`
    SELECT c."name" FROM "Company" c JOIN "AgreementParty" p ON p."companyId" = c."id"
    GROUP BY c."id" ORDER BY count(*) DESC, c."slug" LIMIT 40`
  let readOn: string | undefined
  for (const { name } of middling) {
    const early = await Promise.all([count('Agreement', name, inFirstPages), count('Clause', name, inFirstPages)])
    const all = await Promise.all([count('Agreement', name), count('Clause', name)])
    const promising = early.every((n) => n >= WORTH_READING_ON && n < CANDIDATES_PER_INDEX)
    if (promising && all.every((n) => n >= CANDIDATES_PER_INDEX)) {
      readOn = name
      break
    }
  }
  hubName = hub!.name
  words = [
    { word: hub!.name, way: 'first pages' },
    { word: readOn ?? '(no company fits)', way: 'more pages' },
    { word: 'zephyr', way: 'index, many matches' },
    { word: rare!.name, way: 'index, few matches' },
  ]
}, 180_000)
afterAll(() => api?.close())

describe('search: full-text candidates', () => {
  it('the graph is longer than the pages read first', async () => {
    for (const table of ['Agreement', 'Clause']) {
      const [row] = await api.prisma.$queryRaw<{ pages: number }[]>`
        SELECT pg_relation_size(${`"${table}"`}::regclass)::int / current_setting('block_size')::int AS pages`
      expect(row!.pages).toBeGreaterThan(2 * FIRST_PAGES)
    }
  })

  it.each(['Agreement', 'Clause'] as const)('%s: the first matching rows in the table’s order, whichever way they are read', async (table) => {
    for (const { word, way } of words) {
      const early = await count(table, word, inFirstPages)
      const all = await count(table, word)
      if (way === 'first pages') expect(early).toBeGreaterThanOrEqual(CANDIDATES_PER_INDEX)
      if (way === 'more pages') {
        expect(early).toBeGreaterThanOrEqual(WORTH_READING_ON)
        expect([early < CANDIDATES_PER_INDEX, (await count(table, word, inMorePages)) >= CANDIDATES_PER_INDEX]).toEqual([true, true])
      }
      // (An updated row may land in an early page with room: a few of them can be there.)
      if (way === 'index, many matches') expect([early < CANDIDATES_PER_INDEX, all]).toEqual([true, 80])
      if (way === 'index, few matches') expect(all).toBeLessThan(CANDIDATES_PER_INDEX)

      const [found] = await api.prisma.$queryRaw<{ ids: string[] }[]>`
        SELECT ${firstMatches(Prisma.raw(`"${table}"`), tsquery(word))}::text[] AS ids`
      const expected = await api.prisma.$queryRaw<{ id: string }[]>`
        SELECT "id"::text AS id FROM ${Prisma.raw(`"${table}"`)} WHERE search_text @@ ${tsquery(word)}
        ORDER BY ctid LIMIT ${CANDIDATES_PER_INDEX}`
      expect(found!.ids, `${table} "${word}" (${way})`).toEqual(expected.map((r) => r.id))
    }
  })
})

type Hit = { __typename: string; name?: string; title?: string; summary?: string; condition?: string | null }
const search = async (query: string) => {
  const result = await api.query<{ search: Hit[] }>(
    `query($q: String!) { search(query: $q, first: 10) {
    __typename ... on Company { name } ... on CloudProvider { name } ... on Asset { name }
    ... on Agreement { title } ... on Clause { summary condition } } }`,
    { q: query },
  )
  expect(result.errors).toBeUndefined()
  return result.data!.search
}

describe('search: names as written before near spellings', () => {
  it('a company’s full name finds it, then what holds that name, not names sharing one of its words', async () => {
    const [first, last] = [hubName.split(' ')[0]!, hubName.split(' ').at(-1)!]
    const [row] = await api.prisma.$queryRaw<{ sharing: number }[]>`
      SELECT count(*)::int AS sharing FROM "Company" WHERE "name" LIKE ${`% ${last}`} AND "name" <> ${hubName}`
    // Spelt nearly like the hub's name by the word they share: near spellings, which must not fill the page.
    expect(row!.sharing).toBeGreaterThan(2)
    const hits = await search(hubName)
    expect(hits).toHaveLength(10)
    expect(hits[0]).toEqual({ __typename: 'Company', name: hubName })
    for (const hit of hits) {
      const text = [hit.name, hit.title, hit.summary, hit.condition].join(' ').toLowerCase()
      expect(text, hit.__typename).toContain(first.toLowerCase())
    }
  })
})

describe('search: misspelt words of a longer query', () => {
  it('a misspelt word of a company’s full name is corrected: the company, then its agreements', async () => {
    const [first, ...rest] = hubName.split(' ')
    // A letter left out of the first word: the hub's full name with one typo.
    const typo = [first!.slice(0, 2) + first!.slice(3), ...rest].join(' ')
    const asTyped = await search(hubName)
    const hits = await search(typo)
    expect(hits).toHaveLength(10)
    expect(hits[0]).toEqual({ __typename: 'Company', name: hubName })
    // The name's agreements (titles holding the whole name) before any near spelling of it.
    const agreements = asTyped.filter((h) => h.__typename === 'Agreement')
    expect(agreements.length).toBeGreaterThan(0)
    expect(hits.slice(1, 1 + agreements.length)).toEqual(agreements)
  })
})
