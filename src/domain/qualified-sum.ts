// Sums of reported figures that keep their hedges. Each figure is an interval: "$10B" is [10B, 10B],
// "about $10B" the same marked approximate, "up to $10B" [0, 10B] (its floor unknown), "at least
// $10B" [10B, open), "$20–25M" [20M, 25M]. A sum adds the lows and the highs and says which of those
// it is, so "$10B + up to $100B" is "$10B–$110B", never "$110B". Figures in different units,
// currencies or periods never add: each gets its own total. Values are exact decimals held as
// integers of 10^-7 (cents, and a ten-thousandth of a MW as GW), so no sum is ever rounded.
import type { AmountPeriod, AmountQualifier, QuantityUnit } from '../generated/prisma/enums.js'
import { moneyText, quantityText } from './terms.js'

const DIGITS = 7
const SCALE = 10n ** BigInt(DIGITS)

/** An exact decimal ("12.5", "-3", 4) as an integer of 10^-7, times 10^`exponent`. */
export function toScaled(value: string | number, exponent = 0): bigint {
  const text = typeof value === 'number' ? numberText(value) : value.trim()
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text)
  if (!match) throw new RangeError(`Not a decimal: ${JSON.stringify(text)}`)
  const [, sign, whole, fraction = ''] = match
  const digits = DIGITS + exponent
  const kept = fraction.replace(/0+$/, '')
  if (kept.length > digits) throw new RangeError(`${text} has more than ${digits} decimals`)
  const magnitude = BigInt(whole! + kept.padEnd(digits, '0'))
  return sign ? -magnitude : magnitude
}

const numberText = (n: number) => (Number.isInteger(n) ? BigInt(n).toString() : n.toFixed(DIGITS))

/** A scaled integer back as a number (exact up to 2^53 units of 10^-7). */
export function fromScaled(value: bigint): number {
  const whole = value / SCALE
  const fraction = value % SCALE
  return Number(whole) + Number(fraction) / Number(SCALE)
}

/** What a sum is: its bounds and the flags its qualifier is read from. */
export interface Interval {
  low: bigint
  /** null: open (no known upper bound). */
  high: bigint | null
  qualifier: AmountQualifier
  /** Some figure in it is only approximate ("about"). */
  approximate: boolean
  /** How many figures it adds up. */
  parts: number
}

interface Flags {
  low: bigint
  high: bigint | null
  approximate: boolean
  /** Every figure in it is "up to" (the floor of each is unknown). */
  upTo: boolean
  parts: number
}

/**
 * The qualifier of a sum, read from flags that add up part by part (so the sum is associative):
 * AT_LEAST when the high end is open, UP_TO when every part is "up to", EXACT or ABOUT when the
 * bounds meet (ABOUT when some part is approximate), RANGE otherwise.
 */
function finish(f: Flags): Interval & { upTo: boolean } {
  const qualifier: AmountQualifier =
    f.high === null ? 'AT_LEAST' : f.upTo ? 'UP_TO' : f.low === f.high ? (f.approximate ? 'ABOUT' : 'EXACT') : 'RANGE'
  return { ...f, qualifier }
}

/** One reported figure as an interval; a RANGE without its high end is open. */
export function intervalOf(qualifier: AmountQualifier, value: bigint, high: bigint | null = null): Interval {
  const flags = { approximate: qualifier === 'ABOUT', upTo: qualifier === 'UP_TO', parts: 1 }
  switch (qualifier) {
    case 'EXACT':
    case 'ABOUT':
      return strip(finish({ ...flags, low: value, high: value }))
    case 'UP_TO':
      return strip(finish({ ...flags, low: 0n, high: value }))
    case 'AT_LEAST':
      return strip(finish({ ...flags, low: value, high: null }))
    case 'RANGE':
      return strip(finish({ ...flags, low: value, high }))
  }
}

const strip = ({ upTo: _, ...interval }: Interval & { upTo: boolean }): Interval => interval

const flagsOf = (i: Interval): Flags => ({ low: i.low, high: i.high, approximate: i.approximate, upTo: i.qualifier === 'UP_TO', parts: i.parts })

/** The sum of one or more intervals (of the same unit, currency and period: the caller groups them). */
export function sumIntervals(parts: readonly Interval[]): Interval {
  if (parts.length === 0) throw new RangeError('A sum needs at least one part')
  const total = parts.map(flagsOf).reduce((a, b) => ({
    low: a.low + b.low,
    high: a.high === null || b.high === null ? null : a.high + b.high,
    approximate: a.approximate || b.approximate,
    upTo: a.upTo && b.upTo,
    parts: a.parts + b.parts,
  }))
  return strip(finish(total))
}

/** What a figure measures: a quantity in a unit, or money in a currency over a period (null: not said). */
export type Measure =
  | { unit: QuantityUnit; currency?: undefined; period?: undefined }
  | { unit?: undefined; currency: string; period: AmountPeriod | null }

/** One figure as stored: the value (the low end for RANGE) and the high end, as exact decimals. */
export interface Figure {
  measure: Measure
  qualifier: AmountQualifier
  value: string
  high: string | null
}

export interface Total {
  unit: QuantityUnit | null
  currency: string | null
  period: AmountPeriod | null
  sum: Interval
}

const UNIT_ORDER: QuantityUnit[] = ['GW', 'MW', 'GPUS', 'TPUS', 'CHIPS', 'WAFERS_PER_MONTH', 'SHARES', 'PEOPLE']
const PERIOD_ORDER: (AmountPeriod | null)[] = [null, 'ONE_TIME', 'OVER_TERM', 'PER_YEAR', 'PER_MONTH']

/** MW is counted as GW (exactly: a thousandth); every other unit stays its own. */
function normalized(figure: Figure): {
  key: string
  unit: QuantityUnit | null
  currency: string | null
  period: AmountPeriod | null
  interval: Interval
} {
  const { measure } = figure
  const exponent = measure.unit === 'MW' ? -3 : 0
  const unit = measure.unit === 'MW' ? 'GW' : (measure.unit ?? null)
  const interval = intervalOf(figure.qualifier, toScaled(figure.value, exponent), figure.high === null ? null : toScaled(figure.high, exponent))
  if (unit) return { key: `unit:${unit}`, unit, currency: null, period: null, interval }
  return { key: `money:${measure.currency}:${measure.period}`, unit: null, currency: measure.currency!, period: measure.period ?? null, interval }
}

/**
 * The totals of some figures: one per unit (MW added to GW) and one per currency and period,
 * quantities first in unit order, then money by currency and period.
 */
export function totalsOf(figures: readonly Figure[]): Total[] {
  const groups = new Map<string, { unit: QuantityUnit | null; currency: string | null; period: AmountPeriod | null; parts: Interval[] }>()
  for (const figure of figures) {
    const { key, interval, ...measure } = normalized(figure)
    const group = groups.get(key) ?? { ...measure, parts: [] }
    group.parts.push(interval)
    groups.set(key, group)
  }
  const totals = [...groups.values()].map(({ parts, ...measure }) => ({ ...measure, sum: sumIntervals(parts) }))
  return totals.sort(
    (a, b) =>
      Number(a.unit === null) - Number(b.unit === null) ||
      UNIT_ORDER.indexOf(a.unit!) - UNIT_ORDER.indexOf(b.unit!) ||
      (a.currency ?? '').localeCompare(b.currency ?? '') ||
      PERIOD_ORDER.indexOf(a.period) - PERIOD_ORDER.indexOf(b.period),
  )
}

/**
 * Which of two sums is larger: by the most it is reported to reach (its high end, or the low end of
 * an open one), then by its low end, an open one above a closed one. "Up to $100B" ranks above "$50B" and "at least $1B" below it,
 * as the headlines read; "up to 6 GW" ranks below "6 GW".
 */
export function compareIntervals(a: Interval, b: Interval): number {
  const order = (x: bigint, y: bigint) => (x === y ? 0 : x < y ? -1 : 1)
  return order(a.high ?? a.low, b.high ?? b.low) || order(a.low, b.low) || Number(a.high === null) - Number(b.high === null)
}

/**
 * A total as src/domain/terms.ts writes one figure: "up to 6 GW", "$10–110B", "about $30B a year",
 * "at least 10.75 GW"; a range with an approximate part says "about".
 */
export function totalText(total: Total): string {
  const { sum } = total
  const qualifier =
    sum.qualifier === 'RANGE' || sum.qualifier === 'UP_TO' || sum.qualifier === 'AT_LEAST' ? sum.qualifier : sum.approximate ? 'ABOUT' : 'EXACT'
  const value = fromScaled(sum.qualifier === 'UP_TO' ? sum.high! : sum.low)
  const high = sum.qualifier === 'RANGE' ? fromScaled(sum.high!) : null
  const text = total.unit
    ? quantityText({ value, unit: total.unit, qualifier, high })
    : moneyText({ amount: value, currency: total.currency!, qualifier, high, period: total.period })
  // terms.ts leaves ONE_TIME unsaid; a total says it, since it stands beside the total of money whose period is not said.
  const once = total.period === 'ONE_TIME' ? ' one-time' : ''
  return `${sum.approximate && (qualifier === 'RANGE' || qualifier === 'AT_LEAST') ? 'about ' : ''}${text}${once}`
}
