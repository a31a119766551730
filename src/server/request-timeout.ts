import { getOperationAST } from 'graphql'
import type { Plugin } from 'graphql-yoga'
import { timedOut } from './errors.js'

/**
 * A time limit for each query: when it runs out the client gets TIMEOUT at once and the executor's
 * signal stops it from starting further resolvers (a statement already sent ends by itself, at the
 * latest at statement_timeout). Mutations are left alone: each is one transaction with its own
 * limits (statement_timeout, Prisma's transaction timeout), and answering TIMEOUT while it may
 * still commit would tell the client something false.
 */
export function requestTimeout(ms: number): Plugin {
  return {
    onExecute({ args, executeFn, setExecuteFn }) {
      if (getOperationAST(args.document, args.operationName)?.operation !== 'query') return
      setExecuteFn(async (executionArgs) => {
        const controller = new AbortController()
        const outer = (executionArgs as { signal?: AbortSignal }).signal
        const signal = outer ? AbortSignal.any([outer, controller.signal]) : controller.signal
        let timer: NodeJS.Timeout | undefined
        const expired = new Promise<{ data: null; errors: [ReturnType<typeof timedOut>] }>((resolve) => {
          timer = setTimeout(() => {
            // Made only when needed: an error captures a stack trace, costly on every request.
            const error = timedOut('The query')
            controller.abort(error)
            resolve({ data: null, errors: [error] })
          }, ms)
        })
        try {
          return await Promise.race([executeFn({ ...executionArgs, signal } as typeof executionArgs), expired])
        } finally {
          clearTimeout(timer)
        }
      })
    },
  }
}
