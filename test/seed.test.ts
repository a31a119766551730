import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createPrismaClient } from '../src/db/setup/client.js'
import { clauseInForce, type VersionTimes } from '../src/domain/in-force.js'
import { parsePartialDate } from '../src/domain/partial-date.js'
import type { PrismaClient } from '../src/generated/prisma/client.js'
import { isCarry, type Dataset } from '../seed/format.js'
import { DatasetError, loadDataset, loadShippedData, readShippedData } from '../seed/load.js'
import { createTestDatabase, type TestDatabase } from './helpers/database.js'

const V2019 = 'microsoft-openai-2019'
const V2021 = 'microsoft-openai-2021-investment'
const V2023 = 'microsoft-openai-2023-extension'
const V2025_01 = 'microsoft-openai-2025-01-rofr'
const MOU = 'microsoft-openai-2025-09-mou'
const V2025_10 = 'microsoft-openai-2025-10-definitive'
const V2026 = 'microsoft-openai-2026-04-amendment'
const GPT3 = 'microsoft-openai-gpt3-license-2020'

let db: TestDatabase
let prisma: PrismaClient
let data: Dataset
let first: Awaited<ReturnType<typeof loadShippedData>>

beforeAll(async () => {
  db = await createTestDatabase()
  prisma = createPrismaClient(db.url)
  data = await readShippedData()
  first = await loadShippedData(prisma)
}, 60_000)

afterAll(async () => {
  await prisma?.$disconnect()
  await db?.drop()
})

// A first version that names no deal is a deal of its own.
const dealCount = (d: Dataset) =>
  new Set([...d.deals.map((x) => x.slug), ...d.agreements.filter((a) => !a.amends && !a.supplements).map((a) => a.deal ?? a.slug)]).size

const entityCount = (d: Dataset) =>
  dealCount(d) +
  d.companies.length +
  d.cloudProviders.length +
  d.assets.length +
  d.sources.length +
  d.agreements.length +
  d.agreements.reduce((n, a) => n + a.clauses.length, 0)

async function snapshot(p: PrismaClient) {
  const stamp = (rows: { id: string; updatedAt: Date }[]) => Object.fromEntries(rows.map((r) => [r.id, r.updatedAt.toISOString()]))
  const select = { id: true, updatedAt: true } as const
  return {
    companies: stamp(await p.company.findMany({ select })),
    clouds: stamp(await p.cloudProvider.findMany({ select })),
    assets: stamp(await p.asset.findMany({ select })),
    sources: stamp(await p.source.findMany({ select })),
    agreements: stamp(await p.agreement.findMany({ select })),
    clauses: stamp(await p.clause.findMany({ select })),
    parties: await p.agreementParty.count(),
    agreementCitations: await p.agreementCitation.count(),
    clauseCitations: await p.clauseCitation.count(),
  }
}

const clausesOf = (slug: string) =>
  prisma.clause.findMany({
    where: { agreement: { slug } },
    orderBy: { position: 'asc' },
    include: {
      grantor: true,
      grantee: true,
      subjects: true,
      cloudProviders: true,
      supersedes: true,
      citations: { include: { source: true } },
    },
  })
type LoadedClause = Awaited<ReturnType<typeof clausesOf>>[number]
const slugs = (xs: { slug: string }[]) => xs.map((x) => x.slug).sort()
const direction = (c: LoadedClause) => `${c.grantor?.slug} -> ${c.grantee?.slug}`

describe('shipped data', () => {
  it('loads every entity of the data files', async () => {
    expect(first).toEqual({ created: entityCount(data), updated: 0, unchanged: 0 })
    expect(await prisma.company.count()).toBe(data.companies.length)
    expect(await prisma.cloudProvider.count()).toBe(data.cloudProviders.length)
    expect(await prisma.asset.count()).toBe(data.assets.length)
    expect(await prisma.source.count()).toBe(data.sources.length)
    expect(await prisma.agreement.count()).toBe(data.agreements.length)
    expect(await prisma.clause.count()).toBe(data.agreements.reduce((n, a) => n + a.clauses.length, 0))
    expect(await prisma.agreementParty.count()).toBe(data.agreements.reduce((n, a) => n + a.parties.reduce((m, p) => m + p.roles.length, 0), 0))
    expect(await prisma.agreementCitation.count()).toBe(data.agreements.reduce((n, a) => n + a.sources.length, 0))
  })

  it('holds the Microsoft–OpenAI slice', async () => {
    expect(await prisma.agreement.count({ where: { slug: { startsWith: 'microsoft-openai-' } } })).toBe(8)
    expect(await prisma.clause.count({ where: { key: { startsWith: 'microsoft-openai-' } } })).toBe(87)
    const parent = await prisma.company.findUnique({ where: { slug: 'google' }, include: { parent: true } })
    expect(parent?.parent?.slug).toBe('alphabet')
    const azure = await prisma.cloudProvider.findUnique({ where: { slug: 'azure' }, include: { operator: true } })
    expect(azure?.operator.slug).toBe('microsoft')
  })

  it('changes nothing when loaded a second time', async () => {
    const before = await snapshot(prisma)
    const second = await loadShippedData(prisma)
    expect(second).toEqual({ created: 0, updated: 0, unchanged: entityCount(data) })
    expect(await snapshot(prisma)).toEqual(before)
  })

  it('cites at least one source for every agreement and clause', async () => {
    expect(await prisma.agreement.count({ where: { citations: { none: {} } } })).toBe(0)
    expect(await prisma.clause.count({ where: { citations: { none: {} } } })).toBe(0)
  })
})

describe('the Microsoft–OpenAI chain', () => {
  it('amends version after version, with two supplements', async () => {
    const chain: string[] = []
    let slug: string | undefined = V2026
    while (slug) {
      chain.unshift(slug)
      const row: { amends: { slug: string } | null } | null = await prisma.agreement.findUnique({
        where: { slug },
        select: { amends: { select: { slug: true } } },
      })
      slug = row?.amends?.slug
    }
    expect(chain).toEqual([V2019, V2021, V2023, V2025_01, V2025_10, V2026])

    const links = await prisma.agreement.findMany({
      where: { slug: { in: [GPT3, MOU] } },
      select: { slug: true, amendsId: true, supplements: { select: { slug: true } } },
    })
    expect(Object.fromEntries(links.map((l) => [l.slug, [l.amendsId, l.supplements?.slug]]))).toEqual({
      [GPT3]: [null, V2019],
      [MOU]: [null, V2025_01],
    })
    // The Microsoft–OpenAI sources give announcement days only; other deals may know when they took effect.
    expect(await prisma.agreement.count({ where: { effectiveText: { not: null }, slug: { startsWith: 'microsoft-openai' } } })).toBe(0)
  })

  it('supersedes only clauses of the same kind in the directly amended version', async () => {
    const clauses = await prisma.clause.findMany({
      where: { supersedesId: { not: null } },
      include: { agreement: true, supersedes: true },
    })
    expect(clauses.length).toBeGreaterThan(0)
    for (const c of clauses) {
      expect(c.supersedes?.agreementId, c.key).toBe(c.agreement.amendsId)
      expect(c.supersedes?.kind, c.key).toBe(c.kind)
    }
  })

  it('has the six terms of the April 2026 article in its latest version', async () => {
    const clauses = await clausesOf(V2026)
    const one = (pred: (c: LoadedClause) => boolean) => {
      const found = clauses.filter(pred)
      expect(found).toHaveLength(1)
      return found[0]!
    }

    const licence = one((c) => c.kind === 'LICENSE_GRANT' && c.endsText === '2032')
    expect(direction(licence)).toBe('openai -> microsoft')
    expect(slugs(licence.subjects)).toEqual(['openai-models', 'openai-products'])
    expect(licence.exclusivity).toBe('NON_EXCLUSIVE')
    expect(licence.supersedes).toMatchObject({ key: `${V2025_10}#4`, exclusivity: 'EXCLUSIVE', endsText: '2032' })

    const primacy = one((c) => c.kind === 'CLOUD_PRIMACY')
    expect(direction(primacy)).toBe('openai -> microsoft')
    expect(slugs(primacy.cloudProviders)).toEqual(['azure'])
    expect(primacy.condition).toMatch(/cannot and chooses not to support/)
    expect(primacy.note).toMatch(/cannot or chooses not to/)

    const anyCloud = one((c) => c.kind === 'DISTRIBUTION_RIGHTS' && c.supersedes?.key === `${V2025_10}#7`)
    expect(direction(anyCloud)).toBe('microsoft -> openai')
    expect(anyCloud.exclusivity).toBe('NON_EXCLUSIVE')
    // "Any cloud provider", as the companies word it: not the two clouds the press named.
    expect(anyCloud.cloudScope).toBe('ANY')
    expect(slugs(anyCloud.cloudProviders)).toEqual([])

    const ended = one((c) => c.kind === 'REVENUE_SHARE' && c.grantor?.slug === 'microsoft')
    expect(direction(ended)).toBe('microsoft -> openai')
    expect(ended.endsText).toBe('2026-04-27')
    expect(ended.supersedes).toMatchObject({ key: `${V2025_10}#24` })
    expect(Number(ended.percentage)).toBe(20)

    // One revenue-share stream from OpenAI to Microsoft: the official terms and the reported
    // figures in one clause, each source cited for the fields its page gives.
    const share = one((c) => c.kind === 'REVENUE_SHARE' && c.grantor?.slug === 'openai')
    expect(direction(share)).toBe('openai -> microsoft')
    expect(share.supersedes?.key).toBe(`${V2025_10}#9`)
    expect(share).toMatchObject({ endsText: '2030', capped: true, capCurrency: 'USD' })
    expect([Number(share.percentage), Number(share.capAmount)]).toEqual([20, 38_000_000_000])
    expect(share.condition).toMatch(/no longer depend/)
    const fieldsOf = (host: string) => share.citations.find((c) => c.source.url.includes(host))!
    expect(fieldsOf('warptechlab').basis).toBe('UNNAMED_SOURCES')
    expect(fieldsOf('warptechlab').fields).toContain('percentage')
    expect(fieldsOf('letsdatascience').fields).toEqual(['cap'])
    expect(fieldsOf('paath.pages.dev').fields).not.toContain('percentage')
    expect(fieldsOf('paath.pages.dev').fields).not.toContain('cap')

    const equity = one((c) => c.kind === 'EQUITY_STAKE')
    expect(direction(equity)).toBe('openai -> microsoft')
    expect(equity.supersedes?.key).toBe(`${V2025_10}#1`)
    expect([equity.summary, Number(equity.percentage)]).toEqual([equity.supersedes?.summary, 27])
    const cited = equity.citations.map((c) => c.source.url)
    expect(cited.some((u) => u.includes('paath.pages.dev'))).toBe(true) // the 2026 restatement
    expect(cited.some((u) => u.includes('marketscreener.com'))).toBe(true) // the 2025 source
    // The 2026 page calls Microsoft a major shareholder; it does not restate 27% or $135 billion.
    const restated = equity.citations.find((c) => c.source.url.includes('paath.pages.dev'))!
    expect(restated.fields).not.toContain('percentage')
    expect(restated.fields).not.toContain('amount')

    const agi = one((c) => c.kind === 'AGI_PROVISION' && c.supersedes?.key === `${V2025_10}#3`)
    expect(direction(agi)).toBe('openai -> microsoft')
  })

  it('lets the Azure exclusivity of October 2025 lapse in 2026', async () => {
    const latest = await clausesOf(V2026)
    // OpenAI's own capacity (January 2025, carried) is an exception to Azure exclusivity, not one.
    expect(latest.filter((c) => c.kind === 'EXCLUSIVITY' && c.exclusivity !== 'NON_EXCLUSIVE')).toEqual([])
    const taken = new Set(latest.map((c) => c.supersedes?.key))
    for (const n of [2, 11, 15]) expect(taken.has(`${V2025_10}#${n}`)).toBe(false)
  })

  it('tells the licence story as of a date', async () => {
    const versions = await prisma.agreement.findMany({
      where: { slug: { startsWith: 'microsoft-openai-' } },
      include: { amendedBy: true, clauses: { where: { kind: 'LICENSE_GRANT' }, include: { subjects: true } } },
    })
    const date = (text: string | null) => (text === null ? null : parsePartialDate(text))
    const times = (v: { announcedText: string | null; endsText: string | null }): VersionTimes => ({
      announced: date(v.announcedText),
      effective: null,
      ends: date(v.endsText),
      terminated: null,
    })
    const licencesOn = (day: string, subject: string) =>
      versions.flatMap((v) =>
        v.clauses
          .filter((c) => c.subjects.some((s) => s.slug === subject))
          .filter((c) => clauseInForce({ starts: date(c.startsText), ends: date(c.endsText) }, times(v), v.amendedBy.map(times), day))
          .map((c) => `${c.key} ${c.exclusivity} ${c.endsText}`),
      )
    expect(licencesOn('2026-01-01', 'openai-models')).toEqual([`${V2025_10}#4 EXCLUSIVE 2032`])
    expect(licencesOn('2026-06-01', 'openai-models')).toEqual([`${V2026}#3 NON_EXCLUSIVE 2032`])
    expect(licencesOn('2025-06-01', 'openai-ip')).toEqual([`${V2025_01}#3 EXCLUSIVE 2030`])
    expect(licencesOn('2022-06-01', 'gpt-3')).toEqual([`${GPT3}#1 EXCLUSIVE null`])
  })

  it('replaces the exclusive GPT-3 licence with the non-exclusive licence of 2026', async () => {
    const replacements = await prisma.clauseReplacement.findMany({
      include: { clause: { select: { key: true, exclusivity: true } }, replaced: { select: { key: true, exclusivity: true } } },
    })
    const gpt3 = replacements.filter((r) => r.replaced.key.startsWith(GPT3))
    expect(gpt3.map((r) => [r.clause.key, r.clause.exclusivity, r.replaced.key, r.replaced.exclusivity])).toEqual([
      [`${V2026}#3`, 'NON_EXCLUSIVE', `${GPT3}#1`, 'EXCLUSIVE'],
    ])
  })
})

describe('corrected facts of the shipped data', () => {
  const citedUrls = (c: LoadedClause) => c.citations.map((x) => x.source.url)

  it('Amazon exercised its second Anthropic note in March 2024, and the chain carries it on', async () => {
    const chain: string[] = []
    let slug: string | undefined = 'anthropic-amazon-2026'
    while (slug) {
      chain.unshift(slug)
      const row: { amends: { slug: string } | null } | null = await prisma.agreement.findUnique({
        where: { slug },
        select: { amends: { select: { slug: true } } },
      })
      slug = row?.amends?.slug
    }
    expect(chain).toEqual(['anthropic-amazon-2023', 'anthropic-amazon-2024-03', 'anthropic-amazon-2024', 'anthropic-amazon-2026'])

    const [exercise] = await clausesOf('anthropic-amazon-2024-03')
    expect(direction(exercise!)).toBe('amazon -> anthropic')
    expect([exercise!.kind, Number(exercise!.amount), exercise!.currency]).toEqual(['INVESTMENT', 2_750_000_000, 'USD'])
    expect(exercise!.supersedes).toMatchObject({ key: 'anthropic-amazon-2023#2', endsText: '2024-Q1' })
    // Carried unchanged into the latest version: a chain of carries leads back to the exercise.
    const latest = await clausesOf('anthropic-amazon-2026')
    const origin = async (key: string): Promise<string> => {
      const row = await prisma.clause.findUnique({ where: { key }, include: { supersedes: true } })
      return row?.supersedes && row.summary === row.supersedes.summary ? origin(row.supersedes.key) : key
    }
    expect(await Promise.all(latest.map((c) => origin(c.key)))).toContain(exercise!.key)
    const texts = await prisma.agreement.findMany({ where: { slug: { startsWith: 'anthropic-amazon-' } }, include: { clauses: true } })
    for (const text of texts.flatMap((a) => [a.description, a.statusNote, ...a.clauses.flatMap((c) => [c.summary, c.note])])) {
      expect(text ?? '').not.toMatch(/laps/)
    }
  })

  it("Adept's licence to Amazon is non-exclusive, on a cited page that says so", async () => {
    const [licence] = await clausesOf('amazon-adept-2024')
    expect([licence!.kind, licence!.exclusivity]).toEqual(['LICENSE_GRANT', 'NON_EXCLUSIVE'])
    expect(citedUrls(licence!)).toContain('https://spyglass.org/hackquisition/')
  })

  it('no source URL carries a tracking parameter', async () => {
    const urls = (await prisma.source.findMany({ select: { url: true } })).map((s) => s.url)
    const tracking = /[?&](utm_\w+|cid|itm_\w+|fbclid|gclid|mc_cid|mc_eid|td|\.tsrc|ref|smid|cmpid)=/
    expect(urls.filter((u) => tracking.test(u))).toEqual([])
  })

  it("cites OpenAI's own post for Oracle's $300 billion and Stargate's 10 GW", async () => {
    const post = 'https://it-online.co.za/2025/09/25/openai-to-pump-400m-into-new-ai-data-centres/'
    const oracle = (await clausesOf('openai-oracle-stargate-2025')).find((c) => c.key === 'openai-oracle-stargate-2025#3')!
    expect(Number(oracle.amount)).toBe(300_000_000_000)
    expect(oracle.citations.filter((c) => c.source.url === post).map((c) => c.basis)).toEqual(['COMPANY_STATEMENT'])
    const stargate = (await clausesOf('stargate-2025')).find((c) => c.key === 'stargate-2025#1')!
    expect(stargate.summary).toMatch(/\b10 GW\b/)
    expect(citedUrls(stargate)).toContain(post)
  })

  it('does not present Azure as the cloud Claude runs on in Copilot', async () => {
    const distribution = (await clausesOf('anthropic-microsoft-nvidia-2025')).find((c) => c.key === 'anthropic-microsoft-nvidia-2025#4')!
    expect(distribution.note).toMatch(/24 September 2025/)
    expect(distribution.note).toMatch(/not the one Claude runs on in Copilot/)
    expect(citedUrls(distribution)).toContain('https://therelaymag.com/microsoft-365-copilot-goes-multi-model-with-anthropic-claude')
  })
})

describe('a dataset with problems', () => {
  let empty: TestDatabase
  let client: PrismaClient
  beforeAll(async () => {
    empty = await createTestDatabase()
    client = createPrismaClient(empty.url)
  })
  afterAll(async () => {
    await client?.$disconnect()
    await empty?.drop()
  })

  const broken = (): Dataset => {
    const copy: Dataset = structuredClone(data)
    const latest = copy.agreements.find((a) => a.slug === V2026)!
    const licence = latest.clauses[2]!
    if (isCarry(licence)) throw new Error('expected a clause')
    licence.grantor = 'nobody'
    licence.supersedes = `${V2023}#4`
    const carry = latest.clauses[5]! // the stake, carried from October 2025
    if (!isCarry(carry)) throw new Error('expected a carry')
    carry.carry = `${V2025_01}#1`
    return copy
  }

  const rowCount = async (p: PrismaClient) =>
    (await p.company.count()) + (await p.source.count()) + (await p.agreement.count()) + (await p.clause.count())

  it('is rejected with every problem and its place, and nothing is written', async () => {
    const error: unknown = await loadDataset(client, broken()).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(DatasetError)
    const message = (error as DatasetError).message
    const at = (n: number) => `dataset: agreements[${data.agreements.findIndex((a) => a.slug === V2026)}].clauses[${n}]`
    expect(message).toContain(`${at(2)}.grantor: unknown company "nobody" (neither in the imported files nor in the database)`)
    expect(message).toContain(`${at(2)}.supersedes: "${V2023}#4" is not a clause of the amended version "${V2025_10}"`)
    expect(message).toContain(`${at(5)}.carry: "${V2025_01}#1" is not a clause of the amended version "${V2025_10}"`)
    expect((error as DatasetError).problems).toHaveLength(3)
    expect(await rowCount(client)).toBe(0)
  })

  it('writes nothing when the database refuses a row half-way', async () => {
    const copy: Dataset = structuredClone(data)
    const clause = copy.agreements.at(-1)!.clauses.find((c) => !isCarry(c))!
    if (isCarry(clause)) throw new Error('expected a clause')
    clause.percentage = 150 // passes the reference checks, fails the CHECK constraint
    await expect(loadDataset(client, copy)).rejects.toThrow()
    expect(await rowCount(client)).toBe(0)
  })
})
