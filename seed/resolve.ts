// Checks a merged dataset's references (against its own entries and what the database holds) and
// turns it into a plan: carries resolved into full clauses, companies and agreements ordered so
// that whatever a row points at is written first. Pure: every problem is known before any write.
// Rules across fields are the API's own (src/domain/), so both writers store the same states.
import { withdrawnNotCarried } from '../src/domain/clause-status.js'
import { cappedWith, checkClause, checkSupersededKind } from '../src/domain/clause-values.js'
import { LIST_LIMITS } from '../src/domain/field-rules.js'
import { parsePartialDate, type PartialDate } from '../src/domain/partial-date.js'
import {
  checkAmendmentStart,
  checkTerminationDate,
  checkVersionDates,
  isAmendable,
  notAmendable,
  TERMINATED_ONLY,
  terminationAllowed,
} from '../src/domain/version-rules.js'
import { replacementProblem } from '../src/domain/terms.js'
import { Issues } from '../src/domain/write-errors.js'
import { isCarry, type AgreementSpec, type ClauseEntry, type CompanySpec, type Dataset } from './format.js'
import { emptyKeys, type Keys } from './parse.js'
import { emptyStored, type Lineage, type Plan, type ResolvedClause, type Stored } from './plan.js'
import { at, Places, Problems, type Place, type Problem } from './problems.js'

export interface ResolveInput {
  dataset: Dataset
  places?: Places
  /** Keys of entries that failed the schema: already reported, so not "unknown" again. */
  broken?: Keys
  stored?: Stored
  /** Stored clauses of imported agreements that the files no longer list, by agreement slug. */
  stale?: Map<string, string[]>
}

export type ResolveResult = { plan: Plan; problems: [] } | { plan: null; problems: Problem[] }

/** Orders items so that each comes after the one it depends on; reports dependency cycles. */
function dependencyOrder<T>(items: T[], id: (t: T) => string, deps: (t: T) => (string | null)[]) {
  const byId = new Map(items.map((t) => [id(t), t]))
  const order: T[] = []
  const done = new Set<string>()
  const cycles = new Map<string, T>()
  const visit = (t: T, path: string[]): void => {
    const key = id(t)
    if (done.has(key)) return
    if (path.includes(key)) {
      cycles.set([...path.slice(path.indexOf(key)), key].join(' -> '), t)
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
  return { order, cycles }
}

const date = (text: string | null): PartialDate | null => (text === null ? null : parsePartialDate(text))

export function resolveDataset(input: ResolveInput): ResolveResult {
  const { dataset } = input
  const places = input.places ?? new Places()
  const broken = input.broken ?? emptyKeys()
  const stored = input.stored ?? emptyStored()
  const problems = new Problems()
  const problem = (place: Place, message: string) => problems.add(place, message)

  const defined = <T>(items: T[], key: (t: T) => string) => new Set(items.map(key))
  const sets = {
    company: [defined(dataset.companies, (c) => c.slug), stored.companies, broken.companies],
    'cloud provider': [defined(dataset.cloudProviders, (c) => c.slug), stored.cloudProviders, broken.cloudProviders],
    asset: [defined(dataset.assets, (a) => a.slug), stored.assets, broken.assets],
    source: [defined(dataset.sources, (s) => s.url), stored.sources, broken.sources],
  } as const
  const exists = (what: keyof typeof sets, ref: string) => sets[what].some((s) => s.has(ref))
  /** Reports a reference to nothing, in the files or in the database; true when it resolves. */
  const known = (place: Place, what: keyof typeof sets, ref: string | null): boolean => {
    if (ref === null || exists(what, ref)) return true
    problem(place, `unknown ${what} "${ref}" (neither in the imported files nor in the database)`)
    return false
  }
  const citations = (place: Place, list: { url: string }[]) => list.forEach((c, i) => known(at(place, i, 'url'), 'source', c.url))
  /** Runs a rule of src/domain/ on the entry at `place`; its issues are problems there. */
  const rule = (place: Place, check: (path: string, issues: Issues) => void) => {
    const issues = new Issues()
    check(place.path, issues)
    for (const i of issues.list) problem({ file: place.file, path: i.path }, i.message)
  }
  const versionDates = (a: AgreementSpec) => ({ announcedOn: date(a.announcedOn), effectiveOn: date(a.effectiveOn), endsOn: date(a.endsOn) })

  for (const c of dataset.companies) {
    const place = at(places.of(c), 'parent')
    if (c.parent === c.slug) problem(place, 'a company cannot be its own parent')
    else known(place, 'company', c.parent)
  }
  for (const c of dataset.cloudProviders) known(at(places.of(c), 'operator'), 'company', c.operator)
  for (const a of dataset.assets) known(at(places.of(a), 'developer'), 'company', a.developer)

  // Where every clause entry lives, so carries and supersedes can be checked against versions.
  const agreements = new Map(dataset.agreements.map((a) => [a.slug, a]))
  const entries = new Map<string, { entry: ClauseEntry; agreement: AgreementSpec; position: number }>()
  for (const a of dataset.agreements) a.clauses.forEach((entry, i) => entries.set(entry.key, { entry, agreement: a, position: i + 1 }))
  const agreementExists = (slug: string) => agreements.has(slug) || stored.agreements.has(slug) || broken.agreements.has(slug)
  const inFiles = (slug: string) => agreements.has(slug) || broken.agreements.has(slug)
  // A version's deal, for `replaces`: walked up through the files, then the database.
  const lineages = new Map<string, Lineage | null>()
  const lineage = (slug: string, seen: ReadonlySet<string> = new Set()): Lineage | null => {
    if (lineages.has(slug)) return lineages.get(slug)!
    const a = agreements.get(slug)
    if (!a) return stored.lineage.get(slug) ?? null
    if (seen.has(slug)) return null // a cycle, reported below
    const parent = a.amends ?? a.supplements
    const up = parent === null ? null : lineage(parent, new Set([...seen, slug]))
    const found =
      parent === null ? { root: slug, viaSupplement: false } : up && { root: up.root, viaSupplement: up.viaSupplement || a.amends === null }
    lineages.set(slug, found)
    return found
  }
  /** The agreement of a clause a `replaces` names: in the files, else in the database. */
  const agreementOfClause = (key: string) => entries.get(key)?.agreement.slug ?? stored.replaceable.get(key)?.agreement
  // A version -> the version amending it: a stored one (unless the files define it, and so decide
  // what it amends), else the first of the files.
  const amendedBy = new Map<string, string>()
  for (const [amended, slugs] of stored.successors) {
    const successor = slugs.find((s) => !inFiles(s))
    if (successor !== undefined) amendedBy.set(amended, successor)
  }

  for (const a of dataset.agreements) {
    const place = places.of(a)
    for (const link of ['amends', 'supplements'] as const) {
      const ref = a[link]
      if (ref === a.slug) problem(at(place, link), `an agreement cannot ${link === 'amends' ? 'amend' : 'supplement'} itself`)
      else if (ref !== null && !agreementExists(ref)) {
        problem(at(place, link), `unknown agreement "${ref}" (neither in the imported files nor in the database)`)
      }
    }
    // One successor per version, as in the API: an amendment replaces the latest version.
    if (a.amends !== null && amendedBy.has(a.amends))
      problem(at(place, 'amends'), `"${a.amends}" is already amended by "${amendedBy.get(a.amends)}": amend the latest version`)
    else if (a.amends !== null) amendedBy.set(a.amends, a.slug)
    const parties = new Set<string>()
    a.parties.forEach((p, i) => {
      known(at(place, 'parties', i, 'company'), 'company', p.company)
      parties.add(p.company)
    })
    citations(at(place, 'sources'), a.sources)
    const dates = versionDates(a)
    rule(place, (path, issues) => checkVersionDates(dates, path, issues))
    if (!terminationAllowed(a.status, a.terminatedOn)) problem(at(place, 'terminatedOn'), TERMINATED_ONLY)
    rule(place, (path, issues) => checkTerminationDate(date(a.terminatedOn), dates, path, issues))
    const amendedHere = a.amends === null ? undefined : agreements.get(a.amends)
    const amendedStored = a.amends === null ? undefined : stored.agreements.get(a.amends)
    const amendedStart = amendedHere
      ? versionDates(amendedHere)
      : amendedStored && { announcedOn: date(amendedStored.announcedOn), effectiveOn: date(amendedStored.effectiveOn) }
    if (amendedStart) rule(place, (path, issues) => checkAmendmentStart(amendedStart, dates, path, issues))
    // A stored version the files do not restate: amended only if the API could amend it.
    if (!amendedHere && amendedStored && amendedBy.get(a.amends!) === a.slug && !isAmendable(amendedStored.status))
      problem(at(place, 'amends'), notAmendable(a.amends!, amendedStored.status))
    for (const key of input.stale?.get(a.slug) ?? []) {
      problem(
        at(place, 'clauses'),
        `the database holds clause "${key}", which is no longer listed; the import never deletes, so remove it from the database or list it again`,
      )
    }

    // The version whose clauses this one may supersede or carry: in the files, or in the database.
    const amended = a.amends === null ? null : a.amends
    const ownerOf = (key: string): string | undefined =>
      entries.get(key)?.agreement.slug ?? (amended !== null && stored.agreements.get(amended)?.clauses.has(key) ? amended : undefined)
    const carried = new Map<string, string>() // amended clause key -> the entry carrying it
    const replaced = new Map<string, string>() // amended clause key -> an entry superseding it
    for (const entry of a.clauses) {
      const cp = places.of(entry)
      if (!entry.key.startsWith(`${a.slug}#`)) problem(at(cp, 'key'), `must start with "${a.slug}#", the slug of its agreement`)
      const field = isCarry(entry) ? 'carry' : 'supersedes'
      const target = isCarry(entry) ? entry.carry : entry.supersedes
      if (target !== null && !broken.clauses.has(target) && !(amended !== null && broken.agreements.has(amended))) {
        const verb = isCarry(entry) ? 'carries' : 'supersedes'
        if (amended === null) problem(at(cp, field), `${verb} "${target}", but the agreement amends nothing`)
        else if (!agreementExists(amended)) {
          // The unknown amended version is reported on `amends`.
        } else if (ownerOf(target) !== amended) {
          problem(at(cp, field), `"${target}" is not a clause of the amended version "${amended}"`)
        } else if (carried.has(target)) {
          problem(at(cp, field), `"${target}" is already carried by "${carried.get(target)}"`)
        } else if (isCarry(entry) && replaced.has(target)) {
          problem(at(cp, field), `"${target}" is already superseded by "${replaced.get(target)}"`)
        } else (isCarry(entry) ? carried : replaced).set(target, entry.key)
      }
      if (isCarry(entry)) {
        citations(at(cp, 'extraSources'), entry.extraSources)
        continue
      }
      entry.replaces.forEach((key, i) => {
        const place = at(cp, 'replaces', i)
        if (broken.clauses.has(key)) return
        const owner = agreementOfClause(key)
        if (owner === undefined) return problem(place, `unknown clause "${key}" (neither in the imported files nor in the database)`)
        const why = replacementProblem(key, owner, { slug: a.slug, amends: a.amends, lineage: lineage(a.slug) }, lineage(owner))
        if (why) problem(place, why)
      })
      entry.alternatives.forEach((alt, i) => citations(at(cp, 'alternatives', i, 'sources'), alt.sources))
      // Slugs stand for ids here; an unknown company is reported once, as unknown.
      const company = (role: 'grantor' | 'grantee') => (known(at(cp, role), 'company', entry[role]) ? entry[role] : null)
      const terms = {
        startsOn: date(entry.startsOn),
        endsOn: date(entry.endsOn),
        capAmount: entry.cap?.amount ?? null,
        capped: cappedWith(entry.capped, entry.cap),
        grantorId: company('grantor'),
        granteeId: company('grantee'),
        cloudScope: entry.cloudScope,
        cloudProviderIds: entry.cloudProviders,
      }
      rule(cp, (path, issues) => checkClause(terms, path, parties, issues, new Map()))
      entry.subjects.forEach((s, i) => known(at(cp, 'subjects', i), 'asset', s))
      entry.cloudProviders.forEach((s, i) => known(at(cp, 'cloudProviders', i), 'cloud provider', s))
      citations(at(cp, 'sources'), entry.sources)
    }
  }

  const companyOrder = dependencyOrder(
    dataset.companies,
    (c: CompanySpec) => c.slug,
    (c) => [c.parent],
  )
  for (const [cycle, c] of companyOrder.cycles) problem(at(places.of(c), 'parent'), `parent cycle ${cycle}`)
  /**
   * Deals: a first version's is the one it names (in the files' deals or the database), else one
   * of its own (its slug and title); amendments and supplements inherit theirs, and naming another
   * on them is a problem. Versions come in dependency order, so parents are decided first.
   */
  function resolveDeals(ordered: AgreementSpec[]) {
    const defined = new Set(dataset.deals.map((d) => d.slug))
    const agreementDeals = new Map<string, string>()
    const implicitDeals = new Map<string, { slug: string; title: string }>()
    for (const a of ordered) {
      const place = at(places.of(a), 'deal')
      const parent = a.amends ?? a.supplements
      if (parent !== null) {
        const inherited = agreementDeals.get(parent) ?? stored.agreements.get(parent)?.deal
        if (inherited !== undefined && a.deal !== null && a.deal !== inherited) {
          problem(
            place,
            `"${a.slug}" is in the deal of the version it ${a.amends !== null ? 'amends' : 'supplements'} ("${inherited}"), not "${a.deal}": leave \`deal\` out`,
          )
        }
        const deal = inherited ?? a.deal
        if (deal !== null) agreementDeals.set(a.slug, deal)
      } else if (a.deal !== null) {
        if (!defined.has(a.deal) && !stored.deals.has(a.deal) && !broken.deals.has(a.deal)) {
          problem(place, `unknown deal "${a.deal}" (neither in the imported files' deals nor in the database)`)
        }
        agreementDeals.set(a.slug, a.deal)
      } else {
        agreementDeals.set(a.slug, a.slug)
        if (!defined.has(a.slug)) implicitDeals.set(a.slug, { slug: a.slug, title: a.title })
      }
    }
    return { agreementDeals, implicitDeals }
  }
  const agreementOrder = dependencyOrder(
    dataset.agreements,
    (a) => a.slug,
    (a) => [a.amends, a.supplements],
  )
  for (const [cycle, a] of agreementOrder.cycles) problem(places.of(a), `amends/supplements cycle ${cycle}`)
  const { agreementDeals, implicitDeals } = resolveDeals(agreementOrder.order)
  if (problems.size > 0) return { plan: null, problems: problems.list }

  // Carries point only into the amended version and versions form no cycle, so this recursion
  // ends. null: the clause failed the schema (already reported), so nothing can be said about it.
  const resolved = new Map<string, ResolvedClause | null>()
  const resolve = (key: string, amended: string | null): ResolvedClause | null => {
    if (resolved.has(key)) return resolved.get(key)!
    const here = entries.get(key)
    if (!here) {
      const found = amended === null ? undefined : stored.agreements.get(amended)?.clauses.get(key)
      if (!found) return null
      const { id: _rowId, ...storedClause } = found
      return storedClause
    }
    const { entry, agreement, position } = here
    let clause: ResolvedClause | null = null
    if (isCarry(entry)) {
      const carried = resolve(entry.carry, agreement.amends)
      if (carried?.status === 'WITHDRAWN') problem(at(places.of(entry), 'carry'), withdrawnNotCarried(carried.key))
      if (carried) {
        const merged = new Map(carried.citations.map((c) => [c.url, c]))
        for (const c of entry.extraSources) merged.set(c.url, c)
        if (merged.size > LIST_LIMITS.citations) {
          problem(
            at(places.of(entry), 'extraSources'),
            `the carried clause and these extra sources cite ${merged.size} sources: at most ${LIST_LIMITS.citations} are allowed`,
          )
        }
        // A carry is a clause of its own: active, whatever was noted about the one it restates.
        // Its tranches, alternatives and cited fields come along; what it replaced stays replaced by the original.
        clause = {
          ...carried,
          key,
          agreement: agreement.slug,
          position,
          supersedes: carried.key,
          replaces: [],
          citations: [...merged.values()],
          status: 'ACTIVE',
          statusNote: null,
        }
      }
    } else {
      const { sources: cited, ...spec } = entry
      clause = { ...spec, capped: cappedWith(spec.capped, spec.cap), agreement: agreement.slug, position, citations: cited }
    }
    resolved.set(key, clause)
    return clause
  }

  const clauses: ResolvedClause[] = []
  for (const a of agreementOrder.order) {
    const parties = new Set(a.parties.map((p) => p.company))
    for (const entry of a.clauses) {
      const clause = resolve(entry.key, a.amends)
      if (!clause) continue
      const cp = places.of(entry)
      if (isCarry(entry)) {
        for (const role of ['grantor', 'grantee'] as const) {
          const ref = clause[role]
          if (ref !== null && !parties.has(ref)) problem(at(cp, 'carry'), `the carried ${role} "${ref}" is not a party of agreement "${a.slug}"`)
        }
      } else if (clause.supersedes !== null) {
        const before = resolve(clause.supersedes, a.amends)
        if (before) rule(cp, (path, issues) => checkSupersededKind(clause.kind, before, path, issues))
      }
      clauses.push(clause)
    }
  }
  if (problems.size > 0) return { plan: null, problems: problems.list }
  return {
    plan: { ...dataset, companies: companyOrder.order, agreements: agreementOrder.order, clauses, stored, agreementDeals, implicitDeals },
    problems: [],
  }
}
