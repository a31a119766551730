import { z } from 'zod'
import { InvalidDateError, parseDay, parsePartialDate, type PartialDate } from '../../domain/partial-date.js'
import { formatPath, type Issue, ValidationError } from '../../domain/write-errors.js'

// Field rules of every mutation input, checked at the edge before any SQL. Messages say what the
// rule is, with the offending value, so `path: message` reads as a sentence. The database
// enforces the same invariants (CHECK constraints) as the last line.

const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/
// Control characters other than tab and newlines: PostgreSQL refuses NUL and nobody means the rest.
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/

const shown = (value: unknown): string => {
  const text = typeof value === 'string' ? value : JSON.stringify(value)
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text)
}

export const text = (max: number) =>
  z
    .string()
    .refine((s) => !CONTROL.test(s), 'must not contain control characters')
    .transform((s) => s.trim())
    .pipe(z.string().min(1, 'must not be empty').max(max, `must be at most ${max} characters`))

export const slug = z
  .string()
  .max(80, 'must be at most 80 characters')
  .regex(SLUG, { error: (iss) => `${shown(iss.input)} is not a slug: use lowercase letters and digits joined by single hyphens, e.g. "open-ai"` })

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

const decimals = (places: number) => (n: number) => Number(n.toFixed(places)) === n

export const currency = z
  .string()
  .regex(/^[A-Z]{3}$/, { error: (iss) => `${shown(iss.input)} is not a currency: use an ISO 4217 code of three capital letters, e.g. USD` })

/** Amounts fit NUMERIC(20,2): non-negative, below 10^18, at most two decimals. */
export const amount = z
  .number()
  .min(0, { error: (iss) => `${String(iss.input)} is negative: amounts must be 0 or more` })
  .lt(1e18, 'must be less than 10^18')
  .refine(decimals(2), 'must have at most 2 decimal places')

export const money = z.object({ amount, currency })

export const percentage = z
  .number()
  .min(0, { error: (iss) => `${String(iss.input)} is not a percentage: must be 0–100` })
  .max(100, { error: (iss) => `${String(iss.input)} is not a percentage: must be 0–100` })
  .refine(decimals(4), 'must have at most 4 decimal places')

export const webUrl = z
  .string()
  .max(2048, 'must be at most 2048 characters')
  .refine((s) => /^https?:\/\/[^\s/]+\S*$/.test(s) && URL.canParse(s), {
    error: (iss) => `${shown(iss.input)} is not a web address: must start with http:// or https://`,
    params: { rule: 'url' },
  })

export const country = z
  .string()
  .regex(/^[A-Z]{2}$/, { error: (iss) => `${shown(iss.input)} is not a country: use an ISO 3166-1 alpha-2 code, e.g. US` })

export const expectedVersion = z.number().int().min(1, 'must be 1 or more (versions start at 1)')

export const list = <T extends z.ZodType>(item: T, max: number) => z.array(item).max(max, `must have at most ${max} items`)

/** For updates: absent keeps the value, null is refused for fields that cannot be empty. */
export const keep = <T extends z.ZodType>(schema: T) =>
  z
    .custom<unknown>((v) => v !== null, { message: 'cannot be null: leave the field out to keep its value', params: { rule: 'not_null' } })
    .pipe(schema as unknown as z.ZodType<z.output<T>>)
    .optional()

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
