import { GraphQLError } from 'graphql'
import { InForceEnd } from '../generated/prisma/enums.js'
import { builder } from '../builder.js'
import { storedPeriod } from '../db/in-force-period.js'
import type { DateRange } from '../db/in-force-where.js'
import { sqlField } from '../sql-execution/field-sql.js'
import { column } from '../sql-execution/forms.js'

// The stored in-force period of versions and clauses (src/domain/in-force.ts is the rule, triggers
// keep it), its fields and the filters on it, shared by Agreement, Clause and their filters.

export const InForceEndEnum = builder.enumType(InForceEnd, {
  name: 'InForceEnd',
  description: 'How an in-force period ended (or is due to end).',
  values: {
    EXPIRED: { description: 'Its own end date (or, for a clause, its version’s) came.' },
    REPLACED: { description: 'An amendment (for a clause: a superseding or replacing clause) took over.' },
    REMOVED: { description: 'A clause its version’s amendment dropped: nothing took it over.' },
    TERMINATED: { description: 'The version was terminated.' },
    WITHDRAWN: { description: 'A withdrawn clause: never in force.' },
  },
})

export const DateRangeInput = builder.inputType('DateRange', {
  description: 'Days from `from` to `to`, both included; a missing bound leaves that side open.',
  fields: (t) => ({
    from: t.field({ type: 'Date', required: false }),
    to: t.field({ type: 'Date', required: false }),
  }),
})

/** The filter fields on the stored period, for ClauseFilter, LicenseFilter and AgreementFilter. */
type InputFields = Parameters<Parameters<typeof builder.inputType>[1]['fields']>[0]

export function periodFilterFields(t: InputFields) {
  return {
    inForceDuring: t.field({ type: DateRangeInput, required: false, description: 'In force on at least one day of the range.' }),
    endedBetween: t.field({ type: DateRangeInput, required: false, description: 'Its period ends (`inForceUntil`) within the range.' }),
    endedHow: t.field({ type: [InForceEndEnum], required: false, description: 'Its period ended (or is due to end) in one of these ways.' }),
  }
}

export interface PeriodConditions {
  inForceDuring?: DateRange | null
  endedBetween?: DateRange | null
  endedHow?: InForceEnd[] | null
}

function checkRange(range: DateRange | null | undefined, argument: string): void {
  if (range?.from && range.to && range.from > range.to) {
    throw new GraphQLError(`Argument "filter.${argument}" runs backwards: "from" (${range.from}) is after "to" (${range.to}).`, {
      extensions: { code: 'BAD_USER_INPUT', argument: `filter.${argument}` },
    })
  }
}

/** Refuses a period filter whose ranges run backwards (a typed BAD_USER_INPUT). */
export function checkPeriod(c: PeriodConditions): void {
  checkRange(c.inForceDuring, 'inForceDuring')
  checkRange(c.endedBetween, 'endedBetween')
}

/** The stored period's fields on a version or clause. */
for (const type of ['Agreement', 'Clause'] as const) {
  builder.prismaObjectFields(type, (t) => ({
    inForceFrom: t.field({
      type: 'Date',
      nullable: true,
      description: 'First day in force (stored, see inForceEnd); null: never in force.',
      select: { inForceFrom: true, inForceUntil: true, inForceEnd: true },
      resolve: (row) => storedPeriod(row).from,
      extensions: sqlField(column('inForceFrom')),
    }),
    inForceUntil: t.field({
      type: 'Date',
      nullable: true,
      description: 'Last day in force, inclusive; null: open-ended (or never in force).',
      select: { inForceFrom: true, inForceUntil: true, inForceEnd: true },
      resolve: (row) => storedPeriod(row).until,
      extensions: sqlField(column('inForceUntil')),
    }),
    inForceEnd: t.field({
      type: InForceEndEnum,
      nullable: true,
      description: 'How the period ends on inForceUntil; null while open.',
      select: { inForceEnd: true },
      resolve: (row) => row.inForceEnd,
      extensions: sqlField(column('inForceEnd')),
    }),
  }))
}
