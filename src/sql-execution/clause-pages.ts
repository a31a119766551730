import { Prisma } from '../generated/prisma/client.js'
import { clauseInForceSql, periodSql } from '../db/in-force-sql.js'
import { type ClauseOrder, clauseOrders } from '../schema/clause-orders.js'
import type { RootFieldSql } from './compiler.js'
import { CONNECTION_ARGS, connectionSql } from './connection.js'
import { prismaOrder } from './order.js'

// The root clause connections (`clauses`, `licenses`) in SQL: the filter of clauseWhere
// (src/schema/clause-queries.ts), its orders (clause-orders.ts), and a Relay page of them
// (connection.ts).

type Sql = Prisma.Sql

interface ClauseConditions {
  kind?: string | null
  grantor?: string | null
  grantee?: string | null
  subject?: string | null
  cloudProvider?: string | null
  exclusivity?: string | null
  activeOn?: string | null
  endsAfter?: string | null
  endsBefore?: string | null
  inForceDuring?: { from?: string | null; to?: string | null } | null
  endedBetween?: { from?: string | null; to?: string | null } | null
  endedHow?: string[] | null
}

/** clauseWhere over "Clause" c joined to its "Agreement" a. */
function conditions(f: ClauseConditions): Sql {
  const and: Sql[] = [Prisma.sql`TRUE`]
  if (f.kind) and.push(Prisma.sql`c."kind" = ${f.kind}::"ClauseKind"`)
  if (f.grantor) and.push(Prisma.sql`c."grantorId" IN (SELECT "id" FROM "Company" WHERE "slug" = ${f.grantor})`)
  if (f.grantee) and.push(Prisma.sql`c."granteeId" IN (SELECT "id" FROM "Company" WHERE "slug" = ${f.grantee})`)
  if (f.subject) {
    and.push(Prisma.sql`EXISTS (SELECT 1 FROM "_AssetToClause" j JOIN "Asset" s ON s."id" = j."A"
      WHERE j."B" = c."id" AND s."slug" = ${f.subject})`)
  }
  if (f.cloudProvider) {
    and.push(Prisma.sql`EXISTS (SELECT 1 FROM "_ClauseToCloudProvider" j JOIN "CloudProvider" p ON p."id" = j."B"
      WHERE j."A" = c."id" AND p."slug" = ${f.cloudProvider})`)
  }
  if (f.exclusivity) and.push(Prisma.sql`c."exclusivity" = ${f.exclusivity}::"Exclusivity"`)
  if (f.activeOn) and.push(clauseInForceSql('c', f.activeOn))
  if (f.endsAfter) and.push(Prisma.sql`c."endsLatest" > ${f.endsAfter}::date`)
  if (f.endsBefore) and.push(Prisma.sql`c."endsEarliest" < ${f.endsBefore}::date`)
  and.push(...periodSql('c', f))
  return Prisma.join(and, ' AND ')
}

/** A root clause connection whose arguments give its conditions. */
function clauseConnection(conditionsOf: (args: Record<string, unknown>) => ClauseConditions): RootFieldSql {
  return (selected, compiler) => {
    // A backwards range is the resolvers' typed error to give.
    const filter = conditionsOf(selected.args)
    if (backwards(filter.inForceDuring) || backwards(filter.endedBetween)) return null
    const where = conditions(filter)
    const order = prismaOrder('Clause', clauseOrders[(selected.args.orderBy as ClauseOrder | null) ?? 'ENDS_SOONEST'])
    if (!order) return compiler.refuse('a clause order the planner cannot read')
    const matching = Prisma.sql`FROM "Clause" c JOIN "Agreement" a ON a."id" = c."agreementId" WHERE ${where}`
    const rows = { typeName: 'Clause', table: 'Clause', row: Prisma.raw('c'), matching, order }
    return connectionSql(compiler, selected, rows, (field) => {
      if (field.name === 'totalCount') return Prisma.sql`(SELECT count(*)::int ${matching})`
      return null
    })
  }
}

const backwards = (r: { from?: string | null; to?: string | null } | null | undefined) => Boolean(r?.from && r.to && r.from > r.to)

type Filter = (ClauseConditions & { licensor?: string | null; licensee?: string | null }) | null | undefined

/** The arguments of the root clause connections, every one read. */
export const CLAUSE_PAGE_ARGS = ['filter', 'orderBy', ...CONNECTION_ARGS]

export const CLAUSE_PAGES: Record<string, RootFieldSql> = {
  clauses: clauseConnection((args) => (args.filter as Filter) ?? {}),
  licenses: clauseConnection((args) => {
    const f = (args.filter as Filter) ?? {}
    return { ...f, kind: 'LICENSE_GRANT', grantor: f.licensor, grantee: f.licensee }
  }),
}
