// Qualified figures: "up to $100B", "$20–25M a year", "about 6 GW". One amount or quantity with
// how exactly it is known (the qualifier; RANGE has a high end) and, for money, what it covers
// (the period). The rules hold for every writer (the import and the API, through
// src/domain/field-rules.ts) and the display text is what GraphQL's `text` fields answer.
import type { AmountPeriod, AmountQualifier, QuantityUnit } from '../generated/prisma/enums.js'

export interface QualifiedMoney {
  amount: number
  currency: string
  /** Absent in a file or an input: EXACT. */
  qualifier: AmountQualifier
  /** RANGE only: the high end (`amount` is the low end). */
  high: number | null
  /** Null: not said. */
  period: AmountPeriod | null
}

export interface Quantity {
  value: number
  unit: QuantityUnit
  qualifier: AmountQualifier
  /** RANGE only: the high end (`value` is the low end). */
  high: number | null
}

export const RANGE_NEEDS_HIGH = 'a RANGE needs `high`, its high end'
export const HIGH_ONLY_FOR_RANGE = 'only a RANGE has a high end: set qualifier to RANGE or leave high out'
export const highAboveLow = (low: number, high: number) => `${high} must be above the low end ${low}`

/** What is wrong with a qualifier and high end, as [field, message]; null when they fit. */
export function rangeProblem(
  low: number,
  qualifier: AmountQualifier | undefined,
  high: number | null | undefined,
): [field: 'high', message: string] | null {
  const isRange = qualifier === 'RANGE'
  if (isRange && (high === null || high === undefined)) return ['high', RANGE_NEEDS_HIGH]
  if (!isRange && high !== null && high !== undefined) return ['high', HIGH_ONLY_FOR_RANGE]
  if (isRange && high! <= low) return ['high', highAboveLow(low, high!)]
  return null
}

/** The clause fields a value alternative may give another value of (the dataset format's names). */
export const ALTERNATIVE_FIELDS = ['amount', 'cap', 'percentage', 'quantity', 'valuation', 'strike', 'startsOn', 'endsOn', 'exclusivity'] as const
export type AlternativeField = (typeof ALTERNATIVE_FIELDS)[number]

/** The clause fields a citation may say it supports (empty: the whole clause). */
export const CLAUSE_CITED_FIELDS = [
  'kind',
  'summary',
  'grantor',
  'grantee',
  'subjects',
  'cloudProviders',
  'cloudScope',
  'exclusivity',
  'startsOn',
  'endsOn',
  'percentage',
  'amount',
  'capped',
  'cap',
  'quantity',
  'valuation',
  'strike',
  'tranches',
  'condition',
  'replaces',
] as const
/** The agreement fields a citation may say it supports (empty: the whole version). */
export const AGREEMENT_CITED_FIELDS = [
  'title',
  'description',
  'kinds',
  'status',
  'announcedOn',
  'effectiveOn',
  'endsOn',
  'terminatedOn',
  'value',
  'parties',
  'amends',
  'supplements',
  'deal',
] as const

/** Whether a cloud scope and the clouds named agree; null when they do. */
export function cloudScopeProblem(scope: string | null, clouds: number): string | null {
  if (scope === 'ANY' && clouds > 0) return 'is ANY, but cloudProviders names clouds: use ANY_EXCEPT for the excluded ones, or NAMED'
  if ((scope === 'NAMED' || scope === 'ANY_EXCEPT') && clouds === 0) return `is ${scope}, but cloudProviders names no cloud`
  return null
}

// ---- display text ----

const SYMBOLS: Record<string, string> = { USD: '$', EUR: '€', GBP: '£', JPY: '¥' }
const SCALES: [number, string][] = [
  [1e12, 'T'],
  [1e9, 'B'],
  [1e6, 'M'],
]
const grouped = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: 4 })
const trimmed = (n: number) => String(Number(n.toFixed(3)))

/** "$20–25M": both ends on the scale of the high end when they share it, else each its own. */
function moneyFigure(amount: number, high: number | null): string {
  const scale = (n: number) => SCALES.find(([s]) => n >= s)
  const figure = (n: number, s = scale(n)) => (s ? `${trimmed(n / s[0])}${s[1]}` : grouped(n))
  if (high === null) return figure(amount)
  const [low, top] = [scale(amount), scale(high)]
  if (low && top && low[0] === top[0]) return `${trimmed(amount / low[0])}–${figure(high)}`
  return `${figure(amount)}–${figure(high)}`
}

const QUALIFIER_WORDS: Record<AmountQualifier, string> = { EXACT: '', ABOUT: 'about ', UP_TO: 'up to ', AT_LEAST: 'at least ', RANGE: '' }
const PERIOD_WORDS: Record<AmountPeriod, string> = { ONE_TIME: '', PER_YEAR: ' a year', PER_MONTH: ' a month', OVER_TERM: ' over the term' }
const UNIT_WORDS: Record<QuantityUnit, string> = {
  GW: 'GW',
  MW: 'MW',
  GPUS: 'GPUs',
  TPUS: 'TPUs',
  CHIPS: 'chips',
  WAFERS_PER_MONTH: 'wafers a month',
  SHARES: 'shares',
  PEOPLE: 'people',
}

/** "up to $100B", "$20–25M a year", "about €15M". */
export function moneyText(m: {
  amount: number
  currency: string
  qualifier?: AmountQualifier
  high?: number | null
  period?: AmountPeriod | null
}): string {
  const qualifier = m.qualifier ?? 'EXACT'
  const high = qualifier === 'RANGE' ? (m.high ?? null) : null
  const symbol = SYMBOLS[m.currency]
  const figure = moneyFigure(m.amount, high)
  const money = symbol ? `${symbol}${figure}` : `${m.currency} ${figure}`
  return `${QUALIFIER_WORDS[qualifier]}${money}${m.period ? PERIOD_WORDS[m.period] : ''}`
}

/** "about 6 GW", "160,000,000 shares", "1–2 GW". */
export function quantityText(q: { value: number; unit: QuantityUnit; qualifier?: AmountQualifier; high?: number | null }): string {
  const qualifier = q.qualifier ?? 'EXACT'
  const figure = qualifier === 'RANGE' && q.high !== null && q.high !== undefined ? `${grouped(q.value)}–${grouped(q.high)}` : grouped(q.value)
  return `${QUALIFIER_WORDS[qualifier]}${figure} ${UNIT_WORDS[q.unit]}`
}

/** "post-money", for a valuation's text. */
const BASIS_WORDS: Record<string, string> = { PRE_MONEY: 'pre-money', POST_MONEY: 'post-money' }

/** "$500B post-money". */
export function valuationText(v: { amount: number; currency: string; basis: string | null }): string {
  return `${moneyText(v)}${v.basis ? ` ${BASIS_WORDS[v.basis] ?? v.basis}` : ''}`
}

/** An alternative's value as text, by its field (the value has the dataset format's shape for it). */
export function alternativeText(field: string, value: unknown): string {
  const v = value as never
  switch (field) {
    case 'amount':
    case 'cap':
    case 'strike':
      return moneyText(v)
    case 'quantity':
      return quantityText(v)
    case 'valuation':
      return valuationText({ basis: null, ...(v as object) } as never)
    case 'percentage':
      return `${String(value)}%`
    case 'exclusivity':
      return String(value).toLowerCase().replaceAll('_', '-')
    default:
      return typeof value === 'string' ? value : JSON.stringify(value)
  }
}

// ---- replacements across a deal ----

/**
 * Where a version sits in its deal: the first version reached by following `amends` (else
 * `supplements`) up, and whether a `supplements` link was followed on the way.
 */
export interface Lineage {
  root: string
  viaSupplement: boolean
}

/**
 * Why a clause of version `own` (amending `amended`) cannot replace clause `key` of version
 * `owner`; null when it can: `owner` supplements, directly or not, a version of the same deal.
 */
export function replacementProblem(
  key: string,
  owner: string,
  own: { slug: string; amends: string | null; lineage: Lineage | null },
  theirs: Lineage | null,
): string | null {
  if (owner === own.slug) return `"${key}" is a clause of this version: a clause replaces clauses of agreements that supplement the deal`
  if (owner === own.amends) return `"${key}" is a clause of the amended version "${owner}": use supersedes`
  if (own.lineage && theirs && (own.lineage.root !== theirs.root || !theirs.viaSupplement)) {
    return `"${key}" is not a clause of an agreement that supplements a version of this deal (it belongs to "${owner}")`
  }
  return null
}

/** A qualified amount as the amount* columns of a clause or a tranche. */
export const qualifiedMoneyColumns = (
  m: { amount: number; currency: string; qualifier: AmountQualifier; high: number | null; period: AmountPeriod | null } | null,
) => ({
  amount: m?.amount ?? null,
  currency: m?.currency ?? null,
  amountQualifier: m?.qualifier ?? ('EXACT' as AmountQualifier),
  amountHigh: m?.high ?? null,
  amountPeriod: m?.period ?? null,
})

/** A quantity as the quantity* columns of a clause or a tranche. */
export const quantityColumns = (q: Quantity | null) => ({
  quantity: q?.value ?? null,
  quantityHigh: q?.high ?? null,
  quantityUnit: q?.unit ?? null,
  quantityQualifier: q?.qualifier ?? ('EXACT' as AmountQualifier),
})
