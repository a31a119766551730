import { type DocumentNode, type GraphQLField, type GraphQLSchema, getNamedType, isObjectType, valueFromAST } from 'graphql'
import { fieldSites } from '../graphql/field-sites.js'
import { globalIdProblem } from '../schema/node-ids.js'
import { CURSOR_ARGS, cursorProblem, PAGE_SIZE_ARGS, pageSizeProblem } from '../schema/pagination.js'

// Argument values that are wrong whatever the data holds: a page size out of range, a cursor or a
// global ID that is not one. They are request errors (refused before any resolver or SQL runs,
// like a literal of the wrong type), not field errors, so a nested page fails before its parents'
// SQL and every client sees one kind of answer for bad input.

export interface ArgumentProblem {
  message: string
  argument: string
}

/** Whether the field's connection pages over Prisma rows, whose cursors name a row id. */
function pagesByRowId(field: GraphQLField<unknown, unknown>): boolean {
  const connection = getNamedType(field.type)
  if (!isObjectType(connection)) return false
  const edge = getNamedType(connection.getFields().edges?.type)
  const node = isObjectType(edge) ? getNamedType(edge.getFields().node?.type) : undefined
  return Boolean(node?.extensions?.pothosPrismaModel)
}

function problemOf(schema: GraphQLSchema, field: GraphQLField<unknown, unknown>, name: string, value: unknown): string | null {
  if (PAGE_SIZE_ARGS.has(name) && typeof value === 'number') return pageSizeProblem(name, value)
  if (CURSOR_ARGS.has(name) && typeof value === 'string' && pagesByRowId(field)) return cursorProblem(name, value)
  if (getNamedType(field.args.find((a) => a.name === name)?.type)?.name === 'ID') {
    for (const id of Array.isArray(value) ? value : [value]) {
      const problem = typeof id === 'string' ? globalIdProblem(schema, name, id) : null
      if (problem) return problem
    }
  }
  return null
}

/** The first argument of a valid document refused whatever the data holds, literals and variables alike. */
export function argumentProblem(schema: GraphQLSchema, document: DocumentNode, variables: Record<string, unknown>): ArgumentProblem | null {
  for (const { node, field } of fieldSites(schema, document)) {
    for (const argument of node.arguments ?? []) {
      const definition = field.args.find((a) => a.name === argument.name.value)
      if (!definition) continue
      // Variables are as the client sent them (coerced later, by the executor).
      const value = valueFromAST(argument.value, definition.type, variables)
      const message = value === undefined || value === null ? null : problemOf(schema, field, definition.name, value)
      if (message) return { message, argument: definition.name }
    }
  }
  return null
}
