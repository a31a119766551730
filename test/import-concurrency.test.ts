import { execFile } from 'node:child_process'
import pg from 'pg'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createPrismaClient } from '../src/db/setup/client.js'
import { createApiKey } from '../src/db/api-keys.js'
import { projectRoot } from '../src/db/setup/project-paths.js'
import { usePrisma } from '../src/db/setup/prisma.js'
import { env } from '../src/env.js'
import type { PrismaClient } from '../src/generated/prisma/client.js'
import { createServer } from '../src/yoga.js'
import { importFiles } from '../seed/load.js'
import { createTestDatabase, type TestDatabase } from './helpers/database.js'
import { dataFolder, twoVersionDeal } from './helpers/deal-files.js'

// `npm run import` while the API serves the same database, as the attack ran it: imports are
// child processes, API calls go through yoga.fetch to a server whose pool has the production
// settings. An import is held at a chosen moment by a real lock: a test transaction inserts,
// without committing, a row with a key the import creates, so the import waits on that key.

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any
const deal = (prefix: string): Json => JSON.parse(JSON.stringify(twoVersionDeal(prefix)))

interface Run {
  code: number
  stdout: string
  stderr: string
}

let database: TestDatabase
let prisma: PrismaClient
let yoga: ReturnType<typeof createServer>
let key: string
let files: Awaited<ReturnType<typeof dataFolder>>
/** Every lock a test holds, released after each test even when it fails, so no import hangs. */
const holds: { end(): Promise<void> }[] = []
afterEach(async () => {
  for (const hold of holds.splice(0)) await hold.end()
})

beforeAll(async () => {
  database = await createTestDatabase()
  prisma = createPrismaClient(database.url, {
    pool: { max: env.DB_POOL_MAX, acquireTimeoutMs: env.DB_POOL_ACQUIRE_TIMEOUT_MS, statementTimeoutMs: env.DB_STATEMENT_TIMEOUT_MS },
  })
  usePrisma(prisma)
  yoga = createServer({ graphiql: false, rateLimit: false })
  key = (await createApiKey(prisma, 'editor', ['WRITE'])).key
  files = await dataFolder()
})

afterAll(async () => {
  await yoga?.dispose()
  await prisma?.$disconnect()
  await database?.drop()
  await files?.remove()
})

function runImport(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      'npx',
      ['tsx', 'scripts/import.ts', ...args],
      { cwd: projectRoot, env: { ...process.env, DATABASE_URL: database.url } },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code) : 0, stdout, stderr }),
    )
  })
}

async function post(query: string, auth = false) {
  const started = performance.now()
  const headers: Record<string, string> = { 'content-type': 'application/json', ...(auth ? { authorization: `Bearer ${key}` } : {}) }
  const response = await yoga.fetch('http://yoga/graphql', { method: 'POST', headers, body: JSON.stringify({ query }) })
  return { status: response.status, json: (await response.json()) as Json, ms: performance.now() - started }
}

const updateDescription = (slug: string, version: number, description: string) =>
  post(
    `mutation { updateCompany(input: { slug: "${slug}", expectedVersion: ${version}, description: "${description}" }) {
      __typename ... on UpdateCompanyPayload { company { version } } ... on ConflictError { message } } }`,
    true,
  )

/** An open transaction that has inserted one row (not committed): whoever inserts its key waits. */
async function holdKey(sql: string, ...values: unknown[]) {
  const client = new pg.Client({ connectionString: database.url })
  await client.connect()
  await client.query('BEGIN')
  await client.query(sql, values)
  let open = true
  const hold = {
    /** Rolls back (or commits) and disconnects; again: nothing. */
    async end(commit = false) {
      if (!open) return
      open = false
      await client.query(commit ? 'COMMIT' : 'ROLLBACK')
      await client.end()
    },
  }
  holds.push(hold)
  return hold
}
const holdCompany = (slug: string) =>
  holdKey(`INSERT INTO "Company" ("id", "slug", "name", "kinds", "updatedAt") VALUES (gen_random_uuid(), $1, $1, '{OTHER}', now())`, slug)
const holdSource = (url: string) => holdKey(`INSERT INTO "Source" ("id", "url", "updatedAt") VALUES (gen_random_uuid(), $1, now())`, url)

/** Waits until `n` sessions of the test database wait on a lock (the holder's own reads are cached). */
async function untilWaiting(n: number): Promise<void> {
  const deadline = Date.now() + 60_000
  for (;;) {
    const [row] = await prisma.$queryRaw<{ n: number }[]>`
      SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`
    if (row!.n >= n) return
    if (Date.now() > deadline) throw new Error(`${n} import(s) never waited on the held lock`)
    await new Promise((r) => setTimeout(r, 100))
  }
}

const company = (slug: string) => prisma.company.findUnique({ where: { slug }, select: { description: true, version: true } })
const noStack = (run: Run) => {
  expect(run.stderr).not.toMatch(/^\s+at /m)
  expect(run.stderr).not.toMatch(/Prisma|Error:|Invalid `/)
}

describe('an API write acknowledged while an import runs (#6)', () => {
  it("is not overwritten: the import stops with a conflict at the record's place and writes nothing; run again, it records the true before", async () => {
    await importFiles(prisma, [await files.write('acme-base.json', deal('acme'))])
    const data = deal('acme')
    data.companies[0].description = 'From the file'
    data.companies.push({ slug: 'acme-new', name: 'Acme New', kinds: ['OTHER'] })
    const file = await files.write('acme.json', data)

    // The import reads acme-lab (version 1), then waits to create acme-new; the API writes meanwhile.
    const hold = await holdCompany('acme-new')
    const running = runImport('--lock-timeout', '60', file)
    await untilWaiting(1)
    const write = await updateDescription('acme-lab', 1, 'From the API')
    expect(write.json.data.updateCompany).toEqual({ __typename: 'UpdateCompanyPayload', company: { version: 2 } })
    await hold.end()

    const run = await running
    expect(run.code).toBe(1)
    expect(run.stdout).toBe('')
    expect(run.stderr).toContain(
      `${file}: companies[0]: company "acme-lab" was changed by someone else while this import ran (now at version 2, read at version 1)`,
    )
    expect(run.stderr).toContain('nothing was written')
    noStack(run)
    expect(await company('acme-lab')).toEqual({ description: 'From the API', version: 2 })
    expect(await prisma.company.count({ where: { slug: 'acme-new' } })).toBe(0)

    const again = await runImport(file)
    expect(again.code).toBe(0)
    const lab = await prisma.company.findUniqueOrThrow({ where: { slug: 'acme-lab' } })
    expect(lab).toMatchObject({ description: 'From the file', version: 3 })
    const history = await prisma.writeHistory.findMany({
      where: { entityId: lab.id },
      orderBy: { at: 'asc' },
      select: { actor: true, action: true, before: true, after: true },
    })
    expect(history.map((h) => [h.actor, h.action])).toEqual([
      ['import', 'CREATE'],
      ['editor', 'UPDATE'],
      ['import', 'UPDATE'],
    ])
    // The import's before is the API's after: the history chains.
    expect(history[2]!.before).toEqual(history[1]!.after)
    expect(history[2]!.before).toMatchObject({ description: 'From the API', version: 2 })
  }, 120_000)
})

describe('an import holding its transaction open (#7)', () => {
  it('does not make reads or /readyz wait, even with writes to the rows it changes queued', async () => {
    await importFiles(prisma, [await files.write('beta-base.json', deal('beta'))])
    const data = deal('beta')
    data.companies[0].description = 'From the file'
    data.sources.push({ url: 'https://example.org/beta/late', title: 'Late' })
    const file = await files.write('beta.json', data)

    // Sources are written after companies: the import has handled beta-lab when it waits here.
    const hold = await holdSource('https://example.org/beta/late')
    const running = runImport('--lock-timeout', '60', file)
    await untilWaiting(1)
    const writes = Array.from({ length: env.DB_POOL_MAX + 2 }, () => updateDescription('beta-lab', 1, 'From the API'))
    await new Promise((r) => setTimeout(r, 500))

    const read = await post('{ company(slug: "beta-big") { name } }')
    expect(read.status).toBe(200)
    expect(read.json).toEqual({ data: { company: { name: 'beta Big' } } })
    expect(read.ms).toBeLessThan(2_000)
    const started = performance.now()
    const ready = await yoga.fetch('http://yoga/readyz')
    expect({ status: ready.status, body: await ready.json() }).toMatchObject({ status: 200, body: { status: 'ready', database: 'ok' } })
    expect(performance.now() - started).toBeLessThan(2_000)

    // The writes did not queue behind the import: one won, the others lost to it, at once.
    const answers = await Promise.all(writes)
    expect(answers.map((a) => a.json.data.updateCompany.__typename).sort()).toEqual([
      ...Array(env.DB_POOL_MAX + 1).fill('ConflictError'),
      'UpdateCompanyPayload',
    ])
    await hold.end()
    const run = await running
    expect(run.code).toBe(1)
    expect(run.stderr).toContain(`${file}: companies[0]: company "beta-lab" was changed by someone else while this import ran`)
    noStack(run)
  }, 120_000)

  it('waits a bounded time for a row another transaction holds, then stops with a clear message', async () => {
    const file = await files.write('gamma.json', deal('gamma'))
    const hold = await holdCompany('gamma-lab')
    const started = performance.now()
    const run = await runImport('--lock-timeout', '1', file)
    expect(run.code).toBe(1)
    expect(run.stderr).toContain('another transaction held rows this import writes (Company) for more than 1 s; nothing was written')
    noStack(run)
    expect(performance.now() - started).toBeLessThan(30_000)
    await hold.end()
    expect(await prisma.company.count({ where: { slug: { startsWith: 'gamma-' } } })).toBe(0)
  }, 60_000)
})

describe('two imports at once (#11)', () => {
  it('of one file: one writes it, the other waits for it and finds nothing to write', async () => {
    const file = await files.write('delta.json', deal('delta'))
    const hold = await holdCompany('delta-lab')
    const runs = [runImport('--lock-timeout', '60', file), runImport('--lock-timeout', '60', file)]
    await untilWaiting(2)
    await hold.end()
    const [a, b] = await Promise.all(runs)
    for (const run of [a!, b!]) {
      expect(run.code, run.stderr).toBe(0)
      noStack(run)
    }
    const [noOp, wrote] = [a!, b!].sort((x, y) => Number(y.stdout.includes('Nothing changed')) - Number(x.stdout.includes('Nothing changed')))
    expect(noOp!.stdout).toMatch(/^ {2}total +0 +0 +15$/m)
    expect(noOp!.stdout).toContain('Nothing changed: the database already holds these files.')
    expect(wrote!.stdout).toMatch(/^ {2}total +15 +0 +0$/m)
  }, 120_000)

  it('the second gives up after its lock timeout with "another import is running"', async () => {
    const file = await files.write('eta.json', deal('eta'))
    const hold = await holdCompany('eta-lab')
    const first = runImport('--lock-timeout', '60', file)
    await untilWaiting(1)
    const second = await runImport('--lock-timeout', '1', file)
    expect(second.code).toBe(1)
    expect(second.stderr).toContain('another import is running: it did not finish within 1 s; nothing was written')
    noStack(second)
    await hold.end()
    expect((await first).code).toBe(0)
  }, 120_000)

  it('a record created by someone else while the import ran: a conflict at its place, no stack', async () => {
    const file = await files.write('theta.json', deal('theta'))
    const hold = await holdCompany('theta-big')
    const running = runImport('--lock-timeout', '60', file)
    await untilWaiting(1)
    await hold.end(true)
    const run = await running
    expect(run.code).toBe(1)
    expect(run.stderr).toContain(`${file}: companies[1]: company "theta-big" was created by someone else while this import ran`)
    noStack(run)
    expect(await prisma.company.count({ where: { slug: { startsWith: 'theta-' } } })).toBe(1)
  }, 60_000)
})

describe('new rows first, updates of existing rows last', () => {
  it('creates a new clause in the place of a stored clause once that one has moved, and a clause superseding it after that', async () => {
    await importFiles(prisma, [await files.write('iota-base.json', deal('iota'))])
    const data = deal('iota')
    const cite = data.agreements[0].sources
    data.agreements[0].clauses.unshift({ key: 'iota-deal-v1#9', kind: 'OTHER', summary: 'A new first term.', sources: cite })
    data.agreements[1].clauses.push({
      key: 'iota-deal-v2#4',
      kind: 'OTHER',
      summary: 'It replaces the new first term.',
      supersedes: 'iota-deal-v1#9',
      sources: cite,
    })
    const report = await importFiles(prisma, [await files.write('iota.json', data)])
    expect(report.summary.Clause).toEqual({ created: 2, updated: 3, unchanged: 3 })

    const clauses = await prisma.clause.findMany({
      where: { key: { startsWith: 'iota-' } },
      orderBy: [{ agreement: { slug: 'asc' } }, { position: 'asc' }],
      select: { key: true, position: true, supersedes: { select: { key: true } } },
    })
    expect(clauses.map((c) => [c.key, c.position, c.supersedes?.key ?? null])).toEqual([
      ['iota-deal-v1#9', 1, null],
      ['iota-deal-v1#1', 2, null],
      ['iota-deal-v1#2', 3, null],
      ['iota-deal-v1#3', 4, null],
      ['iota-deal-v2#1', 1, 'iota-deal-v1#1'],
      ['iota-deal-v2#2', 2, 'iota-deal-v1#2'],
      ['iota-deal-v2#3', 3, 'iota-deal-v1#3'],
      ['iota-deal-v2#4', 4, 'iota-deal-v1#9'],
    ])
    expect((await importFiles(prisma, [await files.write('iota.json', data)])).totals).toMatchObject({ created: 0, updated: 0 })
  })
})
