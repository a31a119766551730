import type { Prisma } from '../generated/prisma/client.js'
import { dayToDate } from './partial-date-columns.js'

// The in-force rules of src/domain/in-force.ts, as Prisma filters so that pages and counts are
// computed in SQL. Generous reading: starts count from their earliest day, ends until their latest.

/** The version has started by `day` (effective date, or the announced date when none is known). */
function startedBy(day: Date): Prisma.AgreementWhereInput {
  return {
    OR: [
      { effectiveEarliest: { lte: day } },
      { effectiveEarliest: null, announcedEarliest: { lte: day } },
    ],
  }
}

export function agreementInForceWhere(on: string): Prisma.AgreementWhereInput {
  const day = dayToDate(on)
  return {
    AND: [
      startedBy(day),
      { OR: [{ endsLatest: null }, { endsLatest: { gte: day } }] },
      { OR: [{ terminatedLatest: null }, { terminatedLatest: { gte: day } }] },
      // Replaced once an amendment of it has started.
      { amendedBy: { none: startedBy(day) } },
    ],
  }
}

export function clauseInForceWhere(on: string): Prisma.ClauseWhereInput {
  const day = dayToDate(on)
  return {
    agreement: agreementInForceWhere(on),
    AND: [
      { OR: [{ startsEarliest: null }, { startsEarliest: { lte: day } }] },
      { OR: [{ endsLatest: null }, { endsLatest: { gte: day } }] },
    ],
  }
}

/** Clauses with a known end after `day` (open-ended clauses have no expiry and are left out). */
export function clauseEndsAfterWhere(after: string): Prisma.ClauseWhereInput {
  return { endsLatest: { gt: dayToDate(after) } }
}

/** Clauses with a known end before `day`. */
export function clauseEndsBeforeWhere(before: string): Prisma.ClauseWhereInput {
  return { endsEarliest: { lt: dayToDate(before) } }
}
