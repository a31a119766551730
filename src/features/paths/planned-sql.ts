import { Prisma } from '../../generated/prisma/client.js'
import { clauseInForceSql } from '../../db/in-force-sql.js'
import { DEFAULT_HOPS, MAX_CHAINS, MAX_HOPS, type PathStep, shortestPaths } from './search.js'
import { type Compiler, type FieldSql, jsonKey, type ObjectSql, type RootFieldSql } from '../../sql-execution/compiler.js'
import { column, toMany, toOne } from '../../sql-execution/forms.js'

// `partnershipPath` in SQL. The walk runs as it does for the resolver (src/features/paths/search.ts);
// the steps it finds then go into one statement as JSON, and PostgreSQL reads the companies,
// agreements and clauses of each step and builds the answer, with the values, orders and rules of
// src/features/paths/schema.ts and load.ts. Chains share steps (ten chains of four hops may have a dozen
// distinct ones), so each step is built once and the chains pick theirs by index.

type Sql = Prisma.Sql

// Rows of the statement: the path `{fromId, toId, hops, steps, chains}` (its distinct steps as a
// JSON array, its chains as arrays of indexes into it), and a step `{from, to, agreementCount,
// agreementIds, ord, kinds, forward, backward}`.

const newestFirst = (x: Sql) => Prisma.sql`${x}."announcedEarliest" DESC, ${x}."slug"`

/** The step's agreements by id, among those the walk chose (the most recent, at most twenty). */
const stepAgreements = (x: Sql, step: Sql) =>
  Prisma.sql`FROM unnest(${step}."agreementIds") step_agreement(id) JOIN "Agreement" ${x} ON ${x}."id" = step_agreement.id`

/**
 * The terms between the step's two companies in its agreements (in force on `activeOn`, when
 * given). Read agreement by agreement: a hub grants thousands of terms, a step's agreements few.
 */
function stepClauses(activeOn: string | null) {
  return (x: Sql, step: Sql, _agreement: Sql) => {
    // The term's stored period says whether it (and its version) was in force.
    const inForce = activeOn
      ? { join: Prisma.empty, and: Prisma.sql`AND ${clauseInForceSql(x, activeOn)}` }
      : { join: Prisma.empty, and: Prisma.empty }
    // OFFSET 0 keeps the planner from reading the terms through the companies' indexes instead.
    return Prisma.sql`FROM unnest(${step}."agreementIds") step_agreement(id)
      CROSS JOIN LATERAL (SELECT * FROM "Clause" c WHERE c."agreementId" = step_agreement.id OFFSET 0) ${x} ${inForce.join}
      WHERE ${x}."grantorId" IN (${step}."from", ${step}."to") AND ${x}."granteeId" IN (${step}."from", ${step}."to") ${inForce.and}`
  }
}

/**
 * The distinct steps of the path `path` as rows aliased `x`, each with what `clauseKinds` and
 * `direction` read of its terms, in one pass over them: the kinds, each once, sorted by name as
 * the resolver sorts them; whether any runs from `from`, and whether any from `to`.
 */
function stepRows(activeOn: string | null) {
  const clauses = stepClauses(activeOn)
  return (x: Sql, path: Sql, compiler: Compiler) => {
    const [s, k, c, a] = [compiler.alias(), compiler.alias(), compiler.alias(), compiler.alias()]
    return Prisma.sql`FROM (
      SELECT ${s}.*, ${k}.* FROM ROWS FROM (jsonb_to_recordset(${path}."steps")
        AS ("from" uuid, "to" uuid, "agreementCount" int, "agreementIds" uuid[]))
        WITH ORDINALITY ${s}("from", "to", "agreementCount", "agreementIds", "ord")
      CROSS JOIN LATERAL (
        SELECT coalesce(array_agg(DISTINCT ${c}."kind"::text COLLATE "C" ORDER BY ${c}."kind"::text COLLATE "C"), '{}') AS "kinds",
          coalesce(bool_or(${c}."grantorId" = ${s}."from"), false) AS "forward",
          coalesce(bool_or(${c}."grantorId" = ${s}."to"), false) AS "backward"
        ${clauses(c, s, a)}) ${k}
    ) ${x}`
  }
}

function stepObject(activeOn: string | null): ObjectSql {
  const clauses = stepClauses(activeOn)
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
    clauseKinds: (step) => Prisma.sql`to_json(${step}."kinds")`,
    direction: (step) =>
      Prisma.sql`CASE WHEN ${step}."forward" AND ${step}."backward" THEN 'BOTH' WHEN ${step}."forward" THEN 'FORWARD'
        WHEN ${step}."backward" THEN 'BACKWARD' ELSE 'NONE' END`,
  }
}

/**
 * The chains: each `steps` selection builds every distinct step once, into an array (a FROM item
 * evaluated once per path), and each chain lists the ones it passes through.
 */
function chains(activeOn: string | null): FieldSql {
  const rows = stepRows(activeOn)
  return (path, selected, compiler) => {
    const type = compiler.returnType(selected)
    if (!type) return null
    const chain = compiler.alias()
    const built: Sql[] = []
    const object = compiler.build(type, compiler.subselection(type, selected), (entry) => {
      if (entry.name === '__typename') return jsonKey(type.name)
      if (entry.name !== 'steps') return null
      const [x, steps, at] = [compiler.alias(), compiler.alias(), compiler.alias()]
      const step = compiler.object('PartnershipStep', x, entry)
      if (!step) return null
      built.push(Prisma.sql`(SELECT array_agg(${step} ORDER BY ${x}."ord") AS "objects" ${rows(x, path, compiler)}) ${steps}`)
      return Prisma.sql`coalesce((SELECT json_agg(${steps}."objects"[${at}."index"::int + 1] ORDER BY ${at}."ord")
        FROM jsonb_array_elements_text(${chain}."steps") WITH ORDINALITY ${at}("index", "ord")), '[]'::json)`
    })
    return (
      object &&
      Prisma.sql`coalesce((SELECT json_agg(${object} ORDER BY ${chain}."ord")
        FROM ${Prisma.join([...built, Prisma.sql`jsonb_array_elements(${path}."chains") WITH ORDINALITY ${chain}("steps", "ord")`], ', ')}), '[]'::json)`
    )
  }
}

const pathObjects = (activeOn: string | null): Record<string, ObjectSql> => ({
  PartnershipPath: {
    from: toOne('Company', 'fromId'),
    to: toOne('Company', 'toId'),
    hops: column('hops'),
    chains: chains(activeOn),
  },
  PartnershipStep: stepObject(activeOn),
})

/** The chains' distinct steps, and each chain as the indexes of its steps among them. */
function indexed(chainsOfSteps: PathStep[][]): { steps: PathStep[]; chains: number[][] } {
  const steps: PathStep[] = []
  const indexOf = new Map<string, number>()
  const chains = chainsOfSteps.map((chain) =>
    chain.map((step) => {
      // A pair of companies is one hop apart in a single layer: the pair names the step.
      const key = `${step.from}>${step.to}`
      let index = indexOf.get(key)
      if (index === undefined) {
        index = steps.push(step) - 1
        indexOf.set(key, index)
      }
      return index
    }),
  )
  return { steps, chains }
}

interface PathArgs {
  from: string
  to: string
  maxHops?: number | null
  activeOn?: string | null
}

/**
 * The answer is compiled first, so a selection SQL cannot answer sends no statement; the walk then
 * runs and its chains complete the statement. An argument the resolver would refuse (maxHops out
 * of range, an unknown slug) leaves the request to the executor, which says what is wrong.
 */
export const partnershipPath: RootFieldSql = (selected, compiler) => {
  const args = selected.args as unknown as PathArgs
  // An explicit null means the default, as for the resolver.
  const { from, to } = args
  const maxHops = args.maxHops ?? DEFAULT_HOPS
  const activeOn = args.activeOn ?? null
  if (maxHops < 1 || maxHops > MAX_HOPS) return null
  const row = compiler.alias()
  const object = compiler.withObjects(pathObjects(activeOn)).object('PartnershipPath', row, selected)
  if (!object) return null
  return async () => {
    const found = await shortestPaths(from, to, maxHops, activeOn, MAX_CHAINS)
    if (!found.fromId || !found.toId) return null
    if (!found.paths) return Prisma.sql`NULL::json`
    const { steps, chains } = indexed(found.paths.chains)
    return Prisma.sql`(SELECT ${object} FROM (SELECT ${found.fromId}::uuid AS "fromId", ${found.toId}::uuid AS "toId",
      ${found.paths.hops}::int AS "hops", ${JSON.stringify(steps)}::jsonb AS "steps", ${JSON.stringify(chains)}::jsonb AS "chains") ${row})`
  }
}
