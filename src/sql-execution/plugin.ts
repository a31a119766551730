import { type DocumentNode, type FragmentDefinitionNode, getOperationAST, type GraphQLSchema, Kind } from 'graphql'
import { getVariableValues } from 'graphql/execution/values.js'
import type { Plugin } from 'graphql-yoga'
import { Prisma } from '../generated/prisma/client.js'
import { prisma } from '../db/prisma.js'
import { QUERY_FIELDS } from './clause-pages.js'
import { Compiler, jsonKey } from './compiler.js'
import { OBJECTS } from './objects.js'
import { rootSelection } from './selection.js'

// Queries that only read what src/sql-execution/ knows (the clause connections and the objects
// around a clause) are answered by one SQL statement that builds the response JSON, instead of
// resolvers and Prisma building and walking thousands of objects. Everything else, and any
// request whose statement fails, goes to the executor as before, which also answers with the
// errors. test/api/sql-execution.test.ts holds both ways to the same answers.

/** Marks the statements this module sends (tests look for it). */
export const SQL_EXECUTION_MARK = '/* sql-execution */'

const isFragment = (definition: DocumentNode['definitions'][number]): definition is FragmentDefinitionNode =>
  definition.kind === Kind.FRAGMENT_DEFINITION

/** The one statement that answers the operation's `data`, or null when SQL cannot answer all of it. */
export function compileOperation(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  rawVariables: Record<string, unknown> | null | undefined,
): Prisma.Sql | null {
  const operation = getOperationAST(document, operationName)
  const queryType = schema.getQueryType()
  if (!operation || operation.operation !== 'query' || !queryType) return null
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], rawVariables ?? {})
  if (coerced.errors) return null
  const fragments = Object.fromEntries(document.definitions.filter(isFragment).map((f) => [f.name.value, f]))
  const request = { schema, fragments, variables: coerced.coerced }
  const compiler = new Compiler(request, OBJECTS)
  const data = compiler.build(queryType, rootSelection(request, queryType, operation.selectionSet), (selected) =>
    selected.name === '__typename' ? jsonKey(queryType.name) : (QUERY_FIELDS[selected.name]?.(Prisma.empty, selected, compiler) ?? null),
  )
  return data && Prisma.sql`${Prisma.raw(SQL_EXECUTION_MARK)} SELECT ${data}::text AS "data"`
}

export function sqlExecution(): Plugin {
  return {
    onExecute({ args, executeFn, setExecuteFn }) {
      let statement: Prisma.Sql | null
      try {
        statement = compileOperation(args.schema, args.document, args.operationName, args.variableValues)
      } catch {
        return // A request this module cannot read is the executor's to answer (or refuse).
      }
      if (!statement) return
      setExecuteFn(async (executionArgs) => {
        try {
          const [row] = await prisma().$queryRaw<{ data: string }[]>(statement)
          return { data: JSON.parse(row!.data) as Record<string, unknown> }
        } catch {
          // The executor runs the request again and reports what went wrong, masked as usual.
          return executeFn(executionArgs)
        }
      })
    },
  }
}
