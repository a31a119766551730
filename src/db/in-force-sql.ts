import { Prisma } from '../generated/prisma/client.js'

/** A table alias: a bare name (quoted here) or an alias already made SQL. */
type Alias = string | Prisma.Sql

const aliasSql = (alias: Alias) => (typeof alias === 'string' ? Prisma.raw(`"${alias}"`) : alias)

/**
 * "In force on D" for raw SQL over a row of "Agreement" or "Clause" aliased `alias`: D lies in the
 * row's stored period ("inForceFrom" … "inForceUntil"), which triggers keep equal to the rule of
 * src/domain/in-force.ts (migration in_force_periods). A clause's period already lies within its
 * version's, so no join is needed. `src/db/in-force-where.ts` is the same test as Prisma filters.
 */
export function inForceSql(alias: Alias, on: string): Prisma.Sql {
  const a = aliasSql(alias)
  return Prisma.sql`(${a}."inForceFrom" <= ${on}::date AND (${a}."inForceUntil" IS NULL OR ${a}."inForceUntil" >= ${on}::date))`
}

/** An agreement version aliased `alias` is in force on `on`. */
export const agreementInForceSql = inForceSql

/** A clause aliased `clause` is in force on `on` (its version too, by its stored period). */
export const clauseInForceSql = inForceSql

/**
 * A clause aliased `clause` of the version aliased `agreement` is contracted on `on`: its version
 * is in force then and the clause is not over (it may start later: compute due from 2027 is
 * contracted in 2026). A clause that is never in force (withdrawn, or ending before it starts)
 * is not.
 */
export function clauseContractedSql(clause: Alias, agreement: Alias, on: string): Prisma.Sql {
  const c = aliasSql(clause)
  return Prisma.sql`(${inForceSql(agreement, on)} AND ${c}."inForceFrom" IS NOT NULL
    AND (${c}."inForceUntil" IS NULL OR (${c}."inForceUntil" >= ${on}::date AND ${c}."inForceUntil" >= ${c}."inForceFrom")))`
}

interface DateRange {
  from?: string | null
  to?: string | null
}

/**
 * periodWhere (src/db/in-force-where.ts) for raw SQL over the row aliased `alias`: the period
 * overlaps `inForceDuring` (and is not empty), ends within `endedBetween`, ends one of `endedHow`.
 */
export function periodSql(
  alias: Alias,
  c: { inForceDuring?: DateRange | null; endedBetween?: DateRange | null; endedHow?: string[] | null },
): Prisma.Sql[] {
  const a = aliasSql(alias)
  const and: Prisma.Sql[] = []
  if (c.inForceDuring) {
    const { from, to } = c.inForceDuring
    and.push(to ? Prisma.sql`${a}."inForceFrom" <= ${to}::date` : Prisma.sql`${a}."inForceFrom" IS NOT NULL`)
    const after = from ? Prisma.sql`AND ${a}."inForceUntil" >= ${from}::date` : Prisma.empty
    and.push(Prisma.sql`(${a}."inForceUntil" IS NULL OR (${a}."inForceUntil" >= ${a}."inForceFrom" ${after}))`)
  }
  if (c.endedBetween) {
    const { from, to } = c.endedBetween
    and.push(Prisma.sql`${a}."inForceUntil" IS NOT NULL`)
    if (from) and.push(Prisma.sql`${a}."inForceUntil" >= ${from}::date`)
    if (to) and.push(Prisma.sql`${a}."inForceUntil" <= ${to}::date`)
  }
  if (c.endedHow) and.push(Prisma.sql`${a}."inForceEnd"::text = ANY(${c.endedHow}::text[])`)
  return and
}
