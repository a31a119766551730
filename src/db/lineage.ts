import type { Lineage } from '../domain/terms.js'

// Where stored versions sit in their deals (src/domain/terms.ts, Lineage): what the import and
// the API check a clause's `replaces` against.

interface Queryable {
  $queryRawUnsafe<T>(query: string, ...values: unknown[]): Promise<T>
}

/** Each stored version's Lineage, by slug: up through amends (else supplements) to the first version. */
export async function readLineage(db: Queryable, slugs: string[]): Promise<Map<string, Lineage>> {
  const rows = await db.$queryRawUnsafe<({ slug: string } & Lineage)[]>(
    `WITH RECURSIVE up(start, id, via) AS (
       SELECT a.slug, a.id, FALSE FROM "Agreement" a WHERE a.slug = ANY($1::text[])
       UNION ALL
       SELECT up.start, COALESCE(a."amendsId", a."supplementsId"), up.via OR a."amendsId" IS NULL
       FROM up JOIN "Agreement" a ON a.id = up.id WHERE COALESCE(a."amendsId", a."supplementsId") IS NOT NULL
     )
     SELECT up.start AS slug, root.slug AS root, up.via AS "viaSupplement"
     FROM up JOIN "Agreement" root ON root.id = up.id WHERE root."amendsId" IS NULL AND root."supplementsId" IS NULL`,
    slugs,
  )
  return new Map(rows.map((r) => [r.slug, { root: r.root, viaSupplement: r.viaSupplement }]))
}
