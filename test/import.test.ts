import { execFile } from 'node:child_process'
import { readdir } from 'node:fs/promises'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createPrismaClient } from '../src/db/setup/client.js'
import { projectRoot } from '../src/db/setup/project-paths.js'
import type { PrismaClient } from '../src/generated/prisma/client.js'
import { ClauseKind } from '../src/generated/prisma/enums.js'
import { DatasetError, importFiles, loadShippedData, readShippedData } from '../seed/load.js'
import { validateFiles } from '../seed/validate.js'
import { createTestDatabase, type TestDatabase } from './helpers/database.js'
import { dataFolder, twoVersionDeal } from './helpers/deal-files.js'

// Files are mutated freely in these tests: plain JSON.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any
// Through JSON, not structuredClone: the builder shares citation objects, a file does not.
const deal = (prefix = 'acme'): Json => JSON.parse(JSON.stringify(twoVersionDeal(prefix)))
const NOWHERE = '(neither in the imported files nor in the database)'

/** The problems an import reports, or [] when it succeeds. */
async function problemsOf(prisma: PrismaClient, paths: string[]): Promise<string[]> {
  try {
    await importFiles(prisma, paths)
    return []
  } catch (error) {
    if (error instanceof DatasetError) return error.problems
    throw error
  }
}

async function rowCounts(prisma: PrismaClient) {
  const tables = [
    'Company',
    'CloudProvider',
    'Asset',
    'Source',
    'Agreement',
    'AgreementParty',
    'AgreementCitation',
    'Clause',
    'ClauseCitation',
    '_AssetToClause',
    '_ClauseToCloudProvider',
    'WriteHistory',
  ]
  const out: Record<string, number> = {}
  for (const t of tables) out[t] = Number((await prisma.$queryRawUnsafe<{ n: bigint }[]>(`SELECT count(*) AS n FROM "${t}"`))[0]!.n)
  return out
}

async function stamps(prisma: PrismaClient) {
  const select = { id: true, updatedAt: true } as const
  const rows = [
    ...(await prisma.company.findMany({ select })),
    ...(await prisma.cloudProvider.findMany({ select })),
    ...(await prisma.asset.findMany({ select })),
    ...(await prisma.source.findMany({ select })),
    ...(await prisma.agreement.findMany({ select })),
    ...(await prisma.clause.findMany({ select })),
  ]
  return new Map(rows.map((r) => [r.id, r.updatedAt.toISOString()]))
}

let db: TestDatabase
let prisma: PrismaClient
let files: Awaited<ReturnType<typeof dataFolder>>

beforeAll(async () => {
  db = await createTestDatabase()
  prisma = createPrismaClient(db.url)
  files = await dataFolder()
})

afterAll(async () => {
  await prisma?.$disconnect()
  await db?.drop()
  await files?.remove()
})

describe('validation: every problem with its place, nothing written', () => {
  const month = 'month must be 01–12 (accepted: YYYY, YYYY-Qn, YYYY-MM, YYYY-MM-DD)'
  const cases: [string, (d: Json) => void, string[]][] = [
    [
      'a partial date that is not one',
      (d) => (d.agreements[1].clauses[0].endsOn = '2032-13'),
      [`agreements[1].clauses[0].endsOn: "2032-13" is not a partial date: ${month}`],
    ],
    [
      'a partial date not spelled the canonical way',
      (d) => (d.agreements[1].announcedOn = '2025-q2'),
      ['agreements[1].announcedOn: "2025-q2" must be written "2025-Q2"'],
    ],
    [
      'a day that does not exist',
      (d) => (d.sources[0].publishedOn = '2023-02-29'),
      ['sources[0].publishedOn: "2023-02-29" is not a day: day must be 01–28 in 2023-02 (accepted: YYYY-MM-DD)'],
    ],
    ['a missing field', (d) => delete d.agreements[0].status, ['agreements[0].status: is required']],
    ['an unknown field', (d) => (d.agreements[0].clauses[0].exclusive = true), ['agreements[0].clauses[0].exclusive: unknown field']],
    [
      'a carry with a field of the wrong type',
      (d) => (d.agreements[1].clauses[1].carry = 2),
      ['agreements[1].clauses[1].carry: Invalid input: expected string, received number'],
    ],
    [
      'an unknown company',
      (d) => (d.agreements[0].clauses[0].grantor = 'nobody'),
      [`agreements[0].clauses[0].grantor: unknown company "nobody" ${NOWHERE}`],
    ],
    [
      'an unknown party',
      (d) => (d.agreements[0].parties[1].company = 'nobody'),
      [
        `agreements[0].parties[1].company: unknown company "nobody" ${NOWHERE}`,
        'agreements[0].clauses[0].grantee: company "acme-big" is not a party to this agreement',
        'agreements[0].clauses[1].grantee: company "acme-big" is not a party to this agreement',
        'agreements[0].clauses[2].grantor: company "acme-big" is not a party to this agreement',
      ],
    ],
    [
      'an unknown asset',
      (d) => (d.agreements[0].clauses[0].subjects = ['no-model']),
      [`agreements[0].clauses[0].subjects[0]: unknown asset "no-model" ${NOWHERE}`],
    ],
    [
      'an unknown cloud provider',
      (d) => (d.agreements[0].clauses[1].cloudProviders = ['no-cloud']),
      [`agreements[0].clauses[1].cloudProviders[0]: unknown cloud provider "no-cloud" ${NOWHERE}`],
    ],
    [
      'an unknown source',
      (d) => (d.agreements[0].sources[0].url = 'https://example.org/missing'),
      [`agreements[0].sources[0].url: unknown source "https://example.org/missing" ${NOWHERE}`],
    ],
    [
      'a grantor who is not a party',
      (d) => (d.agreements[0].clauses[0].grantor = 'acme-cloud-co'),
      ['agreements[0].clauses[0].grantor: company "acme-cloud-co" is not a party to this agreement'],
    ],
    [
      'a grantor who is also the grantee',
      (d) => (d.agreements[0].clauses[0].grantor = 'acme-big'),
      ['agreements[0].clauses[0].grantee: must differ from the grantor'],
    ],
    [
      'an amendment of an agreement that does not exist',
      (d) => (d.agreements[1].amends = 'acme-deal-v0'),
      [`agreements[1].amends: unknown agreement "acme-deal-v0" ${NOWHERE}`],
    ],
    [
      'a supplement of an agreement that does not exist',
      (d) => (d.agreements[1].supplements = 'acme-side-deal'),
      [`agreements[1].supplements: unknown agreement "acme-side-deal" ${NOWHERE}`],
    ],
    [
      'a slug defined twice',
      (d) => d.companies.push({ ...d.companies[0], name: 'Another' }),
      ['companies[3].slug: company "acme-lab" is defined twice: here and at FILE: companies[0]'],
    ],
    [
      'a clause key defined twice',
      (d) => (d.agreements[1].clauses[2].key = 'acme-deal-v2#1'),
      ['agreements[1].clauses[2].key: clause "acme-deal-v2#1" is defined twice: here and at FILE: agreements[1].clauses[0]'],
    ],
    [
      'a clause key of another agreement',
      (d) => (d.agreements[1].clauses[2].key = 'acme-deal-v3#3'),
      ['agreements[1].clauses[2].key: must start with "acme-deal-v2#", the slug of its agreement'],
    ],
    [
      'supersedes and carry outside the directly amended version',
      (d) => {
        const v3 = structuredClone(d.agreements[1])
        Object.assign(v3, { slug: 'acme-deal-v3', amends: 'acme-deal-v2' })
        v3.clauses = [
          { ...v3.clauses[0], key: 'acme-deal-v3#1', supersedes: 'acme-deal-v1#1' },
          { key: 'acme-deal-v3#2', carry: 'acme-deal-v1#2' },
        ]
        d.agreements.push(v3)
      },
      [
        'agreements[2].clauses[0].supersedes: "acme-deal-v1#1" is not a clause of the amended version "acme-deal-v2"',
        'agreements[2].clauses[1].carry: "acme-deal-v1#2" is not a clause of the amended version "acme-deal-v2"',
      ],
    ],
    [
      'a superseded clause of another kind',
      (d) => (d.agreements[1].clauses[0].kind = 'OTHER'),
      [
        'agreements[1].clauses[0].kind: is OTHER, but the clause it supersedes ("acme-deal-v1#1") is LICENSE_GRANT: a clause supersedes one of its own kind, so add a new clause instead',
      ],
    ],
    [
      'a cap that is not capped',
      (d) => (d.agreements[0].clauses[2].capped = false),
      ['agreements[0].clauses[2].capped: is false but a cap is given: leave capped out or set it to true'],
    ],
    [
      'an end before the start',
      (d) => (d.agreements[0].clauses[0].startsOn = '2031'),
      ['agreements[0].clauses[0].endsOn: ends (2030) before it starts (2031)'],
    ],
    [
      'a version ending before it is announced',
      (d) => Object.assign(d.agreements[0], { effectiveOn: '2023', endsOn: '2023-12' }),
      ["agreements[0].endsOn: ends (2023-12) before the version's announcedOn (2024-03)"],
    ],
    [
      'a termination date without TERMINATED, or before the start',
      (d) => Object.assign(d.agreements[1], { terminatedOn: '2024' }),
      ['agreements[1].terminatedOn: is only for status TERMINATED', 'agreements[1].terminatedOn: is before the version starts (2025-Q2)'],
    ],
    [
      'an amendment without a start',
      (d) => (d.agreements[1].announcedOn = null),
      ['agreements[1].effectiveOn: an amendment needs effectiveOn or announcedOn: it replaces the amended version from that day'],
    ],
    [
      'an amendment starting before the version it amends',
      (d) => (d.agreements[1].announcedOn = '2023'),
      ['agreements[1].announcedOn: starts (2023) before the version it amends (2024-03)'],
    ],
    [
      'a withdrawn clause without a note',
      (d) => (d.agreements[0].clauses[0].status = 'WITHDRAWN'),
      ['agreements[0].clauses[0].statusNote: is required to withdraw a clause: say why'],
    ],
    [
      'a carry of a withdrawn clause',
      (d) => Object.assign(d.agreements[0].clauses[1], { status: 'WITHDRAWN', statusNote: 'Never agreed.' }),
      ['agreements[1].clauses[1].carry: clause "acme-deal-v1#2" is withdrawn and is not carried over'],
    ],
    [
      'an unknown deal',
      (d) => (d.agreements[0].deal = 'no-such-deal'),
      ['agreements[0].deal: unknown deal "no-such-deal" (neither in the imported files\' deals nor in the database)'],
    ],
    [
      'an amendment naming another deal',
      (d) => {
        d.deals = [{ slug: 'acme-alliance', title: 'Acme alliance' }]
        d.agreements[0].deal = 'acme-alliance'
        d.agreements[1].deal = 'acme-deal-v1'
      },
      ['agreements[1].deal: "acme-deal-v2" is in the deal of the version it amends ("acme-alliance"), not "acme-deal-v1": leave `deal` out'],
    ],
    [
      'two amendments of one version',
      (d) => d.agreements.push({ ...structuredClone(d.agreements[1]), slug: 'acme-deal-v2b', clauses: [] }),
      ['agreements[2].amends: "acme-deal-v1" is already amended by "acme-deal-v2": amend the latest version'],
    ],
    [
      'a carried clause left without a source, or a clause of more than 20',
      (d) => {
        d.agreements[0].clauses[0].sources = []
        d.agreements[0].clauses[1].sources = Array.from({ length: 21 }, (_, i) => ({ url: `https://example.org/acme/${i}`, basis: 'OFFICIAL' }))
      },
      ['agreements[0].clauses[0].sources: must cite at least one source', 'agreements[0].clauses[1].sources: must have at most 20 items'],
    ],
    // The field rules of the API (src/domain/field-rules.ts), so an import stores only what the API would.
    [
      'control characters (NUL, ESC, BEL) in text',
      (d) => {
        d.companies[0].name = 'Acme\u0000Lab'
        d.companies[1].aliases = ['Big\u001b[31m']
        d.agreements[0].clauses[0].summary = 'Rings \u0007'
      },
      [
        'companies[0].name: contains the control character U+0000: only tabs and line breaks are allowed',
        'companies[1].aliases[0]: contains the control character U+001B: only tabs and line breaks are allowed',
        'agreements[0].clauses[0].summary: contains the control character U+0007: only tabs and line breaks are allowed',
      ],
    ],
    [
      'a name of only invisible characters',
      (d) => {
        d.companies[0].name = '\u200B\u200B'
        d.assets[0].name = ' \u200D\uFEFF\u2060 '
      },
      [
        'companies[0].name: has nothing visible: only spaces and invisible characters (such as U+200B)',
        'assets[0].name: has nothing visible: only spaces and invisible characters (such as U+200B)',
      ],
    ],
    [
      'over-long text and slugs (a 100,000-character word)',
      (d) => {
        d.companies[0].aliases = ['x'.repeat(100_000)]
        d.companies.push({ slug: 'a'.repeat(81), name: 'Long' })
      },
      ['companies[0].aliases[0]: must be at most 200 characters (it has 100000)', 'companies[3].slug: must be at most 80 characters (it has 81)'],
    ],
    [
      'amounts too large to store to the cent (1e30, 99999999999999.99)',
      (d) => {
        d.agreements[0].value = { amount: 1e30, currency: 'USD' }
        d.agreements[1].value = { amount: 99999999999999.99, currency: 'USD' }
      },
      [
        'agreements[0].value.amount: must be less than 10^13 (ten trillion): a larger amount cannot be stored to the cent exactly',
        'agreements[1].value.amount: must be less than 10^13 (ten trillion): a larger amount cannot be stored to the cent exactly',
      ],
    ],
    [
      'over-precise amounts and percentages (0.005, 12.345678)',
      (d) => {
        d.agreements[0].clauses[2].percentage = 12.345678
        d.agreements[0].clauses[2].cap.amount = 0.005
      },
      [
        'agreements[0].clauses[2].percentage: 12.345678 has more than 4 decimal places',
        'agreements[0].clauses[2].cap.amount: 0.005 has more than 2 decimal places',
      ],
    ],
  ]

  it.each(cases)('reports %s', async (name, mutate, expected) => {
    const data = deal()
    mutate(data)
    const file = await files.write(`${name.replaceAll(' ', '-')}.json`, data)
    const before = await rowCounts(prisma)
    expect(await problemsOf(prisma, [file])).toEqual(expected.map((p) => `${file}: ${p.replace('FILE', file)}`))
    expect(await rowCounts(prisma)).toEqual(before)
  })

  it('reports an invalid enum value with the accepted ones', async () => {
    const data = deal()
    data.agreements[0].clauses[0].kind = 'LICENCE'
    const file = await files.write('enum.json', data)
    const accepted = Object.values(ClauseKind)
      .map((k) => `"${k}"`)
      .join('|')
    expect(accepted).toMatch(/^"LICENSE_GRANT"\|"EXCLUSIVITY"\|.*\|"OTHER"$/)
    expect(await problemsOf(prisma, [file])).toEqual([`${file}: agreements[0].clauses[0].kind: Invalid option: expected one of ${accepted}`])
  })

  it('reports every problem of every file in one run, in file order, with both places of a duplicate', async () => {
    const folder = await dataFolder()
    try {
      const a = deal()
      a.agreements[1].clauses[0].endsOn = '2032-13'
      a.agreements[1].clauses[0].grantee = 'acme-cloud-co' // the same clause: both are reported
      a.agreements[0].clauses[0].subjects = ['no-model']
      const b = deal('beta')
      b.companies.push(structuredClone(a.companies[0]))
      b.agreements[0].sources[0].url = 'https://example.org/missing'
      const fileA = await folder.write('a.json', a)
      const fileB = await folder.write('b.json', b)
      const fileC = await folder.write('c.json', '{ "companies": [ }')
      await folder.write('notes.txt', 'not data: ignored in a folder')
      const problems = await problemsOf(prisma, [folder.dir, `${folder.dir}/no-such.json`])
      expect(problems).toEqual([
        `${fileA}: agreements[1].clauses[0].endsOn: "2032-13" is not a partial date: ${month}`,
        `${fileA}: agreements[0].clauses[0].subjects[0]: unknown asset "no-model" ${NOWHERE}`,
        `${fileA}: agreements[1].clauses[0].grantee: company "acme-cloud-co" is not a party to this agreement`,
        `${fileB}: companies[3].slug: company "acme-lab" is defined twice: here and at ${fileA}: companies[0]`,
        `${fileB}: agreements[0].sources[0].url: unknown source "https://example.org/missing" ${NOWHERE}`,
        expect.stringMatching(new RegExp(`^${fileC}: cannot be read as JSON: `)),
        `${folder.dir}/no-such.json: no such file or folder`,
      ])
    } finally {
      await folder.remove()
    }
  })

  it('keeps checking references when an entry fails the schema, without reporting it again as unknown', async () => {
    const data = deal()
    data.companies[0].kinds = ['LAB'] // acme-lab fails the schema; its references are not "unknown"
    data.agreements[0].clauses[0].grantee = 'nobody'
    const file = await files.write('salvage.json', data)
    expect(await problemsOf(prisma, [file])).toEqual([
      expect.stringMatching(new RegExp(`^${file}: companies\\[0\\]\\.kinds\\[0\\]: Invalid option`)),
      `${file}: agreements[0].clauses[0].grantee: unknown company "nobody" ${NOWHERE}`,
    ])
  })
})

describe('writing', () => {
  let target: TestDatabase
  let client: PrismaClient
  let folder: Awaited<ReturnType<typeof dataFolder>>
  let file: string

  beforeAll(async () => {
    target = await createTestDatabase()
    client = createPrismaClient(target.url)
    folder = await dataFolder()
    file = await folder.write('acme.json', deal())
  })
  afterAll(async () => {
    await client?.$disconnect()
    await target?.drop()
    await folder?.remove()
  })

  it('creates every row, records each in WriteHistory, and reports per entity type', async () => {
    const report = await importFiles(client, [folder.dir])
    expect(report.summary).toEqual({
      Company: { created: 3, updated: 0, unchanged: 0 },
      CloudProvider: { created: 1, updated: 0, unchanged: 0 },
      Asset: { created: 1, updated: 0, unchanged: 0 },
      Source: { created: 1, updated: 0, unchanged: 0 },
      // The first version names no deal: one of its own, which the amendment joins.
      Deal: { created: 1, updated: 0, unchanged: 0 },
      Agreement: { created: 2, updated: 0, unchanged: 0 },
      Clause: { created: 6, updated: 0, unchanged: 0 },
    })
    const counts = await rowCounts(client)
    expect(counts).toMatchObject({
      AgreementParty: 4,
      AgreementCitation: 2,
      ClauseCitation: 6,
      _AssetToClause: 2,
      _ClauseToCloudProvider: 2,
      WriteHistory: 15,
    })

    const v2 = await client.agreement.findUniqueOrThrow({ where: { slug: 'acme-deal-v2' }, include: { amends: true } })
    expect(v2.chainRootId).toBe(v2.amends!.id) // set by the trigger, not by the import
    const carried = await client.clause.findUniqueOrThrow({ where: { key: 'acme-deal-v2#3' }, include: { supersedes: true } })
    expect(carried).toMatchObject({ kind: 'REVENUE_SHARE', summary: 'A share of revenue.', capped: true, position: 3 })
    expect(carried.supersedes?.key).toBe('acme-deal-v1#3')

    const history = await client.writeHistory.findFirstOrThrow({ where: { entityId: carried.id } })
    expect(history).toMatchObject({ entityType: 'Clause', action: 'CREATE', actor: 'import', before: null })
    expect(history.after).toMatchObject({
      id: carried.id,
      key: 'acme-deal-v2#3',
      percentage: '20',
      capAmount: '1000000',
      capCurrency: 'USD',
      supersedesId: carried.supersedesId,
      version: 1,
    })
    expect(history.after).toMatchObject({ subjectIds: [], cloudProviderIds: [], citations: [{ sourceId: expect.any(String), basis: 'OFFICIAL' }] })
    const v1 = await client.writeHistory.findFirstOrThrow({ where: { entityId: v2.amends!.id } })
    expect(v1.after).toMatchObject({
      kinds: ['LICENSE'],
      chainRootId: v2.amends!.id,
      parties: [{ role: expect.any(String) }, { role: expect.any(String) }],
    })
  })

  it('changes nothing when the same files are imported again', async () => {
    const before = { counts: await rowCounts(client), stamps: await stamps(client) }
    const report = await importFiles(client, [file])
    expect(report.totals).toEqual({ created: 0, updated: 0, unchanged: 15 })
    expect(await rowCounts(client)).toEqual(before.counts)
    expect(await stamps(client)).toEqual(before.stamps)
  })

  it('updates exactly the row whose fact changed, and records it with before and after', async () => {
    const data = deal()
    data.agreements[1].clauses[0].endsOn = '2033'
    await folder.write('acme.json', data)
    const before = { counts: await rowCounts(client), stamps: await stamps(client) }

    const report = await importFiles(client, [file])
    expect(report.totals).toEqual({ created: 0, updated: 1, unchanged: 14 })
    expect(report.summary.Clause).toEqual({ created: 0, updated: 1, unchanged: 5 })

    const clause = await client.clause.findUniqueOrThrow({ where: { key: 'acme-deal-v2#1' } })
    expect([clause.endsText, clause.endsLatest?.toISOString().slice(0, 10)]).toEqual(['2033', '2033-12-31'])
    const after = await stamps(client)
    const moved = [...after].filter(([id, stamp]) => before.stamps.get(id) !== stamp).map(([id]) => id)
    expect(moved).toEqual([clause.id])

    expect(await rowCounts(client)).toEqual({ ...before.counts, WriteHistory: before.counts.WriteHistory! + 1 })
    const record = await client.writeHistory.findFirstOrThrow({ where: { entityId: clause.id, action: 'UPDATE' } })
    expect(record).toMatchObject({ entityType: 'Clause', actor: 'import' })
    expect(record.before).toMatchObject({ endsText: '2032', endsLatest: '2032-12-31T00:00:00.000Z' })
    expect(record.after).toMatchObject({ endsText: '2033', endsLatest: '2033-12-31T00:00:00.000Z', updatedAt: clause.updatedAt.toISOString() })
  })

  it('updates links (a citation basis, a subject) as a change of the row that owns them', async () => {
    const data = deal()
    data.agreements[1].clauses[0].endsOn = '2033'
    data.agreements[0].sources[0].basis = 'PRESS_REPORT'
    data.agreements[1].clauses[0].subjects = []
    await folder.write('acme.json', data)
    const history = await client.writeHistory.count()
    const report = await importFiles(client, [file])
    expect(report.summary.Agreement).toEqual({ created: 0, updated: 1, unchanged: 1 })
    expect(report.summary.Clause).toEqual({ created: 0, updated: 1, unchanged: 5 })
    expect(await client.writeHistory.count()).toBe(history + 2)
    const clause = await client.clause.findUniqueOrThrow({ where: { key: 'acme-deal-v2#1' }, include: { subjects: true } })
    expect(clause.subjects).toEqual([])
    const record = await client.writeHistory.findFirstOrThrow({ where: { entityId: clause.id }, orderBy: { id: 'desc' } })
    expect((record.before as { subjectIds: string[] }).subjectIds).toHaveLength(1)
    expect((record.after as { subjectIds: string[] }).subjectIds).toEqual([])
  })

  it('writes nothing from a file with one bad clause', async () => {
    const data = deal()
    data.agreements.push({ ...structuredClone(data.agreements[1]), slug: 'acme-deal-v3', amends: 'acme-deal-v2', clauses: [] })
    data.agreements[2].clauses = [
      { key: 'acme-deal-v3#1', carry: 'acme-deal-v2#1' },
      { key: 'acme-deal-v3#2', kind: 'TERM', summary: 'Runs to 2032.', endsOn: '2032-13', sources: data.agreements[0].sources },
    ]
    data.companies.push({ slug: 'acme-new', name: 'New' })
    const bad = await folder.write('acme.json', data)
    const before = { counts: await rowCounts(client), stamps: await stamps(client) }
    expect(await problemsOf(client, [bad])).toHaveLength(1)
    expect(await rowCounts(client)).toEqual(before.counts)
    expect(await stamps(client)).toEqual(before.stamps)
  })

  it('stores a cap without capped as capped, as the API does, and finds nothing to change on re-import', async () => {
    const data = deal('capless')
    delete data.agreements[0].clauses[2].capped
    const capless = await folder.write('capless.json', data)
    await importFiles(client, [capless])
    for (const key of ['capless-deal-v1#3', 'capless-deal-v2#3'])
      expect(await client.clause.findUniqueOrThrow({ where: { key } })).toMatchObject({ capped: true })
    expect((await importFiles(client, [capless])).totals).toMatchObject({ created: 0, updated: 0 })
  })

  it('stores clause statuses as setClauseStatus does, stamped with the time the import sets them', async () => {
    const data = deal('zeta')
    Object.assign(data.agreements[0].clauses[0], { status: 'WITHDRAWN', statusNote: 'Never agreed.' })
    const zeta = await folder.write('zeta.json', data)
    const statuses = () =>
      client.clause.findMany({
        where: { key: { startsWith: 'zeta-' } },
        select: { id: true, key: true, status: true, statusNote: true, statusChangedAt: true, updatedAt: true },
        orderBy: [{ agreement: { slug: 'asc' } }, { position: 'asc' }],
      })
    await importFiles(client, [zeta])
    const [withdrawn, ...others] = await statuses()
    // A withdrawn clause may still be superseded: the API lets a superseded clause be withdrawn.
    expect(withdrawn).toMatchObject({
      key: 'zeta-deal-v1#1',
      status: 'WITHDRAWN',
      statusNote: 'Never agreed.',
      statusChangedAt: withdrawn!.updatedAt,
    })
    expect(others.map((c) => [c.status, c.statusNote, c.statusChangedAt])).toEqual(others.map(() => ['ACTIVE', null, null]))
    expect((await importFiles(client, [zeta])).summary.Clause).toEqual({ created: 0, updated: 0, unchanged: 6 })

    Object.assign(data.agreements[0].clauses[0], { status: 'ACTIVE', statusNote: 'Confirmed after all.' })
    await folder.write('zeta.json', data)
    expect((await importFiles(client, [zeta])).summary.Clause).toEqual({ created: 0, updated: 1, unchanged: 5 })
    const [reinstated] = await statuses()
    expect(reinstated).toMatchObject({ status: 'ACTIVE', statusNote: 'Confirmed after all.', statusChangedAt: reinstated!.updatedAt })
    expect(reinstated!.statusChangedAt!.getTime()).toBeGreaterThan(withdrawn!.statusChangedAt!.getTime())
    const record = await client.writeHistory.findFirstOrThrow({ where: { entityId: withdrawn!.id, action: 'UPDATE' } })
    expect(record.before).toMatchObject({
      status: 'WITHDRAWN',
      statusNote: 'Never agreed.',
      statusChangedAt: withdrawn!.statusChangedAt!.toISOString(),
    })
    expect(record.after).toMatchObject({
      status: 'ACTIVE',
      statusNote: 'Confirmed after all.',
      statusChangedAt: reinstated!.statusChangedAt!.toISOString(),
    })
  })

  it('writes nothing when the database refuses a row half-way (one transaction)', async () => {
    const data = deal()
    data.companies.push({ slug: 'acme-new', name: 'New' })
    data.agreements[1].clauses[0].summary = 'REFUSED BY THE TEST'
    const refused = await folder.write('acme.json', data)
    await client.$executeRawUnsafe(`ALTER TABLE "Clause" ADD CONSTRAINT "test_refuse" CHECK ("summary" <> 'REFUSED BY THE TEST')`)
    try {
      const before = { counts: await rowCounts(client), stamps: await stamps(client) }
      await expect(importFiles(client, [refused])).rejects.toThrow(/test_refuse/)
      expect(await rowCounts(client)).toEqual(before.counts)
      expect(await stamps(client)).toEqual(before.stamps)
      expect(await client.company.findUnique({ where: { slug: 'acme-new' } })).toBeNull()
    } finally {
      await client.$executeRawUnsafe(`ALTER TABLE "Clause" DROP CONSTRAINT "test_refuse"`)
    }
  })
})

describe('a database that holds the shipped data', () => {
  let target: TestDatabase
  let client: PrismaClient
  let folder: Awaited<ReturnType<typeof dataFolder>>
  const V2026 = 'microsoft-openai-2026-04-amendment'
  const NEXT = 'microsoft-openai-2027-test-amendment'
  const storedSource = 'https://fortune.com/2019/07/22/microsoft-openai-partnership'
  const newSource = 'https://example.org/2027/microsoft-openai'

  const amendment = (): Json => ({
    $schema: '../dataset.schema.json',
    sources: [{ url: newSource, title: 'A made-up 2027 amendment', publishedOn: '2027-01-15' }],
    agreements: [
      {
        slug: NEXT,
        title: 'Microsoft and OpenAI extend the licence (test)',
        status: 'ANNOUNCED',
        announcedOn: '2027-01',
        amends: V2026,
        parties: [
          { company: 'microsoft', roles: ['LICENSEE'] },
          { company: 'openai', roles: ['LICENSOR'] },
        ],
        sources: [{ url: newSource, basis: 'PRESS_REPORT' }],
        clauses: [
          {
            key: `${NEXT}#1`,
            kind: 'LICENSE_GRANT',
            summary: 'The licence runs to 2034.',
            grantor: 'openai',
            grantee: 'microsoft',
            subjects: ['openai-models'],
            exclusivity: 'NON_EXCLUSIVE',
            endsOn: '2034',
            supersedes: `${V2026}#3`,
            sources: [
              { url: newSource, basis: 'PRESS_REPORT' },
              { url: storedSource, basis: 'PRESS_REPORT' },
            ],
          },
          { key: `${NEXT}#2`, carry: `${V2026}#7`, extraSources: [{ url: newSource, basis: 'PRESS_REPORT' }] },
        ],
      },
    ],
  })

  beforeAll(async () => {
    target = await createTestDatabase()
    client = createPrismaClient(target.url)
    folder = await dataFolder()
  })
  afterAll(async () => {
    await client?.$disconnect()
    await target?.drop()
    await folder?.remove()
  })

  it('loads the shipped dataset with no problems, recorded as written by "seed"', async () => {
    const data = await readShippedData()
    expect((await validateFiles(client, ['seed/data'])).files.length).toBe(
      (await readdir(`${projectRoot}/seed/data`)).filter((f) => f.endsWith('.json')).length,
    )
    const result = await loadShippedData(client)
    // A first version that names no deal is a deal of its own.
    const deals = new Set([
      ...data.deals.map((d) => d.slug),
      ...data.agreements.filter((a) => !a.amends && !a.supplements).map((a) => a.deal ?? a.slug),
    ]).size
    const entities =
      deals +
      data.companies.length +
      data.cloudProviders.length +
      data.assets.length +
      data.sources.length +
      data.agreements.length +
      data.agreements.reduce((n, a) => n + a.clauses.length, 0)
    expect(result).toEqual({ created: entities, updated: 0, unchanged: 0 })
    expect(await client.writeHistory.count({ where: { actor: 'seed', action: 'CREATE' } })).toBe(entities)
  })

  it('refuses an amendment starting before the stored version it amends, writing nothing', async () => {
    const early = amendment()
    early.agreements[0].announcedOn = '2026-03'
    const file = await folder.write('early.json', early)
    const before = await rowCounts(client)
    expect(await problemsOf(client, [file])).toEqual([
      `${file}: agreements[0].announcedOn: starts (2026-03) before the version it amends (2026-04-27)`,
    ])
    expect(await rowCounts(client)).toEqual(before)
  })

  it('imports a file that amends a stored agreement, using stored companies, assets and sources', async () => {
    const file = await folder.write('next.json', amendment())
    const before = await rowCounts(client)
    const report = await importFiles(client, [file])
    expect(report.summary).toMatchObject({
      Company: { created: 0, updated: 0, unchanged: 0 },
      Source: { created: 1, updated: 0, unchanged: 0 },
      Agreement: { created: 1, updated: 0, unchanged: 0 },
      Clause: { created: 2, updated: 0, unchanged: 0 },
    })
    expect(await rowCounts(client)).toMatchObject({
      Agreement: before.Agreement! + 1,
      Clause: before.Clause! + 2,
      WriteHistory: before.WriteHistory! + 4,
    })

    const next = await client.agreement.findUniqueOrThrow({
      where: { slug: NEXT },
      include: { amends: true, clauses: { orderBy: { position: 'asc' }, include: { supersedes: true, citations: { include: { source: true } } } } },
    })
    expect(next.amends?.slug).toBe(V2026)
    expect(next.chainRootId).toBe(next.amends!.chainRootId)
    const [licence, equity] = next.clauses
    expect(licence?.supersedes?.key).toBe(`${V2026}#3`)
    expect(licence?.citations.map((c) => c.source.url).sort()).toEqual([newSource, storedSource].sort())
    const carried = await client.clause.findUniqueOrThrow({ where: { key: `${V2026}#7` }, include: { citations: { include: { source: true } } } })
    expect(equity).toMatchObject({ kind: carried.kind, summary: carried.summary, grantorId: carried.grantorId, granteeId: carried.granteeId })
    expect(equity?.supersedes?.key).toBe(`${V2026}#7`)
    expect(equity?.citations.map((c) => c.source.url).sort()).toEqual([...carried.citations.map((c) => c.source.url), newSource].sort())
  })

  it('re-imports that file without changes, and refuses to drop a stored clause silently', async () => {
    const file = await folder.write('next.json', amendment())
    expect((await importFiles(client, [file])).totals).toEqual({ created: 0, updated: 0, unchanged: 4 })

    const shorter = amendment()
    shorter.agreements[0].clauses.pop()
    await folder.write('next.json', shorter)
    expect(await problemsOf(client, [file])).toEqual([
      `${file}: agreements[0].clauses: the database holds clause "${NEXT}#2", which is no longer listed; the import never deletes, so remove it from the database or list it again`,
    ])
  })

  it('refuses a second amendment of a stored version, as amendAgreement does, writing nothing', async () => {
    const rival = amendment()
    rival.agreements[0].slug = 'microsoft-openai-2027-rival'
    rival.agreements[0].clauses = []
    rival.sources = []
    const file = await folder.write('rival.json', rival)
    const before = await rowCounts(client)
    expect(await problemsOf(client, [file])).toEqual([
      `${file}: agreements[0].amends: "${V2026}" is already amended by "${NEXT}": amend the latest version`,
    ])
    expect(await rowCounts(client)).toEqual(before)
  })

  it('refuses to amend a stored version that is not ACTIVE or ANNOUNCED, as amendAgreement does, writing nothing', async () => {
    const later = amendment()
    later.agreements[0].slug = 'microsoft-openai-2028-test'
    later.agreements[0].amends = NEXT
    later.agreements[0].announcedOn = '2028'
    later.agreements[0].clauses = []
    later.sources = []
    const file = await folder.write('after-expiry.json', later)
    await client.agreement.update({ where: { slug: NEXT }, data: { status: 'EXPIRED' } })
    try {
      const before = await rowCounts(client)
      expect(await problemsOf(client, [file])).toEqual([`${file}: agreements[0].amends: Agreement "${NEXT}" is EXPIRED and cannot be amended.`])
      expect(await rowCounts(client)).toEqual(before)
    } finally {
      await client.agreement.update({ where: { slug: NEXT }, data: { status: 'ANNOUNCED' } })
    }
  })

  it('checks supersedes and carry against the stored amended version', async () => {
    const wrong = amendment()
    wrong.agreements[0].slug = 'microsoft-openai-2027-wrong'
    wrong.agreements[0].clauses = [
      { ...wrong.agreements[0].clauses[0], key: 'microsoft-openai-2027-wrong#1', supersedes: 'microsoft-openai-2025-10-definitive#4' },
      { key: 'microsoft-openai-2027-wrong#2', carry: `${V2026}#99` },
    ]
    wrong.sources = []
    const file = await folder.write('wrong.json', wrong)
    expect(await problemsOf(client, [file])).toEqual([
      `${file}: agreements[0].amends: "${V2026}" is already amended by "${NEXT}": amend the latest version`,
      `${file}: agreements[0].clauses[0].supersedes: "microsoft-openai-2025-10-definitive#4" is not a clause of the amended version "${V2026}"`,
      `${file}: agreements[0].clauses[1].carry: "${V2026}#99" is not a clause of the amended version "${V2026}"`,
    ])
  })
})

describe('npm run import (the CLI)', () => {
  let target: TestDatabase
  let folder: Awaited<ReturnType<typeof dataFolder>>
  const run = async (...args: string[]) => {
    const result = await promisify(execFile)('npx', ['tsx', 'scripts/import.ts', ...args], {
      cwd: projectRoot,
      env: { ...process.env, DATABASE_URL: target.url },
    }).then(
      (r) => ({ code: 0, ...r }),
      (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
    )
    return result
  }

  beforeAll(async () => {
    target = await createTestDatabase()
    folder = await dataFolder()
  })
  afterAll(async () => {
    await target?.drop()
    await folder?.remove()
  })

  it('imports a folder, exits 0 and prints a summary', async () => {
    await folder.write('acme.json', deal())
    const { code, stdout } = await run(folder.dir)
    expect(code).toBe(0)
    expect(stdout).toMatch(/^Imported 1 file\(s\) in [\d.]+ s \(validation [\d.]+ s, writing [\d.]+ s\)$/m)
    expect(stdout).toMatch(/^ {2}Clause +6 +0 +0$/m)
    expect(stdout).toMatch(/^ {2}total +15 +0 +0$/m)
  }, 60_000)

  it('exits 1 listing every problem with its place, and writes nothing', async () => {
    const data = deal('beta')
    data.agreements[1].clauses[0].endsOn = '2032-13'
    data.agreements[0].clauses[0].grantor = 'nobody'
    const file = await folder.write('beta.json', data)
    const { code, stdout, stderr } = await run(file)
    expect(code).toBe(1)
    expect(stdout).toBe('')
    expect(stderr).toContain(`${file}: agreements[1].clauses[0].endsOn: "2032-13" is not a partial date: month must be 01–12`)
    expect(stderr).toContain(`${file}: agreements[0].clauses[0].grantor: unknown company "nobody"`)
    const client = createPrismaClient(target.url)
    try {
      expect(await client.company.count({ where: { slug: { startsWith: 'beta-' } } })).toBe(0)
    } finally {
      await client.$disconnect()
    }
  }, 60_000)

  it('refuses what the API refuses (NUL, ESC, BEL, 1e30, 0.005, 12.345678, invisible names) with each place, no stack', async () => {
    const data = deal('gamma')
    data.companies[0].name = 'Gamma\u0000Lab'
    data.companies[2].name = '\u200B\u200B'
    data.agreements[0].value = { amount: 1e30, currency: 'USD' }
    data.agreements[0].clauses[2].percentage = 12.345678
    data.agreements[0].clauses[2].cap.amount = 0.005
    data.agreements[1].clauses[0].summary = 'Rings \u0007 and escapes \u001b'
    const file = await folder.write('gamma.json', data)
    const { code, stdout, stderr } = await run(file)
    expect(code).toBe(1)
    expect(stdout).toBe('')
    expect(stderr.trim().split('\n').slice(1)).toEqual([
      `  ${file}: companies[0].name: contains the control character U+0000: only tabs and line breaks are allowed`,
      `  ${file}: companies[2].name: has nothing visible: only spaces and invisible characters (such as U+200B)`,
      `  ${file}: agreements[0].value.amount: must be less than 10^13 (ten trillion): a larger amount cannot be stored to the cent exactly`,
      `  ${file}: agreements[0].clauses[2].percentage: 12.345678 has more than 4 decimal places`,
      `  ${file}: agreements[0].clauses[2].cap.amount: 0.005 has more than 2 decimal places`,
      `  ${file}: agreements[1].clauses[0].summary: contains the control character U+0007: only tabs and line breaks are allowed`,
    ])
    const client = createPrismaClient(target.url)
    try {
      expect(await client.company.count({ where: { slug: { startsWith: 'gamma-' } } })).toBe(0)
    } finally {
      await client.$disconnect()
    }
  }, 60_000)

  it('refuses a 100,000-character word in seconds, before search_variants sees it', async () => {
    const data = deal('delta')
    data.companies[0].aliases = ['w'.repeat(100_000)]
    const file = await folder.write('delta.json', data)
    const started = Date.now()
    const { code, stderr } = await run(file)
    expect(Date.now() - started).toBeLessThan(30_000)
    expect(code).toBe(1)
    expect(stderr).toContain(`${file}: companies[0].aliases[0]: must be at most 200 characters (it has 100000)`)
  }, 60_000)
})
