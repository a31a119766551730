// The rules of every field that reaches the database, whoever writes it: the API's inputs
// (src/schema/mutations/) and the dataset files of `npm run import` and the JSON export
// (seed/format.ts) are both built from these, so the two accept exactly the same values.
// Messages say what is wrong, with the value when it is short, so `path: message` reads as a
// sentence; `params.rule` names the rule where zod's own issue code would not.
import { z } from 'zod'
import { SourceBasis } from '../generated/prisma/enums.js'
import { rangeProblem } from './terms.js'

/** The most items a list field holds; a version's clauses include the ones an amendment carries over. */
export const LIST_LIMITS = {
  aliases: 50,
  companyKinds: 20,
  agreementKinds: 14,
  /** Company roles of a version, in all. */
  parties: 20,
  citations: 20,
  subjects: 50,
  cloudProviders: 20,
  clauses: 200,
  tranches: 50,
  alternatives: 20,
  replaces: 20,
  /** Fields a citation names. */
  citedFields: 30,
}

// C0 controls but tab and line breaks, DEL and the C1 controls: PostgreSQL refuses NUL, terminals
// obey ESC, and nobody means the rest.
export const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/
// Half of a surrogate pair is not a character: PostgreSQL would store U+FFFD instead.
const LONE_SURROGATE = /\p{Cs}/u
// A character that shows: not a space, a control, a format character (zero-width space and
// joiners, BOM, bidi marks) or a blank filler (Hangul fillers, blank braille, grapheme joiner).
const VISIBLE = /[^\s\p{Z}\p{Cc}\p{Cf}\u034F\u115F\u1160\u2800\u3164\uFE00-\uFE0F\uFFA0]/u

const codePoint = (c: string) => `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`

const shown = (value: unknown): string => {
  const text = typeof value === 'string' ? value : JSON.stringify(value)
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text)
}

const tooLong = (max: number) => ({ error: (iss: { input?: unknown }) => `must be at most ${max} characters (it has ${String(iss.input).length})` })
const issue = (ctx: z.RefinementCtx, message: string, rule: string) => ctx.addIssue({ code: 'custom', message, params: { rule } })

/** Reports a control character or a lone surrogate; true when there is none. */
function plainCharacters(s: string, ctx: z.RefinementCtx): boolean {
  const control = CONTROL.exec(s)
  if (control) issue(ctx, `contains the control character ${codePoint(control[0])}: only tabs and line breaks are allowed`, 'control_character')
  else if (LONE_SURROGATE.test(s)) issue(ctx, 'is not valid Unicode: it holds half of a surrogate pair', 'invalid_unicode')
  return !control && !LONE_SURROGATE.test(s)
}

/** Text as stored: plain characters, something visible, at most `max` characters; trimmed. */
export const text = (max: number) =>
  z
    .string()
    .max(max, tooLong(max))
    .superRefine((s, ctx) => {
      if (!plainCharacters(s, ctx)) return
      if (s.trim() === '') issue(ctx, 'must not be empty', 'too_small')
      else if (!VISIBLE.test(s)) issue(ctx, 'has nothing visible: only spaces and invisible characters (such as U+200B)', 'invisible')
    })
    .trim()

/** Names and aliases of companies, assets and clouds; a source's publisher. */
export const name = text(200)
/** An agreement version's title. */
export const title = text(300)
/** A source's title. */
export const pageTitle = text(500)
/** A clause's summary and condition; notes; status notes. */
export const note = text(2000)
export const description = text(5000)

const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/
export const slug = z
  .string()
  .max(80, tooLong(80))
  .regex(SLUG, { error: (iss) => `${shown(iss.input)} is not a slug: use lowercase letters and digits joined by single hyphens, e.g. "open-ai"` })

export const webUrl = z
  .string()
  .max(2048, tooLong(2048))
  .superRefine((s, ctx) => {
    if (plainCharacters(s, ctx) && !(/^https?:\/\/[^\s/]+\S*$/.test(s) && URL.canParse(s))) {
      issue(ctx, `${shown(s)} is not a web address: must start with http:// or https://`, 'url')
    }
  })

export const currency = z
  .string()
  .regex(/^[A-Z]{3}$/, { error: (iss) => `${shown(iss.input)} is not a currency: use an ISO 4217 code of three capital letters, e.g. USD` })

export const country = z
  .string()
  .regex(/^[A-Z]{2}$/, { error: (iss) => `${shown(iss.input)} is not a country: use an ISO 3166-1 alpha-2 code, e.g. US` })

const decimals = (places: number) => (n: number) => Number(n.toFixed(places)) === n
const overPrecise = (places: number) => ({ error: (iss: { input?: unknown }) => `${String(iss.input)} has more than ${places} decimal places` })

/**
 * Money to the cent, as NUMERIC(20,2) stores it. Amounts arrive as binary numbers (JSON, GraphQL
 * Float), which hold 15 significant digits exactly: below 10^13 every cent survives the trip, above
 * it 99999999999999.99 would silently become .98. So the bound is 10^13, not the column's 10^18.
 */
export const amount = z
  .number()
  .min(0, { error: (iss) => `${String(iss.input)} is negative: amounts must be 0 or more` })
  .lt(1e13, 'must be less than 10^13 (ten trillion): a larger amount cannot be stored to the cent exactly')
  .refine(decimals(2), overPrecise(2))

const notAPercentage = { error: (iss: { input?: unknown }) => `${String(iss.input)} is not a percentage: must be 0–100` }
/** A share in percent, as NUMERIC(7,4) stores it. */
export const percentage = z.number().min(0, notAPercentage).max(100, notAPercentage).refine(decimals(4), overPrecise(4))

const notAQuantity = { error: (iss: { input?: unknown }) => `${String(iss.input)} is negative: quantities must be 0 or more` }
/**
 * A quantity (gigawatts, chips, shares), as NUMERIC(20,4) stores it: below 10^11 every fourth
 * decimal survives the trip through a binary number (see `amount`).
 */
export const quantity = z
  .number()
  .min(0, notAQuantity)
  .lt(1e11, 'must be less than 10^11: a larger quantity cannot be stored exactly')
  .refine(decimals(4), overPrecise(4))

/**
 * The rule of a qualified figure (src/domain/terms.ts): only a RANGE has a high end, above the low
 * one. `low` names the low end's field (money: amount, quantity: value); reported at `high`.
 */
export const qualifiedRange =
  <K extends string>(low: K) =>
  (v: Record<K, number> & { qualifier?: string; high?: number | null }, ctx: z.RefinementCtx) => {
    const problem = rangeProblem(v[low], v.qualifier as never, v.high)
    if (problem) ctx.addIssue({ code: 'custom', path: [problem[0]], message: problem[1], params: { rule: 'range' } })
  }

export const moneyShape = { amount, currency }
export const citationShape = { url: webUrl, basis: z.enum(SourceBasis) }

export const list = <T extends z.ZodType>(item: T, max: number) => z.array(item).max(max, `must have at most ${max} items`)

/** Each item once, by `key`; a repeat is an issue at its own index. */
export const unique = <T extends z.ZodType>(item: T, max: number, key: (v: z.output<T>) => string, what: string) =>
  list(item, max).superRefine((items, ctx) => {
    const seen = new Set<string>()
    items.forEach((value, index) => {
      const k = key(value)
      if (seen.has(k))
        ctx.addIssue({ code: 'custom', path: [index], message: `${what} ${JSON.stringify(k)} is listed twice`, params: { rule: 'duplicate' } })
      seen.add(k)
    })
  })

export const UNCITED = 'must cite at least one source'
/** Where a fact comes from: every agreement version and every clause cites at least one source. */
export const citations = <T extends z.ZodType<{ url: string }>>(citation: T) =>
  unique(citation, LIST_LIMITS.citations, (c) => c.url, 'source').min(1, UNCITED)
