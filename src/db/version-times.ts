import { partialDateSelect, readPartialDate } from './partial-date-columns.js'
import type { VersionTimes } from '../domain/in-force.js'

/** The Prisma `select` with everything the in-force rules need of an agreement version. */
export const versionTimesSelect = {
  ...partialDateSelect('effective'),
  ...partialDateSelect('announced'),
  ...partialDateSelect('ends'),
  ...partialDateSelect('terminated'),
}

export function versionTimesOf(row: object): VersionTimes {
  return {
    effective: readPartialDate(row, 'effective'),
    announced: readPartialDate(row, 'announced'),
    ends: readPartialDate(row, 'ends'),
    terminated: readPartialDate(row, 'terminated'),
  }
}
