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
  const ends: string[] = []
  // A termination is an end like any other and gets the same generous reading.
  if (v.ends) ends.push(v.ends.latest)
  if (v.terminated) ends.push(v.terminated.latest)
  for (const amendment of amendments) {
    const start = versionStart(amendment)
    if (start !== null) ends.push(addDays(start, -1))
  }
  const until = ends.length === 0 ? null : ends.reduce((a, b) => (b < a ? b : a))
  return { from: versionStart(v), until }
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
 * (missing start = the version's start, missing end = open).
 */
export function clauseInForce(
  clause: ClauseTimes,
  version: VersionTimes,
  amendments: VersionTimes[],
  on: string,
): boolean {
  const own: DayInterval = {
    from: clause.starts?.earliest ?? versionStart(version),
    until: clause.ends?.latest ?? null,
  }
  return versionInForce(version, amendments, on) && inInterval(own, on)
}
