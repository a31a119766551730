import { Prisma } from '../generated/prisma/client.js'
import { loadClauses } from './clause-writes.js'
import type { Tx } from './write.js'
import { agreementLinks, alternativeLink, canonical, citationLink, clauseLinks, trancheLink } from '../../seed/links.js'

// A record as WriteHistory keeps it: its own columns (dates as ISO strings, decimals as exact
// strings) plus the links it owns (an agreement's parties and citations; a clause's subjects,
// clouds and citations), sorted so equal records give equal JSON. Links have the shape and order
// the dataset importer gives them (seed/), so a record's history chains across both writers.

// Columns triggers derive from others (the stored in-force periods): not part of what a writer
// wrote, so a record's history neither shows them nor changes when only they change.
const DERIVED = new Set(['inForceFrom', 'inForceUntil', 'inForceEnd'])

export function rowJson(row: Record<string, unknown>): Prisma.InputJsonObject {
  const value = (v: unknown): Prisma.InputJsonValue | null => {
    if (v instanceof Date) return v.toISOString()
    if (Prisma.Decimal.isDecimal(v)) return (v as Prisma.Decimal).toString()
    if (typeof v === 'bigint') return v.toString()
    if (Array.isArray(v)) return v.map(value) as Prisma.InputJsonArray
    if (v !== null && typeof v === 'object') return rowJson(v as Record<string, unknown>)
    return v as Prisma.InputJsonValue | null
  }
  return Object.fromEntries(
    Object.entries(row)
      .filter(([k]) => !DERIVED.has(k))
      .map(([k, v]) => [k, value(v)]),
  )
}

const sorted = (values: string[]) => [...values].sort()
const byKey = <T>(items: T[], key: (item: T) => string) => [...items].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0))
const party = (p: { companyId: string; role: string }) => `${p.companyId} ${p.role}`
const num = (d: Prisma.Decimal | null) => (d === null ? null : Number(d))

/** Links as the importer records them (seed/links.ts): the same link strings, in their order, shown the same way. */
function recorded(name: string, links: string[], tables = clauseLinks): unknown[] {
  const table = tables.find((t) => t.name === name)!
  return [...links].sort().map((l) => table.show(l))
}

const agreementLinkInclude = {
  parties: { select: { companyId: true, role: true } },
  citations: { select: { sourceId: true, basis: true, fields: true } },
} as const

export async function agreementSnapshot(tx: Tx, id: string): Promise<Prisma.InputJsonObject> {
  const { parties, citations, ...row } = await tx.agreement.findUniqueOrThrow({ where: { id }, include: agreementLinkInclude })
  return rowJson({
    ...row,
    parties: byKey(parties, party),
    citations: recorded(
      'citations',
      citations.map((c) => citationLink(c.sourceId, c.basis, c.fields)),
      agreementLinks,
    ),
  })
}

export async function clauseSnapshots(tx: Tx, where: Prisma.ClauseWhereInput): Promise<Map<string, Prisma.InputJsonObject>> {
  const rows = await loadClauses(tx, where)
  return new Map(
    rows.map(({ subjects, cloudProviders, citations, tranches, alternatives, replacedIds, ...row }) => [
      row.id,
      rowJson({
        ...row,
        subjectIds: sorted(subjects.map((s) => s.id)),
        cloudProviderIds: sorted(cloudProviders.map((c) => c.id)),
        citations: recorded(
          'citations',
          citations.map((c) => citationLink(c.sourceId, c.basis, c.fields)),
        ),
        tranches: recorded(
          'tranches',
          tranches.map((t) =>
            trancheLink({ ...t, amount: num(t.amount), amountHigh: num(t.amountHigh), quantity: num(t.quantity), quantityHigh: num(t.quantityHigh) }),
          ),
        ),
        alternatives: recorded(
          'alternatives',
          alternatives.map((a, i) =>
            alternativeLink(
              i + 1,
              a.field,
              a.value,
              a.note,
              a.citations.map((c) => [c.sourceId, c.basis]),
            ),
          ),
        ),
        replacedIds: recorded(
          'replacedIds',
          replacedIds.map((id) => canonical([id])),
        ),
      }),
    ]),
  )
}
