import { type ExecutionResult, getOperationAST } from 'graphql'
import type { Plugin } from 'graphql-yoga'
import { primaryPrisma, readClient, readFailed, readingFrom, readsElsewhere } from '../db/setup/prisma.js'
import { databaseFault } from './errors.js'

/**
 * Query operations run on the client readClient() picks when they execute (a read replica that has
 * every acknowledged write, else the primary); mutations stay on the primary. It wraps everything
 * that executes a query (slug checks, the planner, the time limits, the resolvers), and runs only
 * when the query executes: a response-cache hit asks nothing. A replica lost between its check
 * and the query's statements costs a second run on the primary, not a failed read.
 */
export function readRouting(): Plugin {
  return {
    onExecute({ args, executeFn, setExecuteFn }) {
      if (!readsElsewhere() || getOperationAST(args.document, args.operationName)?.operation !== 'query') return
      setExecuteFn(async (executionArgs) => {
        const client = await readClient()
        const primary = primaryPrisma()
        if (client === primary) return readingFrom(primary, () => executeFn(executionArgs))
        let lost: unknown
        try {
          const result = await readingFrom(client, () => executeFn(executionArgs))
          lost = unreachable(result)
          if (!lost) return result
        } catch (error) {
          if (databaseFault(error) !== 'unavailable') throw error
          lost = error
        }
        readFailed(client, lost)
        return readingFrom(primary, () => executeFn(executionArgs))
      })
    },
  }
}

/** The error of a result that failed because its database could not be reached. */
function unreachable(result: unknown): unknown {
  const errors = (result as ExecutionResult | undefined)?.errors ?? []
  return errors.find((error) => databaseFault(error) === 'unavailable')
}
