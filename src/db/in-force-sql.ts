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
