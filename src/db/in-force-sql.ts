import { Prisma } from '../generated/prisma/client.js'

/** A table alias: a bare name (quoted here) or an alias already made SQL. */
type Alias = string | Prisma.Sql

const aliasSql = (alias: Alias) => (typeof alias === 'string' ? Prisma.raw(`"${alias}"`) : alias)

/**
 * The days the row aliased `alias` ("Agreement", "Clause" or "CompanyLink") is in force: its stored
 * period ("inForceFrom" … "inForceUntil", kept by triggers equal to the rule of
 * src/domain/in-force.ts) as a daterange, empty when it never begins (migration in_force_days_index).
 */
export function inForceDaysSql(alias: Alias): Prisma.Sql {
  const a = aliasSql(alias)
  return Prisma.sql`"in_force_days"(${a}."inForceFrom", ${a}."inForceUntil")`
}

/**
 * "In force on D" for raw SQL: D lies in the row's stored period. The one SQL form of the rule,
 * which the GiST index of migration in_force_days_index answers; a clause's period already lies
 * within its version's, so no join is needed. `src/db/in-force-where.ts` is the Prisma form.
 */
export function inForceSql(alias: Alias, on: string): Prisma.Sql {
  return Prisma.sql`(${inForceDaysSql(alias)} @> ${on}::date)`
}

/**
 * "In force on `on`" on the period's two columns: the rows inForceSql gives (a period ending before
 * it begins holds no day either way), for pages that walk a btree index in their own order; given
 * the range form, PostgreSQL gathers every match from the in-force index and sorts them instead.
 */
export function inForceOnColumnsSql(alias: Alias, on: string): Prisma.Sql {
  const a = aliasSql(alias)
  return Prisma.sql`(${a}."inForceFrom" <= ${on}::date AND (${a}."inForceUntil" IS NULL OR ${a}."inForceUntil" >= ${on}::date))`
}

/**
 * What "in force on `on`" implies of a clause's order column: it ends on that day or later (its
 * period ends by its latest end). Said beside the rule so a walk in ENDS_SOONEST order starts at
 * the day instead of at the first clause that ever ended (migration clause_ends_or_open).
 */
export function clauseEndsFromSql(alias: Alias, on: string): Prisma.Sql {
  return Prisma.sql`${aliasSql(alias)}."endsLatestOrOpen" >= ${on}::date`
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
  return Prisma.sql`(${inForceSql(agreement, on)} AND ${inForceDaysSql(clause)} && daterange(${on}::date, NULL, '[]'))`
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
    and.push(Prisma.sql`${inForceDaysSql(alias)} && daterange(${from ?? null}::date, ${to ?? null}::date, '[]')`)
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
