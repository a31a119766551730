import { builder } from '../builder.js'
import type { PartialDate } from '../domain/partial-date.js'
import { moneyText, quantityText, valuationText, type Quantity } from '../domain/terms.js'
import type { AmountPeriod, AmountQualifier, ValuationBasis } from '../generated/prisma/enums.js'
import { computedFromParent } from '../sql-execution/computed-fields.js'
import { sqlField } from '../sql-execution/field-sql.js'
import { AmountPeriodEnum, AmountQualifierEnum, DatePrecisionEnum, QuantityUnitEnum, ValuationBasisEnum } from './enums.js'

// Value types shown on entities: partial dates and money. Their `text` is written here only: the
// planner selects the object's columns and runs the same resolver on them (computedFromParent).

export const PartialDateRef = builder.objectRef<PartialDate>('PartialDate').implement({
  description:
    'A date known to a day, month, quarter or year, with the earliest and latest day it allows ("2032" runs from 2032-01-01 to 2032-12-31).',
  fields: (t) => ({
    text: t.exposeString('text', { description: 'As written: 2032, 2026-Q2, 2025-10 or 2025-10-28.' }),
    precision: t.field({ type: DatePrecisionEnum, resolve: (d) => d.precision }),
    earliest: t.field({ type: 'Date', resolve: (d) => d.earliest }),
    latest: t.field({ type: 'Date', resolve: (d) => d.latest }),
  }),
})

export interface Money {
  amount: number
  currency: string
  /** Left out: EXACT (a cap, a strike). */
  qualifier?: AmountQualifier
  high?: number | null
  period?: AmountPeriod | null
}

export const MoneyRef = builder.objectRef<Money>('Money').implement({
  description: 'An amount of money in an ISO 4217 currency, with how exactly it is known and what it covers.',
  fields: (t) => ({
    amount: t.exposeFloat('amount', { description: 'The amount; the low end of a RANGE.' }),
    currency: t.exposeString('currency', { description: 'ISO 4217 code, e.g. USD.' }),
    qualifier: t.field({ type: AmountQualifierEnum, resolve: (m) => m.qualifier ?? 'EXACT' }),
    high: t.float({ nullable: true, description: 'RANGE only: the high end.', resolve: (m) => m.high ?? null }),
    period: t.field({
      type: AmountPeriodEnum,
      nullable: true,
      description: 'What the sum covers; empty: not said.',
      resolve: (m) => m.period ?? null,
    }),
    text: t.string({
      description: 'As an analyst writes it: "up to $100B", "$20–25M a year".',
      resolve: (m) => moneyText(m),
      extensions: sqlField(computedFromParent),
    }),
  }),
})

export const QuantityRef = builder.objectRef<Quantity>('Quantity').implement({
  description: 'A quantity with its unit (gigawatts, chips, shares), and how exactly it is known.',
  fields: (t) => ({
    value: t.exposeFloat('value', { description: 'The quantity; the low end of a RANGE.' }),
    high: t.float({ nullable: true, description: 'RANGE only: the high end.', resolve: (q) => q.high }),
    unit: t.field({ type: QuantityUnitEnum, resolve: (q) => q.unit }),
    qualifier: t.field({ type: AmountQualifierEnum, resolve: (q) => q.qualifier }),
    text: t.string({
      description: 'As an analyst writes it: "about 6 GW", "160,000,000 shares".',
      resolve: (q) => quantityText(q),
      extensions: sqlField(computedFromParent),
    }),
  }),
})

export interface Valuation {
  amount: number
  currency: string
  basis: ValuationBasis | null
}

export const ValuationRef = builder.objectRef<Valuation>('Valuation').implement({
  description: 'The valuation of the company invested in, as reported.',
  fields: (t) => ({
    money: t.field({ type: MoneyRef, resolve: (v) => ({ amount: v.amount, currency: v.currency }) }),
    basis: t.field({ type: ValuationBasisEnum, nullable: true, description: 'Pre- or post-money; empty: not said.', resolve: (v) => v.basis }),
    text: t.string({ description: 'E.g. "$500B post-money".', resolve: (v) => valuationText(v), extensions: sqlField(computedFromParent) }),
  }),
})

type Numeric = { toNumber(): number } | number | null

export function moneyOf(amount: Numeric, currency: string | null): Money | null {
  if (amount === null || currency === null) return null
  return { amount: typeof amount === 'number' ? amount : amount.toNumber(), currency }
}

/** A qualified amount's columns (amount, currency, qualifier, high, period) as Money. */
export function qualifiedMoneyOf(
  amount: Numeric,
  currency: string | null,
  qualifier: AmountQualifier,
  high: Numeric,
  period: AmountPeriod | null,
): Money | null {
  const money = moneyOf(amount, currency)
  return money && { ...money, qualifier, high: numberOf(high), period }
}

export function quantityOf(value: Numeric, unit: Quantity['unit'] | null, qualifier: AmountQualifier, high: Numeric): Quantity | null {
  if (value === null || unit === null) return null
  return { value: numberOf(value)!, unit, qualifier, high: numberOf(high) }
}

export function numberOf(value: Numeric): number | null {
  if (value === null) return null
  return typeof value === 'number' ? value : value.toNumber()
}
