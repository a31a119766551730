// "In force on D" for agreement versions and their clauses (DESIGN.md, "Domain" and "Dates are
// partial"). Partial dates are read generously: a start counts from its earliest day, an end
// until its latest day inclusive, so a term ending "2032" is still in force on 2032-12-31.
import { addDays, type PartialDate } from './partial-date.js'

export interface VersionTimes {
  effective: PartialDate | null
  announced: PartialDate | null
  ends: PartialDate | null
  terminated: PartialDate | null
}

export interface DayInterval {
  /** First day in force; null = never in force (no start known). */
  from: string | null
  /** Last day in force, inclusive; null = open-ended. Before `from` = never in force. */
  until: string | null
}

/**
 * First day a version is in force: its effective date, or, when that is unknown, its announced
 * date (a deal is usually in force once announced; better than leaving it out of every query).
 */
export function versionStart(v: VersionTimes): string | null {
  return (v.effective ?? v.announced)?.earliest ?? null
}

/**
 * The days a version is in force. `amendments` are the versions that directly amend `v` (not its
 * supplements, which leave it in force). An amendment takes over on its own first day, so the old
 * version ends the day before: no gap and no overlap. An amendment with no start replaces nothing.
 */
export function versionInterval(v: VersionTimes, amendments: VersionTimes[]): DayInterval {
  const { from, until } = versionPeriod(v, amendments)
  return { from, until }
}

export function inInterval(interval: DayInterval, on: string): boolean {
  const { from, until } = interval
  return from !== null && from <= on && (until === null || on <= until)
}

export function versionInForce(v: VersionTimes, amendments: VersionTimes[], on: string): boolean {
  return inInterval(versionInterval(v, amendments), on)
}

export interface ClauseTimes {
  starts: PartialDate | null
  ends: PartialDate | null
}

/**
 * A clause is in force on D when its version is, and D falls inside the clause's own start and end
 * (missing start = the version's start, missing end = open); `successorStarts` as in clausePeriod.
 */
export function clauseInForce(
  clause: ClauseTimes & { withdrawn?: boolean },
  version: VersionTimes,
  amendments: VersionTimes[],
  on: string,
  successorStarts: (string | null)[] = [],
): boolean {
  const period = clausePeriod({ ...clause, withdrawn: clause.withdrawn ?? false }, versionPeriod(version, amendments), successorStarts)
  return inInterval(period, on)
}

// ---- Stored periods (DESIGN.md, "In force, derived once") ----------------------------------------
// The database stores each version's and clause's period (from, until and how it ends), kept right
// by triggers (migration in_force_periods). These functions are the rule those triggers implement;
// tests hold every stored period equal to them.

/** How a period ends (or is due to end): the values of the InForceEnd enum. */
export type InForceEnd = 'EXPIRED' | 'REPLACED' | 'REMOVED' | 'TERMINATED' | 'WITHDRAWN'

export interface InForcePeriod extends DayInterval {
  /** Why the period ends on `until`; null when it is open (`until` null) or never began (WITHDRAWN aside). */
  end: InForceEnd | null
}

interface Ending {
  day: string
  end: InForceEnd
}

/**
 * Tie-break when two endings fall on the same day: the more specific wins. A successor taking over
 * (REPLACED) says more than the version dropping the term (REMOVED), an act (TERMINATED) more than a
 * scheduled lapse (EXPIRED). So a version that expires the day before its amendment starts was
 * REPLACED, and a clause superseded on the day its version is amended was REPLACED, not REMOVED.
 */
const ENDING_ORDER: readonly InForceEnd[] = ['REPLACED', 'REMOVED', 'TERMINATED', 'EXPIRED']

function earliestEnding(endings: Ending[]): Ending | null {
  let best: Ending | null = null
  for (const e of endings) {
    if (best === null || e.day < best.day || (e.day === best.day && ENDING_ORDER.indexOf(e.end) < ENDING_ORDER.indexOf(best.end))) best = e
  }
  return best
}

/**
 * A version's period: from its start (effective, else announced; earliest day) to the least of its
 * end (EXPIRED), its termination (TERMINATED) and the day before the earliest start of a version
 * amending it (REPLACED); all ends on their latest day. Open (until and end null) when none applies.
 */
export function versionPeriod(v: VersionTimes, amendments: VersionTimes[]): InForcePeriod {
  const endings: Ending[] = []
  if (v.ends) endings.push({ day: v.ends.latest, end: 'EXPIRED' })
  if (v.terminated) endings.push({ day: v.terminated.latest, end: 'TERMINATED' })
  for (const amendment of amendments) {
    const start = versionStart(amendment)
    if (start !== null) endings.push({ day: addDays(start, -1), end: 'REPLACED' })
  }
  const last = earliestEnding(endings)
  return { from: versionStart(v), until: last?.day ?? null, end: last?.end ?? null }
}

export interface ClauseFacts extends ClauseTimes {
  /** A withdrawn clause was never a term (the fact was retracted): never in force. */
  withdrawn: boolean
}

/**
 * First day a clause is in force: its own start (earliest day) or else its version's, never before
 * its version starts; null (never) when withdrawn or when its version has no start.
 */
export function clauseStart(clause: ClauseFacts, versionFrom: string | null): string | null {
  if (clause.withdrawn || versionFrom === null) return null
  const own = clause.starts?.earliest
  return own !== undefined && own > versionFrom ? own : versionFrom
}

/**
 * A clause's period, given its version's period and the first days (`clauseStart`) of the clauses
 * that take it over: the clause of an amendment superseding it (a carried clause supersedes too) and
 * the clauses that replace it across the deal (ClauseReplacement: a later version's clause replacing
 * a supplement's). It ends on the least of: its version's until (EXPIRED, TERMINATED as the version
 * ended; REMOVED when an amendment replaced the version without superseding this clause), its own
 * end (latest day: EXPIRED) and the day before a successor starts (REPLACED).
 */
export function clausePeriod(clause: ClauseFacts, version: InForcePeriod, successorStarts: (string | null)[]): InForcePeriod {
  if (clause.withdrawn) return { from: null, until: null, end: 'WITHDRAWN' }
  const endings: Ending[] = []
  if (version.until !== null && version.end !== null) {
    endings.push({ day: version.until, end: version.end === 'REPLACED' ? 'REMOVED' : version.end })
  }
  if (clause.ends) endings.push({ day: clause.ends.latest, end: 'EXPIRED' })
  for (const start of successorStarts) if (start !== null) endings.push({ day: addDays(start, -1), end: 'REPLACED' })
  const last = earliestEnding(endings)
  return { from: clauseStart(clause, version.from), until: last?.day ?? null, end: last?.end ?? null }
}
