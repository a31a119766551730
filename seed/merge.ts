// Files merged into one dataset. Every key (slug, source URL, clause key) is defined once across
// all files: a second definition is a problem reported with both places, and is left out.
import { emptyDataset, type Dataset } from './format.js'
import { emptyKeys, type Keys, type ParsedFile } from './parse.js'
import { at, formatPlace, type Place, type Places, type Problem } from './problems.js'

export interface Merged {
  dataset: Dataset
  problems: Problem[]
  broken: Keys
}

const LISTS = [
  ['sources', 'url', 'source'],
  ['companies', 'slug', 'company'],
  ['cloudProviders', 'slug', 'cloud provider'],
  ['assets', 'slug', 'asset'],
  ['deals', 'slug', 'deal'],
  ['agreements', 'slug', 'agreement'],
] as const

export function mergeFiles(files: ParsedFile[], places: Places): Merged {
  const dataset = emptyDataset()
  const problems: Problem[] = files.flatMap((f) => f.problems)
  const broken = emptyKeys()
  for (const f of files) for (const kind of Object.keys(broken) as (keyof Keys)[]) for (const k of f.broken[kind]) broken[kind].add(k)

  const seen = new Map<string, Place>()
  /** True the first time a key is met; after that, reports the duplicate. */
  const first = (what: string, key: string, place: Place, field: string): boolean => {
    const id = `${what}\u0000${key}`
    const earlier = seen.get(id)
    if (earlier) {
      problems.push({ ...at(place, field), message: `${what} "${key}" is defined twice: here and at ${formatPlace(earlier)}` })
      return false
    }
    seen.set(id, place)
    return true
  }

  for (const [list, field, what] of LISTS) {
    for (const f of files) {
      for (const entry of f.data[list]) {
        const key = (entry as unknown as Record<string, string>)[field]!
        if (first(what, key, places.of(entry), field)) (dataset[list] as object[]).push(entry)
      }
    }
  }
  for (const a of dataset.agreements) {
    a.clauses = a.clauses.filter((c) => first('clause', c.key, places.of(c), 'key'))
  }
  return { dataset, problems, broken }
}
