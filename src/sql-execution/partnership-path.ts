import { Prisma } from '../generated/prisma/client.js'
import { clauseInForceSql } from '../db/in-force-sql.js'
import { MAX_CHAINS, MAX_HOPS, shortestPaths } from '../db/partnership-paths.js'
import { type FieldSql, type ObjectSql, type RootFieldSql } from './compiler.js'
import { column, toMany, toOne } from './objects.js'

// `partnershipPath` in SQL. The walk runs as it does for the resolver (src/db/partnership-paths.ts);
// the chains it finds then go into one statement as JSON, and PostgreSQL reads the companies,
// agreements and clauses of each step and builds the answer, with the values, orders and rules of
// src/schema/partnership-path*.ts.

type Sql = Prisma.Sql

// Rows of the statement: the path `{fromId, toId, hops, chains}`, a chain `{steps, ord}` (its steps
// as JSON), and a step `{from, to, agreementCount, agreementIds, ord}`.

const newestFirst = (x: Sql) => Prisma.sql`${x}."announcedEarliest" DESC, ${x}."slug"`

/** The step's agreements by id, among those the walk chose (the most recent, at most twenty). */
const stepAgreements = (x: Sql, step: Sql) =>
  Prisma.sql`FROM unnest(${step}."agreementIds") step_agreement(id) JOIN "Agreement" ${x} ON ${x}."id" = step_agreement.id`

/**
 * The terms between the step's two companies in its agreements (in force on `activeOn`, when
 * given). Read agreement by agreement: a hub grants thousands of terms, a step's agreements few.
 */
function stepClauses(activeOn: string | null) {
  return (x: Sql, step: Sql, agreement: Sql) => {
    // The agreement version is read only to tell whether the term was in force.
    const inForce = activeOn
      ? { join: Prisma.sql`JOIN "Agreement" ${agreement} ON ${agreement}."id" = ${x}."agreementId"`, and: Prisma.sql`AND ${clauseInForceSql(x, agreement, activeOn)}` }
      : { join: Prisma.empty, and: Prisma.empty }
    // OFFSET 0 keeps the planner from reading the terms through the companies' indexes instead.
    return Prisma.sql`FROM unnest(${step}."agreementIds") step_agreement(id)
      CROSS JOIN LATERAL (SELECT * FROM "Clause" c WHERE c."agreementId" = step_agreement.id OFFSET 0) ${x} ${inForce.join}
      WHERE ${x}."grantorId" IN (${step}."from", ${step}."to") AND ${x}."granteeId" IN (${step}."from", ${step}."to") ${inForce.and}`
  }
}

function stepObject(activeOn: string | null): ObjectSql {
  const clauses = stepClauses(activeOn)
  /** The clause kinds of the step, each once, sorted by name as the resolver sorts them. */
  const clauseKinds: FieldSql = (step, _selected, compiler) => {
    const [x, a] = [compiler.alias(), compiler.alias()]
    return Prisma.sql`to_json(ARRAY(SELECT DISTINCT ${x}."kind"::text COLLATE "C" AS kind ${clauses(x, step, a)} ORDER BY kind))`
  }
  /** Which way the terms run: one pass over them (no terms: NONE). */
  const direction: FieldSql = (step, _selected, compiler) => {
    const [x, a] = [compiler.alias(), compiler.alias()]
    const forward = Prisma.sql`bool_or(${x}."grantorId" = ${step}."from")`
    const backward = Prisma.sql`bool_or(${x}."grantorId" = ${step}."to")`
    return Prisma.sql`(SELECT CASE WHEN ${forward} AND ${backward} THEN 'BOTH' WHEN ${forward} THEN 'FORWARD'
      WHEN ${backward} THEN 'BACKWARD' ELSE 'NONE' END ${clauses(x, step, a)})`
  }
  return {
    from: toOne('Company', 'from'),
    to: toOne('Company', 'to'),
    agreement: (step, selected, compiler) => {
      const x = compiler.alias()
      const object = compiler.object('Agreement', x, selected)
      return object && Prisma.sql`(SELECT ${object} ${stepAgreements(x, step)} ORDER BY ${newestFirst(x)} LIMIT 1)`
    },
    agreements: toMany({ typeName: 'Agreement', from: stepAgreements, orderBy: newestFirst }),
    agreementCount: column('agreementCount'),
    clauses: (step, selected, compiler) =>
      toMany({
        typeName: 'Clause',
        from: (x, row) => clauses(x, row, compiler.alias()),
        orderBy: (x) => Prisma.sql`${x}."agreementId", ${x}."position"`,
      })(step, selected, compiler),
    clauseKinds,
    direction,
  }
}

/** A JSON array of `type` objects over the rows of `from` (aliased by the compiler), in their `ord`. */
function listOf(typeName: string, from: (x: Sql, row: Sql) => Sql): FieldSql {
  return toMany({ typeName, from, orderBy: (x) => Prisma.sql`${x}."ord"` })
}

const pathObjects = (activeOn: string | null): Record<string, ObjectSql> => ({
  PartnershipPath: {
    from: toOne('Company', 'fromId'),
    to: toOne('Company', 'toId'),
    hops: column('hops'),
    chains: listOf('PartnershipChain', (x, path) => Prisma.sql`FROM jsonb_array_elements(${path}."chains") WITH ORDINALITY ${x}("steps", "ord")`),
  },
  PartnershipChain: {
    steps: listOf(
      'PartnershipStep',
      (x, chain) => Prisma.sql`FROM ROWS FROM (jsonb_to_recordset(${chain}."steps")
        AS ("from" uuid, "to" uuid, "agreementCount" int, "agreementIds" uuid[]))
        WITH ORDINALITY ${x}("from", "to", "agreementCount", "agreementIds", "ord")`,
    ),
  },
  PartnershipStep: stepObject(activeOn),
})

interface PathArgs {
  from: string
  to: string
  maxHops: number
  activeOn?: string | null
}

/**
 * The answer is compiled first, so a selection SQL cannot answer sends no statement; the walk then
 * runs and its chains complete the statement. An argument the resolver would refuse (maxHops out
 * of range, an unknown slug) leaves the request to the executor, which says what is wrong.
 */
export const partnershipPath: RootFieldSql = (selected, compiler) => {
  const { from, to, maxHops, activeOn = null } = selected.args as unknown as PathArgs
  if (maxHops < 1 || maxHops > MAX_HOPS) return null
  const row = compiler.alias()
  const object = compiler.withObjects(pathObjects(activeOn)).object('PartnershipPath', row, selected)
  if (!object) return null
  return async () => {
    const found = await shortestPaths(from, to, maxHops, activeOn, MAX_CHAINS)
    if (!found.fromId || !found.toId) return null
    if (!found.paths) return Prisma.sql`NULL::json`
    const { hops, chains } = found.paths
    return Prisma.sql`(SELECT ${object} FROM (SELECT ${found.fromId}::uuid AS "fromId", ${found.toId}::uuid AS "toId",
      ${hops}::int AS "hops", ${JSON.stringify(chains)}::jsonb AS "chains") ${row})`
  }
}
