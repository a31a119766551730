import { queryFromInfo } from '@pothos/plugin-prisma'
import { builder, DEFAULT_PAGE_SIZE } from '../builder.js'
import { slugOf } from './slug-args.js'
import { countedClauses, INVESTMENT_KINDS, latestStakes } from '../db/aggregates.js'
import { prisma } from '../db/setup/prisma.js'
import type { Total } from '../domain/qualified-sum.js'
import { Prisma } from '../generated/prisma/client.js'
import { computedList, jsonValue, recordById, recordsByIds, resolvedList } from '../sql-execution/computed-rows.js'
import { sqlRootField } from '../sql-execution/field-sql.js'
import { inOrder, type Pair, pairsOf, QualifiedTotalRef, rankPairs } from './aggregates.js'
import { ClauseRef } from './clause.js'
import { CompanyRef } from './company.js'

// Investment as of a day: what each investor has put into each investee, with its stake.

interface InvestmentTotal {
  investor: typeof CompanyRef.$inferType
  investee: typeof CompanyRef.$inferType
  totals: Total[]
  clauses: (typeof ClauseRef.$inferType)[]
  stake: { percentage: number; clause: typeof ClauseRef.$inferType } | null
}

const InvestmentTotalRef = builder.objectRef<InvestmentTotal>('InvestmentTotal').implement({
  description: 'The money one investor has put or committed to put into one investee, as of a day.',
  fields: (t) => ({
    investor: t.field({ type: CompanyRef, description: 'Pays: the grantor of the INVESTMENT clauses.', resolve: (row) => row.investor }),
    investee: t.field({ type: CompanyRef, description: 'Receives: the grantee of the INVESTMENT clauses.', resolve: (row) => row.investee }),
    totals: t.field({
      type: [QualifiedTotalRef],
      description: 'One total per currency and period. Empty when no clause counted gives an amount.',
      resolve: (row) => row.totals,
    }),
    stake: t.float({
      nullable: true,
      description:
        "The investor's stake in the investee in percent, 0–100: the EQUITY_STAKE clause issued by the investee to the " +
        'investor, ACTIVE and in force on the day, with a percentage, that started last. Empty when there is none.',
      resolve: (row) => row.stake?.percentage ?? null,
    }),
    stakeClause: t.field({
      type: ClauseRef,
      nullable: true,
      description: 'The clause `stake` comes from.',
      resolve: (row) => row.stake?.clause ?? null,
    }),
    clauses: t.field({
      type: [ClauseRef],
      description: 'The INVESTMENT clauses counted, by agreement slug and position.',
      resolve: (row) => row.clauses,
    }),
    clauseCount: t.int({ description: 'How many INVESTMENT clauses are counted.', resolve: (row) => row.clauses.length }),
  }),
})

interface InvestmentArgs {
  on: string
  investor?: string | null
  investee?: string | null
  first?: number | null
}

/** A pair `investmentTotals` answers, with the investor's stake in the investee. */
interface InvestmentPair extends Pair {
  stake: { percentage: number; clauseId: string } | null
}

/** The pairs `investmentTotals` answers, largest first. */
async function investmentPairs(args: InvestmentArgs): Promise<InvestmentPair[]> {
  const counted = await countedClauses({ kinds: INVESTMENT_KINDS, on: args.on, grantor: args.investor, grantee: args.investee, quantities: false })
  const pairs = rankPairs(pairsOf(counted), ['USD']).slice(0, args.first ?? DEFAULT_PAGE_SIZE)
  if (pairs.length === 0) return []
  // A stake runs the other way: the investee issues it (grantor) to the investor (grantee).
  const stakes = await latestStakes(
    pairs.map((p) => ({ issuerId: p.granteeId, holderId: p.grantorId })),
    args.on,
  )
  return pairs.map((p) => {
    const stake = stakes.find((s) => s.holderId === p.grantorId && s.issuerId === p.granteeId)
    return { ...p, stake: stake ? { percentage: Number(stake.percentage), clauseId: stake.clauseId } : null }
  })
}

/** InvestmentTotal in SQL, for one pair (or, while planning, none). */
const investmentTotalSql = (pair?: InvestmentPair) => ({
  investor: recordById('Company', pair?.grantorId ?? null),
  investee: recordById('Company', pair?.granteeId ?? null),
  totals: resolvedList('QualifiedTotal', pair?.totals),
  stake: () => jsonValue(pair?.stake?.percentage ?? null),
  stakeClause: recordById('Clause', pair?.stake?.clauseId ?? null),
  clauses: recordsByIds('Clause', pair?.clauseIds ?? []),
  clauseCount: () => Prisma.sql`${pair?.clauseIds.length ?? 0}::int`,
})

const INVESTMENT_ARGS = ['on', 'investor', 'investee', 'first'] as const

builder.queryField('investmentTotals', (t) =>
  t.field({
    type: [InvestmentTotalRef],
    description:
      'Investment as of a day, one row per investor and investee: the INVESTMENT clauses that are ACTIVE and ' +
      'committed on the day (their version in force then, the clause not over: a tranche due later counts), investor (grantor: pays) → investee (grantee), their amounts added up per currency and period ' +
      "(QualifiedTotal); a clause's headline amount counts, else the amounts of its tranches. Largest first: by the " +
      'largest US-dollar total (compared by the most it is reported to reach, i.e. the high end, or the low end of ' +
      'an "at least"; then by the low end; a pair without one after those with one), then by clauses counted, then ' +
      "by the investor's and the investee's names.",
    extensions: sqlRootField(
      computedList('InvestmentTotal', (args) => investmentPairs(args as unknown as InvestmentArgs), investmentTotalSql),
      INVESTMENT_ARGS,
    ),
    args: {
      on: t.arg({ type: 'Date', required: true, description: 'The day the clauses are in force.' }),
      investor: t.arg.string({ required: false, description: 'Slug of a company: only what it invests.', extensions: slugOf('Company') }),
      investee: t.arg.string({ required: false, description: 'Slug of a company: only what it receives.', extensions: slugOf('Company') }),
      first: t.arg.int({ required: false, description: `The largest rows to return (default ${DEFAULT_PAGE_SIZE}).` }),
    },
    resolve: async (_root, args, context, info) => {
      const pairs = await investmentPairs(args)
      if (pairs.length === 0) return []
      const stakeIds = pairs.flatMap((p) => (p.stake ? [p.stake.clauseId] : []))
      const [investors, investees, clauses, stakeClauses] = await Promise.all([
        prisma().company.findMany({ ...queryFromInfo({ context, info, path: ['investor'] }), where: { id: { in: pairs.map((p) => p.grantorId) } } }),
        prisma().company.findMany({ ...queryFromInfo({ context, info, path: ['investee'] }), where: { id: { in: pairs.map((p) => p.granteeId) } } }),
        prisma().clause.findMany({
          ...queryFromInfo({ context, info, path: ['clauses'] }),
          where: { id: { in: pairs.flatMap((p) => p.clauseIds) } },
        }),
        stakeIds.length === 0
          ? []
          : prisma().clause.findMany({ ...queryFromInfo({ context, info, path: ['stakeClause'] }), where: { id: { in: stakeIds } } }),
      ])
      return pairs.flatMap((p) => {
        const [investor] = inOrder([p.grantorId], investors)
        const [investee] = inOrder([p.granteeId], investees)
        const [stakeClause] = p.stake ? inOrder([p.stake.clauseId], stakeClauses) : []
        if (!investor || !investee) return []
        return [
          {
            investor,
            investee,
            totals: p.totals,
            clauses: inOrder(p.clauseIds, clauses),
            stake: p.stake && stakeClause ? { percentage: p.stake.percentage, clause: stakeClause } : null,
          },
        ]
      })
    },
  }),
)
