import { z } from 'zod'
import { InvalidDateError, parseDay, parsePartialDate, type PartialDate } from '../../domain/partial-date.js'
import { moneyShape } from '../../domain/field-rules.js'
import { formatPath, type Issue, ValidationError } from '../../domain/write-errors.js'

// The rules of mutation inputs, checked at the edge before any SQL. Field rules are those of
// src/domain/field-rules.ts, shared with the dataset format, so the API stores nothing an import or
// export would refuse; what is here is the API's own: dates parsed into PartialDates, versions,
// absent vs null in updates, and the ValidationError that lists every issue with its path. The
// database enforces the same invariants (CHECK constraints) as the last line.

export {
  amount,
  citations,
  country,
  currency,
  description,
  LIST_LIMITS,
  list,
  name,
  note,
  pageTitle,
  percentage,
  slug,
  text,
  title,
  UNCITED,
  unique,
  webUrl,
} from '../../domain/field-rules.js'

/** `YYYY`, `YYYY-Qn`, `YYYY-MM` or `YYYY-MM-DD`, parsed into a PartialDate. */
export const partialDate = z.string().transform((value, ctx): PartialDate => {
  try {
    return parsePartialDate(value)
  } catch (error) {
    if (!(error instanceof InvalidDateError)) throw error
    ctx.addIssue({ code: 'custom', message: error.message, params: { rule: 'partial_date' } })
    return z.NEVER
  }
})

/** A full day, `YYYY-MM-DD`. */
export const day = z.string().transform((value, ctx): string => {
  try {
    return parseDay(value)
  } catch (error) {
    if (!(error instanceof InvalidDateError)) throw error
    ctx.addIssue({ code: 'custom', message: error.message, params: { rule: 'date' } })
    return z.NEVER
  }
})

export const money = z.object(moneyShape)

export const expectedVersion = z.number().int().min(1, 'must be 1 or more (versions start at 1)')

/** For updates: absent keeps the value, null is refused for fields that cannot be empty. */
export const keep = <T extends z.ZodType>(schema: T) =>
  z
    .custom<unknown>((v) => v !== null, { message: 'cannot be null: leave the field out to keep its value', params: { rule: 'not_null' } })
    .pipe(schema as unknown as z.ZodType<z.output<T>>)
    .optional()

/** Required, with `message` when absent or null (GraphQL leaves the field optional, so the issue has a path). */
export const required = <T extends z.ZodType>(schema: T, message: string) =>
  z.custom<unknown>((v) => v !== undefined && v !== null, { message, params: { rule: 'required' } }).pipe(schema as unknown as z.ZodType<z.output<T>>)

/** For updates: absent keeps the value, null clears it. */
export const clearable = <T extends z.ZodType>(schema: T) => schema.nullable().optional()

function ruleOf(issue: z.core.$ZodIssue): string {
  if (issue.code === 'custom') return String((issue.params as { rule?: string } | undefined)?.rule ?? 'invalid')
  if (issue.code === 'invalid_format') return 'format'
  return issue.code
}

/** Parses `value` (the argument named `root`) or throws a ValidationError listing every issue. */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, root = 'input'): z.output<S> {
  const result = schema.safeParse(value)
  if (result.success) return result.data
  const issues: Issue[] = result.error.issues.map((issue) => ({
    path: formatPath([root, ...issue.path]),
    message: issue.message,
    code: ruleOf(issue),
  }))
  throw new ValidationError(issues)
}
