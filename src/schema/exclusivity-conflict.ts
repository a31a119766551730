import { queryFromInfo } from '@pothos/plugin-prisma'
import { builder, DEFAULT_PAGE_SIZE } from '../builder.js'
import { slugOf } from './slug-args.js'
import { prisma } from '../db/setup/prisma.js'
import { type ConflictFilter, type ConflictRow, exclusivityConflicts } from '../db/stats.js'
import { computedList, recordById, recordsByIds, resolvedObject } from '../sql-execution/computed-rows.js'
import { sqlRootField } from '../sql-execution/field-sql.js'
import { AssetRef } from './asset.js'
import { ClauseRef } from './clause.js'

interface DayRange {
  from: string
  until: string | null
}

const DayRangeRef = builder.objectRef<DayRange>('DayRange').implement({
  description: 'A run of days, both ends included.',
  fields: (t) => ({
    from: t.field({ type: 'Date', resolve: (r) => r.from }),
    until: t.field({ type: 'Date', nullable: true, description: 'Empty = open-ended.', resolve: (r) => r.until }),
  }),
})

interface Conflict {
  asset: typeof AssetRef.$inferType
  clauses: (typeof ClauseRef.$inferType)[]
  overlap: DayRange
}

const ExclusivityConflictRef = builder.objectRef<Conflict>('ExclusivityConflict').implement({
  description: 'Two exclusive grants of the same asset to different grantees, in force at the same time.',
  fields: (t) => ({
    asset: t.field({ type: AssetRef, resolve: (c) => c.asset }),
    clauses: t.field({
      type: [ClauseRef],
      description: 'The two clauses, the one in force earlier first.',
      resolve: (c) => c.clauses,
    }),
    overlap: t.field({ type: DayRangeRef, description: 'The days both are in force.', resolve: (c) => c.overlap }),
  }),
})

/** The conflicts asked for, for the resolver and the SQL form alike. */
const conflictRows = (args: Omit<ConflictFilter, 'first'> & { first?: number | null }) =>
  exclusivityConflicts({ ...args, first: args.first ?? DEFAULT_PAGE_SIZE })

const conflictSql = (row?: ConflictRow) => ({
  asset: recordById('Asset', row?.assetId ?? null),
  clauses: recordsByIds('Clause', row?.clauseIds ?? []),
  overlap: resolvedObject('DayRange', row && { from: row.from, until: row.until }),
})

builder.queryField('exclusivityConflicts', (t) =>
  t.field({
    type: [ExclusivityConflictRef],
    description:
      'Pairs of EXCLUSIVE clauses about the same asset held by different grantees whose in-force periods overlap, ' +
      'by asset name, then by the start of the overlap.',
    args: {
      activeOn: t.arg({ type: 'Date', required: false, description: 'Only conflicts in force on this day.' }),
      asset: t.arg.string({ required: false, description: 'Slug of an asset: only its conflicts.', extensions: slugOf('Asset') }),
      first: t.arg.int({ required: false, description: `At most this many conflicts (default ${DEFAULT_PAGE_SIZE}).` }),
    },
    extensions: sqlRootField(computedList('ExclusivityConflict', conflictRows, conflictSql), ['activeOn', 'asset', 'first']),
    resolve: async (_root, args, context, info) => {
      const rows = await conflictRows(args)
      if (rows.length === 0) return []
      const assetIds = [...new Set(rows.map((r) => r.assetId))]
      const clauseIds = [...new Set(rows.flatMap((r) => r.clauseIds))]
      const [assets, clauses] = await Promise.all([
        prisma().asset.findMany({ ...queryFromInfo({ context, info, path: ['asset'] }), where: { id: { in: assetIds } } }),
        prisma().clause.findMany({ ...queryFromInfo({ context, info, path: ['clauses'] }), where: { id: { in: clauseIds } } }),
      ])
      const assetById = new Map(assets.map((a) => [a.id, a]))
      const clauseById = new Map(clauses.map((c) => [c.id, c]))
      // A row deleted between the statements drops its conflict rather than failing the request.
      return rows.flatMap((r) => {
        const asset = assetById.get(r.assetId)
        const clauses = r.clauseIds.flatMap((id) => clauseById.get(id) ?? [])
        return asset && clauses.length === 2 ? [{ asset, clauses, overlap: { from: r.from, until: r.until } }] : []
      })
    },
  }),
)
