// Rules of an agreement version's own dates, as the database's CHECK constraints state them:
// its end (at its latest) is not before it takes effect or is announced (at their earliest).
import type { PartialDate } from './partial-date.js'
import type { Issues } from './write-errors.js'

export interface VersionDates {
  announcedOn: PartialDate | null
  effectiveOn: PartialDate | null
  endsOn: PartialDate | null
}

export function checkVersionDates(d: VersionDates, path: string, issues: Issues): void {
  for (const [name, start] of [['effectiveOn', d.effectiveOn], ['announcedOn', d.announcedOn]] as const) {
    if (d.endsOn && start && d.endsOn.latest < start.earliest) {
      issues.add(`${path}.endsOn`, `ends (${d.endsOn.text}) before the version's ${name} (${start.text})`, 'ends_before_start')
    }
  }
}

/** The first day a version is in force: effective, else announced (src/domain/in-force.ts). */
export function versionStartOf(d: VersionDates): PartialDate | null {
  return d.effectiveOn ?? d.announcedOn
}
