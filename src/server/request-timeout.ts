import { type ExecutionResult, getOperationAST, GraphQLError } from 'graphql'
import type { Plugin } from 'graphql-yoga'
import { statementTimings, withStatementScope } from '../db/setup/statement-scope.js'
import type { JsonTextResult } from '../sql-execution/json-result.js'
import { timedOut } from './errors.js'
import { budgetFor, ExecutionBudget, instrumentResolvers, responseTooLarge } from './execution-budget.js'

export interface ExecutionLimits {
  /** Time limit of one query. */
  timeoutMs: number
  /** Bytes of one query's response. */
  maxResponseBytes: number
  /** Work without the event loop going round before resolvers wait for it; default SLICE_MS. */
  sliceMs?: number
}

/**
 * Limits on each query while it runs: a time limit (when it runs out the client gets TIMEOUT at
 * once, the executor's signal stops it from starting further resolvers and the statements it has
 * running in PostgreSQL are cancelled) and a response budget
 * (RESPONSE_TOO_LARGE as soon as the fields resolved would make a bigger response, so it is never
 * built). Resolvers give the event loop back after SLICE_MS of work without it (execution-budget.ts),
 * so the timer fires even while they work. Mutations are left alone: each is one transaction with its own
 * limits (statement_timeout, Prisma's transaction timeout), its payload is priced before it runs,
 * and answering an error while it may still commit would tell the client something false.
 */
export function executionLimits({ timeoutMs, maxResponseBytes, sliceMs }: ExecutionLimits): Plugin {
  return {
    onSchemaChange({ schema }) {
      instrumentResolvers(schema)
    },
    onExecute({ args, executeFn, setExecuteFn }) {
      if (getOperationAST(args.document, args.operationName)?.operation !== 'query') return
      setExecuteFn(async (executionArgs) => {
        // One controller for every way the query can end early; the client going away aborts it too.
        const controller = new AbortController()
        const outer = (executionArgs as { signal?: AbortSignal }).signal
        const forward = () => controller.abort(outer!.reason)
        outer?.addEventListener('abort', forward, { once: true })
        const stop = (error: GraphQLError) => controller.abort(error)
        const release = budgetFor(executionArgs.contextValue as object, new ExecutionBudget(maxResponseBytes, controller.signal, stop, sliceMs))
        // Made only when needed: an error captures a stack trace, costly on every request.
        const timer = setTimeout(() => stop(timedOut('The query')), timeoutMs)
        const aborted = new Promise<void>((resolve) => controller.signal.addEventListener('abort', () => resolve(), { once: true }))
        let statements: { cancel(): void } | undefined
        try {
          const running = withStatementScope(async (scope) => {
            statements = scope
            statementTimings.set(executionArgs.contextValue as object, scope.timings)
            return executeFn({ ...executionArgs, signal: controller.signal } as typeof executionArgs)
          })
          // An executor stopped by a limit rejects with it; the answer is the limit's error.
          const result = await Promise.race([
            running.catch((error: unknown) => (controller.signal.aborted ? undefined : Promise.reject(error))),
            aborted,
          ])
          if (controller.signal.aborted) {
            // Its statements are no longer wanted: stop them in PostgreSQL rather than at statement_timeout.
            statements?.cancel()
            const reason: unknown = controller.signal.reason
            if (reason instanceof GraphQLError) return { data: null, errors: [reason] }
            throw reason
          }
          return sqlBuiltSize(result) > maxResponseBytes ? { data: null, errors: [responseTooLarge(maxResponseBytes)] } : result
        } finally {
          clearTimeout(timer)
          outer?.removeEventListener('abort', forward)
          release()
        }
      })
    },
  }
}

/** The length of an answer PostgreSQL wrote as JSON text (src/sql-execution/); 0 for others, counted as they resolve. */
function sqlBuiltSize(result: unknown): number {
  const text = result as Partial<JsonTextResult> | undefined
  return typeof text?.stringify === 'function' ? text.stringify(text as ExecutionResult).length : 0
}
