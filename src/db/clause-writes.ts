import type { ClauseValues } from '../domain/clause-values.js'
import type { ClauseKind, Exclusivity, SourceBasis } from '../generated/prisma/enums.js'
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

export type ClauseRow = Prisma.ClauseGetPayload<{ include: typeof linksInclude }> & { citations: { sourceId: string; basis: string }[] }

/**
 * Clauses with their subjects, clouds and citations, in position order. Two statements rather
 * than one `include` of all three: inside a transaction Prisma would send the three relation
 * queries at once on one connection, which pg deprecates.
 */
export async function loadClauses(tx: Tx, where: Prisma.ClauseWhereInput): Promise<ClauseRow[]> {
  const rows = await tx.clause.findMany({ where, include: linksInclude, orderBy: [{ agreementId: 'asc' }, { position: 'asc' }] })
  const citations = await tx.clauseCitation.findMany({ where: { clauseId: { in: rows.map((r) => r.id) } }, select: { clauseId: true, sourceId: true, basis: true } })
  return rows.map((row) => ({
    ...row,
    citations: citations.filter((c) => c.clauseId === row.id).map(({ sourceId, basis }) => ({ sourceId, basis })),
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
    condition: row.condition,
    note: row.note,
    citations: row.citations.map((c) => ({ sourceId: c.sourceId, basis: c.basis })),
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
        condition: v.condition,
        note: v.note,
        supersedesId,
        subjects: { connect: v.subjectIds.map((id) => ({ id })) },
        cloudProviders: { connect: v.cloudProviderIds.map((id) => ({ id })) },
        citations: { create: v.citations.map((c) => ({ sourceId: c.sourceId, basis: c.basis as SourceBasis })) },
      },
      select: { id: true },
    })
    ids.push(row.id)
  }
  return ids
}
