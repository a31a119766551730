import { Prisma } from '../generated/prisma/client.js'
import { DEFAULT_PAGE_SIZE } from '../builder.js'
import { type ClauseConditions, clauseCountSql, clauseFilterSql, type LicenseConditions, licenseConditions } from '../db/clause-filter.js'
import { jsonKey, type RootFieldSql } from './compiler.js'

// The root clause connections (`clauses`, `licenses`) in SQL: the filter of src/db/clause-filter.ts
// (which the resolvers read too), the orders of src/schema/clause-queries.ts, and a page of `first`
// rows. Cursors (`after`, `before`, `last`, `edges`, `pageInfo`) are left to the executor.

type Sql = Prisma.Sql

type ClauseOrder = 'ENDS_SOONEST' | 'NEWEST_AGREEMENT' | 'KEY'

/** The orders of clause-queries.ts; `c` the clause and `a` its agreement, or the page row `p`. */
function orderBy(order: ClauseOrder, page: boolean): Sql {
  const c = page ? 'p' : 'c'
  switch (order) {
    case 'ENDS_SOONEST':
      return Prisma.raw(`${c}."endsLatest" ASC NULLS LAST, ${c}."key" ASC`)
    case 'KEY':
      return Prisma.raw(`${c}."key" ASC`)
    case 'NEWEST_AGREEMENT':
      return page
        ? Prisma.raw(`p."agreementAnnounced" DESC, p."agreementSlug" ASC, p."position" ASC, p."id" ASC`)
        : Prisma.raw(`a."announcedEarliest" DESC, a."slug" ASC, c."position" ASC, c."id" ASC`)
  }
}

interface PageArgs {
  first?: number | null
  after?: string | null
  before?: string | null
  last?: number | null
  orderBy?: ClauseOrder | null
}

/** A root clause connection whose arguments give its conditions. */
function clauseConnection(conditionsOf: (args: Record<string, unknown>) => ClauseConditions): RootFieldSql {
  return (selected, compiler) => {
    const args = selected.args as PageArgs
    if (args.after != null || args.before != null || args.last != null) return null
    // A backwards range is the resolvers' typed error to give.
    const filter = conditionsOf(selected.args)
    if (backwards(filter.inForceDuring) || backwards(filter.endedBetween)) return null
    const type = compiler.returnType(selected)
    if (!type) return null
    // A filter key without an SQL form: the resolvers answer, the key is never dropped.
    const where = clauseFilterSql(filter)
    const count = clauseCountSql(filter)
    if (!where || !count) return null
    const order = args.orderBy ?? 'ENDS_SOONEST'
    const matching = Prisma.sql`FROM "Clause" c JOIN "Agreement" a ON a."id" = c."agreementId" WHERE ${where}`
    return compiler.build(type, compiler.subselection(type, selected), (field) => {
      if (field.name === '__typename') return jsonKey(type.name)
      if (field.name === 'totalCount') return Prisma.sql`(${count})`
      if (field.name !== 'nodes') return null
      const node = compiler.object('Clause', Prisma.raw('p'), field)
      return (
        node &&
        Prisma.sql`coalesce((SELECT json_agg(${node} ORDER BY ${orderBy(order, true)}) FROM (
          SELECT c.*, a."announcedEarliest" AS "agreementAnnounced", a."slug" AS "agreementSlug"
          ${matching} ORDER BY ${orderBy(order, false)} LIMIT ${args.first ?? DEFAULT_PAGE_SIZE}) p), '[]'::json)`
      )
    })
  }
}

const backwards = (r: { from?: string | null; to?: string | null } | null | undefined) => Boolean(r?.from && r.to && r.from > r.to)


/** The arguments of the root clause connections, every one read (after/before/last: to refuse). */
export const CLAUSE_PAGE_ARGS = ['filter', 'orderBy', 'first', 'after', 'before', 'last']

export const CLAUSE_PAGES: Record<string, RootFieldSql> = {
  clauses: clauseConnection((args) => (args.filter as ClauseConditions | null) ?? {}),
  licenses: clauseConnection((args) => licenseConditions((args.filter as LicenseConditions | null) ?? {})),
}
