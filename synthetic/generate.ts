import pg from 'pg'
import { copyRows } from './copy.js'
import { GraphModel } from './model.js'
import { type Batch, batchCounts, COLUMNS, TABLE_ORDER, type TableName } from './tables.js'

/** Bumped whenever the same options would give a different graph (bench caches depend on it). */
export const GENERATOR_VERSION = 1

/** Every generated slug (companies, clouds, assets, agreements, clause keys) starts with this. */
export const SLUG_PREFIX = 'syn-'
/** Every generated source URL starts with this. */
export const URL_PREFIX = 'https://syn.example/'

export type ExistingRows = 'refuse' | 'append' | 'reset'

export interface GenerateOptions {
  /** PostgreSQL URL of a migrated database. */
  url: string
  companies: number
  agreements: number
  seed?: number
  /** What to do when the database already holds generated rows (default: refuse). */
  existing?: ExistingRows
  /** Deals per loading batch (default 2,000). */
  batchDeals?: number
  onProgress?: (progress: Progress) => void
  log?: (line: string) => void
}

export interface Progress {
  agreements: number
  target: number
  rows: Record<TableName, number>
  seconds: number
}

export interface GenerateSummary {
  /** 1 for the first generated graph in a database, 2, 3… for appended ones. */
  batch: number
  prefix: string
  seed: number
  rows: Record<TableName, number>
  /** Slugs of the hub companies, biggest first. */
  hubs: string[]
  seconds: { reset: number; generate: number; load: number; analyze: number; total: number }
  /** Loading time per table. */
  loadSeconds: Record<TableName, number>
  deleted: Record<string, number> | null
}

export class GeneratedRowsExistError extends Error {
  constructor(readonly companies: number) {
    super(
      `The database already holds generated rows (${companies} companies with slugs "${SLUG_PREFIX}…"). ` +
        'Pass --append to add another generated graph beside them, or --reset to delete them first.',
    )
    this.name = 'GeneratedRowsExistError'
  }
}

const zeroCounts = (): Record<TableName, number> => Object.fromEntries(TABLE_ORDER.map((t) => [t, 0])) as Record<TableName, number>

const like = (prefix: string) => `${prefix.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`

/** Batches of generated graphs present: 1 for plain "syn-" slugs, n for "syn-b<n>-". */
async function generatedBatches(client: pg.ClientBase): Promise<{ batches: number[]; companies: number; any: boolean }> {
  const { rows } = await client.query<{ batch: number; n: number }>(
    `SELECT coalesce(substring(slug from '^syn-b([0-9]+)-')::int, 1) AS batch, count(*)::int AS n
     FROM "Company" WHERE slug LIKE $1 GROUP BY 1 ORDER BY 1`,
    [like(SLUG_PREFIX)],
  )
  const { rows: other } = await client.query<{ any: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM "Agreement" WHERE slug LIKE $1) OR EXISTS (SELECT 1 FROM "Source" WHERE url LIKE $2) AS any`,
    [like(SLUG_PREFIX), like(URL_PREFIX)],
  )
  const companies = rows.reduce((n, r) => n + r.n, 0)
  return { batches: rows.map((r) => r.batch), companies, any: companies > 0 || other[0]!.any }
}

/** Deletes every generated row (and nothing else), children first, in one transaction. */
export async function deleteGenerated(client: pg.ClientBase): Promise<Record<string, number>> {
  const slug = like(SLUG_PREFIX)
  const steps: [string, string, unknown[]][] = [
    ['ClauseCitation', `DELETE FROM "ClauseCitation" x USING "Clause" c WHERE x."clauseId" = c."id" AND c."key" LIKE $1`, [slug]],
    ['_AssetToClause', `DELETE FROM "_AssetToClause" x USING "Clause" c WHERE x."B" = c."id" AND c."key" LIKE $1`, [slug]],
    ['_ClauseToCloudProvider', `DELETE FROM "_ClauseToCloudProvider" x USING "Clause" c WHERE x."A" = c."id" AND c."key" LIKE $1`, [slug]],
    ['Clause', `DELETE FROM "Clause" WHERE "key" LIKE $1`, [slug]],
    ['AgreementCitation', `DELETE FROM "AgreementCitation" x USING "Agreement" a WHERE x."agreementId" = a."id" AND a."slug" LIKE $1`, [slug]],
    ['AgreementParty', `DELETE FROM "AgreementParty" x USING "Agreement" a WHERE x."agreementId" = a."id" AND a."slug" LIKE $1`, [slug]],
    ['Agreement', `DELETE FROM "Agreement" WHERE "slug" LIKE $1`, [slug]],
    ['CloudProvider', `DELETE FROM "CloudProvider" WHERE "slug" LIKE $1`, [slug]],
    ['Asset', `DELETE FROM "Asset" WHERE "slug" LIKE $1`, [slug]],
    ['Company', `DELETE FROM "Company" WHERE "slug" LIKE $1`, [slug]],
    ['Source', `DELETE FROM "Source" WHERE "url" LIKE $1`, [like(URL_PREFIX)]],
  ]
  const deleted: Record<string, number> = {}
  await client.query('BEGIN')
  try {
    for (const [table, sql, params] of steps) deleted[table] = (await client.query(sql, params)).rowCount ?? 0
    await client.query('COMMIT')
  } catch (error) {
    await client.query('ROLLBACK')
    throw error
  }
  return deleted
}

async function loadBatch(client: pg.ClientBase, batch: Batch, seconds: Record<TableName, number>): Promise<void> {
  for (const table of TABLE_ORDER) {
    const started = performance.now()
    if (table === 'Agreement') {
      for (const level of batch.agreementLevels) await copyRows(client, 'Agreement', COLUMNS.Agreement, level)
    } else {
      await copyRows(client, table, COLUMNS[table], batch.rows[table])
    }
    seconds[table] += (performance.now() - started) / 1000
  }
}

/**
 * Generates a synthetic graph and loads it into the database at `url` with COPY, in one
 * transaction (a failed run leaves nothing behind), then VACUUM ANALYZEs the tables it wrote.
 */
export async function generateGraph(options: GenerateOptions): Promise<GenerateSummary> {
  const started = performance.now()
  const seconds = { reset: 0, generate: 0, load: 0, analyze: 0, total: 0 }
  const seed = options.seed ?? 42
  if (!Number.isInteger(options.companies) || options.companies < 0) throw new Error('--companies must be a whole number ≥ 0')
  if (!Number.isInteger(options.agreements) || options.agreements < 0) throw new Error('--agreements must be a whole number ≥ 0')
  if (options.agreements > 0 && options.companies < 2) throw new Error('Agreements need at least 2 companies (--companies)')

  const client = new pg.Client({ connectionString: options.url })
  await client.connect()
  try {
    let state = await generatedBatches(client)
    let deleted: Record<string, number> | null = null
    if (state.any) {
      if ((options.existing ?? 'refuse') === 'refuse') throw new GeneratedRowsExistError(state.companies)
      if (options.existing === 'reset') {
        const t = performance.now()
        deleted = await deleteGenerated(client)
        seconds.reset = (performance.now() - t) / 1000
        options.log?.(
          `Deleted the generated rows: ${Object.entries(deleted)
            .map(([t, n]) => `${t} ${n}`)
            .join(', ')} (${seconds.reset.toFixed(1)} s)`,
        )
        state = { batches: [], companies: 0, any: false }
      }
    }
    const batchNumber = state.batches.length === 0 ? 1 : Math.max(...state.batches) + 1
    const prefix = batchNumber === 1 ? SLUG_PREFIX : `${SLUG_PREFIX}b${batchNumber}-`
    const model = new GraphModel({
      companies: options.companies,
      agreements: options.agreements,
      // Appended graphs get their own names and UUIDs.
      seed: (seed + (batchNumber - 1) * 1_000_003) >>> 0,
      prefix,
      urlPrefix: `${URL_PREFIX}b${batchNumber}/`,
      timestamp: new Date().toISOString(),
      batchDeals: options.batchDeals,
    })

    const rows = zeroCounts()
    const loadSeconds = zeroCounts()
    const timed = <T>(key: 'generate' | 'load', work: () => T): T => {
      const t = performance.now()
      try {
        return work()
      } finally {
        seconds[key] += (performance.now() - t) / 1000
      }
    }
    await client.query('BEGIN')
    try {
      let batch: Batch | null = timed('generate', () => model.world())
      while (batch) {
        const loadStarted = performance.now()
        await loadBatch(client, batch, loadSeconds)
        seconds.load += (performance.now() - loadStarted) / 1000
        for (const [table, n] of Object.entries(batchCounts(batch))) rows[table as TableName] += n
        options.onProgress?.({
          agreements: rows.Agreement,
          target: options.agreements,
          rows: { ...rows },
          seconds: (performance.now() - started) / 1000,
        })
        batch = timed('generate', () => model.nextBatch())
      }
      await client.query('COMMIT')
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {})
      throw error
    }

    const analyzeStarted = performance.now()
    // VACUUM as well: it sets the visibility map, so index-only scans (the path walks over
    // "CompanyLink", which the triggers filled) need no heap fetches.
    // FULL first: the load's trigger updates (stored in-force periods of amended versions) leave
    // holes in early pages; compacting keeps the rows in load order with later writes at the end.
    for (const table of [...TABLE_ORDER, 'CompanyLink']) {
      await client.query(`VACUUM FULL "${table}"`)
      await client.query(`VACUUM ANALYZE "${table}"`)
    }
    seconds.analyze = (performance.now() - analyzeStarted) / 1000
    seconds.total = (performance.now() - started) / 1000
    return { batch: batchNumber, prefix, seed, rows, hubs: model.hubSlugs, seconds, loadSeconds, deleted }
  } finally {
    await client.end()
  }
}
