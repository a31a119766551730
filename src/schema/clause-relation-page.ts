import type { Prisma } from '../generated/prisma/client.js'
import { clauseInForceWhere } from '../db/in-force-where.js'

/**
 * The options shared by the clause connections on companies, assets and clouds: licences only or
 * every term, optionally only those in force on `activeOn`, newest agreement first.
 */
export function clauseRelationPage({ licensesOnly }: { licensesOnly: boolean }) {
  return {
    cursor: 'id' as const,
    totalCount: true as const,
    query: (args: { activeOn?: string | null }) => {
      const where: Prisma.ClauseWhereInput = {
        ...(licensesOnly ? { kind: 'LICENSE_GRANT' as const } : {}),
        ...(args.activeOn ? clauseInForceWhere(args.activeOn) : {}),
      }
      return {
        where,
        orderBy: [{ agreement: { announcedEarliest: 'desc' as const } }, { position: 'asc' as const }, { id: 'asc' as const }],
      }
    },
  }
}
