import { Prisma } from '../generated/prisma/client.js'
import { clauseInForceSql } from '../db/in-force-sql.js'
import { clauseInForceWhere } from '../db/in-force-where.js'
import { CONNECTION_ARGS, relatedConnectionSql } from '../sql-execution/connection.js'
import { sqlField } from '../sql-execution/field-sql.js'

const CLAUSE_RELATION_ORDER = [
  { agreement: { announcedEarliest: 'desc' as const } },
  { position: 'asc' as const },
  { id: 'asc' as const },
] satisfies Prisma.ClauseOrderByWithRelationInput[]

/**
 * The options shared by the clause connections on companies, assets and clouds (`relation` of
 * `model`): licences only or every term, optionally only those in force on `activeOn`, newest
 * agreement first; read by Prisma, and by the planner as the same page in SQL.
 */
export function clauseRelationPage({ licensesOnly, model, relation }: { licensesOnly: boolean; model: string; relation: string }) {
  const sql = relatedConnectionSql(model, relation, CLAUSE_RELATION_ORDER, (x, args) => {
    const on = args.activeOn as string | null | undefined
    return Prisma.join(
      [
        Prisma.sql`TRUE`,
        ...(licensesOnly ? [Prisma.sql`${x}."kind" = 'LICENSE_GRANT'::"ClauseKind"`] : []),
        ...(on ? [clauseInForceSql(x, on)] : []),
      ],
      ' AND ',
    )
  })
  return {
    cursor: 'id' as const,
    totalCount: true as const,
    query: (args: { activeOn?: string | null }) => {
      const where: Prisma.ClauseWhereInput = {
        ...(licensesOnly ? { kind: 'LICENSE_GRANT' as const } : {}),
        ...(args.activeOn ? clauseInForceWhere(args.activeOn) : {}),
      }
      return { where, orderBy: CLAUSE_RELATION_ORDER }
    },
    extensions: sqlField(sql, ['activeOn', ...CONNECTION_ARGS]),
  }
}
