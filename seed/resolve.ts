// Checks a dataset's references and turns it into rows to write: carries resolved into full
// clauses, companies and agreements ordered so that whatever a row points at is written first.
// Pure: nothing here touches the database, so every problem is known before the first write.
import { InvalidDateError, parsePartialDate, type PartialDate } from '../src/domain/partial-date.js'
import {
  isCarry,
  type AgreementSpec,
  type Citation,
  type ClauseEntry,
  type ClauseSpec,
  type CompanySpec,
  type Dataset,
} from './format.js'

export class DatasetError extends Error {
  constructor(readonly problems: string[]) {
    const list = problems.map((p) => `  - ${p}`).join('\n')
    super(`The dataset has ${problems.length} problem(s); nothing was written:\n${list}`)
    this.name = 'DatasetError'
  }
}

/** A clause as it will be stored: carries are expanded, citations merged. */
export interface ResolvedClause extends Omit<ClauseSpec, 'sources'> {
  agreement: string
  /** 1-based index in the agreement's `clauses`. */
  position: number
  citations: Citation[]
}

export interface ResolvedDataset extends Dataset {
  /** Clauses in write order: agreements in `agreements` order, then by position. */
  clauses: ResolvedClause[]
}

/** Orders items so that each comes after the one it depends on; reports dependency cycles. */
function dependencyOrder<T>(items: T[], id: (t: T) => string, deps: (t: T) => (string | null)[]) {
  const byId = new Map(items.map((t) => [id(t), t]))
  const order: T[] = []
  const done = new Set<string>()
  const cycles: string[] = []
  const visit = (t: T, path: string[]): void => {
    const key = id(t)
    if (done.has(key)) return
    if (path.includes(key)) {
      cycles.push([...path.slice(path.indexOf(key)), key].join(' -> '))
      return
    }
    for (const dep of deps(t)) {
      const next = dep === null ? undefined : byId.get(dep)
      if (next) visit(next, [...path, key])
    }
    if (!done.has(key)) {
      done.add(key)
      order.push(t)
    }
  }
  for (const t of items) visit(t, [])
  return { order, cycles: [...new Set(cycles)] }
}

export function resolveDataset(dataset: Dataset): ResolvedDataset {
  const problems: string[] = []
  const problem = (place: string, message: string) => problems.push(`${place}: ${message}`)

  const index = <T>(kind: string, items: T[], key: (t: T) => string): Set<string> => {
    const seen = new Set<string>()
    for (const item of items) {
      const k = key(item)
      if (seen.has(k)) problem(`${kind} "${k}"`, 'defined more than once')
      seen.add(k)
    }
    return seen
  }
  const companies = index('company', dataset.companies, (c) => c.slug)
  const clouds = index('cloud provider', dataset.cloudProviders, (c) => c.slug)
  const assets = index('asset', dataset.assets, (a) => a.slug)
  const sources = index('source', dataset.sources, (s) => s.url)
  const agreements = new Map(dataset.agreements.map((a) => [a.slug, a]))
  index('agreement', dataset.agreements, (a) => a.slug)

  const date = (place: string, field: string, text: string | null): PartialDate | null => {
    if (text === null) return null
    try {
      return parsePartialDate(text)
    } catch (error) {
      if (!(error instanceof InvalidDateError)) throw error
      problem(place, `${field}: ${error.message}`)
      return null
    }
  }
  const known = (place: string, what: string, set: Set<string>, ref: string | null) => {
    if (ref !== null && !set.has(ref)) problem(place, `unknown ${what} "${ref}"`)
  }
  const citations = (place: string, list: Citation[]) => {
    const urls = new Set<string>()
    for (const c of list) {
      known(place, 'source', sources, c.url)
      if (urls.has(c.url)) problem(place, `cites "${c.url}" more than once`)
      urls.add(c.url)
    }
  }
  const ordered = (place: string, from: PartialDate | null, to: PartialDate | null, what: string) => {
    if (from && to && to.latest < from.earliest) problem(place, `${what} ends before it starts`)
  }

  for (const c of dataset.companies) {
    if (c.parent === c.slug) problem(`company "${c.slug}"`, 'is its own parent')
    else known(`company "${c.slug}"`, 'parent company', companies, c.parent)
  }
  for (const c of dataset.cloudProviders) known(`cloud provider "${c.slug}"`, 'operator company', companies, c.operator)
  for (const a of dataset.assets) {
    known(`asset "${a.slug}"`, 'developer company', companies, a.developer)
    date(`asset "${a.slug}"`, 'releasedOn', a.releasedOn)
  }
  for (const s of dataset.sources) {
    const d = date(`source "${s.url}"`, 'publishedOn', s.publishedOn)
    if (d && d.precision !== 'DAY') problem(`source "${s.url}"`, 'publishedOn must be a full day')
  }

  // Where every clause entry lives, so carries and supersedes can be checked against versions.
  const entries = new Map<string, { entry: ClauseEntry; agreement: AgreementSpec; position: number }>()
  for (const a of dataset.agreements) {
    a.clauses.forEach((entry, i) => {
      if (entries.has(entry.key)) problem(`clause "${entry.key}"`, 'defined more than once')
      entries.set(entry.key, { entry, agreement: a, position: i + 1 })
    })
  }

  for (const a of dataset.agreements) {
    const place = `agreement "${a.slug}"`
    for (const link of ['amends', 'supplements'] as const) {
      const ref = a[link]
      if (ref === a.slug) problem(place, `${link} itself`)
      else if (ref !== null && !agreements.has(ref)) problem(place, `${link} unknown agreement "${ref}"`)
    }
    const parties = new Set<string>()
    for (const p of a.parties) {
      known(place, 'party company', companies, p.company)
      if (parties.has(p.company)) problem(place, `party "${p.company}" listed more than once`)
      parties.add(p.company)
    }
    citations(place, a.sources)
    const announced = date(place, 'announcedOn', a.announcedOn)
    const effective = date(place, 'effectiveOn', a.effectiveOn)
    const ends = date(place, 'endsOn', a.endsOn)
    date(place, 'terminatedOn', a.terminatedOn)
    ordered(place, effective ?? announced, ends, 'the agreement')

    const amended = a.amends === null ? undefined : agreements.get(a.amends)
    const carried = new Map<string, string>() // amended clause key -> the entry carrying it
    const replaced = new Map<string, string>() // amended clause key -> an entry superseding it
    a.clauses.forEach((entry, i) => {
      const at = `${place}, clause ${i + 1} "${entry.key}"`
      if (!entry.key.startsWith(`${a.slug}#`)) problem(at, `key must start with "${a.slug}#"`)
      const target = isCarry(entry) ? entry.carry : entry.supersedes
      if (target !== null) {
        const verb = isCarry(entry) ? 'carries' : 'supersedes'
        const owner = entries.get(target)?.agreement.slug
        if (!amended) problem(at, `${verb} "${target}" but the agreement amends nothing`)
        else if (owner !== amended.slug) {
          problem(at, `${verb} "${target}", which is not a clause of the amended version "${amended.slug}"`)
        } else if (carried.has(target)) {
          problem(at, `${verb} "${target}", which "${carried.get(target)}" already carries`)
        } else if (isCarry(entry) && replaced.has(target)) {
          problem(at, `carries "${target}", which "${replaced.get(target)}" supersedes`)
        } else (isCarry(entry) ? carried : replaced).set(target, entry.key)
      }
      if (isCarry(entry)) {
        citations(at, entry.extraSources)
        return
      }
      for (const role of ['grantor', 'grantee'] as const) {
        const ref = entry[role]
        if (ref === null) continue
        if (!companies.has(ref)) problem(at, `unknown ${role} company "${ref}"`)
        else if (!parties.has(ref)) problem(at, `${role} "${ref}" is not a party of the agreement`)
      }
      for (const s of entry.subjects) known(at, 'subject asset', assets, s)
      for (const c of entry.cloudProviders) known(at, 'cloud provider', clouds, c)
      if (entry.cap !== null && entry.capped !== true) problem(at, 'has a cap amount but capped is not true')
      if (entry.sources.length === 0) problem(at, 'cites no source')
      citations(at, entry.sources)
      ordered(at, date(at, 'startsOn', entry.startsOn), date(at, 'endsOn', entry.endsOn), 'the clause')
    })
  }

  const companyOrder = dependencyOrder(dataset.companies, (c: CompanySpec) => c.slug, (c) => [c.parent])
  for (const cycle of companyOrder.cycles) problem('companies', `parent cycle ${cycle}`)
  const agreementOrder = dependencyOrder(dataset.agreements, (a) => a.slug, (a) => [a.amends, a.supplements])
  for (const cycle of agreementOrder.cycles) problem('agreements', `amends/supplements cycle ${cycle}`)
  if (problems.length > 0) throw new DatasetError(problems)

  // Carries point only into the amended version and versions form no cycle, so this recursion ends.
  const resolved = new Map<string, ResolvedClause>()
  const resolve = (key: string): ResolvedClause => {
    const done = resolved.get(key)
    if (done) return done
    const { entry, agreement, position } = entries.get(key)!
    let clause: ResolvedClause
    if (isCarry(entry)) {
      const carried = resolve(entry.carry)
      const merged = new Map(carried.citations.map((c) => [c.url, c]))
      for (const c of entry.extraSources) merged.set(c.url, c)
      clause = {
        ...carried,
        key,
        agreement: agreement.slug,
        position,
        supersedes: carried.key,
        citations: [...merged.values()],
      }
    } else {
      const { sources: cited, ...spec } = entry
      clause = { ...spec, agreement: agreement.slug, position, citations: cited }
    }
    resolved.set(key, clause)
    return clause
  }

  const clauses: ResolvedClause[] = []
  for (const a of agreementOrder.order) {
    const parties = new Set(a.parties.map((p) => p.company))
    for (const entry of a.clauses) {
      const clause = resolve(entry.key)
      const at = `agreement "${a.slug}", clause ${clause.position} "${clause.key}"`
      if (isCarry(entry)) {
        for (const role of ['grantor', 'grantee'] as const) {
          const ref = clause[role]
          if (ref !== null && !parties.has(ref)) {
            problem(at, `carried ${role} "${ref}" is not a party of the agreement`)
          }
        }
      } else if (clause.supersedes !== null) {
        const before = resolve(clause.supersedes)
        if (before.kind !== clause.kind) {
          problem(at, `supersedes "${before.key}" of kind ${before.kind}, but is ${clause.kind}`)
        }
      }
      clauses.push(clause)
    }
  }
  if (problems.length > 0) throw new DatasetError(problems)

  return { ...dataset, companies: companyOrder.order, agreements: agreementOrder.order, clauses }
}
