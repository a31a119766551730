// What the database already holds that the imported files refer to without defining it: so a file
// can use the companies of the shipped data, cite a stored source, or amend a stored agreement
// (whose clauses it may then supersede or carry), checked by the API's rules as a version in the
// files would be (its start, its one successor). Reads only those keys, in bulk.
import type { PrismaClient } from '../src/generated/prisma/client.js'
import { readLineage } from '../src/db/lineage.js'
import { chunks, inChunks } from './chunks.js'
import { isCarry, type Dataset } from './format.js'
import type { Keys } from './parse.js'
import { emptyStored, type Stored } from './plan.js'
import { storedClause, storedClauseInclude, storedReferences } from './stored-clause.js'

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
    replaced: new Set<string>(),
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
      for (const alt of c.alternatives) for (const s of alt.sources) add(refs.sources, s.url)
      for (const k of c.replaces) add(refs.replaced, k)
    }
  }
  return refs
}

/** Keys referred to but defined by no file (nor by a file entry that failed the schema). */
function missing(refs: Set<string>, defined: Iterable<string>, broken: Set<string>): string[] {
  const here = new Set(defined)
  return [...refs].filter((k) => !here.has(k) && !broken.has(k))
}

export async function readStored(prisma: PrismaClient, data: Dataset, broken: Keys): Promise<Stored> {
  const stored = emptyStored()
  const refs = references(data)
  const fill = async (into: Map<string, string>, keys: string[], query: (chunk: string[]) => Promise<{ id: string; slug: string }[]>) => {
    for (const row of await inChunks(keys, CHUNK, query)) into.set(row.slug, row.id)
  }
  const select = { id: true, slug: true } as const
  await fill(
    stored.companies,
    missing(
      refs.companies,
      data.companies.map((c) => c.slug),
      broken.companies,
    ),
    (chunk) => prisma.company.findMany({ where: { slug: { in: chunk } }, select }),
  )
  await fill(
    stored.cloudProviders,
    missing(
      refs.cloudProviders,
      data.cloudProviders.map((c) => c.slug),
      broken.cloudProviders,
    ),
    (chunk) => prisma.cloudProvider.findMany({ where: { slug: { in: chunk } }, select }),
  )
  await fill(
    stored.assets,
    missing(
      refs.assets,
      data.assets.map((a) => a.slug),
      broken.assets,
    ),
    (chunk) => prisma.asset.findMany({ where: { slug: { in: chunk } }, select }),
  )
  await fill(
    stored.sources,
    missing(
      refs.sources,
      data.sources.map((s) => s.url),
      broken.sources,
    ),
    async (chunk) =>
      (await prisma.source.findMany({ where: { url: { in: chunk } }, select: { id: true, url: true } })).map((r) => ({ id: r.id, slug: r.url })),
  )

  const agreements = missing(
    refs.agreements,
    data.agreements.map((a) => a.slug),
    broken.agreements,
  )
  const found = await inChunks(agreements, CHUNK, (chunk) =>
    prisma.agreement.findMany({
      where: { slug: { in: chunk } },
      select: { ...select, announcedText: true, effectiveText: true, status: true, deal: { select: { id: true, slug: true } } },
    }),
  )
  for (const a of found) {
    stored.agreements.set(a.slug, {
      id: a.id,
      announcedOn: a.announcedText,
      effectiveOn: a.effectiveText,
      status: a.status,
      deal: a.deal.slug,
      dealId: a.deal.id,
      clauses: new Map(),
    })
  }
  await fill(
    stored.deals,
    missing(
      refs.deals,
      data.deals.map((d) => d.slug),
      broken.deals,
    ),
    (chunk) => prisma.deal.findMany({ where: { slug: { in: chunk } }, select }),
  )

  // Stored amendments of the versions the files amend: a version has one successor (the API's rule).
  const successors = await inChunks([...refs.amended], CHUNK, (chunk) =>
    prisma.agreement.findMany({
      where: { amends: { slug: { in: chunk } } },
      select: { slug: true, amends: { select: { slug: true } } },
      orderBy: { slug: 'asc' },
    }),
  )
  for (const s of successors) stored.successors.set(s.amends!.slug, [...(stored.successors.get(s.amends!.slug) ?? []), s.slug])

  // Clauses of stored versions that an imported version amends: targets of supersedes and carries.
  const amended = found.filter((a) => refs.amended.has(a.slug)).map((a) => a.id)
  const clauses = await inChunks(amended, CHUNK, (chunk) =>
    prisma.clause.findMany({ where: { agreementId: { in: chunk } }, include: storedClauseInclude }),
  )
  for (const c of clauses) {
    // A carried clause brings its references along; the writer needs their ids.
    const refsOf = storedReferences(c)
    for (const who of refsOf.companies) stored.companies.set(who.slug, who.id)
    for (const s of refsOf.assets) stored.assets.set(s.slug, s.id)
    for (const s of refsOf.cloudProviders) stored.cloudProviders.set(s.slug, s.id)
    for (const s of refsOf.sources) stored.sources.set(s.url, s.id)
    stored.agreements.get(c.agreement.slug)!.clauses.set(c.key, { ...storedClause(c), id: c.id })
  }

  // Clauses that imported clauses replace and no file defines, and where their versions and the
  // stored versions the files build on sit in their deals.
  const definedClauses = new Set(data.agreements.flatMap((a) => a.clauses.map((c) => c.key)))
  const replaced = await inChunks(missing(refs.replaced, definedClauses, broken.clauses), CHUNK, (chunk) =>
    prisma.clause.findMany({ where: { key: { in: chunk } }, select: { id: true, key: true, agreement: { select: { slug: true } } } }),
  )
  for (const c of replaced) stored.replaceable.set(c.key, { id: c.id, agreement: c.agreement.slug })
  const placed = [...new Set([...found.map((a) => a.slug), ...replaced.map((c) => c.agreement.slug)])]
  for (const chunk of chunks(placed, CHUNK)) for (const [slug, lineage] of await readLineage(prisma, chunk)) stored.lineage.set(slug, lineage)
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
