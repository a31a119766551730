import { builder } from '../builder.js'
import type { CountedClause } from '../db/aggregates.js'
import { compareIntervals, fromScaled, type Interval, type Total, totalsOf, totalText } from '../domain/qualified-sum.js'
import { AmountPeriodEnum, AmountQualifierEnum, QuantityUnitEnum } from './enums.js'

// What the aggregates of aggregates-compute.ts and aggregates-investment.ts share: the total of
// one unit, currency and period, and the pairs of companies they add up clauses for.

export const QualifiedTotalRef = builder.objectRef<Total>('QualifiedTotal').implement({
  description:
    'The sum of reported figures in one unit, or in one currency over one period, kept as honest as its parts: the ' +
    'interval it lies in and what kind of figure it is. "$10B" plus "up to $100B" is $10B–$110B (RANGE); figures that ' +
    'are all "up to" add to an "up to"; an "at least" leaves the high end open. Different units, currencies or periods ' +
    'are never added: each has its own total.',
  fields: (t) => ({
    low: t.float({ description: 'The least it can be (0 for an "up to").', resolve: (total) => fromScaled(total.sum.low) }),
    high: t.float({
      nullable: true,
      description: 'The most it can be; empty when some part is "at least" (open-ended).',
      resolve: (total) => (total.sum.high === null ? null : fromScaled(total.sum.high)),
    }),
    qualifier: t.field({
      type: AmountQualifierEnum,
      description:
        'AT_LEAST when the high end is open; else UP_TO when every part is "up to"; else EXACT when low and high meet ' +
        '(every part exact), ABOUT when they meet and some part is approximate; RANGE otherwise.',
      resolve: (total) => total.sum.qualifier,
    }),
    approximate: t.boolean({ description: 'Some part is only approximate ("about").', resolve: (total) => total.sum.approximate }),
    unit: t.field({
      type: QuantityUnitEnum,
      nullable: true,
      description: 'The unit of a quantity; empty for money. Megawatts are counted as gigawatts, exactly (1 MW = 0.001 GW), so MW never appears.',
      resolve: (total) => total.unit,
    }),
    currency: t.string({ nullable: true, description: 'ISO 4217 code of money; empty for a quantity.', resolve: (total) => total.currency }),
    period: t.field({
      type: AmountPeriodEnum,
      nullable: true,
      description: 'What the money covers; empty for a quantity, or for money whose period the sources do not say (added only to such money).',
      resolve: (total) => total.period,
    }),
    text: t.string({ description: 'As an analyst writes it: "up to 6 GW", "$10–110B", "about $30B a year".', resolve: totalText }),
    parts: t.int({ description: 'How many figures (headline values or tranches) it adds up.', resolve: (total) => total.sum.parts }),
  }),
})

/** The clauses between one grantor and one grantee, with their totals. */
export interface Pair {
  grantorId: string
  granteeId: string
  grantorName: string
  granteeName: string
  clauseIds: string[]
  totals: Total[]
}

/** Groups clauses by (grantor, grantee) and adds up each pair's figures. */
export function pairsOf(clauses: CountedClause[]): Pair[] {
  const pairs = new Map<string, { clauses: CountedClause[] }>()
  for (const clause of clauses) {
    const key = `${clause.grantorId} ${clause.granteeId}`
    const pair = pairs.get(key) ?? { clauses: [] }
    pair.clauses.push(clause)
    pairs.set(key, pair)
  }
  return [...pairs.values()].map(({ clauses: [first, ...rest] }) => ({
    grantorId: first!.grantorId,
    granteeId: first!.granteeId,
    grantorName: first!.grantorName,
    granteeName: first!.granteeName,
    clauseIds: [first!, ...rest].map((c) => c.id),
    totals: totalsOf([first!, ...rest].flatMap((c) => c.figures)),
  }))
}

/** The largest of the totals that `pick` chooses; null when there is none. */
function largest(totals: Total[], pick: (total: Total) => boolean): Interval | null {
  return totals.filter(pick).reduce<Interval | null>((max, t) => (max === null || compareIntervals(t.sum, max) > 0 ? t.sum : max), null)
}

const compareOptional = (a: Interval | null, b: Interval | null) => (a && b ? compareIntervals(a, b) : a ? 1 : b ? -1 : 0)

/** A total that ranks pairs: gigawatts, or US dollars (the largest over any period). */
export type RankBy = 'GW' | 'USD'
const RANK_PICKS: Record<RankBy, (total: Total) => boolean> = {
  GW: (total) => total.unit === 'GW',
  USD: (total) => total.currency === 'USD',
}

/**
 * Pairs largest first: by each total of `by` in turn (compareIntervals), a pair without one after
 * those with it; then by clauses counted; then by the grantor's and the grantee's names.
 */
export function rankPairs(pairs: Pair[], by: RankBy[]): Pair[] {
  const keys = new Map(pairs.map((p) => [p, by.map((b) => largest(p.totals, RANK_PICKS[b]))]))
  return [...pairs].sort((a, b) => {
    const [ka, kb] = [keys.get(a)!, keys.get(b)!]
    for (let i = 0; i < by.length; i++) {
      const order = compareOptional(kb[i]!, ka[i]!)
      if (order !== 0) return order
    }
    return (
      b.clauseIds.length - a.clauseIds.length ||
      a.grantorName.localeCompare(b.grantorName) ||
      a.granteeName.localeCompare(b.granteeName) ||
      a.grantorId.localeCompare(b.grantorId) ||
      a.granteeId.localeCompare(b.granteeId)
    )
  })
}

/** Rows of `byId` for `ids`, in the order of `ids` (a row deleted meanwhile is left out). */
export function inOrder<T extends { id: string }>(ids: string[], rows: T[]): T[] {
  const byId = new Map(rows.map((row) => [row.id, row]))
  return ids.flatMap((id) => byId.get(id) ?? [])
}
