import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CLIENT_QUERIES, differenceFromProject, floorStatement } from '../bench/lib/client-queries.js'
import { pickVariables } from '../bench/lib/databases.js'
import { loadPeerSql } from '../bench/lib/peer.js'
import { FLOOR_SQL, firstDifference, floorParams } from '../bench/lib/floor.js'
import { LICENCE_VARIABLES, SIGNATURE_QUERY, SIGNATURE_VARIABLES } from '../bench/lib/queries.js'
import { createPrismaClient } from '../src/db/setup/client.js'
import { usePrisma } from '../src/db/setup/prisma.js'
import type { PrismaClient } from '../src/generated/prisma/client.js'
import { GeneratedRowsExistError, generateGraph, type GenerateSummary } from '../synthetic/generate.js'
import { createServer } from '../src/yoga.js'
import { createTestDatabase, type TestDatabase } from './helpers/database.js'

// The synthetic graph generator (npm run generate): counts as asked, amendment chains, sources on
// everything, the same graph for the same seed, generated rows kept apart from the rest, and an API
// (and the bench's SQL floor) that answers the signature query over it.

const COMPANIES = 50
const AGREEMENTS = 300

let first: TestDatabase
let second: TestDatabase
let db: pg.Client
let summary: GenerateSummary

const one = async <T extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<T> => (await db.query<T>(sql, params)).rows[0]!
const count = async (sql: string, params: unknown[] = []) => (await one<{ n: number }>(`SELECT (${sql})::int AS n`, params)).n

beforeAll(async () => {
  first = await createTestDatabase()
  second = await createTestDatabase()
  summary = await generateGraph({ url: first.url, companies: COMPANIES, agreements: AGREEMENTS, seed: 7 })
  db = new pg.Client({ connectionString: first.url })
  await db.connect()
}, 120_000)

afterAll(async () => {
  await db?.end()
  await first?.drop()
  await second?.drop()
})

describe('npm run generate', () => {
  it('creates the companies and agreements asked for, and reports every table it wrote', async () => {
    expect(await count(`SELECT count(*) FROM "Company"`)).toBe(COMPANIES)
    expect(await count(`SELECT count(*) FROM "Agreement"`)).toBe(AGREEMENTS)
    expect(summary.rows.Company).toBe(COMPANIES)
    expect(summary.rows.Agreement).toBe(AGREEMENTS)
    for (const [table, rows] of Object.entries(summary.rows)) {
      expect(await count(`SELECT count(*) FROM "${table}"`), table).toBe(rows)
    }
    expect(await count(`SELECT count(*) FROM "Company" WHERE "slug" NOT LIKE 'syn-%'`)).toBe(0)
    expect(await count(`SELECT count(*) FROM "Agreement" WHERE "slug" NOT LIKE 'syn-%'`)).toBe(0)
    expect(await count(`SELECT count(*) FROM "Source" WHERE "url" NOT LIKE 'https://syn.example/%'`)).toBe(0)
  })

  it('gives a few hubs many deals and most companies few', async () => {
    const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM "AgreementParty" GROUP BY "companyId" ORDER BY n DESC`)
    const degrees = rows.map((r) => r.n)
    const median = degrees[Math.floor(degrees.length / 2)]!
    expect(degrees[0]!).toBeGreaterThan(10 * median)
    expect(summary.hubs.length).toBeGreaterThanOrEqual(4)
  })

  it('builds amendment chains whose earlier versions are SUPERSEDED and whose clauses supersede the earlier ones', async () => {
    const chains = await db.query<{ versions: number }>(
      `SELECT count(*)::int AS versions FROM "Agreement" GROUP BY "chainRootId" HAVING count(*) > 1`,
    )
    expect(chains.rows.length).toBeGreaterThan(10)
    expect(Math.max(...chains.rows.map((r) => r.versions))).toBeGreaterThanOrEqual(3)
    expect(Math.max(...chains.rows.map((r) => r.versions))).toBeLessThanOrEqual(4)
    // Every amended version is SUPERSEDED; no latest version is.
    expect(
      await count(
        `SELECT count(*) FROM "Agreement" a WHERE EXISTS (SELECT 1 FROM "Agreement" m WHERE m."amendsId" = a."id") AND a."status" <> 'SUPERSEDED'`,
      ),
    ).toBe(0)
    expect(
      await count(
        `SELECT count(*) FROM "Agreement" a WHERE NOT EXISTS (SELECT 1 FROM "Agreement" m WHERE m."amendsId" = a."id") AND a."status" = 'SUPERSEDED'`,
      ),
    ).toBe(0)
    // The trigger set each version's chain root to the first version.
    expect(
      await count(`SELECT count(*) FROM "Agreement" a JOIN "Agreement" p ON p."id" = a."amendsId" WHERE a."chainRootId" <> p."chainRootId"`),
    ).toBe(0)
    // A clause supersedes only a clause of the version its agreement amends.
    expect(await count(`SELECT count(*) FROM "Clause" c WHERE "supersedesId" IS NOT NULL`)).toBeGreaterThan(50)
    expect(
      await count(`SELECT count(*) FROM "Clause" c JOIN "Clause" old ON old."id" = c."supersedesId"
                   JOIN "Agreement" a ON a."id" = c."agreementId" WHERE old."agreementId" IS DISTINCT FROM a."amendsId"`),
    ).toBe(0)
    // Amendments change terms: some superseding clauses differ from the clause they replace.
    expect(
      await count(`SELECT count(*) FROM "Clause" c JOIN "Clause" old ON old."id" = c."supersedesId" WHERE c."exclusivity" <> old."exclusivity"`),
    ).toBeGreaterThan(0)
  })

  it('cites a source for every agreement and every clause', async () => {
    expect(
      await count(`SELECT count(*) FROM "Agreement" a WHERE NOT EXISTS (SELECT 1 FROM "AgreementCitation" x WHERE x."agreementId" = a."id")`),
    ).toBe(0)
    expect(await count(`SELECT count(*) FROM "Clause" c WHERE NOT EXISTS (SELECT 1 FROM "ClauseCitation" x WHERE x."clauseId" = c."id")`)).toBe(0)
  })

  it('uses every clause kind, exclusivity and date precision, licences with subjects, clouds and parties', async () => {
    const values = async (sql: string) => (await db.query<{ v: string }>(sql)).rows.map((r) => r.v).sort()
    expect(await values(`SELECT DISTINCT "kind"::text AS v FROM "Clause"`)).toHaveLength(13)
    expect(await values(`SELECT DISTINCT "exclusivity"::text AS v FROM "Clause" WHERE "kind" = 'LICENSE_GRANT'`)).toEqual([
      'EXCLUSIVE',
      'NON_EXCLUSIVE',
      'UNSPECIFIED',
    ])
    expect(await values(`SELECT DISTINCT "announcedPrecision"::text AS v FROM "Agreement"`)).toEqual(['DAY', 'MONTH', 'QUARTER', 'YEAR'])
    expect(await values(`SELECT DISTINCT "endsPrecision"::text AS v FROM "Clause" WHERE "endsPrecision" IS NOT NULL`)).toEqual([
      'DAY',
      'MONTH',
      'QUARTER',
      'YEAR',
    ])
    expect(
      await count(
        `SELECT count(*) FROM "Clause" c WHERE "kind" = 'LICENSE_GRANT' AND NOT EXISTS (SELECT 1 FROM "_AssetToClause" x WHERE x."B" = c."id")`,
      ),
    ).toBe(0)
    expect(await count(`SELECT count(*) FROM "Asset" WHERE "developerId" IS NULL`)).toBe(0)
    expect(await count(`SELECT count(*) FROM "CloudProvider"`)).toBeGreaterThan(0)
    expect(await count(`SELECT count(*) FROM "_ClauseToCloudProvider"`)).toBeGreaterThan(0)
    expect(await count(`SELECT count(*) FROM "Agreement" a WHERE (SELECT count(*) FROM "AgreementParty" p WHERE p."agreementId" = a."id") < 2`)).toBe(
      0,
    )
    expect((await values(`SELECT DISTINCT "role"::text AS v FROM "AgreementParty"`)).length).toBeGreaterThanOrEqual(8)
  })

  it('makes the same graph for the same seed and another for another seed', async () => {
    const again = await generateGraph({ url: second.url, companies: COMPANIES, agreements: AGREEMENTS, seed: 7 })
    expect(again.rows).toEqual(summary.rows)
    const fingerprint = async (url: string) => {
      const client = new pg.Client({ connectionString: url })
      await client.connect()
      try {
        const { rows } = await client.query<{ f: string }>(`
          SELECT md5(string_agg(x, ',' ORDER BY x)) AS f FROM (
            SELECT "id" || "slug" || "name" AS x FROM "Company"
            UNION ALL SELECT "id" || "slug" || "status" || coalesce("announcedText", '') FROM "Agreement"
            UNION ALL SELECT "id" || "key" || "summary" || "exclusivity" || coalesce("supersedesId"::text, '') FROM "Clause") rows`)
        return rows[0]!.f
      } finally {
        await client.end()
      }
    }
    expect(await fingerprint(second.url)).toBe(await fingerprint(first.url))

    await generateGraph({ url: second.url, companies: COMPANIES, agreements: AGREEMENTS, seed: 8, existing: 'reset' })
    expect(await fingerprint(second.url)).not.toBe(await fingerprint(first.url))
  }, 60_000)

  it('refuses a database with generated rows unless told to append or reset, and reset keeps other rows', async () => {
    await expect(generateGraph({ url: second.url, companies: 10, agreements: 20 })).rejects.toBeInstanceOf(GeneratedRowsExistError)

    const client = new pg.Client({ connectionString: second.url })
    await client.connect()
    try {
      await client.query(`INSERT INTO "Company" ("id", "slug", "name", "updatedAt") VALUES (gen_random_uuid(), 'acme', 'Acme', now())`)
      const appended = await generateGraph({ url: second.url, companies: 10, agreements: 20, existing: 'append' })
      expect(appended.batch).toBe(2)
      expect(appended.prefix).toBe('syn-b2-')
      const companies = async () => (await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM "Company"`)).rows[0]!.n
      expect(await companies()).toBe(COMPANIES + 10 + 1)

      const reset = await generateGraph({ url: second.url, companies: 10, agreements: 20, existing: 'reset' })
      expect(reset.batch).toBe(1)
      expect(reset.deleted?.Company).toBe(COMPANIES + 10)
      expect(await companies()).toBe(10 + 1)
      expect((await client.query(`SELECT 1 FROM "Company" WHERE "slug" = 'acme'`)).rowCount).toBe(1)
    } finally {
      await client.end()
    }
  }, 60_000)
})

describe('the API over a generated graph', () => {
  let prisma: PrismaClient
  let yoga: ReturnType<typeof createServer>

  beforeAll(() => {
    prisma = createPrismaClient(first.url)
    usePrisma(prisma)
    yoga = createServer({ graphiql: false })
  })
  afterAll(() => prisma?.$disconnect())

  const ask = async <Data = Record<string, any>>(document: string, variables: object) => {
    const response = await yoga.fetch('http://yoga/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: document, variables }),
    })
    return (await response.json()) as { data?: Data; errors?: unknown[] }
  }
  const query = (variables: object) => ask<{ licenses: { nodes: Record<string, any>[] } }>(SIGNATURE_QUERY, variables)

  it('answers the signature query: licences with grantor, grantee, subjects and developer, agreement and parties', async () => {
    const result = await query({ exclusivity: 'NON_EXCLUSIVE', activeOn: '2025-06-30', first: 50 })
    expect(result.errors).toBeUndefined()
    const nodes = result.data!.licenses.nodes
    expect(nodes.length).toBeGreaterThan(5)
    for (const licence of nodes) {
      expect(licence.exclusivity).toBe('NON_EXCLUSIVE')
      expect(licence.grantor.slug).toMatch(/^syn-/)
      expect(licence.grantee.slug).toMatch(/^syn-/)
      expect(licence.subjects.length).toBeGreaterThan(0)
      expect(licence.subjects[0].developer.slug).toMatch(/^syn-/)
      expect(licence.agreement.parties.length).toBeGreaterThanOrEqual(2)
    }
  })

  it('returns the same data as the bench floor (one SQL statement building the JSON)', async () => {
    for (const variables of SIGNATURE_VARIABLES) {
      const fromApi = await query(variables)
      const { rows } = await db.query<{ body: string }>(FLOOR_SQL, floorParams(variables))
      expect(firstDifference(fromApi, JSON.parse(rows[0]!.body))).toBeNull()
    }
  })

  it('returns the same data as the bench floors of Q1–Q3, IDs and cursors included', async () => {
    const hubs = await db.query<{ slug: string }>(`
      SELECT c."slug" FROM "AgreementParty" p JOIN "Company" c ON c."id" = p."companyId"
      GROUP BY c."id" ORDER BY count(*) DESC, c."slug" LIMIT 2`)
    const cases = [
      ...(['q1', 'q2'] as const).flatMap((name) => LICENCE_VARIABLES.map((variables) => ({ name, variables: { ...variables } }))),
      ...[...hubs.rows.map((hub) => hub.slug), 'no-such-company'].map((slug) => ({ name: 'q3' as const, variables: { slug } })),
    ]
    let characters = 0
    for (const { name, variables } of cases) {
      const { project } = CLIENT_QUERIES[name]
      const floor = floorStatement(CLIENT_QUERIES[name], variables)
      const fromApi = await ask<unknown>(project, variables)
      expect(fromApi.errors).toBeUndefined()
      const fromFloor = JSON.parse((await db.query<{ body: string }>(floor.sql, floor.params)).rows[0]!.body)
      expect(firstDifference(fromApi, fromFloor), `${name} ${JSON.stringify(variables)}`).toBeNull()
      characters += JSON.stringify(fromApi.data).length
    }
    // Not a check of empty answers: the pages hold data.
    expect(characters).toBeGreaterThan(10_000)
  })

  it('returns the same data as the bench floors of changes and search (diff and corrections in SQL)', async () => {
    const amended = await db.query<{ slug: string }>(`SELECT "slug" FROM "Agreement" WHERE "amendsId" IS NOT NULL ORDER BY "slug"`)
    const firstVersion = await one<{ slug: string }>(`SELECT "slug" FROM "Agreement" WHERE "amendsId" IS NULL ORDER BY "slug" LIMIT 1`)
    const names = await db.query<{ name: string }>(`
      SELECT c."name" FROM "AgreementParty" p JOIN "Company" c ON c."id" = p."companyId"
      GROUP BY c."id" ORDER BY count(*) DESC, c."slug" LIMIT 3`)
    const [a, b, c] = names.rows.map((r) => r.name.toLowerCase())
    const swap = (w: string) => `${w.slice(0, 2)}${w[3]}${w[2]}${w.slice(4)}`
    const word = (name: string) => name.split(' ')[0]!
    const terms = [
      a!,
      swap(word(b!)),
      word(c!).toUpperCase(),
      'exclusive licence',
      // A longer query with a misspelt word: corrected, then searched again.
      `${swap(word(a!))} ${word(b!)}`,
      `  ${word(c!)} api  `,
      'licences',
      'zzqx',
      'a',
    ]
    const cases = [
      ...[...amended.rows.map((r) => r.slug), firstVersion.slug, 'no-such-agreement'].map((slug) => ({
        name: 'changes' as const,
        variables: { slug },
      })),
      ...terms.map((term) => ({ name: 'search' as const, variables: { query: term, first: 10 } })),
    ]
    const changed = new Set<string>()
    for (const { name, variables } of cases) {
      const { project } = CLIENT_QUERIES[name]
      const floor = floorStatement(CLIENT_QUERIES[name], variables)
      const fromApi = await ask<any>(project, variables)
      expect(fromApi.errors).toBeUndefined()
      // The floor server's connection: its settings, if any (search's trigram threshold).
      const options = Object.entries({ ...floor.settings })
        .map(([setting, value]) => `-c ${setting}=${value}`)
        .join(' ')
      const client = new pg.Client({ connectionString: first.url, options })
      await client.connect()
      try {
        const fromFloor = JSON.parse((await client.query<{ body: string }>(floor.sql, floor.params)).rows[0]!.body)
        expect(firstDifference(fromApi, fromFloor), `${name} ${JSON.stringify(variables)}`).toBeNull()
      } finally {
        await client.end()
      }
      for (const change of fromApi.data.agreement?.changes ?? []) changed.add(change.type)
    }
    // The diffs seen hold every kind of change.
    expect([...changed].sort()).toEqual(['ADDED', 'MODIFIED', 'REMOVED', 'UNCHANGED'])
  }, 60_000)
  it("returns the same data as the bench floors and PostGraphile's functions of partnershipPath and neighborhood", async () => {
    const picks = await pickVariables(first.url)
    const [hubA, hubB] = picks.hubs
    const cases = [
      { name: 'path-hubs' as const, variables: { from: hubA!.slug, to: hubB!.slug, maxHops: 4 } },
      { name: 'path-asof' as const, variables: { from: hubA!.slug, to: hubB!.slug, maxHops: 4, activeOn: picks.asOf } },
      ...picks.smallPairs.map(([from, to]) => ({ name: 'path-far' as const, variables: { from, to, maxHops: 4 } })),
      { name: 'path-far' as const, variables: { from: hubA!.slug, to: hubA!.slug, maxHops: 4 } },
      ...picks.hubs.slice(0, 2).map((hub) => ({ name: 'neighborhood' as const, variables: { slug: hub.slug, depth: 1 } })),
      { name: 'neighborhood' as const, variables: { slug: picks.smallPlayer, depth: 2 } },
    ]
    await loadPeerSql(first.url)
    const hops = new Set<number>()
    for (const { name, variables } of cases) {
      const query = CLIENT_QUERIES[name]
      const fromApi = await ask<Record<string, any>>(query.project, variables)
      expect(fromApi.errors).toBeUndefined()
      const floor = floorStatement(query, variables)
      const fromFloor = JSON.parse((await db.query<{ body: string }>(floor.sql, floor.params)).rows[0]!.body)
      expect(firstDifference(fromApi, fromFloor), `floor ${name} ${JSON.stringify(variables)}`).toBeNull()
      // PostGraphile's answer is its function's JSON under the field it names.
      const peer =
        name === 'neighborhood'
          ? { peerNeighborhood: (await one<{ j: unknown }>('SELECT peer.neighborhood($1, $2) AS j', [variables.slug, variables.depth])).j }
          : {
              peerPartnershipPath: (
                await one<{ j: unknown }>('SELECT peer.partnership_path($1, $2, $3, $4) AS j', [
                  variables.from,
                  variables.to,
                  variables.maxHops,
                  'activeOn' in variables ? variables.activeOn : null,
                ])
              ).j,
            }
      expect(differenceFromProject(name, 'peer', fromApi.data, peer), `peer ${name} ${JSON.stringify(variables)}`).toBeNull()
      if (name !== 'neighborhood') hops.add(fromApi.data!.partnershipPath?.hops ?? -1)
    }
    // Not a check of empty answers: direct links, longer paths and a company to itself.
    expect([...hops]).toEqual(expect.arrayContaining([0, 1]))
    expect(Math.max(...hops)).toBeGreaterThan(1)
  })
})
