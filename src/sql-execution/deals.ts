import { Prisma } from '../generated/prisma/client.js'
import type { FieldSql } from './compiler.js'
import { firstOf, type ManySpec, toMany } from './forms.js'

// A deal's fields that src/schema/deal.ts reads with a `where` or in TypeScript, as SQL over the
// deal's row: its amendment chain (the agreements that supplement nothing), the latest version
// (the one no amendment replaces) and the period its agreements span.

type Sql = Prisma.Sql

/** The deal's agreements of its amendment chain, as `x`. */
const chain = (x: Sql, row: Sql) => Prisma.sql`FROM "Agreement" ${x} WHERE ${x}."dealId" = ${row}."id" AND ${x}."supplementsId" IS NULL`

/** `oldestFirst`: by the stored first day in force, versions never in force last, then slug. */
const oldestFirst: ManySpec = {
  typeName: 'Agreement',
  from: chain,
  orderBy: (x) => Prisma.sql`${x}."inForceFrom" ASC NULLS LAST, ${x}."slug" ASC`,
}

/** The latest version: of the chain, amended by none, latest first day first (none last), then slug descending. */
const latestFirst: ManySpec = {
  typeName: 'Agreement',
  from: (x, row) => Prisma.sql`${chain(x, row)} AND NOT EXISTS (SELECT 1 FROM "Agreement" y WHERE y."amendsId" = ${x}."id")`,
  orderBy: (x) => Prisma.sql`${x}."inForceFrom" DESC NULLS LAST, ${x}."slug" DESC`,
}

export const dealVersions: FieldSql = toMany(oldestFirst)
export const dealFirstVersion: FieldSql = firstOf(oldestFirst)
export const dealLatestVersion: FieldSql = firstOf(latestFirst)

/** The latest version's status, null without one. */
export const dealStatus: FieldSql = (row, _selected, compiler) => {
  const x = compiler.alias()
  return Prisma.sql`(SELECT ${x}."status" ${latestFirst.from(x, row)} ORDER BY ${latestFirst.orderBy(x)} LIMIT 1)`
}

/** dealPeriod's `from`: the earliest first day of its agreements (null when none is ever in force). */
export const dealInForceFrom: FieldSql = (row, _selected, compiler) => {
  const x = compiler.alias()
  return Prisma.sql`(SELECT min(${x}."inForceFrom") FROM "Agreement" ${x} WHERE ${x}."dealId" = ${row}."id")`
}

/** dealPeriod's `until`: of the agreements ever in force, the latest last day; null if one is open. */
export const dealInForceUntil: FieldSql = (row, _selected, compiler) => {
  const x = compiler.alias()
  return Prisma.sql`(SELECT CASE WHEN bool_or(${x}."inForceUntil" IS NULL) THEN NULL ELSE max(${x}."inForceUntil") END
    FROM "Agreement" ${x} WHERE ${x}."dealId" = ${row}."id" AND ${x}."inForceFrom" IS NOT NULL)`
}
