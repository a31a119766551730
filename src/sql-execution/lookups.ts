import { decodeGlobalID } from '@pothos/plugin-relay'
import { type GraphQLNamedType, isObjectType } from 'graphql'
import { Prisma } from '../generated/prisma/client.js'
import { whereId } from '../schema/node-ids.js'
import type { Compiler, RootFieldSql } from './compiler.js'
import type { Selected } from './selection.js'
import { quoted } from './forms.js'

// Root lookups of one row: by slug (`company(slug:)`, …) as `findUnique({ where: { slug } })`
// reads it, and by global ID (`node`, `nodes`) as the Relay plugin's node loaders do (whereId).
// Not found is null, as the resolvers answer; an ID the plugin would refuse is left to it.

type Sql = Prisma.Sql

/** The Prisma model behind a type (its table), when Pothos made it from one. */
const modelOf = (type: GraphQLNamedType) => (type.extensions as { pothosPrismaModel?: string }).pothosPrismaModel

/** The object of type `typeName` on the row of `table` where `column = value`, or SQL null. */
export function rowAs(compiler: Compiler, typeName: string, table: string, selected: Selected, column: string, value: Sql): Sql | null {
  const x = compiler.alias()
  const object = compiler.object(typeName, x, selected)
  return object && Prisma.sql`(SELECT ${object} FROM ${quoted(table)} ${x} WHERE ${x}.${quoted(column)} = ${value})`
}

/** `Query.<type>(<column>:)`: the row of the returned type's table whose unique `column` is the argument of that name, or null. */
export const byUnique =
  (column: string): RootFieldSql =>
  (selected, compiler) => {
    const type = compiler.returnType(selected)
    const model = type && modelOf(type)
    if (!model) return compiler.refuse(`Query.${selected.name} does not return a type with a table`)
    return rowAs(compiler, type.name, model, selected, column, Prisma.sql`${selected.args[column] as string}`)
  }

/** `Query.<type>(slug:)`. */
export const bySlug = byUnique('slug')

/** The row a global ID names, as the node of its type; null: the resolver's to answer (or refuse). */
function nodeOf(compiler: Compiler, selected: Selected, globalId: string): Sql | null {
  let decoded: { typename: string; id: string }
  try {
    decoded = decodeGlobalID(globalId)
  } catch {
    return compiler.refuse(`Query.${selected.name}: an ID the Relay plugin refuses`)
  }
  const type = compiler.request.schema.getType(decoded.typename)
  const model = type && modelOf(type)
  if (!type || !model || !isObjectType(type) || !type.getInterfaces().some((i) => i.name === 'Node')) {
    return compiler.refuse(`Query.${selected.name}: an ID of ${decoded.typename}, not a node with a table`)
  }
  return rowAs(compiler, type.name, model, selected, 'id', Prisma.sql`${whereId(decoded.id).id}::uuid`)
}

/** `Query.node(id:)`. */
export const nodeById: RootFieldSql = (selected, compiler) => nodeOf(compiler, selected, selected.args.id as string)

// json_build_array takes at most 100 arguments.
const MAX_IDS = 100

/** `Query.nodes(ids:)`: each node in the order asked, null where none is found. */
export const nodesByIds: RootFieldSql = (selected, compiler) => {
  const ids = selected.args.ids as string[]
  if (ids.length > MAX_IDS) return compiler.refuse(`Query.nodes: more than ${MAX_IDS} IDs`)
  const nodes: Sql[] = []
  for (const id of ids) {
    const node = nodeOf(compiler, selected, id)
    if (!node) return null
    nodes.push(node)
  }
  return nodes.length > 0 ? Prisma.sql`json_build_array(${Prisma.join(nodes, ', ')})` : Prisma.sql`'[]'::json`
}
