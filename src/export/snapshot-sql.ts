// The statements of readSnapshot (snapshot.ts), one per kind of row, and the rows they return.
// Top-level rows are sorted in SQL, by COLLATE "C" (code points, whatever the database's
// collation); the short lists inside a row are sorted by snapshot.ts.
import { Prisma } from '../generated/prisma/client.js'
import type {
  AgreementKind,
  AgreementStatus,
  AmountPeriod,
  AmountQualifier,
  ClauseKind,
  ClauseStatus,
  CloudScope,
  Exclusivity,
  PartyRole,
  QuantityUnit,
  ValuationBasis,
} from '../generated/prisma/enums.js'
import { agreementInForceSql, clauseInForceSql } from '../db/in-force-sql.js'
import type { DatePrefix } from '../db/partial-date-columns.js'
import type { DayInterval, VersionTimes } from '../domain/in-force.js'
import type { PartialDate } from '../domain/partial-date.js'
import type { SnapshotAlternative, SnapshotCitation, SnapshotDeal } from './snapshot.js'

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

const agreementCitationsJson = jsonList(
  Prisma.sql`json_build_object('url', s.url, 'basis', cite.basis, 'fields', cite.fields)`,
  Prisma.sql`FROM "AgreementCitation" cite JOIN "Source" s ON s.id = cite."sourceId" WHERE cite."agreementId" = a.id`,
)

/** The ids of each kind of row an as-of snapshot holds, as subqueries. */
function scopeOf(on: string) {
  const agreements = Prisma.sql`SELECT a.id FROM "Agreement" a WHERE ${agreementInForceSql('a', on)}`
  const clauses = Prisma.sql`SELECT c.id FROM "Clause" c WHERE ${clauseInForceSql('c', on)}`
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
    UNION SELECT cite."sourceId" FROM "ClauseCitation" cite WHERE cite."clauseId" IN (${clauses})
    UNION SELECT cite."sourceId" FROM "AlternativeCitation" cite JOIN "ValueAlternative" alt ON alt.id = cite."alternativeId" WHERE alt."clauseId" IN (${clauses})`
  return { clouds, assets, companies, sources }
}

type Scope = ReturnType<typeof scopeOf>

/** `alias.id` is in the snapshot: always without a day, else one of the scope's ids. */
const within = (asOf: string | null, alias: string, ids: (scope: Scope) => Prisma.Sql) =>
  asOf === null ? Prisma.sql`TRUE` : Prisma.sql`${Prisma.raw(alias)}.id IN (${ids(scopeOf(asOf))})`

export const sourcesSql = (asOf: string | null) => Prisma.sql`
  SELECT s.url, s.title, s.publisher, to_char(s."publishedOn", 'YYYY-MM-DD') AS "publishedOn", s.note, s.kind::text AS kind
  FROM "Source" s WHERE ${within(asOf, 's', (scope) => scope.sources)}
  ORDER BY s.url ${SORT}`

export const companiesSql = (asOf: string | null) => Prisma.sql`
  SELECT c.id::text AS id, c.slug, c.name, ${listColumn('c', 'aliases')} AS aliases, ${listColumn('c', 'kinds')} AS kinds, c.country, c.website, c.description,
    (SELECT p.slug FROM "Company" p WHERE p.id = c."parentId") AS parent
  FROM "Company" c WHERE ${within(asOf, 'c', (scope) => scope.companies)}
  ORDER BY c.slug ${SORT}`

export const cloudProvidersSql = (asOf: string | null) => Prisma.sql`
  SELECT cp.id::text AS id, cp.slug, cp.name, cp.description, (SELECT o.slug FROM "Company" o WHERE o.id = cp."operatorId") AS operator
  FROM "CloudProvider" cp WHERE ${within(asOf, 'cp', (scope) => scope.clouds)}
  ORDER BY cp.slug ${SORT}`

export const assetsSql = (asOf: string | null) => Prisma.sql`
  SELECT a.id::text AS id, a.slug, a.name, a.kind::text AS kind, a.description,
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

/** A list per clause over a link table, grouped once for all clauses (joined, not asked per clause). */
const perClause = (list: Prisma.Sql, from: Prisma.Sql, clause: Prisma.Sql) =>
  Prisma.sql`(SELECT ${clause} AS clause, ${list} AS list ${from} GROUP BY ${clause})`

const trancheJson = Prisma.sql`json_agg(json_build_object('amount', t.amount, 'currency', t.currency, 'amountQualifier', t."amountQualifier",
  'amountHigh', t."amountHigh", 'amountPeriod', t."amountPeriod", 'quantity', t.quantity, 'quantityHigh', t."quantityHigh",
  'quantityUnit', t."quantityUnit", 'quantityQualifier', t."quantityQualifier", 'on', t."onText", 'condition', t.condition) ORDER BY t.position)`

const alternativeJson = Prisma.sql`json_agg(json_build_object('field', alt.field, 'value', alt.value, 'note', alt.note,
  'sources', (SELECT COALESCE(json_agg(json_build_object('url', s.url, 'basis', cite.basis) ORDER BY s.url ${SORT}), '[]'::json)
    FROM "AlternativeCitation" cite JOIN "Source" s ON s.id = cite."sourceId" WHERE cite."alternativeId" = alt.id)) ORDER BY alt.position)`

/**
 * Every clause in the snapshot, by agreement slug and position: the agreements' order, so the two
 * streams are merged as they are read (withClauses). One pass over all clauses with hash joins: a
 * tenth of the time of asking for each clause's lists clause by clause.
 */
export function clausesSql(asOf: string | null): Prisma.Sql {
  const superseded = asOf === null ? Prisma.sql`TRUE` : Prisma.sql`COALESCE(${clauseInForceSql('old', asOf)}, FALSE)`
  const replacedInSnapshot = asOf === null ? Prisma.sql`TRUE` : Prisma.sql`COALESCE(${clauseInForceSql('r', asOf)}, FALSE)`
  return Prisma.sql`
  SELECT c.id::text AS id, a.slug AS agreement, c.key, c.position, c.kind::text AS kind, c.summary, c.exclusivity::text AS exclusivity,
    ${partialDateJson('c', 'starts')} AS "startsOn", ${partialDateJson('c', 'ends')} AS "endsOn",
    c.percentage::text AS percentage, c.amount::text AS amount, c.currency, c.capped,
    c."capAmount"::text AS "capAmount", c."capCurrency", c."amountQualifier"::text AS "amountQualifier", c."amountHigh"::text AS "amountHigh",
    c."amountPeriod"::text AS "amountPeriod", c.quantity::text AS quantity, c."quantityHigh"::text AS "quantityHigh",
    c."quantityUnit"::text AS "quantityUnit", c."quantityQualifier"::text AS "quantityQualifier", c."valuationAmount"::text AS "valuationAmount",
    c."valuationCurrency", c."valuationBasis"::text AS "valuationBasis", c."strikeAmount"::text AS "strikeAmount", c."strikeCurrency",
    c."cloudScope"::text AS "cloudScope", COALESCE(tranches.list, '[]'::json) AS tranches, COALESCE(alternatives.list, '[]'::json) AS alternatives,
    COALESCE(replaced.list, '[]'::json) AS replaces, c.condition, c.note, c.status::text AS status, c."statusNote",
    grantor.slug AS grantor, grantee.slug AS grantee,
    COALESCE(subjects.list, '{}') AS subjects, COALESCE(clouds.list, '{}') AS "cloudProviders",
    old.key AS supersedes, (old.id IS NOT NULL AND ${superseded}) AS "supersedesInSnapshot",
    COALESCE(citations.list, '[]'::json) AS sources, ${storedPeriod('c')} AS "inForce"
  FROM "Clause" c
  JOIN "Agreement" a ON a.id = c."agreementId"
  LEFT JOIN "Company" grantor ON grantor.id = c."grantorId"
  LEFT JOIN "Company" grantee ON grantee.id = c."granteeId"
  LEFT JOIN "Clause" old ON old.id = c."supersedesId"
  LEFT JOIN ${perClause(Prisma.sql`array_agg(asset.slug)`, Prisma.sql`FROM "_AssetToClause" link JOIN "Asset" asset ON asset.id = link."A"`, Prisma.sql`link."B"`)} subjects
    ON subjects.clause = c.id
  LEFT JOIN ${perClause(Prisma.sql`array_agg(cloud.slug)`, Prisma.sql`FROM "_ClauseToCloudProvider" link JOIN "CloudProvider" cloud ON cloud.id = link."B"`, Prisma.sql`link."A"`)} clouds
    ON clouds.clause = c.id
  LEFT JOIN ${perClause(Prisma.sql`json_agg(json_build_object('url', s.url, 'basis', cite.basis, 'fields', cite.fields))`, Prisma.sql`FROM "ClauseCitation" cite JOIN "Source" s ON s.id = cite."sourceId"`, Prisma.sql`cite."clauseId"`)} citations
    ON citations.clause = c.id
  LEFT JOIN ${perClause(trancheJson, Prisma.sql`FROM "ClauseTranche" t`, Prisma.sql`t."clauseId"`)} tranches ON tranches.clause = c.id
  LEFT JOIN ${perClause(alternativeJson, Prisma.sql`FROM "ValueAlternative" alt`, Prisma.sql`alt."clauseId"`)} alternatives ON alternatives.clause = c.id
  LEFT JOIN ${perClause(
    Prisma.sql`json_agg(json_build_object('key', r.key, 'inSnapshot', ${replacedInSnapshot}) ORDER BY r.key ${SORT})`,
    Prisma.sql`FROM "ClauseReplacement" cr JOIN "Clause" r ON r.id = cr."replacedId"`,
    Prisma.sql`cr."clauseId"`,
  )} replaced ON replaced.clause = c.id
  WHERE ${asOf === null ? Prisma.sql`TRUE` : clauseInForceSql('c', asOf)}
  ORDER BY a.slug ${SORT}, c.position`
}

/** The row's stored in-force period (src/domain/in-force.ts, kept by triggers) as a DayInterval. */
const storedPeriod = (alias: string) => Prisma.sql`json_build_object(
  'from', to_char(${Prisma.raw(alias)}."inForceFrom", 'YYYY-MM-DD'), 'until', to_char(${Prisma.raw(alias)}."inForceUntil", 'YYYY-MM-DD'))`

const versionTimesJson = (alias: string) => Prisma.sql`json_build_object(
  'effective', ${partialDateJson(alias, 'effective')}, 'announced', ${partialDateJson(alias, 'announced')},
  'ends', ${partialDateJson(alias, 'ends')}, 'terminated', ${partialDateJson(alias, 'terminated')})`

/** Sorted in a subquery, so the per-row JSON below is built in that order as rows are fetched. */
export function agreementsSql(asOf: string | null): Prisma.Sql {
  const amends = versionLink(asOf, 'amendsId')
  const supplements = versionLink(asOf, 'supplementsId')
  return Prisma.sql`
  SELECT a.id::text AS id, a.slug, a.title, a.description, ${listColumn('a', 'kinds')} AS kinds, a.status::text AS status, a."statusNote",
    ${versionTimesJson('a')} AS times, a."valueAmount"::text AS "valueAmount", a."valueCurrency",
    a."valueQualifier"::text AS "valueQualifier", a."valueHigh"::text AS "valueHigh", a."valuePeriod"::text AS "valuePeriod",
    ${amends.slug} AS amends, ${amends.inSnapshot} AS "amendsInSnapshot",
    ${supplements.slug} AS supplements, ${supplements.inSnapshot} AS "supplementsInSnapshot",
    ${storedPeriod('a')} AS "inForce",
    (SELECT json_build_object('slug', d.slug, 'title', d.title, 'description', d.description) FROM "Deal" d WHERE d.id = a."dealId") AS deal,
    ${jsonList(Prisma.sql`json_build_object('company', party.slug, 'role', p.role)`, Prisma.sql`FROM "AgreementParty" p JOIN "Company" party ON party.id = p."companyId" WHERE p."agreementId" = a.id`)} AS parties,
    ${agreementCitationsJson} AS sources
  FROM (
    SELECT * FROM "Agreement" a WHERE ${asOf === null ? Prisma.sql`TRUE` : agreementInForceSql('a', asOf)}
    ORDER BY a.slug ${SORT}
  ) a
  ORDER BY a.slug ${SORT}`
}

// ---- the rows, as pg parses them ----

/** Numbers inside JSON come as numbers. */
export interface TrancheRow {
  amount: number | null
  currency: string | null
  amountQualifier: AmountQualifier
  amountHigh: number | null
  amountPeriod: AmountPeriod | null
  quantity: number | null
  quantityHigh: number | null
  quantityUnit: QuantityUnit | null
  quantityQualifier: AmountQualifier
  on: string | null
  condition: string | null
}

export interface ClauseRow {
  id: string
  agreement: string
  key: string
  position: number
  kind: ClauseKind
  summary: string
  exclusivity: Exclusivity
  startsOn: PartialDate | null
  endsOn: PartialDate | null
  percentage: string | null
  amount: string | null
  currency: string | null
  capped: boolean | null
  capAmount: string | null
  capCurrency: string | null
  amountQualifier: AmountQualifier
  amountHigh: string | null
  amountPeriod: AmountPeriod | null
  quantity: string | null
  quantityHigh: string | null
  quantityUnit: QuantityUnit | null
  quantityQualifier: AmountQualifier
  valuationAmount: string | null
  valuationCurrency: string | null
  valuationBasis: ValuationBasis | null
  strikeAmount: string | null
  strikeCurrency: string | null
  cloudScope: CloudScope | null
  tranches: TrancheRow[]
  alternatives: SnapshotAlternative[]
  replaces: { key: string; inSnapshot: boolean }[]
  condition: string | null
  note: string | null
  status: ClauseStatus
  statusNote: string | null
  grantor: string | null
  grantee: string | null
  subjects: string[]
  cloudProviders: string[]
  supersedes: string | null
  supersedesInSnapshot: boolean
  sources: SnapshotCitation[]
  inForce: DayInterval
}

export interface AgreementRow {
  id: string
  slug: string
  title: string
  description: string | null
  kinds: AgreementKind[]
  status: AgreementStatus
  statusNote: string | null
  times: VersionTimes
  valueAmount: string | null
  valueCurrency: string | null
  valueQualifier: AmountQualifier
  valueHigh: string | null
  valuePeriod: AmountPeriod | null
  amends: string | null
  amendsInSnapshot: boolean
  supplements: string | null
  supplementsInSnapshot: boolean
  inForce: DayInterval
  deal: SnapshotDeal
  parties: { company: string; role: PartyRole }[]
  sources: SnapshotCitation[]
}
