import { builder } from '../builder.js'
import type { PartialDate } from '../domain/partial-date.js'
import { DatePrecisionEnum } from './enums.js'

// Value types shown on entities: partial dates and money.

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
}

export const MoneyRef = builder.objectRef<Money>('Money').implement({
  description: 'An amount of money in an ISO 4217 currency.',
  fields: (t) => ({
    amount: t.exposeFloat('amount'),
    currency: t.exposeString('currency', { description: 'ISO 4217 code, e.g. USD.' }),
  }),
})

type Numeric = { toNumber(): number } | number | null

export function moneyOf(amount: Numeric, currency: string | null): Money | null {
  if (amount === null || currency === null) return null
  return { amount: typeof amount === 'number' ? amount : amount.toNumber(), currency }
}

export function numberOf(value: Numeric): number | null {
  if (value === null) return null
  return typeof value === 'number' ? value : value.toNumber()
}
