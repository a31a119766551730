// The graph as it stood on a day, read as sorted streams of rows through an export session's
// cursors (session.ts): one statement per kind of row, however large the graph, and never the
// whole graph in memory. Rows come out keyed by slug / URL / clause key (never database ids) and
// sorted, so exports built from a snapshot are byte-stable; an agreement row carries its clauses.
import { Prisma } from '../generated/prisma/client.js'
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
import { agreementInForceSql, clauseInForceSql } from '../db/in-force-sql.js'
import type { DatePrefix } from '../db/partial-date-columns.js'
import { versionInterval, type DayInterval, type VersionTimes } from '../domain/in-force.js'
import type { PartialDate } from '../domain/partial-date.js'
import type { ExportSession } from './session.js'

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
  /** Whether the clause it supersedes is in this snapshot. */
  supersedesInSnapshot: boolean
  sources: SnapshotCitation[]
  /** Its version's days in force narrowed to the clause's own start and end. */
  inForce: DayInterval
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
  amendsInSnapshot: boolean
  supplements: string | null
  supplementsInSnapshot: boolean
  /** Sorted by company slug, each company's roles alphabetically. */
  parties: { company: string; roles: PartyRole[] }[]
  sources: SnapshotCitation[]
  /** The days this version is in force (src/domain/in-force.ts). */
  inForce: DayInterval
  /** Its clauses in the snapshot, by position. */
  clauses: SnapshotClause[]
}

/** Each stream may be read more than once (a new cursor each time); all see one state. */
export interface Snapshot {
  /** The day the graph is read on; null = every version and every entity. */
  asOf: string | null
  /** Sorted by URL. */
  sources(): AsyncIterable<SnapshotSource>
  /** Each sorted by slug. */
  companies(): AsyncIterable<SnapshotCompany>
  cloudProviders(): AsyncIterable<SnapshotCloudProvider>
  assets(): AsyncIterable<SnapshotAsset>
  agreements(): AsyncIterable<SnapshotAgreement>
}

// Code-unit order, independent of the locale the process runs in.
export const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

// ---- SQL ----
// Top-level streams are sorted in SQL, by COLLATE "C" (code points, whatever the database's
// collation); the short lists inside a row are sorted here with compareText.

const q = (name: string) => Prisma.raw(`"${name}"`)
const SORT = Prisma.raw('COLLATE "C"')

/** A partial date's four columns as one JSON value, or null (readPartialDate's rule). */
function partialDateJson(alias: string, prefix: DatePrefix): Prisma.Sql {
  const col = (part: string) => Prisma.raw(`"${alias}"."${prefix}${part}"`)
  return Prisma.sql`CASE WHEN ${col('Text')} <> '' AND ${col('Precision')} IS NOT NULL
      AND ${col('Earliest')} IS NOT NULL AND ${col('Latest')} IS NOT NULL
    THEN json_build_object('text', ${col('Text')}, 'precision', ${col('Precision')},
      'earliest', to_char(${col('Earliest')}, 'YYYY-MM-DD'), 'latest', to_char(${col('Latest')}, 'YYYY-MM-DD')) END`
}

/** A list column as text[]; NULL (a row written without the list) reads as empty, as Prisma reads it. */
const listColumn = (alias: string, column: string) => Prisma.raw(`COALESCE("${alias}"."${column}"::text[], '{}')`)

const jsonList = (element: Prisma.Sql, from: Prisma.Sql) => Prisma.sql`COALESCE((SELECT json_agg(${element}) ${from}), '[]'::json)`

function citationsJson(table: 'AgreementCitation' | 'ClauseCitation', owner: Prisma.Sql): Prisma.Sql {
  const column = q(table === 'AgreementCitation' ? 'agreementId' : 'clauseId')
  return jsonList(
    Prisma.sql`json_build_object('url', s.url, 'basis', cite.basis)`,
    Prisma.sql`FROM ${q(table)} cite JOIN "Source" s ON s.id = cite."sourceId" WHERE cite.${column} = ${owner}`,
  )
}

/** The ids of each kind of row an as-of snapshot holds, as subqueries. */
function scopeOf(on: string) {
  const agreements = Prisma.sql`SELECT a.id FROM "Agreement" a WHERE ${agreementInForceSql('a', on)}`
  const clauses = Prisma.sql`SELECT c.id FROM "Clause" c JOIN "Agreement" a ON a.id = c."agreementId" WHERE ${clauseInForceSql('c', 'a', on)}`
  const clouds = Prisma.sql`SELECT link."B" FROM "_ClauseToCloudProvider" link WHERE link."A" IN (${clauses})`
  const assets = Prisma.sql`SELECT link."A" FROM "_AssetToClause" link WHERE link."B" IN (${clauses})`
  // What the versions and clauses touch, what those point at (operators, developers), and parents up the chain.
  const companies = Prisma.sql`WITH RECURSIVE named(id) AS (
      SELECT p."companyId" FROM "AgreementParty" p WHERE p."agreementId" IN (${agreements})
      UNION SELECT c."grantorId" FROM "Clause" c WHERE c."grantorId" IS NOT NULL AND c.id IN (${clauses})
      UNION SELECT c."granteeId" FROM "Clause" c WHERE c."granteeId" IS NOT NULL AND c.id IN (${clauses})
      UNION SELECT cp."operatorId" FROM "CloudProvider" cp WHERE cp.id IN (${clouds})
      UNION SELECT asset."developerId" FROM "Asset" asset WHERE asset."developerId" IS NOT NULL AND asset.id IN (${assets})
    ), tree(id) AS (
      SELECT id FROM named
      UNION SELECT company."parentId" FROM "Company" company JOIN tree ON company.id = tree.id WHERE company."parentId" IS NOT NULL
    ) SELECT id FROM tree`
  const sources = Prisma.sql`SELECT cite."sourceId" FROM "AgreementCitation" cite WHERE cite."agreementId" IN (${agreements})
    UNION SELECT cite."sourceId" FROM "ClauseCitation" cite WHERE cite."clauseId" IN (${clauses})`
  return { clouds, assets, companies, sources }
}

type Scope = ReturnType<typeof scopeOf>

/** `alias.id` is in the snapshot: always without a day, else one of the scope's ids. */
const within = (asOf: string | null, alias: string, ids: (scope: Scope) => Prisma.Sql) =>
  asOf === null ? Prisma.sql`TRUE` : Prisma.sql`${Prisma.raw(alias)}.id IN (${ids(scopeOf(asOf))})`

const sourcesSql = (asOf: string | null) => Prisma.sql`
  SELECT s.url, s.title, s.publisher, to_char(s."publishedOn", 'YYYY-MM-DD') AS "publishedOn", s.note
  FROM "Source" s WHERE ${within(asOf, 's', (scope) => scope.sources)}
  ORDER BY s.url ${SORT}`

const companiesSql = (asOf: string | null) => Prisma.sql`
  SELECT c.slug, c.name, ${listColumn('c', 'aliases')} AS aliases, ${listColumn('c', 'kinds')} AS kinds, c.country, c.website, c.description,
    (SELECT p.slug FROM "Company" p WHERE p.id = c."parentId") AS parent
  FROM "Company" c WHERE ${within(asOf, 'c', (scope) => scope.companies)}
  ORDER BY c.slug ${SORT}`

const cloudProvidersSql = (asOf: string | null) => Prisma.sql`
  SELECT cp.slug, cp.name, cp.description, (SELECT o.slug FROM "Company" o WHERE o.id = cp."operatorId") AS operator
  FROM "CloudProvider" cp WHERE ${within(asOf, 'cp', (scope) => scope.clouds)}
  ORDER BY cp.slug ${SORT}`

const assetsSql = (asOf: string | null) => Prisma.sql`
  SELECT a.slug, a.name, a.kind::text AS kind, a.description,
    (SELECT d.slug FROM "Company" d WHERE d.id = a."developerId") AS developer, ${partialDateJson('a', 'released')} AS "releasedOn"
  FROM "Asset" a WHERE ${within(asOf, 'a', (scope) => scope.assets)}
  ORDER BY a.slug ${SORT}`

/** The slug of the version an agreement row's `column` points at, and whether it is in the snapshot. */
function versionLink(asOf: string | null, column: 'amendsId' | 'supplementsId') {
  const inSnapshot = asOf === null ? Prisma.sql`TRUE` : agreementInForceSql('x', asOf)
  const from = Prisma.sql`FROM "Agreement" x WHERE x.id = a.${q(column)}`
  return {
    slug: Prisma.sql`(SELECT x.slug ${from})`,
    inSnapshot: Prisma.sql`COALESCE((SELECT ${inSnapshot} ${from}), FALSE)`,
  }
}

function clausesJson(asOf: string | null): Prisma.Sql {
  const superseded = asOf === null ? Prisma.sql`TRUE` : clauseInForceSql('old', 'old_version', asOf)
  const clause = Prisma.sql`json_build_object(
    'key', c.key, 'position', c.position, 'kind', c.kind, 'summary', c.summary, 'exclusivity', c.exclusivity,
    'startsOn', ${partialDateJson('c', 'starts')}, 'endsOn', ${partialDateJson('c', 'ends')},
    'percentage', c.percentage, 'amount', c.amount, 'currency', c.currency, 'capped', c.capped,
    'capAmount', c."capAmount", 'capCurrency', c."capCurrency", 'condition', c.condition, 'note', c.note,
    'grantor', (SELECT g.slug FROM "Company" g WHERE g.id = c."grantorId"),
    'grantee', (SELECT g.slug FROM "Company" g WHERE g.id = c."granteeId"),
    'subjects', ${jsonList(Prisma.sql`asset.slug`, Prisma.sql`FROM "_AssetToClause" link JOIN "Asset" asset ON asset.id = link."A" WHERE link."B" = c.id`)},
    'cloudProviders', ${jsonList(Prisma.sql`cloud.slug`, Prisma.sql`FROM "_ClauseToCloudProvider" link JOIN "CloudProvider" cloud ON cloud.id = link."B" WHERE link."A" = c.id`)},
    'supersedes', (SELECT old.key FROM "Clause" old WHERE old.id = c."supersedesId"),
    'supersedesInSnapshot', COALESCE((SELECT ${superseded} FROM "Clause" old JOIN "Agreement" old_version ON old_version.id = old."agreementId" WHERE old.id = c."supersedesId"), FALSE),
    'sources', ${citationsJson('ClauseCitation', Prisma.sql`c.id`)})`
  const inForce = asOf === null ? Prisma.sql`TRUE` : clauseInForceSql('c', 'a', asOf)
  return Prisma.sql`COALESCE((SELECT json_agg(${clause} ORDER BY c.position) FROM "Clause" c
    WHERE c."agreementId" = a.id AND ${inForce}), '[]'::json)`
}

const versionTimesJson = (alias: string) => Prisma.sql`json_build_object(
  'effective', ${partialDateJson(alias, 'effective')}, 'announced', ${partialDateJson(alias, 'announced')},
  'ends', ${partialDateJson(alias, 'ends')}, 'terminated', ${partialDateJson(alias, 'terminated')})`

/** Sorted in a subquery, so the per-row JSON below is built in that order as rows are fetched. */
function agreementsSql(asOf: string | null): Prisma.Sql {
  const amends = versionLink(asOf, 'amendsId')
  const supplements = versionLink(asOf, 'supplementsId')
  return Prisma.sql`
  SELECT a.slug, a.title, a.description, ${listColumn('a', 'kinds')} AS kinds, a.status::text AS status, a."statusNote",
    ${versionTimesJson('a')} AS times, a."valueAmount"::text AS "valueAmount", a."valueCurrency",
    ${amends.slug} AS amends, ${amends.inSnapshot} AS "amendsInSnapshot",
    ${supplements.slug} AS supplements, ${supplements.inSnapshot} AS "supplementsInSnapshot",
    ${jsonList(versionTimesJson('amendment'), Prisma.sql`FROM "Agreement" amendment WHERE amendment."amendsId" = a.id`)} AS amendments,
    ${jsonList(Prisma.sql`json_build_object('company', party.slug, 'role', p.role)`, Prisma.sql`FROM "AgreementParty" p JOIN "Company" party ON party.id = p."companyId" WHERE p."agreementId" = a.id`)} AS parties,
    ${citationsJson('AgreementCitation', Prisma.sql`a.id`)} AS sources,
    ${clausesJson(asOf)} AS clauses
  FROM (
    SELECT * FROM "Agreement" a WHERE ${asOf === null ? Prisma.sql`TRUE` : agreementInForceSql('a', asOf)}
    ORDER BY a.slug ${SORT}
  ) a
  ORDER BY a.slug ${SORT}`
}

// ---- rows to snapshot values ----

interface ClauseJson {
  key: string
  position: number
  kind: ClauseKind
  summary: string
  exclusivity: Exclusivity
  startsOn: PartialDate | null
  endsOn: PartialDate | null
  percentage: number | null
  amount: number | null
  currency: string | null
  capped: boolean | null
  capAmount: number | null
  capCurrency: string | null
  condition: string | null
  note: string | null
  grantor: string | null
  grantee: string | null
  subjects: string[]
  cloudProviders: string[]
  supersedes: string | null
  supersedesInSnapshot: boolean
  sources: SnapshotCitation[]
}

interface AgreementRow {
  slug: string
  title: string
  description: string | null
  kinds: AgreementKind[]
  status: AgreementStatus
  statusNote: string | null
  times: VersionTimes
  valueAmount: string | null
  valueCurrency: string | null
  amends: string | null
  amendsInSnapshot: boolean
  supplements: string | null
  supplementsInSnapshot: boolean
  amendments: VersionTimes[]
  parties: { company: string; role: PartyRole }[]
  sources: SnapshotCitation[]
  clauses: ClauseJson[]
}

const money = (amount: number | string | null, currency: string | null): Money | null =>
  amount === null || currency === null ? null : { amount: Number(amount), currency }
const sortCitations = (rows: SnapshotCitation[]) => rows.sort((a, b) => compareText(a.url, b.url))
const sortSlugs = (slugs: string[]) => slugs.sort(compareText)

/** The version's days narrowed to the clause's own start and end (missing start = the version's). */
function clauseInterval(version: DayInterval, starts: PartialDate | null, ends: PartialDate | null): DayInterval {
  if (version.from === null) return version
  const own = starts?.earliest
  const from = own !== undefined && own > version.from ? own : version.from
  const candidates = [version.until, ends?.latest ?? null].filter((d): d is string => d !== null)
  return { from, until: candidates.length === 0 ? null : candidates.sort(compareText)[0]! }
}

function toClause(c: ClauseJson, agreement: string, version: DayInterval): SnapshotClause {
  return {
    key: c.key,
    agreement,
    position: c.position,
    kind: c.kind,
    summary: c.summary,
    grantor: c.grantor,
    grantee: c.grantee,
    subjects: sortSlugs(c.subjects),
    cloudProviders: sortSlugs(c.cloudProviders),
    exclusivity: c.exclusivity,
    startsOn: c.startsOn,
    endsOn: c.endsOn,
    percentage: c.percentage === null ? null : Number(c.percentage),
    amount: money(c.amount, c.currency),
    capped: c.capped,
    cap: money(c.capAmount, c.capCurrency),
    condition: c.condition,
    note: c.note,
    supersedes: c.supersedes,
    supersedesInSnapshot: c.supersedesInSnapshot,
    sources: sortCitations(c.sources),
    inForce: clauseInterval(version, c.startsOn, c.endsOn),
  }
}

function toAgreement(row: AgreementRow): SnapshotAgreement {
  const amendments = row.amendments.map((a) => ({ ...a, ends: null, terminated: null }))
  const inForce = versionInterval(row.times, amendments)
  const roles = new Map<string, PartyRole[]>()
  for (const p of row.parties) roles.set(p.company, [...(roles.get(p.company) ?? []), p.role])
  return {
    slug: row.slug,
    title: row.title,
    description: row.description,
    kinds: row.kinds,
    status: row.status,
    statusNote: row.statusNote,
    announcedOn: row.times.announced,
    effectiveOn: row.times.effective,
    endsOn: row.times.ends,
    terminatedOn: row.times.terminated,
    value: money(row.valueAmount, row.valueCurrency),
    amends: row.amends,
    amendsInSnapshot: row.amendsInSnapshot,
    supplements: row.supplements,
    supplementsInSnapshot: row.supplementsInSnapshot,
    parties: [...roles]
      .sort(([a], [b]) => compareText(a, b))
      .map(([company, r]) => ({ company, roles: r.sort(compareText) })),
    sources: sortCitations(row.sources),
    inForce,
    clauses: row.clauses.map((c) => toClause(c, row.slug, inForce)),
  }
}

async function* mapRows<R, T>(rows: AsyncIterable<R>, to: (row: R) => T): AsyncGenerator<T> {
  for await (const row of rows) yield to(row)
}

/**
 * The graph in force on `asOf` ('YYYY-MM-DD', already validated), or everything when null: every
 * version, clause and entity; on a day, the versions and clauses in force then and whatever they
 * touch (companies up their parent chains, operators, developers, sources), so every reference
 * resolves inside the snapshot.
 */
export function readSnapshot(session: ExportSession, asOf: string | null): Snapshot {
  return {
    asOf,
    sources: () => session.rows<SnapshotSource>(sourcesSql(asOf)),
    companies: () => session.rows<SnapshotCompany>(companiesSql(asOf)),
    cloudProviders: () => session.rows<SnapshotCloudProvider>(cloudProvidersSql(asOf)),
    assets: () => session.rows<SnapshotAsset>(assetsSql(asOf)),
    agreements: () => mapRows(session.rows<AgreementRow>(agreementsSql(asOf)), toAgreement),
  }
}
