import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { env } from '../../src/env.js'
import { startWriteApi, type WriteApi } from '../helpers/write-api.js'
import { AMENDED_CITATIONS, baseAgreement, buildWorld, mutate, ok } from '../helpers/write-fixtures.js'

// Concurrent edits of one record cannot silently overwrite each other: of writers that read the
// same version exactly one wins and the others get a ConflictError; nothing is lost or doubled.

let api: WriteApi
let key: string
beforeAll(async () => {
  api = await startWriteApi()
  key = await api.key(['WRITE'])
  await buildWorld(api, key)
}, 60_000)
afterAll(() => api?.close())

describe('concurrent amendments of one agreement', () => {
  it.each([1, 2, 3, 4, 5])('round %i: two at once, exactly one wins and the other gets a conflict', async (round) => {
    const slug = `race-${round}`
    await ok(api, key, 'createAgreement', { input: baseAgreement(slug) })
    const historyBefore = await api.prisma.writeHistory.count()
    const amend = (suffix: string, summary: string) =>
      mutate(
        api,
        key,
        'amendAgreement',
        {
          slug,
          input: {
            slug: `${slug}-${suffix}`,
            effectiveOn: '2025',
            citations: AMENDED_CITATIONS,
            modify: [{ key: `${slug}#1`, changes: { summary } }],
          },
        },
        'slug clauses { summary }',
      )
    const outcomes = await Promise.all([amend('a', 'by A'), amend('b', 'by B')])
    const winners = outcomes.filter((o) => o.__typename === 'AmendAgreementPayload')
    const losers = outcomes.filter((o) => o.__typename === 'ConflictError')
    expect(winners).toHaveLength(1)
    expect(losers).toHaveLength(1)
    expect(losers[0]).toMatchObject({ path: 'slug' })

    // No lost or doubled update: one successor, whose terms are the winner's, and the loser left nothing.
    const winner = (winners[0]!.agreement as { slug: string }).slug
    const successors = await api.prisma.agreement.findMany({ where: { amends: { slug } }, select: { slug: true } })
    expect(successors).toEqual([{ slug: winner }])
    const loserSlug = winner.endsWith('-a') ? `${slug}-b` : `${slug}-a`
    expect(await api.prisma.agreement.count({ where: { slug: loserSlug } })).toBe(0)
    expect(await api.prisma.clause.count({ where: { key: { startsWith: `${loserSlug}#` } } })).toBe(0)
    // The winner's history only: the old version superseded, the new one and its three clauses created.
    expect(await api.prisma.writeHistory.count()).toBe(historyBefore + 1 + 1 + 3)
    expect(await api.prisma.agreement.findUniqueOrThrow({ where: { slug }, select: { status: true, version: true } })).toEqual({
      status: 'SUPERSEDED',
      version: 2,
    })
  })

  it('eight at once: one successor, seven conflicts', async () => {
    await ok(api, key, 'createAgreement', { input: baseAgreement('race-many') })
    const outcomes = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        mutate(api, key, 'amendAgreement', {
          slug: 'race-many',
          input: { slug: `race-many-${i}`, effectiveOn: '2025', citations: AMENDED_CITATIONS },
        }),
      ),
    )
    expect(outcomes.filter((o) => o.__typename === 'AmendAgreementPayload')).toHaveLength(1)
    expect(outcomes.filter((o) => o.__typename === 'ConflictError')).toHaveLength(7)
    expect(await api.prisma.agreement.count({ where: { amends: { slug: 'race-many' } } })).toBe(1)
  })
})

describe('concurrent updates of one company', () => {
  it('with the same expectedVersion: one wins, the others conflict, and the winner’s value stays', async () => {
    const { version } = await api.prisma.company.findUniqueOrThrow({ where: { slug: 'amazon' } })
    const names = ['Amazon A', 'Amazon B', 'Amazon C', 'Amazon D']
    const outcomes = await Promise.all(
      names.map((name) => mutate(api, key, 'updateCompany', { input: { slug: 'amazon', expectedVersion: version, name } }, 'name version')),
    )
    const winners = outcomes.filter((o) => o.__typename === 'UpdateCompanyPayload')
    expect(winners).toHaveLength(1)
    expect(outcomes.filter((o) => o.__typename === 'ConflictError')).toHaveLength(3)
    const won = winners[0]!.company as { name: string; version: number }
    expect(won.version).toBe(version + 1)
    const stored = await api.prisma.company.findUniqueOrThrow({ where: { slug: 'amazon' } })
    expect({ name: stored.name, version: stored.version }).toEqual(won)
    const history = await api.prisma.writeHistory.findMany({ where: { entityId: stored.id, action: 'UPDATE' } })
    expect(history).toHaveLength(1)
    expect(history[0]!.after).toMatchObject({ name: won.name })
  })

  it('a writer who read an older version is told the current one', async () => {
    const outcome = await mutate(api, key, 'updateCompany', { input: { slug: 'amazon', expectedVersion: 1, name: 'Stale' } })
    const { version } = await api.prisma.company.findUniqueOrThrow({ where: { slug: 'amazon' } })
    expect(outcome).toMatchObject({ __typename: 'ConflictError', path: 'input.expectedVersion', currentVersion: version })
  })
})

describe('a row another transaction holds (an import’s last step, say)', () => {
  it('is waited for DB_WRITE_LOCK_TIMEOUT_MS at most, then the write is a ConflictError and nothing is written', async () => {
    const holder = new pg.Client({ connectionString: api.url })
    await holder.connect()
    try {
      await holder.query('BEGIN')
      await holder.query(`SELECT 1 FROM "Company" WHERE slug = 'amazon' FOR NO KEY UPDATE`)
      const { version } = await api.prisma.company.findUniqueOrThrow({ where: { slug: 'amazon' } })
      const historyBefore = await api.prisma.writeHistory.count()
      const started = performance.now()
      const outcome = await mutate(api, key, 'updateCompany', { input: { slug: 'amazon', expectedVersion: version, name: 'Held' } })
      const waitedMs = performance.now() - started
      expect(outcome).toMatchObject({
        __typename: 'ConflictError',
        message: 'Another write (an import, say) is changing the same records; retry in a few seconds.',
      })
      expect(waitedMs).toBeGreaterThanOrEqual(env.DB_WRITE_LOCK_TIMEOUT_MS)
      expect(waitedMs).toBeLessThan(env.DB_WRITE_LOCK_TIMEOUT_MS + 5_000)
      expect(await api.prisma.writeHistory.count()).toBe(historyBefore)
    } finally {
      await holder.query('ROLLBACK')
      await holder.end()
    }
  })
})
