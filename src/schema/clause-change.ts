import { type Clause, type ClauseTranche, Prisma, type ValueAlternative } from '../generated/prisma/client.js'
import { canonical } from '../../seed/links.js'
import { builder } from '../builder.js'
import { type ChangeType, type DiffableClause, diffClauses } from '../domain/clause-diff.js'
import { numberOf } from './values.js'
import { ChangeTypeEnum, ClauseKindEnum } from './enums.js'
import { ClauseRef } from './clause.js'
import { agreementChanges, type VersionClauses } from '../sql-execution/clause-changes.js'
import { sqlField } from '../sql-execution/field-sql.js'

type ClauseRow = Clause & {
  subjects: { id: string }[]
  cloudProviders: { id: string }[]
  tranches: ClauseTranche[]
  alternatives: (ValueAlternative & { citations: { sourceId: string; basis: string }[] })[]
  replaces: { replacedId: string }[]
}

/** Tranches and alternatives compare as the JSON of their values, in position order. */
const tranchesText = (tranches: ClauseTranche[]) =>
  canonical(
    tranches.map(({ id: _id, clauseId: _clause, onPrecision: _p, onEarliest: _e, onLatest: _l, ...t }) => ({
      ...t,
      amount: numberOf(t.amount),
      amountHigh: numberOf(t.amountHigh),
      quantity: numberOf(t.quantity),
      quantityHigh: numberOf(t.quantityHigh),
    })),
  )
const alternativesText = (alternatives: ClauseRow['alternatives']) =>
  canonical(alternatives.map((a) => [a.position, a.field, a.value, a.note, a.citations.map((c) => [c.sourceId, c.basis]).sort()]))
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
    amountQualifier: row.amountQualifier,
    amountHigh: numberOf(row.amountHigh),
    amountPeriod: row.amountPeriod,
    quantity: numberOf(row.quantity),
    quantityHigh: numberOf(row.quantityHigh),
    quantityUnit: row.quantityUnit,
    quantityQualifier: row.quantityQualifier,
    valuationAmount: numberOf(row.valuationAmount),
    valuationCurrency: row.valuationCurrency,
    valuationBasis: row.valuationBasis,
    strikeAmount: numberOf(row.strikeAmount),
    strikeCurrency: row.strikeCurrency,
    cloudScope: row.cloudScope,
    tranches: tranchesText(row.tranches),
    alternatives: alternativesText(row.alternatives),
    replacedIds: row.replaces.map((r) => r.replacedId),
  }
}

/**
 * What a version changed against the one it amends, of `types` (all when not given): the
 * resolver's answer, and the planner's over the same rows read in SQL (clause-changes.ts).
 */
function clauseChanges(version: VersionClauses<ClauseRow>, types: readonly ChangeType[] | null | undefined): Change[] {
  if (!version.amends) return []
  const changes = diffClauses(version.amends.clauses.map(diffable), version.clauses.map(diffable))
  return changes.filter((c) => !types || types.includes(c.type)).map((c) => ({ ...c, before: c.before?.row ?? null, after: c.after?.row ?? null }))
}

// Every column (a `select`, so that what the request reads of the clauses merges into it).
const clauseColumns = Object.fromEntries(Object.values(Prisma.ClauseScalarFieldEnum).map((name) => [name, true])) as Record<keyof Clause, true>

const clausesForDiff = {
  orderBy: { position: 'asc' },
  select: {
    ...clauseColumns,
    subjects: { select: { id: true } },
    cloudProviders: { select: { id: true } },
    tranches: { orderBy: { position: 'asc' } },
    alternatives: { orderBy: { position: 'asc' }, include: { citations: { select: { sourceId: true, basis: true } } } },
    replaces: { select: { replacedId: true } },
  },
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
    // What the request reads of `after` and `before` loads with the versions' clauses, in the
    // parent's statement, not in loads that batch by timing.
    select: (_args, _context, nestedSelection) => ({
      clauses: nestedSelection(clausesForDiff, ['after']),
      amends: { select: { clauses: nestedSelection(clausesForDiff, ['before']) } },
    }),
    resolve: (agreement, args) => clauseChanges(agreement, args.types),
    extensions: sqlField(agreementChanges(clauseChanges), ['types']),
  }),
)
