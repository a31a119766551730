import { Prisma } from '../generated/prisma/client.js'

/** A table alias: a bare name (quoted here) or an alias already made SQL. */
type Alias = string | Prisma.Sql

const aliasSql = (alias: Alias) => (typeof alias === 'string' ? Prisma.raw(`"${alias}"`) : alias)

/**
 * The rule of src/domain/in-force.ts for raw SQL over an "Agreement" row aliased `alias`: started
 * (effective, else announced), not ended, not terminated, not yet replaced by an amendment.
 * `src/db/in-force-where.ts` is the same rule as Prisma filters; tests hold the three together.
 */
export function agreementInForceSql(alias: Alias, on: string): Prisma.Sql {
  const a = aliasSql(alias)
  return Prisma.sql`(
    COALESCE(${a}."effectiveEarliest", ${a}."announcedEarliest") <= ${on}::date
    AND (${a}."endsLatest" IS NULL OR ${a}."endsLatest" >= ${on}::date)
    AND (${a}."terminatedLatest" IS NULL OR ${a}."terminatedLatest" >= ${on}::date)
    AND NOT EXISTS (
      SELECT 1 FROM "Agreement" amendment
      WHERE amendment."amendsId" = ${a}."id"
        AND COALESCE(amendment."effectiveEarliest", amendment."announcedEarliest") <= ${on}::date
    ))`
}

/**
 * clauseInForceWhere (src/db/in-force-where.ts) for raw SQL: the clause aliased `clause` is in force
 * when its agreement version, aliased `agreement` (joined by the caller), is, and the day lies
 * within the clause's own start and end.
 */
export function clauseInForceSql(clause: Alias, agreement: Alias, on: string): Prisma.Sql {
  const c = aliasSql(clause)
  return Prisma.sql`(${agreementInForceSql(agreement, on)}
    AND (${c}."startsEarliest" IS NULL OR ${c}."startsEarliest" <= ${on}::date)
    AND (${c}."endsLatest" IS NULL OR ${c}."endsLatest" >= ${on}::date))`
}
