import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadDataset, loadShippedData } from '../../seed/load.js'
import { startWriteApi, type WriteApi } from '../helpers/write-api.js'
import { ok } from '../helpers/write-fixtures.js'

// With RESPONSE_CACHE_TTL_MS set, a repeated read is answered from the cache (one statement: the
// data version), and any write, through the API or the importer, is visible on the next read.

let api: WriteApi
let key: string
beforeAll(async () => {
  api = await startWriteApi((prisma) => loadShippedData(prisma), { responseCacheTtlMs: 60_000 })
  key = await api.key(['WRITE'])
}, 60_000)
afterAll(() => api?.close())

const COMPANIES = '{ companies(first: 100) { totalCount nodes { slug } } }'
const slugs = (result: { data?: Record<string, any> }) => result.data!.companies.nodes.map((n: { slug: string }) => n.slug)

describe('response cache', () => {
  it('answers a repeated query from the cache, asking the database only for the data version', async () => {
    const first = await api.query(COMPANIES)
    expect(api.statements.length).toBeGreaterThan(1)
    const again = await api.query(COMPANIES)
    expect(again).toEqual(first)
    expect(api.statements).toHaveLength(1)
    expect(api.statements[0]).toContain('WriteHistory')
  })

  it('caches an answer built in SQL (written as PostgreSQL made it) and serves it the same', async () => {
    const PATH = '{ partnershipPath(from: "microsoft", to: "openai") { hops chains { steps { from { slug } to { slug } clauseKinds } } } }'
    const first = await api.query(PATH)
    expect(first.data!.partnershipPath.hops).toBe(1)
    expect(api.statements.some((s) => s.includes('sql-execution'))).toBe(true)
    const again = await api.query(PATH)
    expect(again).toEqual(first)
    expect(api.statements).toHaveLength(1)
  })

  it('a write through the API is visible on the very next read', async () => {
    const before = await api.query(COMPANIES)
    await ok(api, key, 'createCompany', { input: { slug: 'cache-test-co', name: 'Cache Test Co', kinds: ['OTHER'] } }, 'slug')
    const after = await api.query(COMPANIES)
    expect(after.data!.companies.totalCount).toBe(before.data!.companies.totalCount + 1)
    expect(slugs(after)).toContain('cache-test-co')
  })

  it('an import is visible on the very next read', async () => {
    await api.query(COMPANIES)
    await loadDataset(api.prisma, { companies: [{ slug: 'imported-co', name: 'Imported Co', kinds: ['OTHER'] }] })
    expect(slugs(await api.query(COMPANIES))).toContain('imported-co')
  })

  it('errors are not cached', async () => {
    const query = '{ partnershipPath(from: "microsoft", to: "no-such-company") { hops } }'
    const first = await api.query(query)
    expect(first.errors![0]!.extensions!.code).toBe('NOT_FOUND')
    await api.query(query)
    expect(api.statements.length).toBeGreaterThan(1)
  })
})
