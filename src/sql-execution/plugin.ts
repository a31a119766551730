import { type DocumentNode, type ExecutionResult, type FragmentDefinitionNode, getOperationAST, type GraphQLSchema, Kind } from 'graphql'
import { getVariableValues } from 'graphql/execution/values.js'
import type { Plugin, YogaLogger } from 'graphql-yoga'
import { Prisma } from '../generated/prisma/client.js'
import { KEEP_SELECTION_PLAN } from '../db/setup/client.js'
import { queryRows } from '../db/setup/raw-query.js'
import { Compiler, jsonKey, type RootFieldSql } from './compiler.js'
import { countFallback } from './fallbacks.js'
import { rootFieldSqlOf } from './field-sql.js'
import { jsonTextResult } from './json-result.js'
import { postProcessedResult } from './post-processed.js'
import { rootSelection } from './selection.js'
import { type Built, StatementCache } from './statement-cache.js'
import { requestSlugs, slugErrors, unknownSlugsSql } from '../server/known-slugs.js'

// Queries whose every field has a SQL form (field-sql.ts: named next to the field, or derived from
// its definition) are answered by one SQL statement that builds the response JSON (after the walk
// of a path or neighborhood, when there is one), instead of resolvers and Prisma building and
// walking thousands of objects. Everything else goes to the executor, counted with its reason
// (fallbacks.ts), as does a request whose statement fails (logged); the executor then answers,
// errors included. test/api/sql-execution.test.ts holds both ways to the same answers.

/** Marks the statements this module sends (tests look for it). */
export const SQL_EXECUTION_MARK = '/* sql-execution */'

const isFragment = (definition: DocumentNode['definitions'][number]): definition is FragmentDefinitionNode =>
  definition.kind === Kind.FRAGMENT_DEFINITION

/**
 * Root fields whose statement keeps its plan (KEEP_SELECTION_PLAN) when only they are asked for.
 * A path's answer reads everything by id from its parameters, so one generic plan fits every
 * path: 3.1 → 2.2 ms a statement, run on the generated 100k graph, planning included. A page
 * looked up by slug or key (a company page: planning took longer than running) reads one row and
 * pages under it by its id. Not the neighborhood, whose generic plan ran six times as long as a
 * plan for its members (PostgreSQL chose it all the same), nor the root clause pages: a generic
 * plan guesses "in force on $day" matches few rows, and sorts 13k licences instead of walking an
 * index in page order (bench/RESULTS.md).
 */
const KEEPS_PLAN = new Set(['partnershipPath', '__typename', 'company', 'agreement', 'deal', 'asset', 'cloudProvider', 'clause'])

/**
 * Gives the one statement that answers the operation's `data`, or null to leave it to the
 * executor; `unknown`, when given, is a second column (the slugs naming nothing, known-slugs.ts).
 */
export type Plan = (unknown?: Prisma.Sql) => Promise<Prisma.Sql | null>

/**
 * The result of the statement's JSON text, once `plan` has given the statement: the text as it is,
 * unless a post-processed field (post-processed.ts) must first be rewritten.
 */
export type Answer = (text: string) => ExecutionResult

/**
 * An operation's plan, or why the executor answers it (nothing has run yet). `reusable`: its
 * statement depends on nothing but the request (no root field reads rows first).
 */
export type Compiled = { plan: Plan; answer: Answer; reusable: boolean } | { refusal: string }

/** The plan of an operation SQL can answer whole, or the reason it cannot. */
export function compileOperation(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  rawVariables: Record<string, unknown> | null | undefined,
): Compiled {
  const operation = getOperationAST(document, operationName)
  const queryType = schema.getQueryType()
  if (!operation || !queryType) return { refusal: 'no such operation' }
  if (operation.operation !== 'query') return { refusal: `a ${operation.operation}` }
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], rawVariables ?? {})
  if (coerced.errors) return { refusal: 'invalid variables' }
  const fragments = Object.fromEntries(document.definitions.filter(isFragment).map((f) => [f.name.value, f]))
  const request = { schema, fragments, variables: coerced.coerced }
  const compiler = new Compiler(request)
  const selection = rootSelection(request, queryType, operation.selectionSet)
  const answers = selection.map((selected) => {
    if (selected.name === '__typename') return jsonKey(queryType.name)
    const field = queryType.getFields()[selected.name]
    if (!field) return compiler.refuse(`${selected.name} is not a query field`)
    const form = rootFieldSqlOf(queryType, field)
    if (typeof form === 'string') return compiler.refuse(form)
    return form(selected, compiler.at(selected.key)) ?? compiler.refuse(`Query.${selected.name}: its arguments or selection`)
  })
  if (answers.includes(null)) return { refusal: compiler.refusal ?? 'unknown' }
  const plan: Plan = async (unknown) => {
    // Root fields with statements of their own (paths) run them side by side.
    const values = new Map(await Promise.all(selection.map(async (s, i) => [s, await answerOf(answers[i]!)] as const)))
    const data = compiler.build(queryType, selection, (selected) => values.get(selected) ?? null)
    const keepPlan = selection.every((s) => KEEPS_PLAN.has(s.name)) ? KEEP_SELECTION_PLAN : ''
    const check = unknown ? Prisma.sql`, ${unknown} AS "unknown"` : Prisma.empty
    return data && Prisma.sql`${Prisma.raw(keepPlan + SQL_EXECUTION_MARK)} SELECT ${data}::text AS "data"${check}`
  }
  const answer: Answer = (text) => {
    const tree = compiler.postProcessing
    return tree ? postProcessedResult(text, tree) : jsonTextResult(text)
  }
  return { plan, answer, reusable: answers.every((a) => typeof a !== 'function') }
}

const answerOf = (answer: NonNullable<ReturnType<RootFieldSql>>) => (typeof answer === 'function' ? answer() : answer)

export function sqlExecution(statementCacheSize: number): Plugin {
  let logger: YogaLogger | undefined
  const built = new StatementCache(statementCacheSize)
  const fallBack = (reason: string, operationName: string | null | undefined) => {
    countFallback(reason, operationName ?? null)
    logger?.debug(`sql-execution: resolvers answer ${operationName ?? 'an anonymous query'}: ${reason}`)
  }
  return {
    onYogaInit({ yoga }) {
      logger = yoga.logger
    },
    onExecute({ args, executeFn, setExecuteFn }) {
      // Writes are the resolvers' by design, not a fallback.
      if (getOperationAST(args.document, args.operationName)?.operation !== 'query') return
      const named = requestSlugs(args)
      const key = built.keyOf(args.document, args.operationName, args.variableValues)
      const kept = key === null ? undefined : built.get(key)
      let plan: () => Promise<Built | null>
      if (kept) plan = async () => kept
      else {
        let compiled: Compiled
        try {
          compiled = compileOperation(args.schema, args.document, args.operationName, args.variableValues)
        } catch (error) {
          // A request this module cannot read is the executor's to answer (or refuse).
          return fallBack(`the planner failed: ${(error as Error).message}`, args.operationName)
        }
        if ('refusal' in compiled) return fallBack(compiled.refusal, args.operationName)
        const { answer, reusable } = compiled
        plan = async () => {
          const statement = await compiled.plan(named.length > 0 ? unknownSlugsSql(named) : undefined)
          if (!statement) return null
          if (key !== null && reusable) built.set(key, { statement, answer })
          return { statement, answer }
        }
      }
      setExecuteFn(async (executionArgs) => {
        let answered: { text: string; answer: Answer } | null = null
        try {
          const planned = await plan()
          const row = planned && (await queryRows<{ data: string; unknown?: number[] | null }>(planned.statement))[0]!
          if (row?.unknown) return { data: null, errors: await slugErrors(row.unknown.map((i) => named[i]!)) }
          if (row) answered = { text: row.data, answer: planned.answer }
          else fallBack('a looked-up value was not found', args.operationName)
        } catch (error) {
          // The executor runs the request again and reports what went wrong, masked as usual.
          fallBack('its statement failed', args.operationName)
          logger?.warn('sql-execution: statement failed, the resolvers answer instead', error)
        }
        if (!answered) return executeFn(executionArgs)
        try {
          return answered.answer(answered.text)
        } catch (error) {
          // A post-processed field's function failed: the executor answers, with its own error.
          fallBack('a post-processed field failed', args.operationName)
          logger?.warn('sql-execution: post-processing failed, the resolvers answer instead', error)
          return executeFn(executionArgs)
        }
      })
    },
  }
}
