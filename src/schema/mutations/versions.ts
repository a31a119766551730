import { builder } from '../../builder.js'
import { ClauseStatus } from '../../generated/prisma/enums.js'
import { sqlField } from '../../sql-execution/field-sql.js'
import { instant } from '../../sql-execution/forms.js'

// Columns the write side added to the read types: the optimistic-concurrency version of every
// editable record, and a clause's status (withdrawn facts stay, marked, never deleted).

const versionField = {
  description: 'Bumped by every change; pass it as `expectedVersion` when you update this record.',
} as const

builder.prismaObjectField('Company', 'version', (t) => t.exposeInt('version', versionField))
builder.prismaObjectField('CloudProvider', 'version', (t) => t.exposeInt('version', versionField))
builder.prismaObjectField('Asset', 'version', (t) => t.exposeInt('version', versionField))
builder.prismaObjectField('Source', 'version', (t) => t.exposeInt('version', versionField))
builder.prismaObjectField('Agreement', 'version', (t) => t.exposeInt('version', versionField))
builder.prismaObjectField('Clause', 'version', (t) => t.exposeInt('version', versionField))

export const ClauseStatusEnum = builder.enumType(ClauseStatus, {
  name: 'ClauseStatus',
  values: {
    ACTIVE: { description: 'The term as recorded.' },
    WITHDRAWN: { description: 'Retracted: the source was wrong or the term never existed. Kept, not deleted.' },
  },
})

builder.prismaObjectFields('Clause', (t) => ({
  status: t.expose('status', {
    type: ClauseStatusEnum,
    description: 'WITHDRAWN terms still appear in lists but are never in force (inForceEnd WITHDRAWN); see README "Writing".',
  }),
  statusNote: t.exposeString('statusNote', { nullable: true, description: 'Why the status was set.' }),
  statusChangedAt: t.expose('statusChangedAt', { type: 'DateTime', nullable: true, extensions: sqlField(instant('statusChangedAt')) }),
}))
