import type { Prisma } from '../generated/prisma/client.js'
import type { InForceEnd } from '../generated/prisma/enums.js'
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

export interface DateRange {
  from?: string | null
  to?: string | null
}

/** A column reference to the row's "inForceFrom" (`prisma.clause.fields.inForceFrom` or the agreement's). */
type FromColumn = Prisma.FieldRef<'Clause', 'DateTime'> | Prisma.FieldRef<'Agreement', 'DateTime'>

/**
 * Filters on the stored period: `inForceDuring` (the period, not empty, overlaps the range),
 * `endedBetween` (its last day lies in the range), `endedHow` (how it ends). The same columns on
 * versions and clauses, so one set of conditions serves both.
 */
export function periodWhere(
  c: { inForceDuring?: DateRange | null; endedBetween?: DateRange | null; endedHow?: InForceEnd[] | null },
  fromColumn: FromColumn,
): object[] {
  const and: object[] = []
  if (c.inForceDuring) {
    const { from, to } = c.inForceDuring
    and.push({ inForceFrom: to ? { lte: dayToDate(to) } : { not: null } })
    // An empty period (replaced before it began: until before from) is never in force.
    and.push({
      OR: [{ inForceUntil: null }, { AND: [{ inForceUntil: { gte: fromColumn } }, from ? { inForceUntil: { gte: dayToDate(from) } } : {}] }],
    })
  }
  if (c.endedBetween) {
    const { from, to } = c.endedBetween
    and.push({ inForceUntil: { not: null, ...(from ? { gte: dayToDate(from) } : {}), ...(to ? { lte: dayToDate(to) } : {}) } })
  }
  if (c.endedHow) and.push({ inForceEnd: { in: c.endedHow } })
  return and
}

/** Clauses with a known end after `day` (open-ended clauses have no expiry and are left out). */
export function clauseEndsAfterWhere(after: string): Prisma.ClauseWhereInput {
  return { endsLatest: { gt: dayToDate(after) } }
}

/** Clauses with a known end before `day`. */
export function clauseEndsBeforeWhere(before: string): Prisma.ClauseWhereInput {
  return { endsEarliest: { lt: dayToDate(before) } }
}
