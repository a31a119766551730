// The graph as it stood on a day, read in a fixed handful of bulk queries inside one repeatable-read
// transaction, so every export of one request sees one consistent state and no query runs per row.
// Rows come out keyed by slug / URL / clause key (never database ids) and sorted, so exports built
// from a snapshot are byte-stable.
import type { Prisma, PrismaClient } from '../generated/prisma/client.js'
import type {
  AgreementKind,
  AgreementStatus,
  AssetKind,
  ClauseKind,
  CompanyKind,
  Exclusivity,
  PartyRole,
  SourceBasis,
} from '../generated/prisma/enums.js'
import { agreementInForceWhere, clauseInForceWhere } from '../db/in-force-where.js'
import { isoDay, partialDateSelect, readPartialDate } from '../db/partial-date-columns.js'
import { versionTimesOf, versionTimesSelect } from '../db/version-times.js'
import { versionInterval, type DayInterval } from '../domain/in-force.js'
import type { PartialDate } from '../domain/partial-date.js'

export interface Money {
  amount: number
  currency: string
}

export interface SnapshotCitation {
  url: string
  basis: SourceBasis
}

export interface SnapshotSource {
  url: string
  title: string | null
  publisher: string | null
  publishedOn: string | null
  note: string | null
}

export interface SnapshotCompany {
  slug: string
  name: string
  aliases: string[]
  kinds: CompanyKind[]
  country: string | null
  website: string | null
  description: string | null
  parent: string | null
}

export interface SnapshotCloudProvider {
  slug: string
  name: string
  operator: string
  description: string | null
}

export interface SnapshotAsset {
  slug: string
  name: string
  kind: AssetKind
  developer: string | null
  releasedOn: PartialDate | null
  description: string | null
}

export interface SnapshotAgreement {
  slug: string
  title: string
  description: string | null
  kinds: AgreementKind[]
  status: AgreementStatus
  statusNote: string | null
  announcedOn: PartialDate | null
  effectiveOn: PartialDate | null
  endsOn: PartialDate | null
  terminatedOn: PartialDate | null
  value: Money | null
  /** May name a version outside an as-of snapshot (the one this version replaced). */
  amends: string | null
  supplements: string | null
  /** Sorted by company slug, each company's roles alphabetically. */
  parties: { company: string; roles: PartyRole[] }[]
  sources: SnapshotCitation[]
  /** The days this version is in force (src/domain/in-force.ts). */
  inForce: DayInterval
}

export interface SnapshotClause {
  key: string
  agreement: string
  position: number
  kind: ClauseKind
  summary: string
  grantor: string | null
  grantee: string | null
  subjects: string[]
  cloudProviders: string[]
  exclusivity: Exclusivity
  startsOn: PartialDate | null
  endsOn: PartialDate | null
  percentage: number | null
  amount: Money | null
  capped: boolean | null
  cap: Money | null
  condition: string | null
  note: string | null
  /** May name a clause outside an as-of snapshot. */
  supersedes: string | null
  sources: SnapshotCitation[]
  /** Its version's days in force narrowed to the clause's own start and end. */
  inForce: DayInterval
}

export interface Snapshot {
  /** The day the graph is read on; null = every version and every entity. */
  asOf: string | null
  sources: SnapshotSource[]
  companies: SnapshotCompany[]
  cloudProviders: SnapshotCloudProvider[]
  assets: SnapshotAsset[]
  /** Sorted by slug. */
  agreements: SnapshotAgreement[]
  /** Sorted by agreement slug, then position. */
  clauses: SnapshotClause[]
}

type Tx = Prisma.TransactionClient

// Code-unit order, independent of the locale the process runs in.
export const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)
const bySlug = <T extends { slug: string }>(rows: T[]) => rows.sort((a, b) => compareText(a.slug, b.slug))

const citationSelect = { basis: true, source: { select: { url: true } } } as const
const slugSelect = { select: { slug: true } } as const

const agreementSelect = {
  slug: true,
  title: true,
  description: true,
  kinds: true,
  status: true,
  statusNote: true,
  ...versionTimesSelect,
  valueAmount: true,
  valueCurrency: true,
  amends: slugSelect,
  supplements: slugSelect,
  // Only their start matters: an amendment ends this version the day before it starts.
  amendedBy: { select: { ...partialDateSelect('effective'), ...partialDateSelect('announced') } },
  parties: { select: { role: true, company: slugSelect } },
  citations: { select: citationSelect },
} satisfies Prisma.AgreementSelect

const clauseSelect = {
  key: true,
  position: true,
  kind: true,
  summary: true,
  exclusivity: true,
  ...partialDateSelect('starts'),
  ...partialDateSelect('ends'),
  percentage: true,
  amount: true,
  currency: true,
  capped: true,
  capAmount: true,
  capCurrency: true,
  condition: true,
  note: true,
  agreement: slugSelect,
  grantor: slugSelect,
  grantee: slugSelect,
  subjects: slugSelect,
  cloudProviders: slugSelect,
  supersedes: { select: { key: true } },
  citations: { select: citationSelect },
} satisfies Prisma.ClauseSelect

const companySelect = {
  slug: true,
  name: true,
  aliases: true,
  kinds: true,
  country: true,
  website: true,
  description: true,
  parent: slugSelect,
} satisfies Prisma.CompanySelect

const cloudSelect = { slug: true, name: true, description: true, operator: slugSelect } satisfies Prisma.CloudProviderSelect

const assetSelect = {
  slug: true,
  name: true,
  kind: true,
  description: true,
  developer: slugSelect,
  ...partialDateSelect('released'),
} satisfies Prisma.AssetSelect

const sourceSelect = { url: true, title: true, publisher: true, publishedOn: true, note: true } satisfies Prisma.SourceSelect

type AgreementRow = Prisma.AgreementGetPayload<{ select: typeof agreementSelect }>
type ClauseRow = Prisma.ClauseGetPayload<{ select: typeof clauseSelect }>
type CompanyRow = Prisma.CompanyGetPayload<{ select: typeof companySelect }>

const decimal = (d: Prisma.Decimal | null): number | null => (d === null ? null : d.toNumber())
const money = (amount: Prisma.Decimal | null, currency: string | null): Money | null =>
  amount === null || currency === null ? null : { amount: amount.toNumber(), currency }
const citations = (rows: { basis: SourceBasis; source: { url: string } }[]): SnapshotCitation[] =>
  rows.map((c) => ({ url: c.source.url, basis: c.basis })).sort((a, b) => compareText(a.url, b.url))

function toAgreement(row: AgreementRow): SnapshotAgreement {
  const times = versionTimesOf(row)
  const amendments = row.amendedBy.map((a) => ({ ...versionTimesOf(a), ends: null, terminated: null }))
  const roles = new Map<string, PartyRole[]>()
  for (const p of row.parties) roles.set(p.company.slug, [...(roles.get(p.company.slug) ?? []), p.role])
  return {
    slug: row.slug,
    title: row.title,
    description: row.description,
    kinds: row.kinds,
    status: row.status,
    statusNote: row.statusNote,
    announcedOn: times.announced,
    effectiveOn: times.effective,
    endsOn: times.ends,
    terminatedOn: times.terminated,
    value: money(row.valueAmount, row.valueCurrency),
    amends: row.amends?.slug ?? null,
    supplements: row.supplements?.slug ?? null,
    parties: [...roles]
      .sort(([a], [b]) => compareText(a, b))
      .map(([company, r]) => ({ company, roles: r.sort(compareText) })),
    sources: citations(row.citations),
    inForce: versionInterval(times, amendments),
  }
}

/** The version's days narrowed to the clause's own start and end (missing start = the version's). */
function clauseInterval(version: DayInterval, starts: PartialDate | null, ends: PartialDate | null): DayInterval {
  if (version.from === null) return version
  const own = starts?.earliest
  const from = own !== undefined && own > version.from ? own : version.from
  const candidates = [version.until, ends?.latest ?? null].filter((d): d is string => d !== null)
  return { from, until: candidates.length === 0 ? null : candidates.sort(compareText)[0]! }
}

function toClause(row: ClauseRow, version: DayInterval): SnapshotClause {
  const startsOn = readPartialDate(row, 'starts')
  const endsOn = readPartialDate(row, 'ends')
  return {
    key: row.key,
    agreement: row.agreement.slug,
    position: row.position,
    kind: row.kind,
    summary: row.summary,
    grantor: row.grantor?.slug ?? null,
    grantee: row.grantee?.slug ?? null,
    subjects: row.subjects.map((s) => s.slug).sort(compareText),
    cloudProviders: row.cloudProviders.map((c) => c.slug).sort(compareText),
    exclusivity: row.exclusivity,
    startsOn,
    endsOn,
    percentage: decimal(row.percentage),
    amount: money(row.amount, row.currency),
    capped: row.capped,
    cap: money(row.capAmount, row.capCurrency),
    condition: row.condition,
    note: row.note,
    supersedes: row.supersedes?.key ?? null,
    sources: citations(row.citations),
    inForce: clauseInterval(version, startsOn, endsOn),
  }
}

const toCompany = (c: CompanyRow): SnapshotCompany => ({
  slug: c.slug,
  name: c.name,
  aliases: c.aliases,
  kinds: c.kinds,
  country: c.country,
  website: c.website,
  description: c.description,
  parent: c.parent?.slug ?? null,
})

/**
 * Companies by slug plus their ancestors: a company's parent is part of the picture (and of an
 * importable file). One query per level of the parent chain, not per company.
 */
async function companiesWithParents(tx: Tx, slugs: Set<string>): Promise<SnapshotCompany[]> {
  const found = new Map<string, SnapshotCompany>()
  let wanted = [...slugs]
  while (wanted.length > 0) {
    const rows = await tx.company.findMany({ where: { slug: { in: wanted } }, select: companySelect })
    for (const row of rows) found.set(row.slug, toCompany(row))
    wanted = [...new Set(rows.map((r) => r.parent?.slug).filter((s): s is string => !!s && !found.has(s)))]
  }
  return bySlug([...found.values()])
}

async function read(tx: Tx, asOf: string | null): Promise<Snapshot> {
  const agreementRows = await tx.agreement.findMany({
    where: asOf === null ? {} : agreementInForceWhere(asOf),
    select: agreementSelect,
  })
  const agreements = bySlug(agreementRows.map(toAgreement))
  const intervals = new Map(agreements.map((a) => [a.slug, a.inForce]))
  const clauseRows = await tx.clause.findMany({
    where: asOf === null ? {} : clauseInForceWhere(asOf),
    select: clauseSelect,
  })
  const clauses = clauseRows
    .map((row) => toClause(row, intervals.get(row.agreement.slug)!))
    .sort((a, b) => compareText(a.agreement, b.agreement) || a.position - b.position)

  if (asOf === null) {
    const [companies, clouds, assets, sources] = [
      bySlug((await tx.company.findMany({ select: companySelect })).map(toCompany)),
      await tx.cloudProvider.findMany({ select: cloudSelect }),
      await tx.asset.findMany({ select: assetSelect }),
      await tx.source.findMany({ select: sourceSelect }),
    ]
    return assemble(asOf, agreements, clauses, companies, clouds, assets, sources)
  }

  // What the in-force versions and clauses touch, and whatever those point at (operators,
  // developers, parents), so every reference in the snapshot resolves inside it.
  const companySlugs = new Set<string>()
  const cloudSlugs = new Set<string>()
  const assetSlugs = new Set<string>()
  const urls = new Set<string>()
  for (const a of agreements) {
    for (const p of a.parties) companySlugs.add(p.company)
    for (const s of a.sources) urls.add(s.url)
  }
  for (const c of clauses) {
    for (const slug of [c.grantor, c.grantee]) if (slug !== null) companySlugs.add(slug)
    for (const slug of c.subjects) assetSlugs.add(slug)
    for (const slug of c.cloudProviders) cloudSlugs.add(slug)
    for (const s of c.sources) urls.add(s.url)
  }
  const clouds = await tx.cloudProvider.findMany({ where: { slug: { in: [...cloudSlugs] } }, select: cloudSelect })
  const assets = await tx.asset.findMany({ where: { slug: { in: [...assetSlugs] } }, select: assetSelect })
  for (const c of clouds) companySlugs.add(c.operator.slug)
  for (const a of assets) if (a.developer) companySlugs.add(a.developer.slug)
  const companies = await companiesWithParents(tx, companySlugs)
  const sources = await tx.source.findMany({ where: { url: { in: [...urls] } }, select: sourceSelect })
  return assemble(asOf, agreements, clauses, companies, clouds, assets, sources)
}

function assemble(
  asOf: string | null,
  agreements: SnapshotAgreement[],
  clauses: SnapshotClause[],
  companies: SnapshotCompany[],
  clouds: Prisma.CloudProviderGetPayload<{ select: typeof cloudSelect }>[],
  assets: Prisma.AssetGetPayload<{ select: typeof assetSelect }>[],
  sources: Prisma.SourceGetPayload<{ select: typeof sourceSelect }>[],
): Snapshot {
  return {
    asOf,
    sources: sources
      .map((s) => ({ ...s, publishedOn: s.publishedOn === null ? null : isoDay(s.publishedOn) }))
      .sort((a, b) => compareText(a.url, b.url)),
    companies,
    cloudProviders: bySlug(
      clouds.map((c) => ({ slug: c.slug, name: c.name, operator: c.operator.slug, description: c.description })),
    ),
    assets: bySlug(
      assets.map((a) => ({
        slug: a.slug,
        name: a.name,
        kind: a.kind,
        developer: a.developer?.slug ?? null,
        releasedOn: readPartialDate(a, 'released'),
        description: a.description,
      })),
    ),
    agreements,
    clauses,
  }
}

/**
 * Reads the graph in force on `asOf` ('YYYY-MM-DD', already validated), or everything when null:
 * every version, clause and entity.
 */
export function readSnapshot(db: PrismaClient, asOf: string | null): Promise<Snapshot> {
  return db.$transaction((tx) => read(tx, asOf), {
    isolationLevel: 'RepeatableRead',
    maxWait: 10_000,
    timeout: 120_000,
  })
}
