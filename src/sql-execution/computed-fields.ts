import {
  type GraphQLField,
  type GraphQLLeafType,
  type GraphQLObjectType,
  type GraphQLResolveInfo,
  getNamedType,
  getNullableType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
} from 'graphql'
import { Prisma } from '../generated/prisma/client.js'
import { type Compiler, type FieldSql, jsonKey } from './compiler.js'
import { authScopesOf } from './field-sql.js'
import type { PostFn } from './post-processed.js'
import type { Selected } from './selection.js'

// Forms of fields whose value is computed in TypeScript by their own resolver: the statement gives
// the resolver's input as JSON, and the resolver runs on it once the statement has run
// (post-processed.ts). Objects the value holds that have tables (a change's clauses, a party's
// company) are built by the statement as the request selects them, ready in the input.

type Sql = Prisma.Sql
type AnyField = GraphQLField<unknown, unknown>

/** The key, in a row of a computed field's input, of the objects built for it, by response key. */
export const PREBUILT = '#prebuilt'

/**
 * A resolver run as the executor runs it, with no context and of the info only the field's name
 * (graphql's default resolver reads it): the fields computed here read nothing else.
 */
function resolved(field: AnyField, value: unknown, args: Record<string, unknown>): unknown {
  const info = { fieldName: field.name } as GraphQLResolveInfo
  const result = field.resolve ? field.resolve(value, args, {}, info) : (value as Record<string, unknown>)[field.name]
  if (result instanceof Promise) throw new Error(`${field.name} resolves asynchronously`)
  return result
}

/** What the executor does with a resolved value: null where allowed, each item serialized by `item`. */
function completed(field: AnyField, value: unknown, item: (v: unknown) => unknown): unknown {
  if (value === null || value === undefined) {
    if (isNonNullType(field.type)) throw new Error(`${field.name} is null`)
    return null
  }
  return isListType(getNullableType(field.type)) ? (value as unknown[]).map(item) : item(value)
}

/** A scalar or enum field (or a list of them) answered as its resolver answers over `value`. */
function leafOf(field: AnyField, selected: Selected): PostFn | null {
  const type = getNamedType(field.type)
  const nullable = getNullableType(field.type)
  if (!isLeafType(type) || (isListType(nullable) && !isLeafType(getNullableType(nullable.ofType)))) return null
  return (value) => completed(field, resolved(field, value, selected.args), (v) => (type as GraphQLLeafType).serialize(v))
}

/**
 * A scalar computed by its resolver from its parent, an object without a table (Money): `row` is
 * the parent's JSON as the resolver receives it (the embedded form gives it).
 */
export const computedFromParent: FieldSql = (row, selected, compiler) => {
  const field = selected.field
  const fn = field && leafOf(field, selected)
  if (!fn) return compiler.refuse(`${selected.name} is not a scalar`)
  return compiler.postProcessed(field, field.name, fn, row)
}

/**
 * A scalar that `compute`, the function its resolver calls, works out from `columns` of its own
 * row (a value alternative's text): the statement gives those columns as one JSON object. (A
 * Prisma object's resolver itself needs the executor's context, so the function is named here.)
 */
export function computedFromColumns<Row>(columns: readonly (keyof Row & string)[], compute: (row: Row) => unknown): FieldSql {
  return (row, selected, compiler) => {
    const field = selected.field
    const type = field && getNamedType(field.type)
    if (!type || !isLeafType(type)) return compiler.refuse(`${selected.name} is not a scalar`)
    const input = columns.map((column) => Prisma.sql`${jsonKey(column)}, ${row}.${Prisma.raw(`"${column}"`)}`)
    const fn: PostFn = (value) => completed(field, compute(value as Row), (v) => type.serialize(v))
    return compiler.postProcessed(field, field.name, fn, Prisma.sql`json_build_object(${Prisma.join(input, ', ')})`)
  }
}

/**
 * The object fields of a computed field's objects (a change's `before`), each with the property
 * of the object that holds its row: its resolver returns that property (it is Pothos' to wrap,
 * and only the executor can run it).
 */
export type Prebuilt = Readonly<Record<string, string>>

/**
 * How each object a computed field's resolver gives (of `type`) is shaped as the request selects
 * it: scalars and enums by their resolvers; the fields in `prebuilt` (objects with a table) taken
 * from the row in their property, built under its response key. Null: the selection has no such
 * form (the compiler says why).
 */
export function shapeOf(compiler: Compiler, type: GraphQLObjectType, parent: Selected, prebuilt: Prebuilt): PostFn | null {
  const shapes: [string, PostFn][] = []
  for (const selected of compiler.subselection(type, parent)) {
    if (!compiler.checked(type, selected)) return null
    const field = selected.field
    const scoped = field && authScopesOf(type, field)
    if (scoped) return compiler.refuse(scoped)
    if (!field) {
      shapes.push([selected.key, () => type.name])
      continue
    }
    const leaf = leafOf(field, selected)
    const property = isObjectType(getNullableType(field.type)) ? prebuilt[field.name] : undefined
    if (!leaf && !property) return compiler.refuse(`${type.name}.${field.name} has no SQL form`)
    shapes.push([
      selected.key,
      leaf ??
        ((value) =>
          completed(field, (value as Record<string, unknown>)[property!], (row) => {
            const built = (row as Record<string, Record<string, unknown> | undefined>)[PREBUILT]?.[selected.key]
            if (built === undefined) throw new Error(`${type.name}.${field.name} was not built`)
            return built
          })),
    ])
  }
  return (value) => Object.fromEntries(shapes.map(([key, shape]) => [key, shape(value)]))
}

/**
 * The objects of `typeName` over the row `row` that the fields named `fieldName` of `type`
 * select, by response key (PREBUILT's value). Each is built under its key, as in the response.
 */
export function prebuiltSql(
  compiler: Compiler,
  type: GraphQLObjectType,
  parent: Selected,
  fieldName: string,
  typeName: string,
  row: Sql,
): Sql | null {
  const pairs: Sql[] = []
  for (const selected of compiler.subselection(type, parent)) {
    if (selected.name !== fieldName) continue
    const object = compiler.under(selected.key, () => compiler.object(typeName, row, selected))
    if (!object) return null
    pairs.push(Prisma.sql`${jsonKey(selected.key)}, ${object}`)
  }
  return pairs.length ? Prisma.sql`json_build_object(${Prisma.join(pairs, ', ')})` : Prisma.sql`json_build_object()`
}

/**
 * A field whose objects its resolver's function (`compute`) works out in TypeScript from `raw`,
 * the JSON its SQL gives: each object shaped by shapeOf, its `prebuilt` fields built in the statement.
 */
export function computedObjects(
  compiler: Compiler,
  selected: Selected,
  prebuilt: Prebuilt,
  compute: (raw: unknown, args: Record<string, unknown>) => unknown,
  raw: (compiler: Compiler, type: GraphQLObjectType) => Sql | null,
): Sql | null {
  const field = selected.field
  const type = compiler.returnType(selected)
  if (!field || !type) return compiler.refuse(`${selected.name} does not return objects`)
  const shape = shapeOf(compiler, type, selected, prebuilt)
  const input = shape && raw(compiler, type)
  return input && compiler.postProcessed(field, field.name, (value) => completed(field, compute(value, selected.args), shape!), input)
}
