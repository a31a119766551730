import { getOperationAST } from 'graphql'
import type { Plugin } from 'graphql-yoga'
import { readClient, readingFrom } from '../db/setup/prisma.js'

/**
 * Query operations run on the client readClient() picks when they execute (a read replica that has
 * every acknowledged write, else the primary); mutations stay on the primary. It wraps everything
 * that executes a query (slug checks, the planner, the time limits, the resolvers), and runs only
 * when the query executes: a response-cache hit asks nothing.
 */
export function readRouting(): Plugin {
  return {
    onExecute({ args, executeFn, setExecuteFn }) {
      if (getOperationAST(args.document, args.operationName)?.operation !== 'query') return
      setExecuteFn(async (executionArgs) => {
        const client = await readClient()
        return readingFrom(client, () => executeFn(executionArgs))
      })
    },
  }
}
