import { Prisma } from '../generated/prisma/client.js'
import type { FieldSql } from './compiler.js'
import { computedObjects, PREBUILT, prebuiltSql } from './computed-fields.js'

// `Deal.parties`: the statement gives the parties of each of the deal's agreements as the resolver
// loads them (role, company id, the company with its name), each company with the objects the
// request selects of it; the resolver's own function groups and orders them afterwards.

/** The agreements of a deal with their parties, as the resolver reads them. */
export interface DealAgreementParties<Role> {
  agreements: { parties: { role: Role; companyId: string; company: object }[] }[]
}

/** The form of `Deal.parties`, given the resolver's function of the deal's agreements. */
export const dealParties =
  <Role>(parties: (deal: DealAgreementParties<Role>) => unknown): FieldSql =>
  (row, selected, compiler) =>
    computedObjects(
      compiler,
      selected,
      { company: 'company' },
      (raw) => parties(raw as DealAgreementParties<Role>),
      (_compiler, type) => {
        const [a, p, c] = [compiler.alias(), compiler.alias(), compiler.alias()]
        const company = prebuiltSql(compiler, type, selected, 'company', 'Company', c)
        return (
          company &&
          Prisma.sql`json_build_object('agreements', coalesce((SELECT json_agg(json_build_object('parties', coalesce((
              SELECT json_agg(json_build_object('role', ${p}."role", 'companyId', ${p}."companyId",
                'company', json_build_object('name', ${c}."name", ${Prisma.raw(`'${PREBUILT}'`)}, ${company})))
              FROM "AgreementParty" ${p} JOIN "Company" ${c} ON ${c}."id" = ${p}."companyId" WHERE ${p}."agreementId" = ${a}."id"
            ), '[]'::json))) FROM "Agreement" ${a} WHERE ${a}."dealId" = ${row}."id"), '[]'::json))`
        )
      },
    )
