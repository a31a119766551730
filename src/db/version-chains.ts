import type { Agreement } from '../generated/prisma/client.js'
import { versionStart } from '../domain/in-force.js'
import { prisma } from './prisma.js'
import { versionTimesOf } from './version-times.js'

/**
 * The amendment chain of each requested version, oldest first, in two statements for any number of
 * versions: a recursive query walks up to each chain's first version and back down through
 * `amendsId`, then the versions are loaded at once.
 */
export async function loadVersionChains(ids: readonly string[]): Promise<Agreement[][]> {
  const links = await prisma().$queryRaw<{ start_id: string; id: string }[]>`
    WITH RECURSIVE up AS (
      SELECT a.id AS start_id, a.id, a."amendsId" FROM "Agreement" a WHERE a.id = ANY(${ids as string[]}::uuid[])
      UNION
      SELECT up.start_id, p.id, p."amendsId" FROM "Agreement" p JOIN up ON p.id = up."amendsId"
    ), down AS (
      SELECT up.start_id, up.id FROM up WHERE up."amendsId" IS NULL
      UNION
      SELECT down.start_id, c.id FROM "Agreement" c JOIN down ON c."amendsId" = down.id
    )
    SELECT start_id::text, id::text FROM down`
  const versions = await prisma().agreement.findMany({ where: { id: { in: [...new Set(links.map((l) => l.id))] } } })
  const byId = new Map(versions.map((v) => [v.id, v]))
  const oldestFirst = (a: Agreement, b: Agreement) =>
    (versionStart(versionTimesOf(a)) ?? '').localeCompare(versionStart(versionTimesOf(b)) ?? '') ||
    a.createdAt.getTime() - b.createdAt.getTime()
  return ids.map((id) =>
    links
      .filter((l) => l.start_id === id)
      .map((l) => byId.get(l.id))
      .filter((v): v is Agreement => v !== undefined)
      .sort(oldestFirst),
  )
}
