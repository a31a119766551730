// Partial dates: "through 2032" is a year, not a day. Each one carries a precision and thereby an
// earliest and a latest day. Days are ISO 'YYYY-MM-DD' strings, which compare correctly as strings.

export type DatePrecision = 'DAY' | 'MONTH' | 'QUARTER' | 'YEAR'

export interface PartialDate {
  /** Canonical form: `2032`, `2026-Q2`, `2025-10`, `2025-10-28`. */
  text: string
  precision: DatePrecision
  /** First day the date can mean (inclusive). */
  earliest: string
  /** Last day the date can mean (inclusive). */
  latest: string
}

const ACCEPTED_PARTIAL = 'YYYY, YYYY-Qn, YYYY-MM, YYYY-MM-DD'
const ACCEPTED_DAY = 'YYYY-MM-DD'

export class InvalidDateError extends Error {
  readonly code = 'INVALID_DATE'
  constructor(
    readonly input: string,
    reason: string,
    what = 'a partial date',
    accepted = ACCEPTED_PARTIAL,
  ) {
    super(`"${input}" is not ${what}: ${reason} (accepted: ${accepted})`)
    this.name = 'InvalidDateError'
  }
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0
}

/** Number of the last day of a month (28–31); `month` is 1–12. */
export function lastDayOfMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28
  return [4, 6, 9, 11].includes(month) ? 30 : 31
}

export function compareDays(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

/** The day `n` days after (or, for negative `n`, before) `day`. */
export function addDays(day: string, n: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number]
  // UTC so that no time zone or daylight-saving shift can move the day.
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10)
}

export function formatPartialDate(d: PartialDate): string {
  return d.text
}

const pad = (n: number): string => String(n).padStart(2, '0')
const day = (y: number, m: number, d: number): string => `${y}-${pad(m)}-${pad(d)}`

// The shapes are matched first, the numbers checked after, so messages can say what was wrong.
const YEAR = /^(\d{4})$/
const QUARTER = /^(\d{4})-[Qq](\d)$/
const MONTH = /^(\d{4})-(\d{2})$/
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/

type Fail = (reason: string) => never

function checkYear(y: number, fail: Fail): void {
  if (y < 1000 || y > 9999) fail('year must be 1000–9999')
}

function checkMonth(m: number, fail: Fail): void {
  if (m < 1 || m > 12) fail('month must be 01–12')
}

function checkDay(y: number, m: number, d: number, fail: Fail): void {
  const last = lastDayOfMonth(y, m)
  if (d < 1 || d > last) fail(`day must be 01–${last} in ${y}-${pad(m)}`)
}

function parseDayMatch(match: RegExpExecArray, fail: Fail): PartialDate {
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])]
  checkYear(y, fail)
  checkMonth(m, fail)
  checkDay(y, m, d, fail)
  const text = day(y, m, d)
  return { text, precision: 'DAY', earliest: text, latest: text }
}

export function parsePartialDate(input: string): PartialDate {
  const fail: Fail = (reason) => {
    throw new InvalidDateError(input, reason)
  }
  const s = input.trim()
  if (s === '') fail('it is empty')

  let match: RegExpExecArray | null
  if ((match = YEAR.exec(s))) {
    const y = Number(match[1])
    checkYear(y, fail)
    return { text: String(y), precision: 'YEAR', earliest: day(y, 1, 1), latest: day(y, 12, 31) }
  }
  if ((match = QUARTER.exec(s))) {
    const [y, q] = [Number(match[1]), Number(match[2])]
    checkYear(y, fail)
    if (q < 1 || q > 4) fail('quarter must be Q1–Q4')
    const last = q * 3
    return {
      text: `${y}-Q${q}`,
      precision: 'QUARTER',
      earliest: day(y, last - 2, 1),
      latest: day(y, last, lastDayOfMonth(y, last)),
    }
  }
  if ((match = MONTH.exec(s))) {
    const [y, m] = [Number(match[1]), Number(match[2])]
    checkYear(y, fail)
    checkMonth(m, fail)
    return {
      text: `${y}-${pad(m)}`,
      precision: 'MONTH',
      earliest: day(y, m, 1),
      latest: day(y, m, lastDayOfMonth(y, m)),
    }
  }
  if ((match = DAY.exec(s))) return parseDayMatch(match, fail)
  return fail('unrecognised format')
}

/** A full date only, validated like `parsePartialDate`; returns the canonical 'YYYY-MM-DD'. */
export function parseDay(input: string): string {
  const fail: Fail = (reason) => {
    throw new InvalidDateError(input, reason, 'a day', ACCEPTED_DAY)
  }
  const s = input.trim()
  if (s === '') fail('it is empty')
  const match = DAY.exec(s)
  if (!match) fail('a full date is required')
  return parseDayMatch(match, fail).text
}

export interface PartialDateParts {
  text: string | null
  precision: DatePrecision | null
  earliest: string | null
  latest: string | null
}

/**
 * Rebuilds a partial date from its four stored columns (all null → null). The text is the source
 * of truth; stored columns that contradict it mean a corrupt row, which should fail loudly.
 */
export function partialDateFromParts(parts: PartialDateParts): PartialDate | null {
  const { text, precision, earliest, latest } = parts
  if (text === null) {
    if (precision === null && earliest === null && latest === null) return null
    throw new Error(`Stored partial date has no text but precision/earliest/latest: ${JSON.stringify(parts)}`)
  }
  const parsed = parsePartialDate(text)
  const clashes =
    (precision !== null && precision !== parsed.precision) ||
    (earliest !== null && earliest !== parsed.earliest) ||
    (latest !== null && latest !== parsed.latest)
  if (clashes) {
    throw new Error(`Stored partial date contradicts its text "${text}": ${JSON.stringify(parts)}`)
  }
  return parsed
}
