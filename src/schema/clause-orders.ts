import type { Prisma } from '../generated/prisma/client.js'

export type ClauseOrder = 'ENDS_SOONEST' | 'NEWEST_AGREEMENT' | 'KEY'

// The orders of the root clause connections, read by their resolvers and by the planner
// (src/sql-execution/clause-pages.ts). ENDS_SOONEST and KEY read columns of the clause itself,
// so an index walk serves a page without sorting every match; NEWEST_AGREEMENT has to join and sort.
export const clauseOrders: Record<ClauseOrder, Prisma.ClauseOrderByWithRelationInput[]> = {
  // endsLatest ascending, open terms last, as one column (prisma/schema.prisma says why).
  ENDS_SOONEST: [{ endsLatestOrOpen: 'asc' }, { key: 'asc' }],
  NEWEST_AGREEMENT: [{ agreement: { announcedEarliest: 'desc' } }, { agreement: { slug: 'asc' } }, { position: 'asc' }, { id: 'asc' }],
  KEY: [{ key: 'asc' }],
}
