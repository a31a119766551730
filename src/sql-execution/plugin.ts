import { type DocumentNode, type FragmentDefinitionNode, getOperationAST, type GraphQLSchema, Kind } from 'graphql'
import { getVariableValues } from 'graphql/execution/values.js'
import type { Plugin } from 'graphql-yoga'
import { Prisma } from '../generated/prisma/client.js'
import { KEEP_SELECTION_PLAN } from '../db/client.js'
import { queryRows } from '../db/raw-query.js'
import { CLAUSE_PAGES } from './clause-pages.js'
import { Compiler, jsonKey, type RootFieldSql } from './compiler.js'
import { jsonTextResult } from './json-result.js'
import { neighborhood } from './neighborhood.js'
import { OBJECTS } from './objects.js'
import { partnershipPath } from './partnership-path.js'
import { rootSelection } from './selection.js'

// Queries that only read what src/sql-execution/ knows (the clause connections, partnershipPath,
// neighborhood and the objects around them) are answered by one SQL statement that builds the
// response JSON (after the walk of a path or neighbourhood, when there is one), instead of
// resolvers and Prisma building and walking thousands of objects. Everything else, and any request
// whose statements fail, goes to the executor as before, which also answers with the errors.
// test/api/sql-execution.test.ts holds both ways to the same answers.

/** Marks the statements this module sends (tests look for it). */
export const SQL_EXECUTION_MARK = '/* sql-execution */'

const isFragment = (definition: DocumentNode['definitions'][number]): definition is FragmentDefinitionNode =>
  definition.kind === Kind.FRAGMENT_DEFINITION

const QUERY_FIELDS: Record<string, RootFieldSql> = { ...CLAUSE_PAGES, partnershipPath, neighborhood }

/**
 * Root fields whose statement keeps its plan (KEEP_SELECTION_PLAN) when only they are asked for.
 * A path's answer reads everything by id from its parameters, so one generic plan fits every
 * path: 3.1 → 2.2 ms a statement, run on the generated 100k graph, planning included. Not the
 * neighbourhood, whose generic plan ran six times as long as a plan for its members (PostgreSQL
 * chose it all the same), nor the clause pages, whose plans PostgreSQL keeps making anew for
 * their filters.
 */
const KEEPS_PLAN = new Set(['partnershipPath', '__typename'])

/** Gives the one statement that answers the operation's `data`, or null to leave it to the executor. */
export type Plan = () => Promise<Prisma.Sql | null>

/** The plan of an operation SQL can answer whole (null when it cannot; nothing has run yet). */
export function compileOperation(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  rawVariables: Record<string, unknown> | null | undefined,
): Plan | null {
  const operation = getOperationAST(document, operationName)
  const queryType = schema.getQueryType()
  if (!operation || operation.operation !== 'query' || !queryType) return null
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], rawVariables ?? {})
  if (coerced.errors) return null
  const fragments = Object.fromEntries(document.definitions.filter(isFragment).map((f) => [f.name.value, f]))
  const request = { schema, fragments, variables: coerced.coerced }
  const compiler = new Compiler(request, OBJECTS)
  const selection = rootSelection(request, queryType, operation.selectionSet)
  const answers = selection.map((selected) =>
    selected.name === '__typename' ? jsonKey(queryType.name) : (QUERY_FIELDS[selected.name]?.(selected, compiler) ?? null),
  )
  if (answers.includes(null)) return null
  return async () => {
    // Root fields with statements of their own (paths) run them side by side.
    const values = new Map(await Promise.all(selection.map(async (s, i) => [s, await answerOf(answers[i]!)] as const)))
    const data = compiler.build(queryType, selection, (selected) => values.get(selected) ?? null)
    const keepPlan = selection.every((s) => KEEPS_PLAN.has(s.name)) ? KEEP_SELECTION_PLAN : ''
    return data && Prisma.sql`${Prisma.raw(keepPlan + SQL_EXECUTION_MARK)} SELECT ${data}::text AS "data"`
  }
}

const answerOf = (answer: NonNullable<ReturnType<RootFieldSql>>) => (typeof answer === 'function' ? answer() : answer)

export function sqlExecution(): Plugin {
  return {
    onExecute({ args, executeFn, setExecuteFn }) {
      let plan: Plan | null
      try {
        plan = compileOperation(args.schema, args.document, args.operationName, args.variableValues)
      } catch {
        return // A request this module cannot read is the executor's to answer (or refuse).
      }
      if (!plan) return
      const sqlPlan = plan
      setExecuteFn(async (executionArgs) => {
        let text: string | null = null
        try {
          const statement = await sqlPlan()
          if (statement) text = (await queryRows<{ data: string }>(statement))[0]!.data
        } catch {
          // The executor runs the request again and reports what went wrong, masked as usual.
        }
        return text !== null ? jsonTextResult(text) : executeFn(executionArgs)
      })
    },
  }
}
