import { Prisma } from '../generated/prisma/client.js'
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../builder.js'
import { inForceSql } from '../db/in-force-sql.js'
import type { FieldSql } from './compiler.js'
import { column, toOne } from './forms.js'

type Sql = Prisma.Sql

/** Most deals first, then most versions, then by name: the order of a company's partners. */
const PARTNER_ORDER = Prisma.raw('"deals" DESC, "versions" DESC, "name", "partnerId"')

/**
 * The partners of the company whose id is `companyId` from "CompanyLink" (co-parties of each
 * version, kept by triggers), counted by deal and by version; with `activeOn`, only versions in
 * force that day. Rows: partnerId, name, deals, versions; the resolver and the planner read it.
 */
export function partnerRowsSql(companyId: Sql, activeOn: string | null | undefined, first: number): Sql {
  const inForce = activeOn ? Prisma.sql`AND ${inForceSql('l', activeOn)}` : Prisma.empty
  return Prisma.sql`
    SELECT l."partnerId", partner."name", count(DISTINCT a."dealId")::int AS "deals", count(DISTINCT l."agreementId")::int AS "versions"
    FROM "CompanyLink" l JOIN "Agreement" a ON a."id" = l."agreementId" JOIN "Company" partner ON partner."id" = l."partnerId"
    WHERE l."companyId" = ${companyId} ${inForce}
    GROUP BY l."partnerId", partner."name"
    ORDER BY ${PARTNER_ORDER}
    LIMIT ${first}`
}

/** `Company.partners(activeOn:, first:)`; a `first` out of bounds is the resolver's error to give. */
export const companyPartners: FieldSql = (row, selected, compiler) => {
  const first = (selected.args.first as number | null | undefined) ?? DEFAULT_PAGE_SIZE
  if (first < 0 || first > MAX_PAGE_SIZE) return compiler.refuse('Company.partners(first:) out of bounds')
  const partner = compiler.alias()
  const local = compiler.withObjects({ Partner: { company: toOne('Company', 'partnerId'), deals: column('deals'), versions: column('versions') } })
  const object = local.object('Partner', partner, selected)
  const rows = partnerRowsSql(Prisma.sql`${row}."id"`, selected.args.activeOn as string | null | undefined, first)
  return object && Prisma.sql`coalesce((SELECT json_agg(${object} ORDER BY ${PARTNER_ORDER}) FROM (${rows}) ${partner}), '[]'::json)`
}
