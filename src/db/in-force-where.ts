import type { Prisma } from '../generated/prisma/client.js'
import { dayToDate } from './partial-date-columns.js'

// "In force on D" as Prisma filters, so that pages and counts are computed in SQL: D lies in the
// stored period that triggers keep equal to the rule of src/domain/in-force.ts (the same test as
// src/db/in-force-sql.ts). A clause's period already lies within its version's.

function periodHolds(on: string) {
  const day = dayToDate(on)
  return { inForceFrom: { lte: day }, OR: [{ inForceUntil: null }, { inForceUntil: { gte: day } }] }
}

export function agreementInForceWhere(on: string): Prisma.AgreementWhereInput {
  return periodHolds(on)
}

export function clauseInForceWhere(on: string): Prisma.ClauseWhereInput {
  return periodHolds(on)
}

/** Clauses with a known end after `day` (open-ended clauses have no expiry and are left out). */
export function clauseEndsAfterWhere(after: string): Prisma.ClauseWhereInput {
  return { endsLatest: { gt: dayToDate(after) } }
}

/** Clauses with a known end before `day`. */
export function clauseEndsBeforeWhere(before: string): Prisma.ClauseWhereInput {
  return { endsEarliest: { lt: dayToDate(before) } }
}
