import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { PrismaClient } from '../../src/generated/prisma/client.js'
import { correctedQuery } from '../../src/features/search/ranked-search.js'
import { startTestApi, type TestApi } from '../helpers/api.js'
import { buildKnownGraph, knownGraph } from '../helpers/known-graph.js'

// search(query, first) on the hand-built graph of test/helpers/known-graph.ts, plus one word,
// "stellar", that every kind of hit shares: a company, a cloud, an asset, an agreement and twelve
// clauses.

const STELLAR_CLAUSES = 12

function buildGraph(prisma: PrismaClient) {
  return buildKnownGraph(prisma, {
    companies: [...knownGraph.companies, { slug: 'stellar-ai', name: 'Stellar AI' }],
    clouds: [...knownGraph.clouds, { slug: 'stellar-cloud', name: 'Stellar Cloud', operator: 'stellar-ai' }],
    assets: [...knownGraph.assets, { slug: 'stellar-1', name: 'Stellar-1', developer: 'stellar-ai' }],
    agreements: [
      ...knownGraph.agreements,
      {
        slug: 'stellar-2026',
        title: 'Stellar partnership',
        effectiveOn: '2026',
        clauses: Array.from({ length: STELLAR_CLAUSES }, (_, i) => ({
          key: `S${String(i + 1).padStart(2, '0')}`,
          kind: 'OTHER' as const,
          summary: `Stellar term ${String(i + 1).padStart(2, '0')}.`,
          grantor: 'stellar-ai',
          grantee: 'openai',
          subjects: ['stellar-1'],
        })),
      },
    ],
  })
}

let api: TestApi
beforeAll(async () => {
  api = await startTestApi(buildGraph)
}, 60_000)
afterAll(() => api?.close())

const hitFields = /* GraphQL */ `
  __typename
  ... on Company { slug }
  ... on CloudProvider { slug }
  ... on Asset { slug }
  ... on Agreement { slug }
  ... on Clause { key }`

type Hit = { __typename: string; slug?: string; key?: string }
const label = (h: Hit) => `${h.__typename}:${h.slug ?? h.key}`

const timings: [string, number][] = []

async function search(query: string, first?: number): Promise<string[]> {
  const started = performance.now()
  const result = await api.query(`query($q: String!, $first: Int) { search(query: $q, first: $first) { ${hitFields} } }`, { q: query, first })
  timings.push([`${JSON.stringify(query)}${first === undefined ? '' : ` first ${first}`}`, performance.now() - started])
  expect(result.errors).toBeUndefined()
  return (result.data!.search as Hit[]).map(label)
}

afterAll(() => {
  console.log(`search timings (ms, through yoga.fetch, test graph):\n${timings.map(([q, ms]) => `  ${ms.toFixed(1).padStart(6)}  ${q}`).join('\n')}`)
})

describe('tolerates case, spacing and typos', () => {
  it.each([
    ['azure', 'CloudProvider:azure'],
    ['AZURE', 'CloudProvider:azure'],
    ['  Azure  ', 'CloudProvider:azure'],
    ['Open AI', 'Company:openai'],
    ['open-ai', 'Company:openai'],
    ['OPENAI', 'Company:openai'],
    ['gpt5', 'Asset:gpt-5'],
    ['GPT 5', 'Asset:gpt-5'],
    ['Microsfot', 'Company:microsoft'],
    ['Antrhopic', 'Company:anthropic'],
    // Swapped letters that split a short word's few trigrams: one edit away.
    ['Azrue', 'CloudProvider:azure'],
    ['Calude', 'Asset:claude'],
    ['Orcale', 'Company:oracle'],
    ['Amazon.com', 'Company:amazon'],
    ['Microsoft Corporation', 'Company:microsoft'],
    ['google-cloud', 'CloudProvider:google-cloud'],
    // Words in another order.
    ['cloud google', 'CloudProvider:google-cloud'],
    ['ms-gpt5-2026', 'Agreement:ms-gpt5-2026'],
    // A slug unlike its name ("Amazon Web Services"), matched whole, in any case.
    ['AWS', 'CloudProvider:aws'],
  ])('%j finds %s first', async (query, expected) => {
    expect((await search(query))[0]).toBe(expected)
  })

  it('finds clause summaries and conditions, by word and by stem', async () => {
    expect(await search('Trainium')).toEqual(['Clause:K2'])
    expect(await search('bedrock')).toEqual(['Clause:C2'])
    expect(await search('cannot support')).toEqual(['Clause:B2'])
    // "licences" and "exclusively" meet "licence" and "exclusive" by their English stems.
    expect((await search('exclusively licences')).slice(0, 2).sort()).toEqual(['Clause:A1', 'Clause:H1'])
  })

  it('finds nothing for a word nobody uses', async () => {
    expect(await search('zzyzx')).toEqual([])
  })
})

describe('misspelt words of a longer query', () => {
  it('are corrected to words of names one edit away', async () => {
    expect(await correctedQuery('opnai microsoft')).toBe('openai microsoft')
    expect(await correctedQuery('Antrhopic, Amazon!')).toBe('anthropic, Amazon!')
    // Known words stay: in a name ("micro" starts one), a title ("rumoured"), clause text
    // ("licences" by its stem), or an English stop word ("with").
    expect(await correctedQuery('micro rumoured licences with')).toBeNull()
    // One word is the ranking statement's own (one edit, in SQL); nothing near "zzyzx".
    expect(await correctedQuery('opnai')).toBeNull()
    expect(await correctedQuery('zzyzx qwerty')).toBeNull()
  })

  it('what the query matched as typed comes first, then what the corrected query matches as written', async () => {
    const hits = await search('opnai microsoft')
    // "microsoft" is a name typed whole.
    expect(hits[0]).toBe('Company:microsoft')
    // The corrected query, "openai microsoft": the titles holding both words, and OpenAI, before
    // Microsoft Azure, a near spelling of "microsoft".
    const corrected = ['Agreement:ms-oai-2019', 'Agreement:ms-oai-2025', 'Company:openai'].map((hit) => hits.indexOf(hit))
    expect(Math.min(...corrected)).toBeGreaterThan(0)
    expect(Math.max(...corrected)).toBeLessThan(hits.indexOf('CloudProvider:azure'))
    const amazon = await search('antrhopic amazon')
    expect(amazon.slice(0, 3)).toEqual(['Company:amazon', 'Company:anthropic', 'Agreement:anthropic-amazon-2024'])
    // Near spellings of either come after: Amazon Web Services only starts like "amazon".
    expect(amazon.indexOf('CloudProvider:aws')).toBeGreaterThan(2)
  })

  it('a page filled as typed is not corrected', async () => {
    const statements = api.statements.length
    // "stellar ai" is a name typed whole: it fills a page of one.
    expect(await search('stellar ai microsfot', 1)).toEqual(['Company:stellar-ai'])
    expect(api.statements.slice(statements).filter((sql) => sql.includes('regexp_split_to_table'))).toEqual([])
  })
})

describe('ranking', () => {
  it('an exact name or slug comes before a closer fuzzy match', async () => {
    const hits = await search('gpt-4')
    expect(hits[0]).toBe('Asset:gpt-4')
    expect(hits).toContain('Asset:gpt-5')
    expect(hits.indexOf('Asset:gpt-5')).toBeGreaterThan(hits.indexOf('Asset:gpt-4'))
  })

  it('what matches the query as written comes before near spellings, which only fill the page', async () => {
    // GPT-5 is only spelt nearly like "gpt-4"; these agreements and clauses name GPT-4.
    const namesIt = (text?: string) => /\bGPT-4(?!\w)/.test(text ?? '')
    const agreements = knownGraph.agreements.filter((a) => namesIt(a.title)).map((a) => `Agreement:${a.slug}`)
    const clauses = knownGraph.agreements.flatMap((a) =>
      a.clauses.filter((c) => namesIt(c.summary) || namesIt(c.condition)).map((c) => `Clause:${c.key}`),
    )
    const asWritten = ['Asset:gpt-4', ...agreements, ...clauses]
    expect(agreements.length).toBeGreaterThan(2)
    const hits = await search('gpt-4', 50)
    expect(hits.slice(0, asWritten.length).sort()).toEqual(asWritten.sort())
    expect(hits.indexOf('Asset:gpt-5')).toBeGreaterThanOrEqual(asWritten.length)
    // When they fill the page, near spellings are not looked for at all: the same first hits.
    expect(await search('gpt-4', asWritten.length)).toEqual(hits.slice(0, asWritten.length))
  })

  it('a name typed whole in a longer query matches it as written', async () => {
    // "Microsoft" holds one word of two: typed whole, it still comes before near spellings.
    const hits = await search('microsoft azure', 50)
    expect(hits[0]).toBe('CloudProvider:azure')
    expect(hits.slice(0, 3)).toContain('Company:microsoft')
  })

  it('the words of a name match as the start of its words', async () => {
    expect((await search('micro'))[0]).toBe('Company:microsoft')
    expect(await search('stell', 3)).toEqual(['Company:stellar-ai', 'CloudProvider:stellar-cloud', 'Asset:stellar-1'])
    expect((await search('amaz web'))[0]).toBe('CloudProvider:aws')
  })

  it('companies, clouds and assets come before clause text at equal score', async () => {
    const hits = await search('amazon', 50)
    expect(hits[0]).toBe('Company:amazon')
    expect(hits[1]).toBe('CloudProvider:aws')
    const firstClause = hits.findIndex((h) => h.startsWith('Clause:'))
    expect(firstClause).toBeGreaterThan(1)
    expect(hits.slice(firstClause).every((h) => h.startsWith('Clause:'))).toBe(true)
  })

  it('returns every kind of hit as its own type, in a stable order', async () => {
    const hits = await search('stellar', 50)
    expect(hits).toEqual([
      'Company:stellar-ai',
      'CloudProvider:stellar-cloud',
      'Asset:stellar-1',
      'Agreement:stellar-2026',
      ...Array.from({ length: STELLAR_CLAUSES }, (_, i) => `Clause:S${String(i + 1).padStart(2, '0')}`),
    ])
    expect(await search('stellar', 50)).toEqual(hits)
  })
})

describe('limits and errors', () => {
  it('10 hits by default, `first` up to 50', async () => {
    expect(await search('stellar')).toHaveLength(10)
    expect(await search('stellar', 3)).toEqual(['Company:stellar-ai', 'CloudProvider:stellar-cloud', 'Asset:stellar-1'])
    expect(await search('stellar', 50)).toHaveLength(4 + STELLAR_CLAUSES)
  })

  it.each([
    ['query', { q: '', first: 10 }, /blank/],
    ['query', { q: '   ', first: 10 }, /blank/],
    ['query', { q: 'a'.repeat(201), first: 10 }, /at most 200 characters/],
    ['first', { q: 'azure', first: 51 }, /between 1 and 50/],
    ['first', { q: 'azure', first: 0 }, /between 1 and 50/],
  ])('refuses a bad %s (%j)', async (argument, variables, message) => {
    const result = await api.query('query($q: String!, $first: Int) { search(query: $q, first: $first) { __typename } }', variables)
    expect(result.data).toBeNull()
    const [error] = result.errors!
    expect(error!.message).toMatch(message)
    expect(error!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument })
  })

  it('accepts a query of exactly 200 characters', async () => {
    expect(await search('a'.repeat(200))).toEqual([])
  })
})

describe('SQL statements', () => {
  const query = `query($first: Int) { search(query: "stellar", first: $first) {
    __typename
    ... on Company { slug cloudProviders { slug } assets { slug developer { slug } } }
    ... on CloudProvider { slug operator { slug } }
    ... on Asset { slug developer { name } }
    ... on Agreement { slug parties { role company { slug } } clauses { key } }
    ... on Clause { key grantor { slug } grantee { slug } subjects { slug } agreement { slug } }
  } }`

  it('do not grow with the number of hits', async () => {
    const five = await api.query(query, { first: 5 })
    expect(five.errors).toBeUndefined()
    const forFive = api.statements.length
    const fifty = await api.query(query, { first: 50 })
    expect(fifty.errors).toBeUndefined()
    const forFifty = api.statements.length
    // Both answers hold every kind of hit (one clause, then twelve).
    expect(new Set(five.data!.search.map((h: Hit) => h.__typename)).size).toBe(5)
    expect(fifty.data!.search).toHaveLength(4 + STELLAR_CLAUSES)
    console.log(`search: ${forFive} statements for 5 hits, ${forFifty} for ${fifty.data!.search.length}`)
    expect(forFifty).toBe(forFive)
  })

  it('rank every table in one statement', async () => {
    await api.query('{ search(query: "stellar", first: 50) { __typename } }')
    const ranking = api.statements.filter((sql) => /UNION ALL/.test(sql))
    expect(ranking).toHaveLength(1)
    for (const table of ['"Company"', '"CloudProvider"', '"Asset"', '"Agreement"', '"Clause"']) expect(ranking[0]).toContain(table)
  })
})
