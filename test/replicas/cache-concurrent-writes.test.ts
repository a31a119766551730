import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startWriteApi, type WriteApi } from '../helpers/write-api.js'
import { CREATE_COMPANY } from './cluster.js'

// Replicas mean concurrent writers. A write's WriteHistory id is taken when it inserts its row,
// not when it commits: a slower writer can hold an id below one already committed. The response
// cache, keyed by the newest id, must not keep an answer that lacks that writer once it commits.

let api: WriteApi
let key: string
beforeAll(async () => {
  api = await startWriteApi(undefined, { responseCacheTtlMs: 60_000 })
  key = await api.key(['WRITE'])
}, 60_000)
afterAll(() => api?.close())

const COMPANIES = '{ companies(first: 100) { nodes { slug } } }'
const slugs = async () => ((await api.query(COMPANIES)).data!.companies.nodes as { slug: string }[]).map((n) => n.slug).sort()

describe('the response cache with writers committing out of id order', () => {
  it('serves no answer from before a write once that write has committed', async () => {
    let inserted!: () => void
    const rowsIn = new Promise<void>((resolve) => {
      inserted = resolve
    })
    let commit!: () => void
    const commitNow = new Promise<void>((resolve) => {
      commit = resolve
    })
    // The slow writer: its company and its WriteHistory row are in, its commit comes later.
    const slow = api.prisma.$transaction(
      async (tx) => {
        const company = await tx.company.create({ data: { slug: 'slow-writer', name: 'Slow writer' }, select: { id: true } })
        await tx.writeHistory.create({ data: { entityType: 'Company', entityId: company.id, action: 'CREATE', actor: 'test' } })
        inserted()
        await commitNow
      },
      { timeout: 20_000 },
    )
    await rowsIn
    // A faster writer commits a higher id; a read then computes (and may cache) an answer without the slow one.
    const fast = await api.query(CREATE_COMPANY, { input: { slug: 'fast-writer', name: 'Fast writer' } }, key)
    expect(fast.data).toEqual({ createCompany: { __typename: 'CreateCompanyPayload', company: { slug: 'fast-writer' } } })
    expect(await slugs()).toEqual(['fast-writer'])
    commit()
    await slow
    // Acknowledged now: the next reads have it.
    expect(await slugs()).toEqual(['fast-writer', 'slow-writer'])
    expect(await slugs()).toEqual(['fast-writer', 'slow-writer'])
    // With no writer in flight, answers are cached again: the repeated read asks only for the data version.
    expect(api.statements).toHaveLength(1)
  })
})
