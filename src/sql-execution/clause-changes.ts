import { Prisma } from '../generated/prisma/client.js'
import type { Compiler, FieldSql } from './compiler.js'
import { computedObjects, PREBUILT, prebuiltSql } from './computed-fields.js'
import { listRelationRows } from './datamodel.js'
import type { Selected } from './selection.js'

// `Agreement.changes(types:)`: the statement gives the clauses of the version and of the one it
// amends as the resolver loads them (every column, subjects, cloud providers, tranches, value
// alternatives with their citations, replacements), each with the `before` or `after` objects the
// request selects; the resolver's own diff (src/domain/clause-diff.ts) runs on them afterwards.

type Sql = Prisma.Sql

/** A version with its clauses and the amended version's, as the resolver reads them. */
export interface VersionClauses<Row> {
  clauses: Row[]
  amends: { clauses: Row[] } | null
}

/** One clause row of the input, and the objects built of it (ClauseChange.before or after). */
interface RawClause {
  clause: Record<string, unknown>
  prebuilt: Record<string, unknown>
}

const ids = (rows: (x: Sql, row: Sql) => Sql, x: Sql, row: Sql) =>
  Prisma.sql`coalesce((SELECT jsonb_agg(jsonb_build_object('id', ${x}."id")) ${rows(x, row)}), '[]'::jsonb)`

/** The clause row `x` as Prisma gives it to the resolver (JSON numbers for its decimals). */
function clauseRowSql(x: Sql): Sql {
  const subjects = listRelationRows('Clause', 'subjects')
  const clouds = listRelationRows('Clause', 'cloudProviders')
  if (!subjects || !clouds) throw new Error('Clause.subjects and cloudProviders are list relations')
  return Prisma.sql`(to_jsonb(${x}) || jsonb_build_object(
    'subjects', ${ids(subjects, Prisma.raw('s'), x)},
    'cloudProviders', ${ids(clouds, Prisma.raw('s'), x)},
    'tranches', coalesce((SELECT jsonb_agg(to_jsonb(t) ORDER BY t."position") FROM "ClauseTranche" t WHERE t."clauseId" = ${x}."id"), '[]'::jsonb),
    'alternatives', coalesce((SELECT jsonb_agg(to_jsonb(a) || jsonb_build_object('citations', coalesce((
        SELECT jsonb_agg(jsonb_build_object('sourceId', c."sourceId", 'basis', c."basis")) FROM "AlternativeCitation" c WHERE c."alternativeId" = a."id"
      ), '[]'::jsonb)) ORDER BY a."position") FROM "ValueAlternative" a WHERE a."clauseId" = ${x}."id"), '[]'::jsonb),
    'replaces', coalesce((SELECT jsonb_agg(jsonb_build_object('replacedId', r."replacedId")) FROM "ClauseReplacement" r WHERE r."clauseId" = ${x}."id"), '[]'::jsonb)
  ))::json`
}

/** The clauses of the version whose id is `versionId`, by position, each with the objects `side` selects. */
function clausesSql(compiler: Compiler, selected: Selected, side: 'before' | 'after', versionId: Sql): Sql | null {
  const type = compiler.returnType(selected)!
  const x = compiler.alias()
  const prebuilt = prebuiltSql(compiler, type, selected, side, 'Clause', x)
  return (
    prebuilt &&
    Prisma.sql`coalesce((SELECT json_agg(json_build_object('clause', ${clauseRowSql(x)}, 'prebuilt', ${prebuilt}) ORDER BY ${x}."position")
      FROM "Clause" ${x} WHERE ${x}."agreementId" = ${versionId}), '[]'::json)`
  )
}

const rows = (raw: RawClause[]) => raw.map((r) => ({ ...r.clause, [PREBUILT]: r.prebuilt }))

/** The form of `Agreement.changes(types:)`, given the resolver's function of a version's clauses and the types asked. */
export const agreementChanges =
  <Row, Types>(changes: (version: VersionClauses<Row>, types: Types) => unknown): FieldSql =>
  (row, selected, compiler) =>
    computedObjects(
      compiler,
      selected,
      { before: 'before', after: 'after' },
      (raw, args) => {
        const input = raw as { clauses: RawClause[]; amends: RawClause[] | null }
        const version = { clauses: rows(input.clauses), amends: input.amends && { clauses: rows(input.amends) } }
        return changes(version as VersionClauses<Row>, args.types as Types)
      },
      () => {
        const before = clausesSql(compiler, selected, 'before', Prisma.sql`${row}."amendsId"`)
        const after = before && clausesSql(compiler, selected, 'after', Prisma.sql`${row}."id"`)
        return after && Prisma.sql`json_build_object('clauses', ${after}, 'amends', CASE WHEN ${row}."amendsId" IS NULL THEN NULL ELSE ${before} END)`
      },
    )
