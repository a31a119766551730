import { type GraphQLObjectType, getNamedType, getNullableType, isLeafType, isListType, isNonNullType } from 'graphql'
import { Prisma } from '../generated/prisma/client.js'
import type { FieldSql, ObjectSql, RootFieldSql } from './compiler.js'
import { quoted } from './forms.js'
import { rowAs } from './lookups.js'

// Root lists whose rows are worked out in TypeScript before any answer is built (the aggregates'
// sums of qualified figures): the same function gives the resolver its rows. Each row then goes
// into the statement as constants: the records it names (companies, clauses) are read by id, as
// the resolvers read them, and values that exist only in TypeScript are shaped by their type's own
// field resolvers, so nothing a field returns is written twice.

type Sql = Prisma.Sql

/** A JSON value as a statement parameter. */
export const jsonValue = (value: unknown): Sql => Prisma.sql`${JSON.stringify(value)}::json`

/** The record of `typeName` (a table of that name) whose id is `id`; null when there is none. */
export const recordById =
  (typeName: string, id: string | null): FieldSql =>
  (_row, selected, compiler) =>
    rowAs(compiler, typeName, typeName, selected, 'id', Prisma.sql`${id}::uuid`)

/** The records of `typeName` whose ids are `ids`, in that order (one deleted meanwhile left out). */
export const recordsByIds =
  (typeName: string, ids: string[]): FieldSql =>
  (_row, selected, compiler) => {
    const [x, u] = [compiler.alias(), compiler.alias()]
    const object = compiler.object(typeName, x, selected)
    return (
      object &&
      Prisma.sql`coalesce((SELECT json_agg(${object} ORDER BY ${u}."ord") FROM unnest(${ids}::uuid[]) WITH ORDINALITY ${u}("id", "ord")
        JOIN ${quoted(typeName)} ${x} ON ${x}."id" = ${u}."id"), '[]'::json)`
    )
  }

/**
 * The records of a union's member types (`typeNames`, each a table of that name) in the order of
 * `hits`, one deleted meanwhile left out. Without hits (planning) every member is checked.
 */
export const recordsByTypeAndId =
  (typeNames: readonly string[], hits?: readonly { type: string; id: string }[]): FieldSql =>
  (_row, selected, compiler) => {
    if (!hits) return typeNames.every((typeName) => compiler.object(typeName, compiler.alias(), selected)) ? Prisma.sql`NULL::json` : null
    if (hits.length === 0) return Prisma.sql`'[]'::json`
    const values: Sql[] = []
    for (const [index, hit] of hits.entries()) {
      const record = rowAs(compiler, hit.type, hit.type, selected, 'id', Prisma.sql`${hit.id}::uuid`)
      if (!record) return null
      values.push(Prisma.sql`(${index}::int, ${record})`)
    }
    return Prisma.sql`(SELECT coalesce(json_agg(h."value" ORDER BY h."ord"), '[]'::json)
      FROM (VALUES ${Prisma.join(values, ', ')}) h("ord", "value") WHERE h."value" IS NOT NULL)`
  }

/**
 * The fields of `type` for `value`, an object that exists only in TypeScript: each selected field
 * a scalar or enum read by its own resolver and serialized as the executor serializes it. Without
 * a value (planning, before the rows exist) the fields are only checked.
 */
export function resolvedFields(type: GraphQLObjectType, value?: unknown): ObjectSql {
  const fields: ObjectSql = {}
  for (const field of Object.values(type.getFields())) {
    const leaf = getNamedType(field.type)
    if (!isLeafType(leaf) || isListType(getNullableType(field.type)) || field.args.length > 0) continue
    fields[field.name] = (_row, _selected, compiler) => {
      if (value === undefined) return Prisma.sql`NULL::json`
      const resolved = field.resolve ? field.resolve(value, {}, {}, undefined as never) : (value as Record<string, unknown>)[field.name]
      if (resolved instanceof Promise) return compiler.refuse(`${type.name}.${field.name} resolves asynchronously`)
      if (resolved === null || resolved === undefined) {
        return isNonNullType(field.type) ? compiler.refuse(`${type.name}.${field.name} is null`) : Prisma.sql`NULL::json`
      }
      return jsonValue(leaf.serialize(resolved))
    }
  }
  return fields
}

/** An object of `typeName` that exists only in TypeScript, shaped by resolvedFields. */
export const resolvedObject =
  (typeName: string, value?: unknown): FieldSql =>
  (_row, selected, compiler) => {
    const type = compiler.returnType(selected)
    if (!type || type.name !== typeName) return compiler.refuse(`${selected.name} does not return ${typeName}`)
    return compiler.withObjects({ [typeName]: resolvedFields(type, value) }).object(typeName, Prisma.empty, selected)
  }

/** A list of objects of `typeName` that exist only in TypeScript, each shaped by resolvedFields. */
export const resolvedList =
  (typeName: string, values?: unknown[]): FieldSql =>
  (row, selected, compiler) => {
    // Planning checks the selection on one object with no value.
    const objects = (values ?? [undefined]).map((value) => resolvedObject(typeName, value)(row, selected, compiler))
    if (objects.some((object) => !object)) return null
    return values ? Prisma.sql`json_build_array(${objects.length ? Prisma.join(objects as Sql[], ', ') : Prisma.empty})` : Prisma.sql`NULL::json`
  }

/**
 * A root field answering a list of `typeName` from `rows` (the resolver's own function). `fields`
 * gives the SQL of each field of one row; called without a row while planning, it must check the
 * selection all the same (recordById(…, null), resolvedList(…) without values).
 */
export function computedList<T>(
  typeName: string,
  rows: (args: Record<string, unknown>) => Promise<T[]>,
  fields: (row?: T) => ObjectSql,
): RootFieldSql {
  return (selected, compiler) => {
    if (!compiler.withObjects({ [typeName]: fields() }).object(typeName, Prisma.empty, selected)) return null
    return async () => {
      const objects = (await rows(selected.args)).map((row) =>
        compiler.withObjects({ [typeName]: fields(row) }).object(typeName, Prisma.empty, selected),
      )
      if (objects.some((object) => !object)) return null
      return objects.length ? Prisma.sql`json_build_array(${Prisma.join(objects as Sql[], ', ')})` : Prisma.sql`'[]'::json`
    }
  }
}
