// What the database already holds that the imported files refer to without defining it: so a file
// can use the companies of the shipped data, cite a stored source, or amend a stored agreement
// (whose clauses it may then supersede or carry), checked by the API's rules as a version in the
// files would be (its start, its one successor). Reads only those keys, in bulk.
import type { PrismaClient } from '../src/generated/prisma/client.js'
import { inChunks } from './chunks.js'
import { isCarry, type Dataset } from './format.js'
import type { Keys } from './parse.js'
import { emptyStored, type ResolvedClause, type Stored } from './plan.js'

const CHUNK = 5000

/** Every key the dataset refers to, by kind. */
function references(data: Dataset) {
  const refs = {
    sources: new Set<string>(),
    companies: new Set<string>(),
    cloudProviders: new Set<string>(),
    assets: new Set<string>(),
    agreements: new Set<string>(),
    amended: new Set<string>(),
    deals: new Set<string>(),
  }
  const add = (set: Set<string>, key: string | null) => key !== null && set.add(key)
  for (const c of data.companies) add(refs.companies, c.parent)
  for (const c of data.cloudProviders) add(refs.companies, c.operator)
  for (const a of data.assets) add(refs.companies, a.developer)
  for (const a of data.agreements) {
    add(refs.agreements, a.amends)
    add(refs.agreements, a.supplements)
    add(refs.amended, a.amends)
    add(refs.deals, a.deal)
    for (const p of a.parties) add(refs.companies, p.company)
    for (const s of a.sources) add(refs.sources, s.url)
    for (const c of a.clauses) {
      if (isCarry(c)) {
        for (const s of c.extraSources) add(refs.sources, s.url)
        continue
      }
      add(refs.companies, c.grantor)
      add(refs.companies, c.grantee)
      for (const s of c.subjects) add(refs.assets, s)
      for (const s of c.cloudProviders) add(refs.cloudProviders, s)
      for (const s of c.sources) add(refs.sources, s.url)
    }
  }
  return refs
}

/** Keys referred to but defined by no file (nor by a file entry that failed the schema). */
function missing(refs: Set<string>, defined: Iterable<string>, broken: Set<string>): string[] {
  const here = new Set(defined)
  return [...refs].filter((k) => !here.has(k) && !broken.has(k))
}

const clauseDetail = {
  agreement: { select: { slug: true } },
  grantor: { select: { id: true, slug: true } },
  grantee: { select: { id: true, slug: true } },
  subjects: { select: { id: true, slug: true } },
  cloudProviders: { select: { id: true, slug: true } },
  supersedes: { select: { key: true } },
  citations: { select: { basis: true, source: { select: { id: true, url: true } } } },
} as const

export async function readStored(prisma: PrismaClient, data: Dataset, broken: Keys): Promise<Stored> {
  const stored = emptyStored()
  const refs = references(data)
  const fill = async (into: Map<string, string>, keys: string[], query: (chunk: string[]) => Promise<{ id: string; slug: string }[]>) => {
    for (const row of await inChunks(keys, CHUNK, query)) into.set(row.slug, row.id)
  }
  const select = { id: true, slug: true } as const
  await fill(stored.companies, missing(refs.companies, data.companies.map((c) => c.slug), broken.companies), (chunk) =>
    prisma.company.findMany({ where: { slug: { in: chunk } }, select }),
  )
  await fill(stored.cloudProviders, missing(refs.cloudProviders, data.cloudProviders.map((c) => c.slug), broken.cloudProviders), (chunk) =>
    prisma.cloudProvider.findMany({ where: { slug: { in: chunk } }, select }),
  )
  await fill(stored.assets, missing(refs.assets, data.assets.map((a) => a.slug), broken.assets), (chunk) =>
    prisma.asset.findMany({ where: { slug: { in: chunk } }, select }),
  )
  await fill(stored.sources, missing(refs.sources, data.sources.map((s) => s.url), broken.sources), async (chunk) =>
    (await prisma.source.findMany({ where: { url: { in: chunk } }, select: { id: true, url: true } })).map((r) => ({ id: r.id, slug: r.url })),
  )

  const agreements = missing(refs.agreements, data.agreements.map((a) => a.slug), broken.agreements)
  const found = await inChunks(agreements, CHUNK, (chunk) =>
    prisma.agreement.findMany({
      where: { slug: { in: chunk } },
      select: { ...select, announcedText: true, effectiveText: true, status: true, deal: { select: { id: true, slug: true } } },
    }),
  )
  for (const a of found) {
    stored.agreements.set(a.slug, { id: a.id, announcedOn: a.announcedText, effectiveOn: a.effectiveText, status: a.status, deal: a.deal.slug, dealId: a.deal.id, clauses: new Map() })
  }
  await fill(stored.deals, missing(refs.deals, data.deals.map((d) => d.slug), broken.deals), (chunk) =>
    prisma.deal.findMany({ where: { slug: { in: chunk } }, select }),
  )

  // Stored amendments of the versions the files amend: a version has one successor (the API's rule).
  const successors = await inChunks([...refs.amended], CHUNK, (chunk) =>
    prisma.agreement.findMany({ where: { amends: { slug: { in: chunk } } }, select: { slug: true, amends: { select: { slug: true } } }, orderBy: { slug: 'asc' } }),
  )
  for (const s of successors) stored.successors.set(s.amends!.slug, [...(stored.successors.get(s.amends!.slug) ?? []), s.slug])

  // Clauses of stored versions that an imported version amends: targets of supersedes and carries.
  const amended = found.filter((a) => refs.amended.has(a.slug)).map((a) => a.id)
  const clauses = await inChunks(amended, CHUNK, (chunk) =>
    prisma.clause.findMany({ where: { agreementId: { in: chunk } }, include: clauseDetail }),
  )
  for (const c of clauses) {
    // A carried clause brings its references along; the writer needs their ids.
    for (const who of [c.grantor, c.grantee]) if (who) stored.companies.set(who.slug, who.id)
    for (const s of c.subjects) stored.assets.set(s.slug, s.id)
    for (const s of c.cloudProviders) stored.cloudProviders.set(s.slug, s.id)
    for (const s of c.citations) stored.sources.set(s.source.url, s.source.id)
    const clause: ResolvedClause & { id: string } = {
      id: c.id,
      key: c.key,
      agreement: c.agreement.slug,
      position: c.position,
      kind: c.kind,
      summary: c.summary,
      grantor: c.grantor?.slug ?? null,
      grantee: c.grantee?.slug ?? null,
      subjects: c.subjects.map((s) => s.slug).sort(),
      cloudProviders: c.cloudProviders.map((s) => s.slug).sort(),
      exclusivity: c.exclusivity,
      startsOn: c.startsText,
      endsOn: c.endsText,
      percentage: c.percentage === null ? null : Number(c.percentage),
      amount: c.amount === null ? null : { amount: Number(c.amount), currency: c.currency! },
      capped: c.capped,
      cap: c.capAmount === null ? null : { amount: Number(c.capAmount), currency: c.capCurrency! },
      condition: c.condition,
      note: c.note,
      supersedes: c.supersedes?.key ?? null,
      status: c.status,
      statusNote: c.statusNote,
      citations: c.citations.map((s) => ({ url: s.source.url, basis: s.basis })).sort((x, y) => x.url.localeCompare(y.url)),
    }
    stored.agreements.get(c.agreement.slug)!.clauses.set(c.key, clause)
  }
  return stored
}

/** Stored clauses of imported versions that their files no longer list (the import never deletes). */
export async function readStaleClauses(prisma: PrismaClient, data: Dataset): Promise<Map<string, string[]>> {
  // Only the stale ones come back: a re-import of 10,000 agreements reads nothing here.
  const rows = await inChunks(data.agreements, 1000, (chunk) =>
    prisma.$queryRawUnsafe<{ key: string; slug: string }[]>(
      `SELECT c."key", a."slug" FROM "Clause" c JOIN "Agreement" a ON a."id" = c."agreementId"
       LEFT JOIN unnest($2::text[]) AS listed("key") ON listed."key" = c."key"
       WHERE a."slug" = ANY($1::text[]) AND listed."key" IS NULL ORDER BY c."position"`,
      chunk.map((a) => a.slug),
      chunk.flatMap((a) => a.clauses.map((c) => c.key)),
    ),
  )
  const stale = new Map<string, string[]>()
  for (const r of rows) stale.set(r.slug, [...(stale.get(r.slug) ?? []), r.key])
  return stale
}
