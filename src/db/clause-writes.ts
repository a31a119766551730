import type { ClauseValues } from '../domain/clause-values.js'
import type {
  AmountPeriod,
  AmountQualifier,
  ClauseKind,
  CloudScope,
  Exclusivity,
  QuantityUnit,
  SourceBasis,
  ValuationBasis,
} from '../generated/prisma/enums.js'
import type { Prisma } from '../generated/prisma/client.js'
import { partialDateColumns, readPartialDate } from './partial-date-columns.js'
import type { Tx } from './write.js'

// Clauses of a new agreement version: inserted with their subjects, clouds and citations, keyed
// `<agreement slug>#<position>`. And the reverse: a stored clause read back as ClauseValues, so
// an amendment can carry it over or change it.

const linksInclude = {
  subjects: { select: { id: true } },
  cloudProviders: { select: { id: true } },
} as const

type TrancheRow = Prisma.ClauseTrancheGetPayload<object>

export type ClauseRow = Prisma.ClauseGetPayload<{ include: typeof linksInclude }> & {
  citations: { sourceId: string; basis: string; fields: string[] }[]
  tranches: TrancheRow[]
  alternatives: { field: string; value: unknown; note: string | null; citations: { sourceId: string; basis: string }[] }[]
  replacedIds: string[]
}

/**
 * Clauses with their subjects, clouds and citations, in position order. Two statements rather
 * than one `include` of all three: inside a transaction Prisma would send the three relation
 * queries at once on one connection, which pg deprecates.
 */
export async function loadClauses(tx: Tx, where: Prisma.ClauseWhereInput): Promise<ClauseRow[]> {
  const rows = await tx.clause.findMany({ where, include: linksInclude, orderBy: [{ agreementId: 'asc' }, { position: 'asc' }] })
  const clauseId = { in: rows.map((r) => r.id) }
  const citations = await tx.clauseCitation.findMany({ where: { clauseId }, select: { clauseId: true, sourceId: true, basis: true, fields: true } })
  const tranches = await tx.clauseTranche.findMany({ where: { clauseId }, orderBy: { position: 'asc' } })
  const alternatives = await tx.valueAlternative.findMany({ where: { clauseId }, orderBy: { position: 'asc' } })
  const alternativeCitations = await tx.alternativeCitation.findMany({
    where: { alternativeId: { in: alternatives.map((a) => a.id) } },
    orderBy: { sourceId: 'asc' },
  })
  const replacements = await tx.clauseReplacement.findMany({ where: { clauseId }, orderBy: { replacedId: 'asc' } })
  return rows.map((row) => ({
    ...row,
    citations: citations.filter((c) => c.clauseId === row.id).map(({ sourceId, basis, fields }) => ({ sourceId, basis, fields })),
    tranches: tranches.filter((t) => t.clauseId === row.id),
    alternatives: alternatives
      .filter((a) => a.clauseId === row.id)
      .map((a) => ({
        field: a.field,
        value: a.value,
        note: a.note,
        citations: alternativeCitations.filter((c) => c.alternativeId === a.id).map(({ sourceId, basis }) => ({ sourceId, basis })),
      })),
    replacedIds: replacements.filter((r) => r.clauseId === row.id).map((r) => r.replacedId),
  }))
}

const exact = (d: Prisma.Decimal | null) => (d === null ? null : d.toString())

export function clauseValuesOf(row: ClauseRow): ClauseValues {
  return {
    kind: row.kind,
    summary: row.summary,
    grantorId: row.grantorId,
    granteeId: row.granteeId,
    subjectIds: row.subjects.map((s) => s.id),
    cloudProviderIds: row.cloudProviders.map((c) => c.id),
    exclusivity: row.exclusivity,
    startsOn: readPartialDate(row, 'starts'),
    endsOn: readPartialDate(row, 'ends'),
    percentage: exact(row.percentage),
    amount: exact(row.amount),
    currency: row.currency,
    capped: row.capped,
    capAmount: exact(row.capAmount),
    capCurrency: row.capCurrency,
    amountQualifier: row.amountQualifier,
    amountHigh: exact(row.amountHigh),
    amountPeriod: row.amountPeriod,
    quantity: exact(row.quantity),
    quantityHigh: exact(row.quantityHigh),
    quantityUnit: row.quantityUnit,
    quantityQualifier: row.quantityQualifier,
    valuationAmount: exact(row.valuationAmount),
    valuationCurrency: row.valuationCurrency,
    valuationBasis: row.valuationBasis,
    strikeAmount: exact(row.strikeAmount),
    strikeCurrency: row.strikeCurrency,
    cloudScope: row.cloudScope,
    tranches: row.tranches.map((t) => ({
      amount: exact(t.amount),
      currency: t.currency,
      amountQualifier: t.amountQualifier,
      amountHigh: exact(t.amountHigh),
      amountPeriod: t.amountPeriod,
      quantity: exact(t.quantity),
      quantityHigh: exact(t.quantityHigh),
      quantityUnit: t.quantityUnit,
      quantityQualifier: t.quantityQualifier,
      on: readPartialDate(t, 'on'),
      condition: t.condition,
    })),
    alternatives: row.alternatives,
    replacedIds: row.replacedIds,
    condition: row.condition,
    note: row.note,
    citations: row.citations.map((c) => ({ sourceId: c.sourceId, basis: c.basis, fields: c.fields })),
  }
}

export async function insertClauses(
  tx: Tx,
  agreement: { id: string; slug: string },
  clauses: { values: ClauseValues; supersedesId: string | null }[],
): Promise<string[]> {
  const ids: string[] = []
  for (const [index, { values: v, supersedesId }] of clauses.entries()) {
    const row = await tx.clause.create({
      data: {
        key: `${agreement.slug}#${index + 1}`,
        position: index + 1,
        agreementId: agreement.id,
        kind: v.kind as ClauseKind,
        summary: v.summary,
        grantorId: v.grantorId,
        granteeId: v.granteeId,
        exclusivity: v.exclusivity as Exclusivity,
        ...partialDateColumns('starts', v.startsOn),
        ...partialDateColumns('ends', v.endsOn),
        percentage: v.percentage,
        amount: v.amount,
        currency: v.currency,
        capped: v.capped,
        capAmount: v.capAmount,
        capCurrency: v.capCurrency,
        amountQualifier: v.amountQualifier as AmountQualifier,
        amountHigh: v.amountHigh,
        amountPeriod: v.amountPeriod as AmountPeriod | null,
        quantity: v.quantity,
        quantityHigh: v.quantityHigh,
        quantityUnit: v.quantityUnit as QuantityUnit | null,
        quantityQualifier: v.quantityQualifier as AmountQualifier,
        valuationAmount: v.valuationAmount,
        valuationCurrency: v.valuationCurrency,
        valuationBasis: v.valuationBasis as ValuationBasis | null,
        strikeAmount: v.strikeAmount,
        strikeCurrency: v.strikeCurrency,
        cloudScope: v.cloudScope as CloudScope | null,
        condition: v.condition,
        note: v.note,
        supersedesId,
        subjects: { connect: v.subjectIds.map((id) => ({ id })) },
        cloudProviders: { connect: v.cloudProviderIds.map((id) => ({ id })) },
        citations: { create: v.citations.map((c) => ({ sourceId: c.sourceId, basis: c.basis as SourceBasis, fields: c.fields })) },
        tranches: {
          create: v.tranches.map(({ on, ...t }, i) => ({
            ...t,
            amountQualifier: t.amountQualifier as AmountQualifier,
            amountPeriod: t.amountPeriod as AmountPeriod | null,
            quantityUnit: t.quantityUnit as QuantityUnit | null,
            quantityQualifier: t.quantityQualifier as AmountQualifier,
            ...partialDateColumns('on', on),
            position: i + 1,
          })),
        },
        replaces: { create: v.replacedIds.map((replacedId) => ({ replacedId })) },
      },
      select: { id: true },
    })
    // Each alternative with its own citations: a nested create of both levels would do the same in more statements.
    for (const [i, a] of v.alternatives.entries()) {
      await tx.valueAlternative.create({
        data: {
          clauseId: row.id,
          position: i + 1,
          field: a.field,
          value: a.value as Prisma.InputJsonValue,
          note: a.note,
          citations: { create: a.citations.map((c) => ({ sourceId: c.sourceId, basis: c.basis as SourceBasis })) },
        },
      })
    }
    ids.push(row.id)
  }
  return ids
}
