// A problem found in the input, with its place: the file and the JSON path inside it, printed as
// `seed/data/x.json: agreements[2].clauses[1].endsOn: "2032-13" is not a partial date: …`.

/** Where something is: a file and a path in it (`agreements[2].clauses[1]`; '' = the whole file). */
export interface Place {
  file: string
  path: string
}

export interface Problem extends Place {
  message: string
}

/** A place further inside: `at(place, 'clauses', 1, 'endsOn')` → `….clauses[1].endsOn`. */
export function at(place: Place, ...segments: (string | number)[]): Place {
  return { file: place.file, path: joinPath(place.path, segments) }
}

export function joinPath(path: string, segments: readonly PropertyKey[]): string {
  let out = path
  for (const s of segments) {
    if (typeof s === 'number') out += `[${s}]`
    else out += out === '' ? String(s) : `.${String(s)}`
  }
  return out
}

export const formatPlace = (p: Place): string => (p.path === '' ? p.file : `${p.file}: ${p.path}`)
export const formatProblem = (p: Problem): string => `${formatPlace(p)}: ${p.message}`

/** Collects problems; `add(place, message)`. */
export class Problems {
  readonly list: Problem[] = []
  add(place: Place, message: string): void {
    this.list.push({ ...place, message })
  }
  get size(): number {
    return this.list.length
  }
}

export class DatasetError extends Error {
  readonly problems: string[]
  constructor(readonly found: Problem[]) {
    const problems = found.map(formatProblem)
    super(`The input has ${problems.length} problem(s); nothing was written:\n${problems.map((p) => `  ${p}`).join('\n')}`)
    this.name = 'DatasetError'
    this.problems = problems
  }
}

/** The place of each entry of a parsed dataset (entries are objects, so they key a WeakMap). */
export class Places {
  private readonly map = new WeakMap<object, Place>()
  set(entry: object, place: Place): void {
    this.map.set(entry, place)
  }
  of(entry: object): Place {
    return this.map.get(entry) ?? { file: 'dataset', path: '' }
  }
}
