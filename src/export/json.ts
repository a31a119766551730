// The snapshot as a dataset in the import format (seed/format.ts), so an export can be edited and
// imported again. Every clause is written in full (no carries); lists are sorted by slug, URL or
// position, so the same graph always gives the same bytes. Written entry by entry as the snapshot
// is read: the same text JSON.stringify(dataset, null, 2) gives for the whole dataset.
//
// An as-of file stands alone: links to versions and clauses that were not in force that day
// (`amends`, `supplements`, `supersedes`) are left out (null), so the file imports into an empty
// database. Import it into a database of its own, not over the full graph, where it would unlink
// the versions it leaves out.
import type { z } from 'zod'
import {
  agreementSchema,
  assetSchema,
  cloudProviderSchema,
  companySchema,
  dealSchema,
  sourceSchema,
  type AgreementCitation,
  type AgreementSpec,
  type AlternativeSpec,
  type AssetSpec,
  type Citation,
  type CloudProviderSpec,
  type CompanySpec,
  type Dataset,
  type DealSpec,
  type SourceSpec,
} from '../../seed/format.js'
import type { PartialDate } from '../domain/partial-date.js'
import type { Snapshot, SnapshotAgreement, SnapshotAsset, SnapshotCloudProvider, SnapshotCompany, SnapshotDeal, SnapshotSource } from './snapshot.js'

const text = (d: PartialDate | null) => d?.text ?? null

const toSource = (s: SnapshotSource): SourceSpec => ({
  url: s.url,
  title: s.title,
  publisher: s.publisher,
  publishedOn: s.publishedOn,
  note: s.note,
  kind: s.kind,
})

const toCompany = (c: SnapshotCompany): CompanySpec => ({
  slug: c.slug,
  name: c.name,
  aliases: c.aliases,
  kinds: c.kinds,
  country: c.country,
  website: c.website,
  description: c.description,
  parent: c.parent,
})

const toCloudProvider = (c: SnapshotCloudProvider): CloudProviderSpec => ({
  slug: c.slug,
  name: c.name,
  operator: c.operator,
  description: c.description,
})

const toAsset = (a: SnapshotAsset): AssetSpec => ({
  slug: a.slug,
  name: a.name,
  kind: a.kind,
  developer: a.developer,
  releasedOn: text(a.releasedOn),
  description: a.description,
})

/**
 * The deal a version's entry names: only a first version in the file (no `amends` or
 * `supplements` written) names one, and only when it is not the deal an import would give it
 * anyway (its own slug and title, no description). Amendments and supplements inherit theirs.
 */
function namedDeal(a: SnapshotAgreement): SnapshotDeal | null {
  if (a.amendsInSnapshot || a.supplementsInSnapshot) return null
  const own = a.deal.slug === a.slug && a.deal.title === a.title && a.deal.description === null
  return own ? null : a.deal
}

const toDeal = (d: SnapshotDeal): DealSpec => ({ slug: d.slug, title: d.title, description: d.description })

const toAgreement = (a: SnapshotAgreement): AgreementSpec => ({
  slug: a.slug,
  title: a.title,
  description: a.description,
  kinds: a.kinds,
  status: a.status,
  statusNote: a.statusNote,
  announcedOn: text(a.announcedOn),
  effectiveOn: text(a.effectiveOn),
  endsOn: text(a.endsOn),
  terminatedOn: text(a.terminatedOn),
  value: a.value,
  amends: a.amendsInSnapshot ? a.amends : null,
  supplements: a.supplementsInSnapshot ? a.supplements : null,
  deal: namedDeal(a)?.slug ?? null,
  parties: a.parties.map((p) => ({ company: p.company, roles: p.roles })),
  sources: a.sources.map((s) => ({ url: s.url, basis: s.basis, fields: s.fields as AgreementCitation['fields'] })),
  // The import format numbers clauses by their place in this list; the snapshot's are sorted.
  clauses: a.clauses.map((c) => ({
    key: c.key,
    kind: c.kind,
    summary: c.summary,
    grantor: c.grantor,
    grantee: c.grantee,
    subjects: c.subjects,
    cloudProviders: c.cloudProviders,
    exclusivity: c.exclusivity,
    startsOn: text(c.startsOn),
    endsOn: text(c.endsOn),
    percentage: c.percentage,
    amount: c.amount,
    capped: c.capped,
    cap: c.cap,
    quantity: c.quantity,
    valuation: c.valuation,
    strike: c.strike,
    cloudScope: c.cloudScope,
    tranches: c.tranches,
    alternatives: c.alternatives as AlternativeSpec[],
    condition: c.condition,
    note: c.note,
    supersedes: c.supersedesInSnapshot ? c.supersedes : null,
    replaces: c.replaces.filter((r) => r.inSnapshot).map((r) => r.key),
    status: c.status,
    statusNote: c.statusNote,
    sources: c.sources.map((s) => ({ url: s.url, basis: s.basis, fields: s.fields as Citation['fields'] })),
  })),
})

/**
 * What a file leaves out when it says nothing: a figure's EXACT qualifier and its empty high end
 * and period, a citation's empty list of fields. So plain money stays `{ amount, currency }`.
 */
function terse(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(terse)
  if (value === null || typeof value !== 'object') return value
  const figure = 'qualifier' in value
  const citation = 'url' in value && 'basis' in value
  return Object.fromEntries(
    Object.entries(value)
      .filter(([k, v]) => !(figure && ((k === 'qualifier' && v === 'EXACT') || ((k === 'high' || k === 'period') && v === null))))
      .filter(([k, v]) => !(citation && k === 'fields' && Array.isArray(v) && v.length === 0))
      .map(([k, v]) => [k, terse(v)]),
  )
}

/**
 * A clause's status is written only when it says something (WITHDRAWN, or a note): a file leaves
 * out an ACTIVE clause's, so files of plain active clauses (the shipped data) keep their bytes.
 */
const statusWhenSet = (a: AgreementSpec) =>
  terse({
    ...a,
    clauses: a.clauses.map((c) =>
      Object.fromEntries(Object.entries(c).filter(([k, v]) => !(k === 'status' && v === 'ACTIVE') && !(k === 'statusNote' && v === null))),
    ),
  })

interface Section<R, E> {
  name: keyof Dataset
  rows: () => AsyncIterable<R>
  toEntry: (row: R) => E
  schema: z.ZodType<E>
  /** The checked entry as written; default as parsed. */
  written?: (entry: E) => unknown
}

const section = <R, E>(s: Section<R, E>) => s as unknown as Section<unknown, unknown>

/**
 * Each entry checked against the import format as it is written: the database may hold what the
 * format refuses (say, a clause citing nothing, written through the API), and an export that could
 * not be imported again is an error, not a file. The parsed copy is written (text trimmed, as an
 * import would read it), so exports are a fixed point.
 */
function checkedEntry(s: Section<unknown, unknown>, index: number, row: unknown): unknown {
  const checked = s.schema.safeParse(s.toEntry(row))
  if (checked.success) return s.written ? s.written(checked.data) : checked.data
  const problems = checked.error.issues.slice(0, 20).map((i) => `  ${[s.name, index, ...i.path].join('.')}: ${i.message}`)
  throw new Error(`The stored graph does not fit the import format:\n${problems.join('\n')}`)
}

/** An entry at the depth JSON.stringify(dataset, null, 2) puts the entries of a top-level list. */
const entryText = (entry: unknown) => `    ${JSON.stringify(entry, null, 2).replaceAll('\n', '\n    ')}`

/** The dataset file, a few lines at a time. */
export async function* json(snapshot: Snapshot): AsyncGenerator<string> {
  // The deals the agreements name, gathered as they are written (deals come after them).
  const named = new Map<string, SnapshotDeal>()
  async function* agreementsNaming() {
    for await (const a of snapshot.agreements()) {
      const deal = namedDeal(a)
      if (deal) named.set(deal.slug, deal)
      yield a
    }
  }
  async function* deals() {
    yield* [...named.values()].sort((x, y) => (x.slug < y.slug ? -1 : x.slug > y.slug ? 1 : 0))
  }
  const sections = [
    section({ name: 'sources', rows: snapshot.sources, toEntry: toSource, schema: sourceSchema }),
    section({ name: 'companies', rows: snapshot.companies, toEntry: toCompany, schema: companySchema }),
    section({ name: 'cloudProviders', rows: snapshot.cloudProviders, toEntry: toCloudProvider, schema: cloudProviderSchema }),
    section({ name: 'assets', rows: snapshot.assets, toEntry: toAsset, schema: assetSchema }),
    section({ name: 'agreements', rows: agreementsNaming, toEntry: toAgreement, schema: agreementSchema, written: statusWhenSet }),
    section({ name: 'deals', rows: deals, toEntry: toDeal, schema: dealSchema }),
  ]
  yield '{\n'
  for (const [i, s] of sections.entries()) {
    let index = 0
    for await (const row of s.rows()) {
      yield `${index === 0 ? `  "${s.name}": [\n` : ',\n'}${entryText(checkedEntry(s, index, row))}`
      index += 1
    }
    const end = i === sections.length - 1 ? '\n' : ',\n'
    yield index === 0 ? `  "${s.name}": []${end}` : `\n  ]${end}`
  }
  yield '}\n'
}
