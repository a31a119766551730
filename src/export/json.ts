// The snapshot as a dataset in the import format (seed/format.ts), so an export can be edited and
// imported again. Every clause is written in full (no carries); lists are sorted by slug, URL or
// position, so the same graph always gives the same bytes.
//
// An as-of file stands alone: links to versions and clauses that were not in force that day
// (`amends`, `supplements`, `supersedes`) are left out (null), so the file imports into an empty
// database. Import it into a database of its own, not over the full graph, where it would unlink
// the versions it leaves out.
import { datasetSchema, type Dataset } from '../../seed/format.js'
import type { PartialDate } from '../domain/partial-date.js'
import type { Snapshot } from './snapshot.js'

const text = (d: PartialDate | null) => d?.text ?? null

export function toDataset(snapshot: Snapshot): Dataset {
  const versions = new Set(snapshot.agreements.map((a) => a.slug))
  const clauseKeys = new Set(snapshot.clauses.map((c) => c.key))
  const clausesOf = new Map<string, Snapshot['clauses']>()
  for (const c of snapshot.clauses) {
    const list = clausesOf.get(c.agreement)
    if (list) list.push(c)
    else clausesOf.set(c.agreement, [c])
  }
  const inSnapshot = (set: Set<string>, ref: string | null) => (ref !== null && set.has(ref) ? ref : null)

  const dataset: Dataset = {
    sources: snapshot.sources.map((s) => ({
      url: s.url,
      title: s.title,
      publisher: s.publisher,
      publishedOn: s.publishedOn,
      note: s.note,
    })),
    companies: snapshot.companies.map((c) => ({
      slug: c.slug,
      name: c.name,
      aliases: c.aliases,
      kinds: c.kinds,
      country: c.country,
      website: c.website,
      description: c.description,
      parent: c.parent,
    })),
    cloudProviders: snapshot.cloudProviders.map((c) => ({
      slug: c.slug,
      name: c.name,
      operator: c.operator,
      description: c.description,
    })),
    assets: snapshot.assets.map((a) => ({
      slug: a.slug,
      name: a.name,
      kind: a.kind,
      developer: a.developer,
      releasedOn: text(a.releasedOn),
      description: a.description,
    })),
    agreements: snapshot.agreements.map((a) => ({
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
      amends: inSnapshot(versions, a.amends),
      supplements: inSnapshot(versions, a.supplements),
      parties: a.parties.map((p) => ({ company: p.company, roles: p.roles })),
      sources: a.sources.map((s) => ({ url: s.url, basis: s.basis })),
      // The import format numbers clauses by their place in this list; the snapshot's are sorted.
      clauses: (clausesOf.get(a.slug) ?? []).map((c) => ({
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
        condition: c.condition,
        note: c.note,
        supersedes: inSnapshot(clauseKeys, c.supersedes),
        sources: c.sources.map((s) => ({ url: s.url, basis: s.basis })),
      })),
    })),
  }
  // The database may hold what the format refuses (say, a clause citing nothing, written through
  // the API); an export that could not be imported again is an error, not a file.
  const checked = datasetSchema.safeParse(dataset)
  if (!checked.success) {
    const problems = checked.error.issues.slice(0, 20).map((i) => `  ${i.path.join('.')}: ${i.message}`)
    throw new Error(`The stored graph does not fit the import format:\n${problems.join('\n')}`)
  }
  // The parsed copy: what an import of this file would read (text trimmed), so exports are a fixed point.
  return checked.data
}

export function toJson(snapshot: Snapshot): string {
  return `${JSON.stringify(toDataset(snapshot), null, 2)}\n`
}
