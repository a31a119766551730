import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startWriteApi, type WriteApi } from '../helpers/write-api.js'
import { AMENDED_CITATIONS, baseAgreement, buildWorld, mutate, ok } from '../helpers/write-fixtures.js'

// Deals through the write API: createAgreement joins or creates the deal it names, amendments and
// supplements inherit it, updateDeal edits its text under optimistic concurrency with history.

let api: WriteApi
let key: string
beforeAll(async () => {
  api = await startWriteApi()
  key = await api.key(['WRITE'])
  await buildWorld(api, key)
}, 60_000)
afterAll(() => api?.close())

const dealOf = async (slug: string) =>
  (await api.query(`query($slug: String!) { agreement(slug: $slug) { deal { slug title version agreements { slug } } } }`, { slug })).data!.agreement
    .deal

describe('deals through the API', () => {
  it('a first version without a deal gets one of its own; an amendment and a supplement join it', async () => {
    expect(await dealOf('ms-oai-2019')).toMatchObject({ slug: 'ms-oai-2019', title: 'Microsoft–OpenAI partnership' })
    await ok(
      api,
      key,
      'amendAgreement',
      { slug: 'ms-oai-2019', input: { slug: 'ms-oai-2025', effectiveOn: '2025-10-28', citations: AMENDED_CITATIONS } },
      'slug',
    )
    await ok(
      api,
      key,
      'createAgreement',
      { input: { ...baseAgreement('ms-oai-side'), supplements: 'ms-oai-2019', deal: 'ms-oai-2019', clauses: [] } },
      'slug',
    )
    expect((await dealOf('ms-oai-side')).agreements.map((a: { slug: string }) => a.slug).sort()).toEqual([
      'ms-oai-2019',
      'ms-oai-2025',
      'ms-oai-side',
    ])
  })

  it('a supplement naming another deal is a located problem', async () => {
    const outcome = await mutate(api, key, 'createAgreement', {
      input: { ...baseAgreement('ms-oai-side-2'), supplements: 'ms-oai-2019', deal: 'other-deal', clauses: [] },
    })
    expect(outcome.__typename).toBe('ValidationError')
    expect(outcome.issues).toEqual([expect.objectContaining({ path: 'input.deal', code: 'deal_mismatch' })])
  })

  it('a new deal slug creates the deal; naming it again joins it', async () => {
    await ok(api, key, 'createAgreement', { input: { ...baseAgreement('ms-google-a'), title: 'A', deal: 'big-alliance', clauses: [] } }, 'slug')
    await ok(api, key, 'createAgreement', { input: { ...baseAgreement('ms-google-b'), title: 'B', deal: 'big-alliance', clauses: [] } }, 'slug')
    const deal = await dealOf('ms-google-b')
    expect(deal).toMatchObject({ slug: 'big-alliance', title: 'A' })
    expect(deal.agreements.map((a: { slug: string }) => a.slug).sort()).toEqual(['ms-google-a', 'ms-google-b'])
    const history = await api.prisma.writeHistory.findMany({ where: { entityType: 'Deal' } })
    expect(history).toEqual([expect.objectContaining({ action: 'CREATE', before: null })])
  })

  it('updateDeal: title and description, version checked, history kept', async () => {
    const deal = await dealOf('ms-google-a')
    const updated = await ok(
      api,
      key,
      'updateDeal',
      { input: { slug: 'big-alliance', expectedVersion: deal.version, title: 'The big alliance', description: 'Two agreements.' } },
      'slug title description version',
    )
    expect(updated).toEqual({ slug: 'big-alliance', title: 'The big alliance', description: 'Two agreements.', version: deal.version + 1 })
    const stale = await mutate(api, key, 'updateDeal', { input: { slug: 'big-alliance', expectedVersion: deal.version, title: 'Late' } })
    expect(stale).toMatchObject({ __typename: 'ConflictError', currentVersion: deal.version + 1 })
    const missing = await mutate(api, key, 'updateDeal', { input: { slug: 'no-such-deal', expectedVersion: 1, title: 'X' } })
    expect(missing).toMatchObject({ __typename: 'NotFoundError', path: 'input.slug' })
    const unauthorised = await api.query(`mutation { updateDeal(input: { slug: "big-alliance", expectedVersion: 2, title: "X" }) { __typename } }`)
    expect(unauthorised.errors?.[0]?.extensions?.code).toBeDefined()
    const history = await api.prisma.writeHistory.findMany({ where: { entityType: 'Deal', action: 'UPDATE' } })
    expect(history).toEqual([
      expect.objectContaining({ before: expect.objectContaining({ title: 'A' }), after: expect.objectContaining({ title: 'The big alliance' }) }),
    ])
  })

  it('derived periods move no version: amending keeps the old version’s version for clients', async () => {
    const before = await api.prisma.agreement.findUniqueOrThrow({ where: { slug: 'ms-google-a' } })
    await ok(
      api,
      key,
      'amendAgreement',
      { slug: 'ms-google-a', input: { slug: 'ms-google-a2', effectiveOn: '2026-01-01', citations: AMENDED_CITATIONS } },
      'slug',
    )
    const after = await api.prisma.agreement.findUniqueOrThrow({ where: { slug: 'ms-google-a' } })
    // The amendment supersedes the old version (a write: +1), its period changes with no further bump.
    expect(after.inForceEnd).toBe('REPLACED')
    const entries = await api.prisma.writeHistory.count({ where: { entityId: before.id } })
    expect(after.version).toBe(entries)
  })
})
