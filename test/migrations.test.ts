import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { schemaPath } from '../src/db/setup/project-paths.js'
import { applyMigrations, diffSchemas, migrationNames, migrationSql } from '../src/db/setup/schema-engine.js'
import { createTestDatabase, type TestDatabase } from './helpers/database.js'

const databases: TestDatabase[] = []
const clients: pg.Client[] = []

async function connect(database: TestDatabase): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: database.url })
  await client.connect()
  clients.push(client)
  return client
}

afterAll(async () => {
  await Promise.all(clients.map((c) => c.end()))
  await Promise.all(databases.map((d) => d.drop()))
})

async function newDatabase(opts?: { empty?: boolean }): Promise<TestDatabase> {
  const database = await createTestDatabase(opts)
  databases.push(database)
  return database
}

describe('applyMigrations', () => {
  it('applies every migration once and records prisma checksums', async () => {
    const database = await newDatabase({ empty: true })
    expect(await applyMigrations(database.url)).toEqual(migrationNames())
    expect(await applyMigrations(database.url)).toEqual([])

    const client = await connect(database)
    const { rows } = await client.query(
      'SELECT migration_name, checksum, finished_at, rolled_back_at FROM _prisma_migrations ORDER BY migration_name',
    )
    expect(rows).toEqual(
      migrationNames().map((name) => ({
        migration_name: name,
        checksum: createHash('sha256').update(migrationSql(name)).digest('hex'),
        finished_at: expect.any(Date),
        rolled_back_at: null,
      })),
    )
  })
})

// Everything Prisma knows about, read from the catalog. CHECK constraints, NOT NULL constraint
// rows (PostgreSQL 18), the triggers and the search columns (generated, named "search_…") exist
// only in the migrations, so they are left out.
const catalogQueries = {
  columns: `SELECT table_name, column_name, data_type, udt_name, character_maximum_length, numeric_precision,
              numeric_scale, datetime_precision, is_nullable, column_default
            FROM information_schema.columns
            WHERE table_schema = 'public' AND table_name <> '_prisma_migrations' AND column_name NOT LIKE 'search\\_%'
            ORDER BY table_name, column_name`,
  // The search migrations' trigram and full-text indexes (all named "search_…") use operator
  // classes Prisma's schema language cannot declare, over those columns: only the migrations have them.
  // So do the GiST indexes over the in-force days (named "in_force_…", migration in_force_days_index)
  // and the covering page indexes with INCLUDE (named "page_…", migration party_announced).
  indexes: `SELECT tablename, indexname, indexdef FROM pg_indexes
            WHERE schemaname = 'public' AND tablename <> '_prisma_migrations' AND indexname NOT LIKE 'search\\_%'
              AND indexname NOT LIKE 'in\\_force\\_%' AND indexname NOT LIKE 'page\\_%'
            ORDER BY indexname`,
  constraints: `SELECT conrelid::regclass::text AS table_name, conname, pg_get_constraintdef(oid) AS definition
                FROM pg_constraint
                WHERE connamespace = 'public'::regnamespace AND contype IN ('p', 'u', 'f', 'x')
                  AND conrelid::regclass::text <> '_prisma_migrations'
                ORDER BY conname`,
  enums: `SELECT t.typname, array_agg(e.enumlabel ORDER BY e.enumsortorder)::text[] AS labels
          FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid
          WHERE t.typnamespace = 'public'::regnamespace GROUP BY t.typname ORDER BY t.typname`,
  sequences: `SELECT sequence_name, data_type FROM information_schema.sequences
              WHERE sequence_schema = 'public' ORDER BY sequence_name`,
}

async function catalog(client: pg.Client): Promise<Record<string, unknown[]>> {
  const result: Record<string, unknown[]> = {}
  for (const [name, sql] of Object.entries(catalogQueries)) result[name] = (await client.query(sql)).rows
  return result
}

describe('drift', () => {
  it('the migrations build the same database as prisma/schema.prisma', async () => {
    const migrated = await connect(await newDatabase())
    const fromSchema = await connect(await newDatabase({ empty: true }))
    await fromSchema.query(await diffSchemas(null, readFileSync(schemaPath, 'utf8')))

    const expected = await catalog(fromSchema)
    expect(expected.columns!.length).toBeGreaterThan(100)
    expect(await catalog(migrated)).toEqual(expected)
  })
})

describe('database invariants', () => {
  let client: pg.Client
  const ids = { company: '', agreement: '', clause: '', source: '' }

  beforeAll(async () => {
    client = await connect(await newDatabase())
    const insert = async (sql: string) => (await client.query(sql)).rows[0].id as string
    // One valid row of each kind, fully populated, so the checks are known not to be too strict.
    ids.company = await insert(`INSERT INTO "Company" (id, slug, name, "updatedAt")
      VALUES (gen_random_uuid(), 'open-ai-2', 'OpenAI', now()) RETURNING id`)
    ids.agreement = await insert(`INSERT INTO "Agreement" (id, slug, title, status, "updatedAt",
        "announcedText", "announcedPrecision", "announcedEarliest", "announcedLatest",
        "effectiveText", "effectivePrecision", "effectiveEarliest", "effectiveLatest",
        "endsText", "endsPrecision", "endsEarliest", "endsLatest", "valueAmount", "valueCurrency")
      VALUES (gen_random_uuid(), 'deal-2019', 'Deal', 'ACTIVE', now(),
        'June 2018', 'MONTH', '2018-06-01', '2018-06-30', '2019', 'YEAR', '2019-01-01', '2019-12-31',
        '2030', 'YEAR', '2030-01-01', '2030-12-31', 1000000000, 'USD') RETURNING id`)
    ids.clause = await insert(`INSERT INTO "Clause" (id, key, position, "agreementId", kind, summary, "updatedAt",
        "startsText", "startsPrecision", "startsEarliest", "startsLatest",
        "endsText", "endsPrecision", "endsEarliest", "endsLatest",
        percentage, amount, currency, capped, "capAmount", "capCurrency")
      VALUES (gen_random_uuid(), 'deal-2019#1', 1, '${ids.agreement}', 'REVENUE_SHARE', 'Share', now(),
        'Q1 2020', 'QUARTER', '2020-01-01', '2020-03-31', '2030', 'YEAR', '2030-01-01', '2030-12-31',
        20, 5, 'USD', true, 92000000000, 'USD') RETURNING id`)
    ids.source = await insert(`INSERT INTO "Source" (id, url, "updatedAt")
      VALUES (gen_random_uuid(), 'https://example.com/a', now()) RETURNING id`)
  })

  const violations: [string, string, string][] = [
    ['percentage above 100', `UPDATE "Clause" SET percentage = 150`, 'Clause_percentage_check'],
    [
      'clause ending before it starts',
      `UPDATE "Clause" SET "endsEarliest" = '2019-01-01', "endsLatest" = '2019-12-31'`,
      'Clause_ends_after_starts_check',
    ],
    [
      'agreement ending before it takes effect',
      `UPDATE "Agreement" SET "endsEarliest" = '2018-12-01', "endsLatest" = '2018-12-31'`,
      'Agreement_ends_after_effective_check',
    ],
    [
      'agreement ending before it is announced',
      `UPDATE "Agreement" SET "effectiveText" = NULL, "effectivePrecision" = NULL,
      "effectiveEarliest" = NULL, "effectiveLatest" = NULL, "endsEarliest" = '2018-01-01', "endsLatest" = '2018-01-31'`,
      'Agreement_ends_after_announced_check',
    ],
    ['partial date with text but no precision', `UPDATE "Agreement" SET "terminatedText" = '2024'`, 'Agreement_terminated_complete_check'],
    ['earliest after latest', `UPDATE "Clause" SET "startsEarliest" = '2020-04-01'`, 'Clause_starts_range_check'],
    ['bad company slug', `UPDATE "Company" SET slug = 'Open AI'`, 'Company_slug_check'],
    ['slug with a double hyphen', `UPDATE "Agreement" SET slug = 'deal--2019'`, 'Agreement_slug_check'],
    ['negative amount', `UPDATE "Clause" SET amount = -1`, 'Clause_amount_check'],
    ['lowercase currency', `UPDATE "Agreement" SET "valueCurrency" = 'usd'`, 'Agreement_valueCurrency_check'],
    ['amount without currency', `UPDATE "Clause" SET currency = NULL`, 'Clause_amount_currency_check'],
    ['cap amount when not capped', `UPDATE "Clause" SET capped = NULL`, 'Clause_capAmount_capped_check'],
    ['agreement amending itself', `UPDATE "Agreement" SET "amendsId" = id`, 'Agreement_amendsId_check'],
    ['agreement supplementing itself', `UPDATE "Agreement" SET "supplementsId" = id`, 'Agreement_supplementsId_check'],
    ['clause superseding itself', `UPDATE "Clause" SET "supersedesId" = id`, 'Clause_supersedesId_check'],
    ['source that is not a web address', `UPDATE "Source" SET url = 'ftp://example.com/a'`, 'Source_url_check'],
  ]

  it.each(violations)('rejects %s', async (_, sql, constraint) => {
    await expect(client.query(sql)).rejects.toMatchObject({ code: '23514', constraint })
  })

  it('rejects an asset release date that is only partly filled in', async () => {
    const insert = `INSERT INTO "Asset" (id, slug, name, kind, "updatedAt", "releasedText", "releasedPrecision")
      VALUES (gen_random_uuid(), 'gpt-4', 'GPT-4', 'MODEL', now(), 'March 2023', 'MONTH')`
    await expect(client.query(insert)).rejects.toMatchObject({ code: '23514', constraint: 'Asset_released_complete_check' })
  })

  it('keeps WriteHistory append-only', async () => {
    await client.query(`INSERT INTO "WriteHistory" ("entityType", "entityId", action, actor)
      VALUES ('Company', '${ids.company}', 'create', 'test')`)
    for (const sql of [`UPDATE "WriteHistory" SET actor = 'someone else'`, `DELETE FROM "WriteHistory"`]) {
      await expect(client.query(sql)).rejects.toMatchObject({ code: '23001', message: expect.stringMatching(/append-only/) })
    }
    expect((await client.query('SELECT actor FROM "WriteHistory"')).rows).toEqual([{ actor: 'test' }])
  })
})
