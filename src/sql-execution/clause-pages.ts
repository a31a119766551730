import { Prisma } from '../generated/prisma/client.js'
import { type ClauseConditions, clauseCountSql, clauseFilterSql, type LicenseConditions, licenseConditions } from '../db/clause-filter.js'
import { type ClauseOrder, clauseOrders } from '../schema/clause-orders.js'
import type { RootFieldSql } from './compiler.js'
import { CONNECTION_ARGS, connectionSql } from './connection.js'
import { clauseEndsFromSql } from '../db/in-force-sql.js'
import { prismaOrder } from './order.js'

// The root clause connections (`clauses`, `licenses`) in SQL: the filter of src/db/clause-filter.ts
// (which the resolvers read too), the orders of clause-orders.ts, and a Relay page of them
// (connection.ts).

type Args = Record<string, unknown>

/**
 * A root clause connection whose arguments give its conditions (or why the resolvers must answer:
 * their typed error) and its Prisma orderBy.
 */
export function clauseConnection(
  conditionsOf: (args: Args) => ClauseConditions | string,
  orderOf: (args: Args) => unknown = clauseOrderOf,
): RootFieldSql {
  return (selected, compiler) => {
    // A backwards range is the resolvers' typed error to give.
    const filter = conditionsOf(selected.args)
    if (typeof filter === 'string') return compiler.refuse(`${selected.name}: ${filter}`)
    if (backwards(filter.inForceDuring) || backwards(filter.endedBetween)) return null
    // A filter key without an SQL form: the resolvers answer, the key is never dropped.
    const where = clauseFilterSql(filter)
    const count = clauseCountSql(filter)
    if (!where || !count) return compiler.refuse('a clause filter key without an SQL form')
    const order = prismaOrder('Clause', orderOf(selected.args))
    if (!order) return compiler.refuse('a clause order the planner cannot read')
    // The count reads the in-force index alone; the page also says where its walk can start.
    const matching = filter.activeOn
      ? Prisma.sql`FROM "Clause" c WHERE ${where} AND ${clauseEndsFromSql('c', filter.activeOn)}`
      : Prisma.sql`FROM "Clause" c WHERE ${where}`
    const rows = { typeName: 'Clause', table: 'Clause', row: Prisma.raw('c'), matching, order, rootFindMany: true }
    return connectionSql(compiler, selected, rows, (field) => (field.name === 'totalCount' ? Prisma.sql`(${count})` : null))
  }
}

const clauseOrderOf = (args: Args) => clauseOrders[(args.orderBy as ClauseOrder | null) ?? 'ENDS_SOONEST']

const backwards = (r: { from?: string | null; to?: string | null } | null | undefined) => Boolean(r?.from && r.to && r.from > r.to)

/** The arguments of the root clause connections, every one read. */
export const CLAUSE_PAGE_ARGS = ['filter', 'orderBy', ...CONNECTION_ARGS]

export const CLAUSE_PAGES: Record<string, RootFieldSql> = {
  clauses: clauseConnection((args) => (args.filter as ClauseConditions | null) ?? {}),
  licenses: clauseConnection((args) => licenseConditions((args.filter as LicenseConditions | null) ?? {})),
}
