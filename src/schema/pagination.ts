import { MAX_PAGE_SIZE } from '../builder.js'
import { cursorId } from '../sql-execution/connection.js'

/** A connection's arguments checked before the operation runs (src/server/argument-checks.ts). */
export const PAGE_SIZE_ARGS = new Set(['first', 'last'])
export const CURSOR_ARGS = new Set(['after', 'before'])

/**
 * Why a page size is refused, or null: outside 0..MAX_PAGE_SIZE is an error rather than a silent
 * clamp, so a client never mistakes a cut page for the whole.
 */
export function pageSizeProblem(name: string, value: number): string | null {
  if (value >= 0 && value <= MAX_PAGE_SIZE) return null
  return `Argument "${name}" must be between 0 and ${MAX_PAGE_SIZE} (got ${value}); page through larger results with "after".`
}

/**
 * Why a cursor of a connection over rows (every prismaConnection and relatedConnection pages by
 * row id) is refused, or null. Checked before the resolvers, which would fail on it inside Prisma.
 */
export function cursorProblem(name: string, value: string): string | null {
  if (cursorId(value) !== null) return null
  return `Argument "${name}" is not a cursor of this connection: pass a cursor from its edges or pageInfo, unchanged.`
}
