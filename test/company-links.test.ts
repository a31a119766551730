import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createPrismaClient } from '../src/db/setup/client.js'
import { agreementInForceSql } from '../src/db/in-force-sql.js'
import type { PrismaClient } from '../src/generated/prisma/client.js'
import { generateGraph } from '../synthetic/generate.js'
import { loadShippedData } from '../seed/load.js'
import { linkDrift } from './helpers/company-links.js'
import { createTestDatabase, type TestDatabase } from './helpers/database.js'
import { startWriteApi, type WriteApi } from './helpers/write-api.js'
import { AMENDED_CITATIONS, buildWorld, ok } from './helpers/write-fixtures.js'

// "CompanyLink", the adjacency the path and neighborhood walks read, is kept by triggers: after
// every kind of write it must equal its definition over "AgreementParty" × "Agreement", and its
// stored window must say "in force on D" exactly when agreementInForceSql does.

const databases: TestDatabase[] = []
const clients: PrismaClient[] = []
afterAll(async () => {
  await Promise.all(clients.map((c) => c.$disconnect()))
  await Promise.all(databases.map((d) => d.drop()))
})

async function newDatabase(): Promise<{ url: string; prisma: PrismaClient }> {
  const database = await createTestDatabase()
  databases.push(database)
  const prisma = createPrismaClient(database.url)
  clients.push(prisma)
  return { url: database.url, prisma }
}

async function expectInSync(prisma: PrismaClient): Promise<number> {
  const drift = await linkDrift(prisma)
  expect({ missing: drift.missing, extra: drift.extra }).toEqual({ missing: [], extra: [] })
  return drift.stored
}

/**
 * Agreements (with two parties or more) on which the stored window and agreementInForceSql
 * disagree, checked on the days where either could change: each start, end, termination and
 * amendment start, the day before and the day after (of the first 80 agreements by slug, so a
 * generated graph stays quick).
 */
async function windowDisagreements(prisma: PrismaClient): Promise<{ day: string; slug: string }[]> {
  const days = await prisma.$queryRaw<{ day: string }[]>`
    SELECT DISTINCT to_char(d + shift, 'YYYY-MM-DD') AS day
    FROM (SELECT * FROM "Agreement" ORDER BY "slug" LIMIT 80) a,
      unnest(ARRAY[a."effectiveEarliest", a."announcedEarliest", a."endsLatest", a."terminatedLatest"]) d,
      unnest(ARRAY[-1, 0, 1]) shift
    WHERE d IS NOT NULL ORDER BY 1`
  expect(days.length).toBeGreaterThan(3)
  const wrong: { day: string; slug: string }[] = []
  for (const { day } of days) {
    wrong.push(
      ...(await prisma.$queryRaw<{ day: string; slug: string }[]>`
        SELECT ${day} AS day, a."slug" FROM "Agreement" a
        WHERE EXISTS (SELECT 1 FROM "CompanyLink" l WHERE l."agreementId" = a."id")
          AND ${agreementInForceSql('a', day)} IS DISTINCT FROM EXISTS (
            SELECT 1 FROM "CompanyLink" l WHERE l."agreementId" = a."id"
              AND l."inForceFrom" <= ${day}::date AND (l."inForceUntil" IS NULL OR l."inForceUntil" >= ${day}::date))`),
    )
  }
  return wrong
}

describe('CompanyLink after the importer', () => {
  let prisma: PrismaClient
  beforeAll(async () => {
    ;({ prisma } = await newDatabase())
    await loadShippedData(prisma)
  }, 60_000)

  it('equals its definition for the shipped dataset', async () => {
    expect(await expectInSync(prisma)).toBeGreaterThan(50)
  })

  it('its window agrees with agreementInForceSql for every agreement, on every day that matters', async () => {
    expect(await windowDisagreements(prisma)).toEqual([])
  })

  it('follows plain SQL: dates, termination, amendsId, parties moved, added and removed, agreements deleted', async () => {
    const sql = (text: string) => prisma.$executeRawUnsafe(text)
    const [amended] = await prisma.$queryRaw<{ id: string; amendsId: string }[]>`
      SELECT "id", "amendsId" FROM "Agreement" WHERE "amendsId" IS NOT NULL ORDER BY "slug" LIMIT 1`
    const [other] = await prisma.$queryRaw<{ id: string }[]>`
      SELECT "id" FROM "Company" WHERE "id" NOT IN (SELECT "companyId" FROM "AgreementParty" WHERE "agreementId" = ${amended!.id}::uuid)
      ORDER BY "slug" LIMIT 1`

    await sql(`UPDATE "Agreement" SET "endsText" = '2035-06', "endsPrecision" = 'MONTH', "endsEarliest" = '2035-06-01', "endsLatest" = '2035-06-30',
      "terminatedText" = '2034-01', "terminatedPrecision" = 'MONTH', "terminatedEarliest" = '2034-01-01', "terminatedLatest" = '2034-01-31'
      WHERE "id" = '${amended!.id}'`)
    await expectInSync(prisma)
    // The amendment starts later: the window of the version it amends stretches with it.
    await sql(`UPDATE "Agreement" SET "effectiveEarliest" = "effectiveEarliest" + 400, "effectiveLatest" = "effectiveLatest" + 400,
      "announcedEarliest" = "announcedEarliest" + 400, "announcedLatest" = "announcedLatest" + 400 WHERE "id" = '${amended!.id}'`)
    await expectInSync(prisma)
    // No longer an amendment: the old version is the latest again.
    await sql(`UPDATE "Agreement" SET "amendsId" = NULL WHERE "id" = '${amended!.id}'`)
    await expectInSync(prisma)
    await sql(`UPDATE "Agreement" SET "amendsId" = '${amended!.amendsId}' WHERE "id" = '${amended!.id}'`)
    await expectInSync(prisma)

    await sql(
      `UPDATE "AgreementParty" SET "companyId" = '${other!.id}' WHERE "id" = (SELECT "id" FROM "AgreementParty" WHERE "agreementId" = '${amended!.id}' ORDER BY "id" LIMIT 1)`,
    )
    await expectInSync(prisma)
    await sql(
      `INSERT INTO "AgreementParty" ("id", "agreementId", "companyId", "role") SELECT gen_random_uuid(), "amendsId", '${other!.id}', 'PARTNER' FROM "Agreement" WHERE "id" = '${amended!.id}'`,
    )
    await expectInSync(prisma)
    await sql(`DELETE FROM "AgreementParty" WHERE "companyId" = '${other!.id}'`)
    await expectInSync(prisma)

    // Deleting the amendment (its parties and clauses go with it) makes the amended version the latest.
    await sql(`DELETE FROM "Agreement" WHERE "id" = '${amended!.id}'`)
    await expectInSync(prisma)
    const links = await prisma.$queryRaw<{ latest: boolean }[]>`SELECT "latest" FROM "CompanyLink" WHERE "agreementId" = ${amended!.amendsId}::uuid`
    expect(links.length).toBeGreaterThan(0)
    expect(links.every((l) => l.latest)).toBe(true)
    expect(await windowDisagreements(prisma)).toEqual([])
  })

  it('is emptied with the tables it comes from', async () => {
    await prisma.$executeRawUnsafe(`TRUNCATE "AgreementParty"`)
    expect(await expectInSync(prisma)).toBe(0)
  })
})

describe('CompanyLink after the API', () => {
  let api: WriteApi
  beforeAll(async () => {
    api = await startWriteApi()
    const key = await api.key(['WRITE'])
    await buildWorld(api, key)
    await ok(
      api,
      key,
      'amendAgreement',
      { slug: 'ms-oai-2019', input: { slug: 'ms-oai-2025', effectiveOn: '2025-10-28', citations: AMENDED_CITATIONS } },
      'slug',
    )
  }, 60_000)
  afterAll(() => api?.close())

  it('an amendment replaces the amended version from the day it starts', async () => {
    expect(await expectInSync(api.prisma)).toBeGreaterThan(0)
    const rows = await api.prisma.$queryRaw<{ slug: string; latest: boolean; until: string | null }[]>`
      SELECT DISTINCT a."slug", l."latest", to_char(l."inForceUntil", 'YYYY-MM-DD') AS until
      FROM "CompanyLink" l JOIN "Agreement" a ON a."id" = l."agreementId" WHERE a."slug" IN ('ms-oai-2019', 'ms-oai-2025') ORDER BY 1`
    expect(rows).toEqual([
      { slug: 'ms-oai-2019', latest: false, until: '2025-10-27' },
      { slug: 'ms-oai-2025', latest: true, until: null },
    ])
    expect(await windowDisagreements(api.prisma)).toEqual([])
  })
})

describe('CompanyLink after the generator (COPY)', () => {
  let prisma: PrismaClient
  beforeAll(async () => {
    const database = await newDatabase()
    prisma = database.prisma
    await generateGraph({ url: database.url, companies: 40, agreements: 300, seed: 11, batchDeals: 50 })
  }, 120_000)

  it('equals its definition', async () => {
    expect(await expectInSync(prisma)).toBeGreaterThan(300)
  })

  it('its window agrees with agreementInForceSql for every agreement, on every day that matters', async () => {
    expect(await windowDisagreements(prisma)).toEqual([])
  })
})
