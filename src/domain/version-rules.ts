// Rules of an agreement version's own dates, as the database's CHECK constraints state them:
// its end (at its latest) is not before it takes effect or is announced (at their earliest). An
// amendment starts, not before the version it amends; a termination belongs to a TERMINATED
// version and is not before it starts. The API and the importer (seed/resolve.ts) both apply them.
import type { PartialDate } from './partial-date.js'
import type { Issues } from './write-errors.js'

export interface VersionDates {
  announcedOn: PartialDate | null
  effectiveOn: PartialDate | null
  endsOn: PartialDate | null
}

export function checkVersionDates(d: VersionDates, path: string, issues: Issues): void {
  for (const [name, start] of [
    ['effectiveOn', d.effectiveOn],
    ['announcedOn', d.announcedOn],
  ] as const) {
    if (d.endsOn && start && d.endsOn.latest < start.earliest) {
      issues.add(`${path}.endsOn`, `ends (${d.endsOn.text}) before the version's ${name} (${start.text})`, 'ends_before_start')
    }
  }
}

/** The first day a version is in force: effective, else announced (src/domain/in-force.ts). */
export function versionStartOf(d: Pick<VersionDates, 'announcedOn' | 'effectiveOn'>): PartialDate | null {
  return d.effectiveOn ?? d.announcedOn
}

/** An amendment replaces the version it amends from its own start, so it needs one (checked by both input schemas). */
export const AMENDMENT_WITHOUT_START = 'an amendment needs effectiveOn or announcedOn: it replaces the amended version from that day'

/** An amendment does not start before the version it amends. */
export function checkAmendmentStart(
  amended: Pick<VersionDates, 'announcedOn' | 'effectiveOn'>,
  amendment: VersionDates,
  path: string,
  issues: Issues,
): void {
  const oldStart = versionStartOf(amended)
  const newStart = versionStartOf(amendment)
  if (oldStart && newStart && newStart.latest < oldStart.earliest) {
    const field = amendment.effectiveOn ? 'effectiveOn' : 'announcedOn'
    issues.add(`${path}.${field}`, `starts (${newStart.text}) before the version it amends (${oldStart.text})`, 'starts_before_amended')
  }
}

/** Only the latest ACTIVE or ANNOUNCED version of a deal can be amended (the API and the importer). */
export const isAmendable = (status: string) => status === 'ACTIVE' || status === 'ANNOUNCED'
export const notAmendable = (slug: string, status: string) => `Agreement "${slug}" is ${status} and cannot be amended.`

export const TERMINATED_ONLY = 'is only for status TERMINATED'
export const terminationAllowed = (status: string, terminatedOn: unknown) => !terminatedOn || status === 'TERMINATED'

/** A termination date is not before the version starts. */
export function checkTerminationDate(
  terminatedOn: PartialDate | null,
  version: Pick<VersionDates, 'announcedOn' | 'effectiveOn'>,
  path: string,
  issues: Issues,
): void {
  const start = versionStartOf(version)
  if (terminatedOn && start && terminatedOn.latest < start.earliest) {
    issues.add(`${path}.terminatedOn`, `is before the version starts (${start.text})`, 'ends_before_start')
  }
}
