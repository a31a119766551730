import { type ExecutionResult, getOperationAST, GraphQLError } from 'graphql'
import type { Plugin } from 'graphql-yoga'
import type { JsonTextResult } from '../sql-execution/json-result.js'
import { timedOut } from './errors.js'
import { budgetFor, ExecutionBudget, instrumentResolvers, responseTooLarge } from './execution-budget.js'

export interface ExecutionLimits {
  /** Time limit of one query. */
  timeoutMs: number
  /** Bytes of one query's response. */
  maxResponseBytes: number
}

/**
 * Limits on each query while it runs: a time limit (when it runs out the client gets TIMEOUT at
 * once and the executor's signal stops it from starting further resolvers; a statement already
 * sent ends by itself, at the latest at statement_timeout) and a response budget
 * (RESPONSE_TOO_LARGE as soon as the fields resolved would make a bigger response, so it is never
 * built). Resolvers give the event loop back every few milliseconds (execution-budget.ts), so the
 * timer fires even while they work. Mutations are left alone: each is one transaction with its own
 * limits (statement_timeout, Prisma's transaction timeout), its payload is priced before it runs,
 * and answering an error while it may still commit would tell the client something false.
 */
export function executionLimits({ timeoutMs, maxResponseBytes }: ExecutionLimits): Plugin {
  return {
    onSchemaChange({ schema }) {
      instrumentResolvers(schema)
    },
    onExecute({ args, executeFn, setExecuteFn }) {
      if (getOperationAST(args.document, args.operationName)?.operation !== 'query') return
      setExecuteFn(async (executionArgs) => {
        const controller = new AbortController()
        const outer = (executionArgs as { signal?: AbortSignal }).signal
        const signal = outer ? AbortSignal.any([outer, controller.signal]) : controller.signal
        const stop = (error: GraphQLError) => controller.abort(error)
        const release = budgetFor(executionArgs.contextValue as object, new ExecutionBudget(maxResponseBytes, signal, stop))
        let timer: NodeJS.Timeout | undefined
        const expired = new Promise<void>((resolve) => {
          // Made only when needed: an error captures a stack trace, costly on every request.
          timer = setTimeout(() => (stop(timedOut('The query')), resolve()), timeoutMs)
        })
        try {
          const running = (async () => executeFn({ ...executionArgs, signal } as typeof executionArgs))()
          const result = await Promise.race([running.catch(stopped), expired])
          if (controller.signal.aborted) return { data: null, errors: [controller.signal.reason as GraphQLError] }
          return sqlBuiltSize(result) > maxResponseBytes ? { data: null, errors: [responseTooLarge(maxResponseBytes)] } : result
        } finally {
          clearTimeout(timer)
          release()
        }

        /** An executor stopped by a limit rejects with it; the limit's error is the answer. */
        function stopped(error: unknown): undefined {
          if (controller.signal.aborted) return undefined
          throw error
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
