import { GraphQLError } from 'graphql'
import { MAX_PAGE_SIZE } from '../builder.js'

const PAGE_ARGS = ['first', 'last'] as const

/**
 * Refuses page sizes outside 0..MAX_PAGE_SIZE instead of silently clamping them. Applied to every
 * field of an operation before execution (src/server/limits.ts), so a bad page never costs SQL.
 */
export function checkPageArgs(args: Record<string, unknown>): void {
  for (const name of PAGE_ARGS) {
    const value = args[name]
    if (typeof value !== 'number') continue
    if (value < 0 || value > MAX_PAGE_SIZE) {
      throw new GraphQLError(`Argument "${name}" must be between 0 and ${MAX_PAGE_SIZE} (got ${value}); page through larger results with "after".`, {
        extensions: { code: 'BAD_USER_INPUT', argument: name },
      })
    }
  }
}
