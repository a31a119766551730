import { queryFromInfo } from '@pothos/plugin-prisma'
import { slugOf } from './slug-args.js'
import { builder, DEFAULT_PAGE_SIZE } from '../builder.js'
import { Prisma } from '../generated/prisma/client.js'
import { COMPUTE_KINDS, countedClauses } from '../db/aggregates.js'
import { prisma } from '../db/setup/prisma.js'
import type { Total } from '../domain/qualified-sum.js'
import { computedList, recordById, recordsByIds, resolvedList } from '../sql-execution/computed-rows.js'
import { sqlRootField } from '../sql-execution/field-sql.js'
import { inOrder, type Pair, pairsOf, QualifiedTotalRef, rankPairs } from './aggregates.js'
import { ClauseRef } from './clause.js'
import { CompanyRef } from './company.js'

// Compute contracted as of a day: what each buyer has bought from each provider.

interface ComputeTotal {
  buyer: typeof CompanyRef.$inferType
  provider: typeof CompanyRef.$inferType
  totals: Total[]
  clauses: (typeof ClauseRef.$inferType)[]
}

const ComputeTotalRef = builder.objectRef<ComputeTotal>('ComputeTotal').implement({
  description: 'The compute one buyer has contracted from one provider, as of a day.',
  fields: (t) => ({
    buyer: t.field({ type: CompanyRef, description: 'Receives the compute: the grantee of the clauses.', resolve: (row) => row.buyer }),
    provider: t.field({ type: CompanyRef, description: 'Supplies the compute: the grantor of the clauses.', resolve: (row) => row.provider }),
    totals: t.field({
      type: [QualifiedTotalRef],
      description:
        'One total per unit (GW, with MW counted as GW; GPUS; TPUS; CHIPS; WAFERS_PER_MONTH; …), then one per currency ' +
        'and period of money. Empty when no clause counted gives a figure.',
      resolve: (row) => row.totals,
    }),
    clauses: t.field({ type: [ClauseRef], description: 'The clauses counted, by agreement slug and position.', resolve: (row) => row.clauses }),
    clauseCount: t.int({ description: 'How many clauses are counted.', resolve: (row) => row.clauses.length }),
  }),
})

const KINDS = COMPUTE_KINDS.join(', ')

interface ComputeArgs {
  on: string
  buyer?: string | null
  provider?: string | null
  first?: number | null
}

/** The pairs `computeContracted` answers, largest first. */
async function computePairs(args: ComputeArgs): Promise<Pair[]> {
  const counted = await countedClauses({ kinds: COMPUTE_KINDS, on: args.on, grantor: args.provider, grantee: args.buyer, quantities: true })
  return rankPairs(pairsOf(counted), ['GW', 'USD']).slice(0, args.first ?? DEFAULT_PAGE_SIZE)
}

/** ComputeTotal in SQL, for one pair (or, while planning, none). */
const computeTotalSql = (pair?: Pair) => ({
  buyer: recordById('Company', pair?.granteeId ?? null),
  provider: recordById('Company', pair?.grantorId ?? null),
  totals: resolvedList('QualifiedTotal', pair?.totals),
  clauses: recordsByIds('Clause', pair?.clauseIds ?? []),
  clauseCount: () => Prisma.sql`${pair?.clauseIds.length ?? 0}::int`,
})

const COMPUTE_ARGS = ['on', 'buyer', 'provider', 'first'] as const

builder.queryField('computeContracted', (t) =>
  t.field({
    type: [ComputeTotalRef],
    description:
      `Compute contracted as of a day, one row per buyer and provider: the clauses of kinds ${KINDS} that are ACTIVE ` +
      'and contracted on the day: their version is in force then and they are not over (a term due to start later ' +
      'counts; one that has ended, been replaced or withdrawn does not), added up per ' +
      'unit and per currency and period (QualifiedTotal). Each such clause runs from the provider (grantor: it ' +
      'supplies the compute, chips, capacity, space or power) to the buyer (grantee: it receives them and pays), so ' +
      '"OpenAI contracts to buy $250B of Azure services" counts OpenAI as the buyer and Microsoft as the provider. A ' +
      "clause's headline amount counts; a clause without one counts the amounts of its tranches; the same for its " +
      'quantity. Largest first: by GW, then by the largest US-dollar total (totals compared by the most they are ' +
      'reported to reach, i.e. the high end, or the low end of an "at least"; then by the low end; a pair without such ' +
      "a total after those with one), then by clauses counted, then by the buyer's and the provider's names.",
    extensions: sqlRootField(
      computedList('ComputeTotal', (args) => computePairs(args as unknown as ComputeArgs), computeTotalSql),
      COMPUTE_ARGS,
    ),
    args: {
      on: t.arg({ type: 'Date', required: true, description: 'The day the clauses are in force.' }),
      buyer: t.arg.string({ required: false, description: 'Slug of a company: only what it buys.', extensions: slugOf('Company') }),
      provider: t.arg.string({ required: false, description: 'Slug of a company: only what it provides.', extensions: slugOf('Company') }),
      first: t.arg.int({ required: false, description: `The largest rows to return (default ${DEFAULT_PAGE_SIZE}).` }),
    },
    resolve: async (_root, args, context, info) => {
      const pairs = await computePairs(args)
      if (pairs.length === 0) return []
      const [buyers, providers, clauses] = await Promise.all([
        prisma().company.findMany({ ...queryFromInfo({ context, info, path: ['buyer'] }), where: { id: { in: pairs.map((p) => p.granteeId) } } }),
        prisma().company.findMany({ ...queryFromInfo({ context, info, path: ['provider'] }), where: { id: { in: pairs.map((p) => p.grantorId) } } }),
        prisma().clause.findMany({
          ...queryFromInfo({ context, info, path: ['clauses'] }),
          where: { id: { in: pairs.flatMap((p) => p.clauseIds) } },
        }),
      ])
      return pairs.flatMap((p) => {
        const [buyer] = inOrder([p.granteeId], buyers)
        const [provider] = inOrder([p.grantorId], providers)
        return buyer && provider ? [{ buyer, provider, totals: p.totals, clauses: inOrder(p.clauseIds, clauses) }] : []
      })
    },
  }),
)
