import type { InForceEnd, InForcePeriod } from '../domain/in-force.js'
import { isoDay } from './partial-date-columns.js'

/** The Prisma `select` of a version's or clause's stored in-force period (migration in_force_periods). */
export const inForcePeriodSelect = { inForceFrom: true, inForceUntil: true, inForceEnd: true } as const

/** The stored period of a row selected with inForcePeriodSelect, as the domain value. */
export function storedPeriod(row: { inForceFrom: Date | null; inForceUntil: Date | null; inForceEnd: InForceEnd | null }): InForcePeriod {
  return {
    from: row.inForceFrom === null ? null : isoDay(row.inForceFrom),
    until: row.inForceUntil === null ? null : isoDay(row.inForceUntil),
    end: row.inForceEnd,
  }
}
