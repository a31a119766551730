import { getNamedType, getNullableType, type GraphQLField, type GraphQLObjectType, isListType, isScalarType } from 'graphql'
import { Prisma } from '../generated/prisma/client.js'
import type { FieldSql, RootFieldSql } from './compiler.js'
import { listRelationRows, type ModelField, MODELS, modelField } from './datamodel.js'
import { column, globalIdSql, quoted, toMany, toOne } from './forms.js'
import { orderBySql, prismaOrder } from './order.js'

// How the planner reads a field from PostgreSQL, from the field's own definition: the SQL form it
// names in its `extensions` (sqlField, sqlRootField), or one derived from what Pothos and Prisma
// say of it (an exposed column, a relation with its declared order, a node's global ID). Anything
// else (arguments the form does not read, auth scopes, a resolver of its own) is a refusal with
// its reason, and the request goes to the resolvers.

type Sql = Prisma.Sql

/** The key of `extensions` that holds a field's SQL form. */
const SQL_FORM = 'sqlForm'

interface SqlForm<F> {
  sql: F
  /** The arguments the form reads; a field argument not listed makes the field a refusal. */
  args: readonly string[]
}

/** A field's `extensions` naming its SQL form, and the arguments that form honours. */
export const sqlField = (sql: FieldSql, args: readonly string[] = []) => ({ [SQL_FORM]: { sql, args } satisfies SqlForm<FieldSql> })

/** The same for a root query field, whose form may run statements of its own first. */
export const sqlRootField = (sql: RootFieldSql, args: readonly string[] = []) => ({
  [SQL_FORM]: { sql, args } satisfies SqlForm<RootFieldSql>,
})

type AnyField = GraphQLField<unknown, unknown>

interface PothosExtensions {
  pothosOptions?: { authScopes?: unknown }
  pothosExposedField?: string
  /** Prisma's field behind a `t.relation`. */
  pothosPrismaRelationField?: ModelField
  /** Gives the relation's query (`nestedQuery` receives it as declared). */
  pothosPrismaSelect?: (args: object, context: object, nestedQuery: (query: unknown) => unknown) => unknown
  /** Set when the relation has a `resolve` of its own. */
  pothosPrismaFallback?: unknown
  pothosPrismaModel?: string
  [SQL_FORM]?: SqlForm<unknown>
}

const extensionsOf = (x: { extensions?: unknown }) => (x.extensions ?? {}) as PothosExtensions

/** Why a field's value cannot be read around the resolvers: auth scopes on it or its type; null if none. */
export function authScopesOf(type: GraphQLObjectType, field: AnyField): string | null {
  const scoped = extensionsOf(field).pothosOptions?.authScopes || extensionsOf(type).pothosOptions?.authScopes
  return scoped ? `${type.name}.${field.name} has auth scopes` : null
}

/** The form of a field, or why it has none (a refusal). Checks what no form can answer first. */
function formOf<F>(type: GraphQLObjectType, field: AnyField, derive: () => F | string): F | string {
  const where = `${type.name}.${field.name}`
  const own = extensionsOf(field)
  const scoped = authScopesOf(type, field)
  if (scoped) return scoped
  const form = own[SQL_FORM] as SqlForm<F> | undefined
  const unread = field.args.find((arg) => !form?.args.includes(arg.name))
  if (unread) return `${where}(${unread.name}:) has no SQL form`
  return form ? form.sql : derive()
}

const rootForms = new WeakMap<AnyField, RootFieldSql | string>()
const fieldForms = new WeakMap<AnyField, FieldSql | string>()

/** The SQL form of a root query field, or the reason it has none. */
export function rootFieldSqlOf(type: GraphQLObjectType, field: AnyField): RootFieldSql | string {
  let form = rootForms.get(field)
  if (form === undefined) rootForms.set(field, (form = formOf<RootFieldSql>(type, field, () => `${type.name}.${field.name} has no SQL form`)))
  return form
}

/** The SQL form of a field of an object type, or the reason it has none. */
export function fieldSqlOf(type: GraphQLObjectType, field: AnyField): FieldSql | string {
  let form = fieldForms.get(field)
  if (form === undefined) fieldForms.set(field, (form = formOf<FieldSql>(type, field, () => derived(type, field))))
  return form
}

/** Scalars whose column, as JSON, is what the resolver gives. */
const PLAIN_SCALARS = new Set(['String', 'Int', 'Boolean', 'Json'])

function derived(type: GraphQLObjectType, field: AnyField): FieldSql | string {
  const where = `${type.name}.${field.name}`
  const extensions = extensionsOf(type)
  const model = extensions.pothosPrismaModel
  if (!model) return `${where} has no SQL form`
  const own = extensionsOf(field)
  // A prismaNode's `id`: Relay's default global ID of the model's single-column primary key.
  const primaryKey = MODELS[model]?.fields.filter((f) => f.isId)
  const isNode = type.getInterfaces().some((i) => i.name === 'Node')
  if (field.name === 'id' && isNode && primaryKey?.length === 1 && !own.pothosExposedField) {
    return (row) => globalIdSql(type.name, Prisma.sql`${row}.${quoted(primaryKey[0]!.name)}`)
  }
  if (own.pothosExposedField) {
    const source = modelField(model, own.pothosExposedField)
    const graphqlType = getNamedType(field.type)
    if (source?.kind === 'enum' || (source?.kind === 'scalar' && PLAIN_SCALARS.has(source.type))) {
      // Prisma reads a NULL list column (a row written without it) as [].
      return source.isList ? (row) => Prisma.sql`coalesce(${row}.${quoted(source.name)}, '{}')` : column(source.name)
    }
    if (source?.kind === 'scalar' && source.type === 'Float' && isScalarType(graphqlType))
      return (row) => Prisma.sql`${row}.${quoted(source.name)}::float8`
    return `${where}: a ${source?.type ?? 'computed'} column has no SQL form`
  }
  if (own.pothosPrismaRelationField) return relation(model, own, field, where)
  return `${where} has a resolver of its own and no SQL form`
}

/** A relation field: to one row by a foreign key, to many by theirs or by an implicit join table. */
function relation(model: string, own: PothosExtensions, field: AnyField, where: string): FieldSql | string {
  const source = own.pothosPrismaRelationField!
  if (!source.relationName || own.pothosPrismaFallback) return `${where}: a relation resolved its own way`
  const target = source.type
  const graphqlType = getNamedType(field.type).name
  // The relation's declared query, as Pothos hands it to Prisma: only an orderBy has a SQL form here.
  const selected = own.pothosPrismaSelect?.({}, {}, (query) => query) as { select?: Record<string, unknown> } | undefined
  const query = selected?.select?.[source.name] as { orderBy?: unknown } | undefined
  if (query === undefined || typeof query !== 'object' || Object.keys(query).some((key) => key !== 'orderBy')) {
    return `${where}: a relation query other than orderBy`
  }
  if (!source.isList) {
    const foreignKey = source.relationFromFields?.[0]
    return foreignKey ? toOne(graphqlType, foreignKey, target) : `${where}: a one-to-one back relation`
  }
  if (!isListType(getNullableType(field.type))) return `${where}: a list relation as one object`
  const orderBy = query?.orderBy ? orderSql(target, query.orderBy) : null
  if (!orderBy) return `${where}: a list without a total order`
  const rows = listRelationRows(model, source.name)
  return rows ? toMany({ typeName: graphqlType, from: rows, orderBy }) : `${where}: unknown relation shape`
}

/** Prisma's orderBy as ORDER BY over `x`; null for one the planner cannot read. */
function orderSql(model: string, orderBy: unknown): ((x: Sql) => Sql) | null {
  const terms = prismaOrder(model, orderBy)
  return terms && ((x) => orderBySql(terms, x))
}
