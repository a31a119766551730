import { Prisma } from '../generated/prisma/client.js'
import { DEFAULT_PAGE_SIZE } from '../builder.js'
import { clauseInForceSql, periodSql } from '../db/in-force-sql.js'
import { jsonKey, type RootFieldSql } from './compiler.js'

// The root clause connections (`clauses`, `licenses`) in SQL: the filter of clauseWhere
// (src/schema/clause-queries.ts), its orders, and a page of `first` rows. Cursors (`after`,
// `before`, `last`, `edges`, `pageInfo`) are left to the executor.

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
    const where = conditions(filter)
    const order = args.orderBy ?? 'ENDS_SOONEST'
    const matching = Prisma.sql`FROM "Clause" c JOIN "Agreement" a ON a."id" = c."agreementId" WHERE ${where}`
    return compiler.build(type, compiler.subselection(type, selected), (field) => {
      if (field.name === '__typename') return jsonKey(type.name)
      if (field.name === 'totalCount') return Prisma.sql`(SELECT count(*)::int ${matching})`
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

type Filter = (ClauseConditions & { licensor?: string | null; licensee?: string | null }) | null | undefined

/** The arguments of the root clause connections, every one read (after/before/last: to refuse). */
export const CLAUSE_PAGE_ARGS = ['filter', 'orderBy', 'first', 'after', 'before', 'last']

export const CLAUSE_PAGES: Record<string, RootFieldSql> = {
  clauses: clauseConnection((args) => (args.filter as Filter) ?? {}),
  licenses: clauseConnection((args) => {
    const f = (args.filter as Filter) ?? {}
    return { ...f, kind: 'LICENSE_GRANT', grantor: f.licensor, grantee: f.licensee }
  }),
}
