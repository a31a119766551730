import type { Clause } from '../generated/prisma/client.js'
import { builder } from '../builder.js'
import { type ChangeType, type DiffableClause, diffClauses } from '../domain/clause-diff.js'
import { numberOf } from './values.js'
import { ChangeTypeEnum, ClauseKindEnum } from './enums.js'
import { ClauseRef } from './clause.js'

type ClauseRow = Clause & { subjects: { id: string }[]; cloudProviders: { id: string }[] }
type Diffable = DiffableClause & { row: ClauseRow }

interface Change {
  type: ChangeType
  kind: string
  before: ClauseRow | null
  after: ClauseRow | null
  fields: string[]
}

const ClauseChangeRef = builder.objectRef<Change>('ClauseChange').implement({
  description: 'How one clause differs between a version and the version it amends.',
  fields: (t) => ({
    type: t.field({ type: ChangeTypeEnum, resolve: (c) => c.type }),
    kind: t.field({ type: ClauseKindEnum, resolve: (c) => c.kind as ClauseRow['kind'] }),
    before: t.field({ type: ClauseRef, nullable: true, resolve: (c) => c.before }),
    after: t.field({ type: ClauseRef, nullable: true, resolve: (c) => c.after }),
    fields: t.stringList({ description: 'Names of the Clause fields that changed (MODIFIED only).', resolve: (c) => c.fields }),
  }),
})

function diffable(row: ClauseRow): Diffable {
  return {
    row,
    id: row.id,
    kind: row.kind,
    supersedesId: row.supersedesId,
    summary: row.summary,
    grantorId: row.grantorId,
    granteeId: row.granteeId,
    subjectIds: row.subjects.map((s) => s.id),
    cloudProviderIds: row.cloudProviders.map((c) => c.id),
    exclusivity: row.exclusivity,
    startsOn: row.startsText,
    endsOn: row.endsText,
    percentage: numberOf(row.percentage),
    amount: numberOf(row.amount),
    currency: row.currency,
    capped: row.capped,
    capAmount: numberOf(row.capAmount),
    capCurrency: row.capCurrency,
    condition: row.condition,
  }
}

const clausesForDiff = {
  orderBy: { position: 'asc' },
  include: { subjects: { select: { id: true } }, cloudProviders: { select: { id: true } } },
} as const

builder.prismaObjectField('Agreement', 'changes', (t) =>
  t.field({
    type: [ClauseChangeRef],
    description:
      'What this version changed against the one it amends: ADDED, REMOVED, MODIFIED (with the changed field names) and UNCHANGED (terms carried over). Empty for a first version.',
    args: {
      types: t.arg({
        type: [ChangeTypeEnum],
        required: false,
        description: 'Only these kinds of change; all when omitted.',
      }),
    },
    select: { clauses: clausesForDiff, amends: { select: { clauses: clausesForDiff } } },
    resolve: (agreement, args) => {
      if (!agreement.amends) return []
      const changes = diffClauses(agreement.amends.clauses.map(diffable), agreement.clauses.map(diffable))
      return changes
        .filter((c) => !args.types || args.types.includes(c.type))
        .map((c) => ({ ...c, before: c.before?.row ?? null, after: c.after?.row ?? null }))
    },
  }),
)
