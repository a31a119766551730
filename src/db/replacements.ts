import { replacementProblem } from '../domain/terms.js'
import type { Issues } from '../domain/write-errors.js'
import { readLineage } from './lineage.js'
import type { Tx } from './write.js'

// The API's check of `replaces` (the import's is in seed/resolve.ts, with the same rule): each
// named clause belongs to an agreement that supplements, directly or not, a version of the deal
// of the version being written, which is not in the database yet: `parent` is the version it
// amends or supplements.

export interface NewVersion {
  slug: string
  amends: string | null
  parent: { slug: string; supplements: boolean } | null
}

export async function checkReplacements(tx: Tx, version: NewVersion, wanted: { key: string; path: string }[], issues: Issues): Promise<void> {
  if (wanted.length === 0) return
  const clauses = await tx.clause.findMany({
    where: { key: { in: wanted.map((w) => w.key) } },
    select: { key: true, agreement: { select: { slug: true } } },
  })
  const owners = new Map(clauses.map((c) => [c.key, c.agreement.slug]))
  const lineages = await readLineage(tx, [...new Set([...owners.values(), ...(version.parent ? [version.parent.slug] : [])])])
  const parent = version.parent && lineages.get(version.parent.slug)
  const own =
    version.parent === null
      ? { root: version.slug, viaSupplement: false }
      : parent && { root: parent.root, viaSupplement: parent.viaSupplement || version.parent.supplements }
  for (const { key, path } of wanted) {
    const owner = owners.get(key)
    if (owner === undefined) continue // reported as unknown
    const why = replacementProblem(key, owner, { slug: version.slug, amends: version.amends, lineage: own ?? null }, lineages.get(owner) ?? null)
    if (why) issues.add(path, why, 'replaces')
  }
}
