// A stored clause as the import format has it (a ResolvedClause), so a file's carry of a clause
// that only the database holds copies every field: tranches, alternatives and cited fields too.
import type { Prisma } from '../src/generated/prisma/client.js'
import type { AlternativeSpec, Citation } from './format.js'
import type { ResolvedClause } from './plan.js'

export const storedClauseInclude = {
  agreement: { select: { slug: true } },
  grantor: { select: { id: true, slug: true } },
  grantee: { select: { id: true, slug: true } },
  subjects: { select: { id: true, slug: true } },
  cloudProviders: { select: { id: true, slug: true } },
  supersedes: { select: { key: true } },
  replaces: { select: { replaced: { select: { key: true } } } },
  citations: { select: { basis: true, fields: true, source: { select: { id: true, url: true } } } },
  tranches: { orderBy: { position: 'asc' } },
  alternatives: { orderBy: { position: 'asc' }, include: { citations: { select: { basis: true, source: { select: { id: true, url: true } } } } } },
} as const satisfies Prisma.ClauseInclude

export type StoredClauseRow = Prisma.ClauseGetPayload<{ include: typeof storedClauseInclude }>

type Numeric = Prisma.Decimal | null
const num = (n: Numeric) => (n === null ? null : Number(n))
const byUrl = <T extends { url: string }>(xs: T[]) => xs.sort((x, y) => x.url.localeCompare(y.url))

const money = (amount: Numeric, currency: string | null) => (amount === null ? null : { amount: Number(amount), currency: currency! })
const qualifiedMoney = (r: {
  amount: Numeric
  currency: string | null
  amountQualifier: string
  amountHigh: Numeric
  amountPeriod: string | null
}) => (r.amount === null ? null : { ...money(r.amount, r.currency)!, qualifier: r.amountQualifier, high: num(r.amountHigh), period: r.amountPeriod })
const quantity = (r: { quantity: Numeric; quantityUnit: string | null; quantityQualifier: string; quantityHigh: Numeric }) =>
  r.quantity === null ? null : { value: Number(r.quantity), unit: r.quantityUnit!, qualifier: r.quantityQualifier, high: num(r.quantityHigh) }

export function storedClause(c: StoredClauseRow): ResolvedClause {
  const clause = {
    key: c.key,
    agreement: c.agreement.slug,
    position: c.position,
    kind: c.kind,
    summary: c.summary,
    grantor: c.grantor?.slug ?? null,
    grantee: c.grantee?.slug ?? null,
    subjects: c.subjects.map((s) => s.slug).sort(),
    cloudProviders: c.cloudProviders.map((s) => s.slug).sort(),
    exclusivity: c.exclusivity,
    startsOn: c.startsText,
    endsOn: c.endsText,
    percentage: num(c.percentage),
    amount: qualifiedMoney(c),
    capped: c.capped,
    cap: money(c.capAmount, c.capCurrency),
    quantity: quantity(c),
    valuation: c.valuationAmount === null ? null : { ...money(c.valuationAmount, c.valuationCurrency)!, basis: c.valuationBasis },
    strike: money(c.strikeAmount, c.strikeCurrency),
    cloudScope: c.cloudScope,
    tranches: c.tranches.map((t) => ({ amount: qualifiedMoney(t), quantity: quantity(t), on: t.onText, condition: t.condition })),
    // The stored value went through the format's schema on its way in, so it has the field's shape.
    alternatives: c.alternatives.map((a) => ({
      field: a.field,
      value: a.value,
      note: a.note,
      sources: byUrl(a.citations.map((s) => ({ url: s.source.url, basis: s.basis }))),
    })) as AlternativeSpec[],
    condition: c.condition,
    note: c.note,
    supersedes: c.supersedes?.key ?? null,
    replaces: c.replaces.map((r) => r.replaced.key).sort(),
    status: c.status,
    statusNote: c.statusNote,
    citations: byUrl(c.citations.map((s) => ({ url: s.source.url, basis: s.basis, fields: s.fields }))) as Citation[],
  }
  return clause as ResolvedClause
}

/** The ids of what a stored clause refers to, by key (a carry brings them along). */
export function storedReferences(c: StoredClauseRow) {
  return {
    companies: [c.grantor, c.grantee].filter((x) => x !== null),
    assets: c.subjects,
    cloudProviders: c.cloudProviders,
    sources: [...c.citations.map((s) => s.source), ...c.alternatives.flatMap((a) => a.citations.map((s) => s.source))],
  }
}
