import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createPrismaClient } from '../../src/db/setup/client.js'
import { usePrisma } from '../../src/db/setup/prisma.js'
import { json } from '../../src/export/json.js'
import type { PrismaClient } from '../../src/generated/prisma/client.js'
import { createServer } from '../../src/yoga.js'
import { loadDataset } from '../../seed/load.js'
import { createTestDatabase, type TestDatabase } from '../helpers/database.js'
import { exportText } from '../helpers/exports.js'
import { startWriteApi, type WriteApi } from '../helpers/write-api.js'
import { mutationDocument, ok } from '../helpers/write-fixtures.js'

// Every state the API can reach exports and imports again (issue 19, #3): random sequences of
// mutations, with ordinary values and odd ones the API may accept or refuse, go through
// yoga.fetch; the JSON export of the result then imports into an empty database, exports the
// same bytes, and the API shows the same graph on both databases (statuses included, which the
// bytes alone would not prove: a field the format lacks is lost on both sides of a byte compare).
// The seed is fixed so runs repeat; FC_SEED=<n> explores others.

const SEED = Number(process.env.FC_SEED ?? 20261207)
const RUNS = 30

// ---- values ----

const words = fc
  .array(fc.constantFrom('Acme', 'licence', 'cloud', 'model', 'compute', 'share', 'term', 'Nova', 'data', 'GPU'), { minLength: 1, maxLength: 4 })
  .map((w) => w.join(' '))
const oddText = fc.constantFrom(
  ' padded ',
  'tab\tinside',
  'two\nlines',
  'Ünïcödé ✓',
  'שלום עולם',
  'e\u0301',
  'zero\u200Bwidth',
  '🤝 deal',
  '"quoted" & <b>',
  '=SUM(1+1)',
  '\u200B\u200B',
  'nul\u0000byte',
  'esc\u001b[0m',
  'x'.repeat(201),
  'lone \uD800',
  '\u00A0nbsp\u00A0',
)
const text = fc.oneof(
  { arbitrary: words, weight: 30 },
  { arbitrary: oddText, weight: 2 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 12 }), weight: 1 },
)
/** Left out (undefined) half the time; `seldom`: given one time in four. */
const maybe = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined })
const seldom = <T>(a: fc.Arbitrary<T>) => fc.oneof({ arbitrary: fc.constant(undefined), weight: 3 }, { arbitrary: a, weight: 1 })
/** Left out, cleared (null) or set. */
const change = <T>(a: fc.Arbitrary<T>) => fc.oneof(fc.constant(undefined), fc.constant(null), a)

const pad = (n: number) => String(n).padStart(2, '0')
const year = fc.integer({ min: 2015, max: 2035 })
const dateIn = (years: fc.Arbitrary<number>) =>
  fc.oneof(
    { arbitrary: years.map(String), weight: 6 },
    { arbitrary: fc.tuple(years, fc.integer({ min: 1, max: 4 })).map(([y, q]) => `${y}-Q${q}`), weight: 3 },
    { arbitrary: fc.tuple(years, fc.integer({ min: 1, max: 12 })).map(([y, m]) => `${y}-${pad(m)}`), weight: 3 },
    {
      arbitrary: fc.tuple(years, fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 31 })).map(([y, m, d]) => `${y}-${pad(m)}-${pad(d)}`),
      weight: 3,
    },
    { arbitrary: fc.constantFrom('2025-q2', '2025-13', 'soon'), weight: 1 },
  )
const partialDate = dateIn(year)
/** Ends: mostly after the starts above, sometimes before them. */
const endDate = dateIn(fc.integer({ min: 2015, max: 2045 }).map((y) => (y > 2035 ? y : y + 10)))
const day = fc.tuple(year, fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 31 })).map(([y, m, d]) => `${y}-${pad(m)}-${pad(d)}`)
const amount = fc.oneof(
  { arbitrary: fc.integer({ min: 0, max: 2e12 }), weight: 5 },
  { arbitrary: fc.integer({ min: 0, max: 1e9 }).map((n) => n / 100), weight: 5 },
  fc.constantFrom(0.005, 12.345678, 1e30, 99999999999999.99, 9999999999999.99, 0.1 + 0.2, -1),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
)
const money = fc.record({
  amount,
  currency: fc.oneof({ arbitrary: fc.constantFrom('USD', 'EUR'), weight: 12 }, { arbitrary: fc.constant('usd'), weight: 1 }),
})
const percentage = fc.oneof(
  { arbitrary: fc.integer({ min: 0, max: 100 }), weight: 5 },
  { arbitrary: fc.integer({ min: 0, max: 1_000_000 }).map((n) => n / 10_000), weight: 5 },
  fc.constantFrom(12.345678, 100.5),
)
const url = fc.oneof(
  fc.constantFrom(
    'https://example.org/a',
    'https://example.org/ü?q=1#x',
    'http://example.org/b/',
    'https://example.org/\u0007',
    'ftp://example.org/c',
  ),
  fc.nat({ max: 99 }).map((n) => `https://example.org/page/${n}`),
)
const index = fc.nat({ max: 1000 })
const indices = (max: number) => fc.array(index, { maxLength: max })
/** Sources to cite: one or two, sometimes none (which the API refuses). */
const cited = fc.oneof(
  { arbitrary: fc.array(index, { minLength: 1, maxLength: 2 }), weight: 12 },
  { arbitrary: fc.constant<number[]>([]), weight: 1 },
)

const COMPANY_KINDS = ['AI_LAB', 'BIG_TECH', 'CLOUD', 'INVESTOR'] as const
const ASSET_KINDS = ['MODEL', 'PRODUCT', 'CHIP'] as const
const AGREEMENT_KINDS = ['LICENSE', 'CLOUD', 'INVESTMENT'] as const
const CLAUSE_KINDS = ['LICENSE_GRANT', 'CLOUD_PRIMACY', 'REVENUE_SHARE', 'INVESTMENT', 'OTHER'] as const
const ROLES = ['LICENSOR', 'LICENSEE', 'INVESTOR', 'PARTNER'] as const
const STATUSES = ['ANNOUNCED', 'ACTIVE', 'EXPIRED', 'TERMINATED'] as const
const EXCLUSIVITY = ['EXCLUSIVE', 'NON_EXCLUSIVE', 'UNSPECIFIED'] as const
const BASES = ['OFFICIAL', 'PRESS_REPORT'] as const

// Issue 20's terms: qualified figures (sometimes a RANGE whose high end is not above its low end),
// quantities, equity, cloud scopes, tranches and alternatives (sometimes not JSON, or of a field
// that has none), cited fields.
const QUALIFIERS = ['EXACT', 'ABOUT', 'UP_TO', 'AT_LEAST', 'RANGE'] as const
const qualifiedMoney = fc.record(
  {
    amount,
    currency: fc.constantFrom('USD', 'EUR'),
    qualifier: fc.constantFrom(...QUALIFIERS),
    high: amount,
    period: fc.constantFrom('ONE_TIME', 'PER_YEAR', 'PER_MONTH', 'OVER_TERM'),
  },
  { requiredKeys: ['amount', 'currency'] },
)
const quantityValue = fc.oneof(
  fc.integer({ min: 0, max: 1e9 }),
  fc.integer({ min: 0, max: 1e6 }).map((n) => n / 1000),
  fc.constantFrom(-1, 1.23456, 1e12),
)
const quantity = fc.record(
  { value: quantityValue, unit: fc.constantFrom('GW', 'GPUS', 'SHARES'), qualifier: fc.constantFrom(...QUALIFIERS), high: quantityValue },
  { requiredKeys: ['value', 'unit'] },
)
const tranche = fc.record({ amount: qualifiedMoney, quantity, on: partialDate, condition: text }, { requiredKeys: [] })
const alternative = fc.record({
  field: fc.constantFrom('percentage', 'cap', 'endsOn', 'exclusivity', 'summary'),
  value: fc.constantFrom('20', '12.5', '{"amount": 38000000000, "currency": "USD"}', '"2030-Q2"', '"NON_EXCLUSIVE"', 'twenty'),
  note: maybe(text),
  citations: cited,
})
const citedFields = fc.subarray(['percentage', 'amount', 'cap', 'tranches', 'value'], { maxLength: 2 })

const clause = fc.record({
  kind: fc.constantFrom(...CLAUSE_KINDS),
  summary: text,
  grant: maybe(fc.tuple(index, index)),
  subjects: indices(2),
  clouds: indices(1),
  exclusivity: maybe(fc.constantFrom(...EXCLUSIVITY)),
  startsOn: seldom(partialDate),
  endsOn: seldom(endDate),
  percentage: seldom(percentage),
  amount: seldom(qualifiedMoney),
  capped: seldom(fc.boolean()),
  cap: seldom(money),
  quantity: seldom(quantity),
  valuation: seldom(fc.record({ amount, currency: fc.constant('USD'), basis: maybe(fc.constantFrom('PRE_MONEY', 'POST_MONEY')) })),
  strike: seldom(money),
  cloudScope: seldom(fc.constantFrom('NAMED', 'ANY', 'ANY_EXCEPT')),
  tranches: seldom(fc.array(tranche, { maxLength: 2 })),
  alternatives: seldom(fc.array(alternative, { maxLength: 2 })),
  condition: seldom(text),
  note: seldom(text),
  citations: cited,
  fields: seldom(citedFields),
})
type ClauseChoice = typeof clause extends fc.Arbitrary<infer T> ? T : never

const patch = fc.record(
  {
    kind: fc.constantFrom(...CLAUSE_KINDS),
    summary: text,
    exclusivity: fc.constantFrom(...EXCLUSIVITY),
    endsOn: fc.option(endDate, { nil: null }),
    percentage: fc.option(percentage, { nil: null }),
    amount: fc.option(qualifiedMoney, { nil: null }),
    quantity: fc.option(quantity, { nil: null }),
    cloudScope: fc.option(fc.constantFrom('NAMED', 'ANY'), { nil: null }),
    tranches: fc.option(fc.array(tranche, { maxLength: 2 }), { nil: null }),
    capped: fc.option(fc.boolean(), { nil: null }),
    cap: fc.option(money, { nil: null }),
    condition: fc.option(text, { nil: null }),
    citations: fc.option(cited, { nil: null }),
  },
  { requiredKeys: [] },
)

const weighted = <T>(weight: number, arbitrary: fc.Arbitrary<T>) => ({ weight, arbitrary })
const command = fc.oneof(
  weighted(
    1,
    fc.record({
      op: fc.constant('createCompany' as const),
      name: text,
      aliases: fc.array(text, { maxLength: 2 }),
      kinds: fc.subarray([...COMPANY_KINDS], { maxLength: 2 }),
      country: maybe(fc.constantFrom('US', 'FR', 'FR', 'gb')),
      website: maybe(url),
      description: maybe(text),
      parent: maybe(index),
    }),
  ),
  weighted(
    1,
    fc.record({
      op: fc.constant('updateCompany' as const),
      target: index,
      name: maybe(text),
      aliases: maybe(fc.array(text, { maxLength: 2 })),
      country: change(fc.constantFrom('DE', 'JP')),
      website: change(url),
      description: change(text),
      parent: change(index),
    }),
  ),
  weighted(
    1,
    fc.record({
      op: fc.constant('createAsset' as const),
      name: text,
      kind: fc.constantFrom(...ASSET_KINDS),
      description: maybe(text),
      developer: maybe(index),
      releasedOn: maybe(partialDate),
    }),
  ),
  weighted(
    1,
    fc.record({
      op: fc.constant('updateAsset' as const),
      target: index,
      name: maybe(text),
      description: change(text),
      developer: change(index),
      releasedOn: change(partialDate),
    }),
  ),
  weighted(1, fc.record({ op: fc.constant('createCloudProvider' as const), name: text, operator: index, description: maybe(text) })),
  weighted(
    1,
    fc.record({
      op: fc.constant('updateCloudProvider' as const),
      target: index,
      name: maybe(text),
      operator: maybe(index),
      description: change(text),
    }),
  ),
  weighted(
    1,
    fc.record({
      op: fc.constant('createSource' as const),
      url,
      title: maybe(text),
      publisher: maybe(text),
      publishedOn: maybe(day),
      note: maybe(text),
      kind: maybe(fc.constantFrom('OFFICIAL', 'NEWS_OUTLET', 'BLOG')),
    }),
  ),
  weighted(
    1,
    fc.record({
      op: fc.constant('updateSource' as const),
      target: index,
      title: change(text),
      publisher: change(text),
      publishedOn: change(day),
      note: change(text),
    }),
  ),
  weighted(
    6,
    fc.record({
      op: fc.constant('createAgreement' as const),
      title: text,
      parties: fc.array(fc.tuple(index, fc.constantFrom(...ROLES)), { minLength: 1, maxLength: 3 }),
      kinds: fc.subarray([...AGREEMENT_KINDS], { maxLength: 2 }),
      status: maybe(fc.constantFrom(...STATUSES)),
      announcedOn: maybe(partialDate),
      effectiveOn: maybe(partialDate),
      endsOn: seldom(endDate),
      value: maybe(money),
      description: maybe(text),
      supplements: seldom(index),
      citations: cited,
      clauses: fc.array(clause, { maxLength: 3 }),
    }),
  ),
  weighted(
    5,
    fc.record({
      op: fc.constant('amendAgreement' as const),
      target: index,
      title: maybe(text),
      announcedOn: maybe(partialDate),
      // Mostly after the versions it may amend; left out or earlier, the API refuses it.
      effectiveOn: fc.oneof({ arbitrary: dateIn(fc.integer({ min: 2021, max: 2035 })), weight: 4 }, { arbitrary: fc.constant(undefined), weight: 1 }),
      status: maybe(fc.constantFrom(...STATUSES)),
      citations: cited,
      modify: fc.array(fc.tuple(index, patch), { maxLength: 2 }),
      remove: indices(1),
      add: fc.array(clause, { maxLength: 2 }),
    }),
  ),
  weighted(
    2,
    fc.record({
      op: fc.constant('setAgreementStatus' as const),
      target: index,
      status: fc.constantFrom(...STATUSES),
      note: maybe(text),
      terminatedOn: seldom(partialDate),
    }),
  ),
  weighted(
    2,
    fc.record({ op: fc.constant('setClauseStatus' as const), target: index, status: fc.constantFrom('ACTIVE', 'WITHDRAWN'), note: maybe(text) }),
  ),
)
type Command = typeof command extends fc.Arbitrary<infer T> ? T : never

// ---- from choices to calls, against what the database holds ----

interface World {
  companies: string[]
  assets: string[]
  clouds: string[]
  sources: string[]
  agreements: { slug: string; amendable: boolean; parties: string[]; clauses: string[] }[]
  clauses: string[]
}

async function readWorld(prisma: PrismaClient): Promise<World> {
  const slugs = { select: { slug: true }, orderBy: { slug: 'asc' } } as const
  const agreements = await prisma.agreement.findMany({
    select: {
      slug: true,
      status: true,
      amendedBy: { select: { id: true } },
      parties: { select: { company: { select: { slug: true } } } },
      clauses: { select: { key: true, status: true }, orderBy: { position: 'asc' } },
    },
    orderBy: { slug: 'asc' },
  })
  return {
    companies: (await prisma.company.findMany(slugs)).map((r) => r.slug),
    assets: (await prisma.asset.findMany(slugs)).map((r) => r.slug),
    clouds: (await prisma.cloudProvider.findMany(slugs)).map((r) => r.slug),
    sources: (await prisma.source.findMany({ select: { url: true }, orderBy: { url: 'asc' } })).map((r) => r.url),
    agreements: agreements.map((a) => ({
      slug: a.slug,
      amendable: a.amendedBy.length === 0 && (a.status === 'ACTIVE' || a.status === 'ANNOUNCED'),
      parties: [...new Set(a.parties.map((p) => p.company.slug))],
      clauses: a.clauses.filter((c) => c.status === 'ACTIVE').map((c) => c.key),
    })),
    clauses: agreements.flatMap((a) => a.clauses.map((c) => c.key)),
  }
}

const pick = <T>(list: T[], i: number | undefined): T | undefined => (i === undefined || list.length === 0 ? undefined : list[i % list.length])
const picks = <T>(list: T[], is: number[]): T[] => [...new Set(is.map((i) => pick(list, i)).filter((v): v is T => v !== undefined))]
/** undefined stays out, null clears, an index picks. */
const pickOrClear = <T>(list: T[], i: number | null | undefined): T | null | undefined => (i === undefined || i === null ? i : pick(list, i))
const citations = (w: World, is: number[]) => picks(w.sources, is).map((url, i) => ({ url, basis: BASES[i % BASES.length] }))
let serial = 0
const fresh = (prefix: string) => `${prefix}-${++serial}`

function clauseInput(c: ClauseChoice, w: World, parties: string[]) {
  const { grant, subjects, clouds, citations: cited, fields: named, alternatives, ...fields } = c
  const grantor = grant && pick(parties, grant[0])
  const grantee =
    grant && parties.length > 1
      ? pick(
          parties.filter((p) => p !== grantor),
          grant[1],
        )
      : undefined
  return {
    ...fields,
    grantor,
    grantee,
    subjects: picks(w.assets, subjects),
    cloudProviders: picks(w.clouds, clouds),
    alternatives: alternatives?.map((a) => ({ ...a, citations: citations(w, a.citations) })),
    citations: citations(w, cited).map((ct) => (named ? { ...ct, fields: named } : ct)),
  }
}

/** The `version` to pass as expectedVersion, as a client would have read it. */
async function versionOf(
  prisma: PrismaClient,
  table: 'Company' | 'Asset' | 'CloudProvider' | 'Source' | 'Agreement' | 'Clause',
  key: string,
): Promise<number> {
  const column = table === 'Source' ? 'url' : table === 'Clause' ? 'key' : 'slug'
  const [row] = await prisma.$queryRawUnsafe<{ version: number }[]>(`SELECT "version" FROM "${table}" WHERE "${column}" = $1`, key)
  return row!.version
}

async function callOf(c: Command, w: World, prisma: PrismaClient): Promise<{ field: string; variables: Record<string, unknown> } | null> {
  switch (c.op) {
    case 'createCompany': {
      const { op, parent, ...input } = c
      return { field: op, variables: { input: { ...input, slug: fresh('co'), parent: pick(w.companies, parent) } } }
    }
    case 'updateCompany': {
      const { op, target, parent, ...input } = c
      const slug = pick(w.companies, target)!
      return {
        field: op,
        variables: { input: { ...input, slug, expectedVersion: await versionOf(prisma, 'Company', slug), parent: pickOrClear(w.companies, parent) } },
      }
    }
    case 'createAsset': {
      const { op, developer, ...input } = c
      return { field: op, variables: { input: { ...input, slug: fresh('asset'), developer: pick(w.companies, developer) } } }
    }
    case 'updateAsset': {
      const { op, target, developer, ...input } = c
      const slug = pick(w.assets, target)
      if (!slug) return null
      return {
        field: op,
        variables: {
          input: { ...input, slug, expectedVersion: await versionOf(prisma, 'Asset', slug), developer: pickOrClear(w.companies, developer) },
        },
      }
    }
    case 'createCloudProvider': {
      const { op, operator, ...input } = c
      return { field: op, variables: { input: { ...input, slug: fresh('cloud'), operator: pick(w.companies, operator) } } }
    }
    case 'updateCloudProvider': {
      const { op, target, operator, ...input } = c
      const slug = pick(w.clouds, target)
      if (!slug) return null
      return {
        field: op,
        variables: {
          input: { ...input, slug, expectedVersion: await versionOf(prisma, 'CloudProvider', slug), operator: pick(w.companies, operator) },
        },
      }
    }
    case 'createSource': {
      const { op, url: address, ...input } = c
      return { field: op, variables: { input: { ...input, url: `${address}${address.endsWith('/') ? '' : '/'}${fresh('s')}` } } }
    }
    case 'updateSource': {
      const { op, target, ...input } = c
      const address = pick(w.sources, target)!
      return { field: op, variables: { input: { ...input, url: address, expectedVersion: await versionOf(prisma, 'Source', address) } } }
    }
    case 'createAgreement': {
      const { op, parties: chosen, supplements, citations: cited, clauses, ...input } = c
      const parties = [...new Map(chosen.map(([i, role]) => [`${pick(w.companies, i)} ${role}`, { company: pick(w.companies, i)!, role }])).values()]
      const companies = [...new Set(parties.map((p) => p.company))]
      return {
        field: op,
        variables: {
          input: {
            ...input,
            slug: fresh('deal'),
            parties,
            supplements: pick(w.agreements, supplements)?.slug,
            citations: citations(w, cited),
            clauses: clauses.map((cl) => clauseInput(cl, w, companies)),
          },
        },
      }
    }
    case 'amendAgreement': {
      const { op, target, citations: cited, modify, remove, add, ...input } = c
      const old = pick(
        w.agreements.filter((a) => a.amendable),
        target,
      )
      if (!old) return null
      const modified = [...new Map(modify.map(([i, p]) => [pick(old.clauses, i), p])).entries()].filter(([key]) => key !== undefined)
      const changes = modified.map(([key, { citations: patchCited, ...p }]) => ({
        key,
        changes: { ...p, ...(patchCited === undefined ? {} : { citations: patchCited === null ? null : citations(w, patchCited) }) },
      }))
      const removed = picks(old.clauses, remove).filter((key) => !modified.some(([m]) => m === key))
      return {
        field: op,
        variables: {
          slug: old.slug,
          input: {
            ...input,
            slug: fresh('deal'),
            citations: citations(w, cited),
            modify: changes,
            remove: removed,
            add: add.map((cl) => clauseInput(cl, w, old.parties)),
          },
        },
      }
    }
    case 'setAgreementStatus': {
      const { op, target, ...input } = c
      const slug = pick(w.agreements, target)?.slug
      if (!slug) return null
      return { field: op, variables: { input: { ...input, slug, expectedVersion: await versionOf(prisma, 'Agreement', slug) } } }
    }
    case 'setClauseStatus': {
      const { op, target, ...input } = c
      const key = pick(w.clauses, target)
      if (!key) return null
      return { field: op, variables: { input: { ...input, key, expectedVersion: await versionOf(prisma, 'Clause', key) } } }
    }
  }
}

// ---- the property ----

const DATA_TABLES = [
  'Company',
  'CloudProvider',
  'Asset',
  'Source',
  'Deal',
  'Agreement',
  'AgreementParty',
  'AgreementCitation',
  'Clause',
  'ClauseCitation',
  'ClauseTranche',
  'ClauseReplacement',
  'ValueAlternative',
  'AlternativeCitation',
  '_AssetToClause',
  '_ClauseToCloudProvider',
  'WriteHistory',
]
// CompanyLink empties itself with Agreement (a trigger).
const empty = (prisma: PrismaClient) => prisma.$executeRawUnsafe(`TRUNCATE ${DATA_TABLES.map((t) => `"${t}"`).join(', ')} CASCADE`)

// ---- the graph as the API shows it ----

/** Every exported field and each status, read through GraphQL (lists are ordered by the API). */
const STATE = `{
  companies(first: 100) { totalCount nodes { slug name aliases kinds country website description parent { slug } } }
  cloudProviders(first: 100) { totalCount nodes { slug name description operator { slug } } }
  assets(first: 100) { totalCount nodes { slug name kind description developer { slug } releasedOn { text } } }
  agreements(first: 100) { totalCount nodes {
    slug title description kinds status statusNote
    announcedOn { text } effectiveOn { text } endsOn { text } terminatedOn { text }
    value { amount currency qualifier high period text } amends { slug } supplements { slug }
    parties { company { slug } role }
    citations { basis fields source { url title publisher publishedOn note kind } }
    clauses {
      key kind summary status statusNote grantor { slug } grantee { slug } subjects { slug } cloudProviders { slug }
      exclusivity startsOn { text } endsOn { text } percentage amount { amount currency qualifier high period text } capped cap { amount currency }
      quantity { value high unit qualifier text } valuation { basis text } strike { text } cloudScope
      tranches { amount { text } quantity { text } on { text } condition } alternatives { field value note citations { basis source { url } } }
      replaces { key } replacedBy { key }
      condition note supersedes { key } citations { basis fields source { url title publisher publishedOn note kind } }
    }
  } }
}`

/** The graph the API serves from the database `client` (the server reads the process's one client). */
async function stateOf(client: PrismaClient) {
  usePrisma(client)
  try {
    const result = await api.query(STATE)
    expect(result.errors).toBeUndefined()
    return result.data!
  } finally {
    usePrisma(api.prisma)
  }
}

let api: WriteApi
let key: string
let target: TestDatabase
let imported: PrismaClient
const outcomes = new Map<string, number>()

beforeAll(async () => {
  api = await startWriteApi()
  key = await api.key(['WRITE'], 'round trip')
  target = await createTestDatabase()
  imported = createPrismaClient(target.url)
}, 60_000)

afterAll(async () => {
  console.log(
    `round trip: ${[...outcomes]
      .sort()
      .map(([k, n]) => `${k} ${n}`)
      .join(', ')}`,
  )
  await imported?.$disconnect()
  await target?.drop()
  await api?.close()
})

/** Three companies, an asset, a cloud, two sources and a deal to refer to, written through the API. */
async function startingWorld(): Promise<void> {
  for (const [slug, name] of [
    ['lab', 'Lab'],
    ['big', 'Big Tech'],
    ['fund', 'Fund'],
  ])
    await ok(api, key, 'createCompany', { input: { slug, name } })
  await ok(api, key, 'createAsset', { input: { slug: 'model', name: 'Model', kind: 'MODEL', developer: 'lab' } })
  await ok(api, key, 'createCloudProvider', { input: { slug: 'cloud', name: 'Cloud', operator: 'big' } })
  for (const url of ['https://example.org/one', 'https://example.org/two']) await ok(api, key, 'createSource', { input: { url } })
  const citations = [{ url: 'https://example.org/one', basis: 'OFFICIAL' }]
  await ok(api, key, 'createAgreement', {
    input: {
      slug: 'deal',
      title: 'Lab licenses its model to Big Tech',
      announcedOn: '2020',
      citations,
      parties: [
        { company: 'lab', role: 'LICENSOR' },
        { company: 'big', role: 'LICENSEE' },
      ],
      clauses: [{ kind: 'LICENSE_GRANT', summary: 'A licence', grantor: 'lab', grantee: 'big', subjects: ['model'], citations }],
    },
  })
}

describe('every state the API can reach exports and imports again', () => {
  it('keeps named deals: a shared deal, an edited one and a supplement in its parent’s deal', async () => {
    await empty(api.prisma)
    await startingWorld()
    const citations = [{ url: 'https://example.org/one', basis: 'OFFICIAL' }]
    const parties = [
      { company: 'lab', role: 'LICENSOR' },
      { company: 'big', role: 'LICENSEE' },
    ]
    for (const slug of ['alliance-a', 'alliance-b']) {
      await ok(api, key, 'createAgreement', { input: { slug, title: `Alliance ${slug}`, announcedOn: '2021', citations, parties, deal: 'alliance' } })
    }
    await ok(api, key, 'createAgreement', {
      input: { slug: 'side', title: 'Side letter', announcedOn: '2022', citations, parties, supplements: 'deal' },
    })
    await ok(api, key, 'updateDeal', { input: { slug: 'deal', expectedVersion: 1, description: 'The first licence.' } })

    const file = await exportText(json, api.url, null)
    const parsed = JSON.parse(file)
    expect(parsed.deals).toEqual([
      { slug: 'alliance', title: 'Alliance alliance-a', description: null },
      { slug: 'deal', title: 'Lab licenses its model to Big Tech', description: 'The first licence.' },
    ])
    expect(Object.fromEntries(parsed.agreements.map((a: { slug: string; deal: string | null }) => [a.slug, a.deal]))).toEqual({
      'alliance-a': 'alliance',
      'alliance-b': 'alliance',
      deal: 'deal',
      side: null,
    })
    await empty(imported)
    await loadDataset(imported, parsed)
    expect(await exportText(json, target.url, null)).toBe(file)
    const deals = await imported.agreement.findMany({ select: { slug: true, deal: { select: { slug: true } } }, orderBy: { slug: 'asc' } })
    expect(deals.map((a) => [a.slug, a.deal.slug])).toEqual([
      ['alliance-a', 'alliance'],
      ['alliance-b', 'alliance'],
      ['deal', 'deal'],
      ['side', 'deal'],
    ])
  })

  it('random mutation sequences: export JSON, import it into an empty database: the same bytes again, the same graph through the API', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(command, { minLength: 1, maxLength: 14 }), async (commands) => {
        await empty(api.prisma)
        await startingWorld()
        for (const c of commands) {
          const call = await callOf(c, await readWorld(api.prisma), api.prisma)
          if (!call) continue
          const result = await api.query(mutationDocument(call.field), call.variables, key)
          const context = JSON.stringify({ call, result }).slice(0, 3000)
          // A typed result (the write or a refusal), never a masked internal error.
          expect(result.errors, context).toBeUndefined()
          const typename = (result.data![call.field] as { __typename: string }).__typename
          const outcome = typename.endsWith('Payload') ? `${call.field} ok` : `${call.field} ${typename}`
          outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1)
        }
        const first = await exportText(json, api.url, null)
        await empty(imported)
        await loadDataset(imported, JSON.parse(first))
        expect(await exportText(json, target.url, null)).toBe(first)
        expect(await stateOf(imported)).toEqual(await stateOf(api.prisma))
      }),
      { numRuns: RUNS, seed: SEED, endOnFailure: true },
    )
    // The sequences did write: agreements, amendments and status changes all happened.
    for (const field of ['createAgreement', 'amendAgreement', 'setAgreementStatus', 'setClauseStatus', 'updateCompany', 'updateSource']) {
      expect(outcomes.get(`${field} ok`) ?? 0, field).toBeGreaterThan(0)
    }
  }, 300_000)

  it('keeps withdrawn and reinstated clauses and a terminated version, with their notes and dates', async () => {
    await empty(api.prisma)
    await startingWorld()
    const citations = [{ url: 'https://example.org/two', basis: 'PRESS_REPORT' }]
    await ok(api, key, 'amendAgreement', {
      slug: 'deal',
      input: { slug: 'deal-2', effectiveOn: '2022-03', citations, add: [{ kind: 'OTHER', summary: 'A side term', citations }] },
    })
    const setClause = async (clauseKey: string, status: string, note?: string) =>
      ok(api, key, 'setClauseStatus', { input: { key: clauseKey, status, note, expectedVersion: await versionOf(api.prisma, 'Clause', clauseKey) } })
    await setClause('deal-2#2', 'WITHDRAWN', 'Never agreed: the report was wrong.')
    await setClause('deal#1', 'WITHDRAWN', 'Retracted.')
    await setClause('deal#1', 'ACTIVE', 'Confirmed after all.')
    await ok(api, key, 'setAgreementStatus', {
      input: {
        slug: 'deal-2',
        status: 'TERMINATED',
        terminatedOn: '2024-06',
        note: 'Ended early.',
        expectedVersion: await versionOf(api.prisma, 'Agreement', 'deal-2'),
      },
    })

    const file = await exportText(json, api.url, null)
    await empty(imported)
    await loadDataset(imported, JSON.parse(file))
    expect(await exportText(json, target.url, null)).toBe(file)
    expect(await stateOf(imported)).toEqual(await stateOf(api.prisma))
    const clauses = await imported.clause.findMany({
      select: { key: true, status: true, statusNote: true },
      orderBy: [{ agreement: { slug: 'asc' } }, { position: 'asc' }],
    })
    expect(clauses).toEqual([
      { key: 'deal#1', status: 'ACTIVE', statusNote: 'Confirmed after all.' },
      { key: 'deal-2#1', status: 'ACTIVE', statusNote: null },
      { key: 'deal-2#2', status: 'WITHDRAWN', statusNote: 'Never agreed: the report was wrong.' },
    ])
    expect(
      await imported.agreement.findUniqueOrThrow({ where: { slug: 'deal-2' }, select: { status: true, statusNote: true, terminatedText: true } }),
    ).toEqual({
      status: 'TERMINATED',
      statusNote: 'Ended early.',
      terminatedText: '2024-06',
    })
  })

  it('refuses an agreement without citations (naming the path), so GET /export/graph.json still answers 200', async () => {
    await empty(api.prisma)
    await startingWorld()
    const parties = [
      { company: 'lab', role: 'LICENSOR' },
      { company: 'big', role: 'LICENSEE' },
    ]
    const result = await api.query(mutationDocument('createAgreement'), { input: { slug: 'uncited', title: 'Uncited', parties } }, key)
    expect(result.data!.createAgreement).toMatchObject({
      __typename: 'ValidationError',
      issues: [{ path: 'input.citations', message: 'must cite at least one source', code: 'required' }],
    })
    const response = await createServer({ graphiql: false }).fetch('http://yoga/export/graph.json')
    expect(response.status).toBe(200)
    expect(JSON.parse(await response.text())).toMatchObject({
      agreements: [{ slug: 'deal' }],
      companies: [{ slug: 'big' }, { slug: 'fund' }, { slug: 'lab' }],
    })
  })
})
