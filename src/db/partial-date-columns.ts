import type { DatePrecision, PartialDate } from '../domain/partial-date.js'

// A partial date is stored as four columns: <prefix>Text, <prefix>Precision, <prefix>Earliest,
// <prefix>Latest. These helpers convert between the columns and the domain value.

export type DatePrefix = 'announced' | 'effective' | 'ends' | 'terminated' | 'starts' | 'released' | 'on'

export function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10)
}

export function dayToDate(day: string): Date {
  return new Date(`${day}T00:00:00Z`)
}

/** The Prisma `select` that loads one partial date. */
export function partialDateSelect<P extends DatePrefix>(prefix: P) {
  return {
    [`${prefix}Text`]: true,
    [`${prefix}Precision`]: true,
    [`${prefix}Earliest`]: true,
    [`${prefix}Latest`]: true,
  } as Record<`${P}Text` | `${P}Precision` | `${P}Earliest` | `${P}Latest`, true>
}

export function readPartialDate(row: object, prefix: DatePrefix): PartialDate | null {
  const r = row as Record<string, unknown>
  const text = r[`${prefix}Text`] as string | null | undefined
  const precision = r[`${prefix}Precision`] as DatePrecision | null | undefined
  const earliest = r[`${prefix}Earliest`] as Date | null | undefined
  const latest = r[`${prefix}Latest`] as Date | null | undefined
  if (!text || !precision || !earliest || !latest) return null
  return { text, precision, earliest: isoDay(earliest), latest: isoDay(latest) }
}

/** Column values for a partial date (all null when absent), ready for a Prisma write. */
export function partialDateColumns<P extends DatePrefix>(prefix: P, value: PartialDate | null) {
  return {
    [`${prefix}Text`]: value?.text ?? null,
    [`${prefix}Precision`]: value?.precision ?? null,
    [`${prefix}Earliest`]: value ? dayToDate(value.earliest) : null,
    [`${prefix}Latest`]: value ? dayToDate(value.latest) : null,
  } as Record<`${P}Text`, string | null> & Record<`${P}Precision`, DatePrecision | null> & Record<`${P}Earliest` | `${P}Latest`, Date | null>
}
