import { Prisma } from '../generated/prisma/client.js'
import type { FieldSql } from './compiler.js'
import { partialDateAbsent, toMany } from './forms.js'

type Sql = Prisma.Sql

/** versionStart of the version `x`: its effective date's first day, else its announced date's, else null. */
export const versionStartSql = (x: Sql) =>
  Prisma.sql`CASE WHEN NOT ${partialDateAbsent(x, 'effective')} THEN ${x}."effectiveEarliest"
    WHEN NOT ${partialDateAbsent(x, 'announced')} THEN ${x}."announcedEarliest" END`

/**
 * `Agreement.versions`: the versions sharing its chain root, by first day (none first, as an
 * empty string sorts), then as the resolver loads them before its stable sort (createdAt, id).
 */
export const chainVersions: FieldSql = toMany({
  typeName: 'Agreement',
  from: (x, row) => Prisma.sql`FROM "Agreement" ${x} WHERE ${x}."chainRootId" = ${row}."chainRootId"`,
  orderBy: (x) => Prisma.sql`${versionStartSql(x)} ASC NULLS FIRST, ${x}."createdAt" ASC, ${x}."id" ASC`,
})
