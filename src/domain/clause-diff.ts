// What one agreement version changed against the version it amends, clause by clause. Clauses are
// matched only through `supersedes`: the editor said which old term a new one replaces, so the
// diff never guesses from similar text.

export type ChangeType = 'ADDED' | 'REMOVED' | 'MODIFIED' | 'UNCHANGED'

export interface DiffableClause {
  id: string
  kind: string
  supersedesId: string | null
  summary: string
  grantorId: string | null
  granteeId: string | null
  subjectIds: string[]
  cloudProviderIds: string[]
  exclusivity: string
  /** Partial-date texts. */
  startsOn: string | null
  endsOn: string | null
  percentage: number | null
  amount: number | null
  currency: string | null
  capped: boolean | null
  capAmount: number | null
  capCurrency: string | null
  condition: string | null
  // Issue 20's terms; left out, unknown (the tests' clauses predate them).
  amountQualifier?: string
  amountHigh?: number | null
  amountPeriod?: string | null
  quantity?: number | null
  quantityHigh?: number | null
  quantityUnit?: string | null
  quantityQualifier?: string
  valuationAmount?: number | null
  valuationCurrency?: string | null
  valuationBasis?: string | null
  strikeAmount?: number | null
  strikeCurrency?: string | null
  cloudScope?: string | null
  /** Canonical JSON of the tranches and alternatives, in position order (see clause-change.ts). */
  tranches?: string
  alternatives?: string
  replacedIds?: string[]
}

export interface ClauseChange<T> {
  type: ChangeType
  /** The after clause's kind (the before clause's for REMOVED). */
  kind: string
  before: T | null
  after: T | null
  /** Public GraphQL names of the fields that differ (MODIFIED only), in `DIFF_FIELDS` order. */
  fields: string[]
}

type Comparable = string | number | boolean | null

// Amount and currency form one Money value; without an amount the API shows no Money at all,
// so a lone currency is not a difference.
const money = (amount: number | null, currency: string | null): Comparable => (amount === null ? null : `${Number(amount)} ${currency ?? ''}`)

// Sets: order and duplicates carry no meaning.
const set = (ids: string[]): string => [...new Set(ids)].sort().join('\u0000')

// `Number` normalises numeric inputs (20 and 20.0 are one value; -0 equals 0 under ===).
const num = (n: number | null): Comparable => (n === null ? null : Number(n))

// A qualified figure differs when any of its parts does ("$10B" and "up to $10B" are not one value).
const qualified = (
  amount: number | null,
  currency: string | null,
  qualifier = 'EXACT',
  high: number | null = null,
  period: string | null = null,
): Comparable => (amount === null ? null : `${Number(amount)} ${currency ?? ''} ${qualifier} ${high === null ? '' : Number(high)} ${period ?? ''}`)
const quantity = (c: DiffableClause): Comparable =>
  c.quantity === null || c.quantity === undefined
    ? null
    : `${Number(c.quantity)} ${c.quantityUnit ?? ''} ${c.quantityQualifier ?? 'EXACT'} ${c.quantityHigh ?? ''}`
const valuation = (c: DiffableClause): Comparable => {
  const m = money(c.valuationAmount ?? null, c.valuationCurrency ?? null)
  return m === null ? null : `${m} ${c.valuationBasis ?? ''}`
}

/** Compared fields, named as in the public GraphQL API, in the order changes are reported. */
const FIELDS: ReadonlyArray<readonly [string, (c: DiffableClause) => Comparable]> = [
  ['kind', (c) => c.kind],
  ['summary', (c) => c.summary],
  ['grantor', (c) => c.grantorId],
  ['grantee', (c) => c.granteeId],
  ['subjects', (c) => set(c.subjectIds)],
  ['cloudProviders', (c) => set(c.cloudProviderIds)],
  ['exclusivity', (c) => c.exclusivity],
  ['startsOn', (c) => c.startsOn],
  ['endsOn', (c) => c.endsOn],
  ['percentage', (c) => num(c.percentage)],
  ['amount', (c) => qualified(c.amount, c.currency, c.amountQualifier, c.amountHigh ?? null, c.amountPeriod ?? null)],
  ['capped', (c) => c.capped],
  ['cap', (c) => money(c.capAmount, c.capCurrency)],
  ['quantity', quantity],
  ['valuation', valuation],
  ['strike', (c) => money(c.strikeAmount ?? null, c.strikeCurrency ?? null)],
  ['cloudScope', (c) => c.cloudScope ?? null],
  ['tranches', (c) => c.tranches ?? '[]'],
  ['alternatives', (c) => c.alternatives ?? '[]'],
  ['condition', (c) => c.condition],
]

/**
 * `replaces` differs only when the later clause names replacements: a copy does not repeat what
 * its predecessor replaced (the import's carries and the API's carried clauses alike).
 */
const replacesChanged = (before: DiffableClause, after: DiffableClause) =>
  (after.replacedIds?.length ?? 0) > 0 && set(after.replacedIds!) !== set(before.replacedIds ?? [])

export const DIFF_FIELDS: readonly string[] = [...FIELDS.map(([name]) => name), 'replaces']

/** Names of the fields in which two clauses differ, in `DIFF_FIELDS` order. */
export function changedFields(before: DiffableClause, after: DiffableClause): string[] {
  const fields = FIELDS.filter(([, value]) => value(before) !== value(after)).map(([name]) => name)
  return replacesChanged(before, after) ? [...fields, 'replaces'] : fields
}

/**
 * Changes in the order of `after` (each successor is its own change, even when several supersede
 * the same clause), then the REMOVED clauses in the order of `before`.
 */
export function diffClauses<T extends DiffableClause>(before: T[], after: T[]): ClauseChange<T>[] {
  const byId = new Map(before.map((c) => [c.id, c]))
  const superseded = new Set<string>()
  const changes: ClauseChange<T>[] = []

  for (const next of after) {
    const prev = next.supersedesId === null ? undefined : byId.get(next.supersedesId)
    if (prev === undefined) {
      changes.push({ type: 'ADDED', kind: next.kind, before: null, after: next, fields: [] })
      continue
    }
    superseded.add(prev.id)
    const fields = changedFields(prev, next)
    const type = fields.length === 0 ? 'UNCHANGED' : 'MODIFIED'
    changes.push({ type, kind: next.kind, before: prev, after: next, fields })
  }
  for (const prev of before) {
    if (!superseded.has(prev.id)) {
      changes.push({ type: 'REMOVED', kind: prev.kind, before: prev, after: null, fields: [] })
    }
  }
  return changes
}
