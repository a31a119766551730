// One file's JSON checked against the format: every schema problem with its path, and the entries
// with their faulty fields left out (so reference checks still run on the rest and report their
// own problems in the same run). Keys of entries that could not be kept are noted, so nothing is
// reported a second time as "unknown".
import type { z } from 'zod'
import {
  agreementSchema,
  assetSchema,
  carrySchema,
  clauseSchema,
  cloudProviderSchema,
  companySchema,
  datasetFileSchema,
  dealSchema,
  emptyDataset,
  sourceSchema,
  type ClauseEntry,
  type Dataset,
} from './format.js'
import { joinPath, type Place, type Places, type Problem } from './problems.js'

/** Keys by kind: slugs, source URLs, clause keys. */
export interface Keys {
  sources: Set<string>
  companies: Set<string>
  cloudProviders: Set<string>
  assets: Set<string>
  agreements: Set<string>
  deals: Set<string>
  clauses: Set<string>
}

export const emptyKeys = (): Keys => ({
  sources: new Set(),
  companies: new Set(),
  cloudProviders: new Set(),
  assets: new Set(),
  agreements: new Set(),
  deals: new Set(),
  clauses: new Set(),
})

export interface ParsedFile {
  file: string
  /** The entries that passed the schema. */
  data: Dataset
  problems: Problem[]
  /** Keys of entries that failed the schema. */
  broken: Keys
}

type Issue = z.core.$ZodIssue

/** The issue is about a field that is not there (issues carry their input: see reportInput). */
const absent = (i: Issue) => i.code !== 'unrecognized_keys' && 'input' in i && i.input === undefined
// A missing key or a stray one means the entry was meant as the other branch of a union.
const misfit = (i: Issue) => i.path.length <= 1 && (i.code === 'unrecognized_keys' || absent(i))

/** The union branch the input was meant for: the one with the fewest wrong or missing keys. */
function likelyBranch(branches: Issue[][]): Issue[] {
  const score = (b: Issue[]) => b.filter(misfit).length * 1000 + b.length
  return branches.reduce((best, b) => (score(b) < score(best) ? b : best))
}

function flatten(issue: Issue, base: PropertyKey[]): { path: string; message: string }[] {
  const path = [...base, ...issue.path]
  if (issue.code === 'invalid_union' && issue.errors.length > 0) {
    return likelyBranch(issue.errors).flatMap((i) => flatten(i, path))
  }
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => ({ path: joinPath('', [...path, key]), message: 'unknown field' }))
  }
  return [{ path: joinPath('', path), message: absent(issue) ? 'is required' : issue.message }]
}

export function schemaProblems(file: string, error: z.ZodError): Problem[] {
  return error.issues.flatMap((i) => flatten(i, [])).map((p) => ({ file, ...p }))
}

/** Records the place of every entry of `data`, which sits at `file` as a whole. */
export function placeDataset(data: Dataset, file: string, places: Places): void {
  const lists = ['sources', 'companies', 'cloudProviders', 'assets', 'deals', 'agreements'] as const
  for (const list of lists) data[list].forEach((entry, i) => places.set(entry, { file, path: `${list}[${i}]` }))
  data.agreements.forEach((a, i) => a.clauses.forEach((c, j) => places.set(c, { file, path: `agreements[${i}].clauses[${j}]` })))
}

const keyOf = (item: unknown, field: string): string | undefined => {
  const value = (item as Record<string, unknown> | null)?.[field]
  return typeof value === 'string' ? value : undefined
}

/**
 * An entry with its faulty fields left out (their problems are already reported), so the rest of
 * it can still be checked; null when it cannot stand without them.
 */
function lenient<T>(schema: z.ZodType<T>, item: unknown): T | null {
  const first = schema.safeParse(item)
  if (first.success) return first.data
  if (item === null || typeof item !== 'object' || Array.isArray(item)) return null
  const rest: Record<string, unknown> = { ...item }
  for (const issue of first.error.issues) {
    if (issue.code === 'unrecognized_keys' && issue.path.length === 0) for (const k of issue.keys) delete rest[k]
    else if (issue.path.length > 0) delete rest[String(issue.path[0])]
  }
  const second = schema.safeParse(rest)
  return second.success ? second.data : null
}

/** Keeps what passes on its own; notes the keys of entries that do not. */
function salvage(json: unknown, file: string, places: Places): { data: Dataset; broken: Keys } {
  const data = emptyDataset()
  const broken = emptyKeys()
  const raw = (list: string): unknown[] => {
    const value = (json as Record<string, unknown> | null)?.[list]
    return Array.isArray(value) ? value : []
  }
  const simple = [
    ['sources', sourceSchema, 'url'],
    ['companies', companySchema, 'slug'],
    ['cloudProviders', cloudProviderSchema, 'slug'],
    ['assets', assetSchema, 'slug'],
    ['deals', dealSchema, 'slug'],
  ] as const
  for (const [list, schema, field] of simple) {
    raw(list).forEach((item, i) => {
      const entry = lenient<object>(schema, item)
      const key = keyOf(item, field)
      if (!entry || keyOf(entry, field) !== key) {
        if (key !== undefined) broken[list].add(key)
        return
      }
      ;(data[list] as object[]).push(entry)
      places.set(entry, { file, path: `${list}[${i}]` })
    })
  }
  raw('agreements').forEach((item, i) => {
    const place: Place = { file, path: `agreements[${i}]` }
    const clauses = (item as { clauses?: unknown } | null)?.clauses
    const entries: unknown[] = Array.isArray(clauses) ? clauses : []
    const head = lenient(agreementSchema, { ...(item as object), clauses: [] })
    const slug = keyOf(item, 'slug')
    if (!head || head.slug !== slug) {
      if (slug !== undefined) broken.agreements.add(slug)
      for (const entry of entries) {
        const key = keyOf(entry, 'key')
        if (key !== undefined) broken.clauses.add(key)
      }
      return
    }
    // A faulty link stays, as a broken key: checks that depend on it are skipped, not misled.
    for (const link of ['amends', 'supplements'] as const) {
      const given = keyOf(item, link)
      if (given !== undefined && head[link] !== given) {
        head[link] = given
        broken.agreements.add(given)
      }
    }
    entries.forEach((item, j) => {
      const isCarry = item !== null && typeof item === 'object' && 'carry' in item
      const entry = lenient<ClauseEntry>(isCarry ? carrySchema : clauseSchema, item)
      const key = keyOf(item, 'key')
      if (!entry || entry.key !== key) {
        if (key !== undefined) broken.clauses.add(key)
        return
      }
      head.clauses.push(entry)
      places.set(entry, { file, path: `${place.path}.clauses[${j}]` })
    })
    data.agreements.push(head)
    places.set(head, place)
  })
  return { data, broken }
}

/** Checks one file's parsed JSON against the format. */
export function parseDatasetFile(file: string, json: unknown, places: Places): ParsedFile {
  const result = datasetFileSchema.safeParse(json, { reportInput: true })
  if (result.success) {
    const { $schema: _, ...data } = result.data
    placeDataset(data, file, places)
    return { file, data, problems: [], broken: emptyKeys() }
  }
  return { file, problems: schemaProblems(file, result.error), ...salvage(json, file, places) }
}
