import type { DatasetFileInput } from '../../seed/format.js'
import { twoVersionDeal } from './deal-files.js'

/**
 * twoVersionDeal with every field of issue 20's terms: qualified amounts and a value, a quantity,
 * a valuation, a strike, a cloud scope, tranches, alternatives, cited fields, source kinds, and a
 * supplement of the first version whose clause the second version replaces.
 */
export function termsDeal(prefix = 'acme'): DatasetFileInput {
  const d = twoVersionDeal(prefix)
  const url = `https://example.org/${prefix}/announcement`
  const report = `https://example.org/${prefix}/report`
  const [v1, v2] = d.agreements!
  const lab = `${prefix}-lab`
  const big = `${prefix}-big`
  d.sources![0]!.kind = 'OFFICIAL'
  d.sources!.push({ url: report, publisher: 'Wire', publishedOn: '2025-05-02', kind: 'NEWS_OUTLET' })
  v1!.value = { amount: 100e9, currency: 'USD', qualifier: 'UP_TO', period: 'OVER_TERM' }
  v1!.sources = [{ url, basis: 'OFFICIAL', fields: ['value', 'parties'] }]
  const share = v1!.clauses![2] as Record<string, unknown>
  Object.assign(share, {
    amount: { amount: 20e6, currency: 'USD', qualifier: 'RANGE', high: 25e6, period: 'PER_YEAR' },
    tranches: [
      { amount: { amount: 15e9, currency: 'USD' }, on: '2026-02' },
      { amount: { amount: 35e9, currency: 'USD', qualifier: 'UP_TO' }, condition: 'on milestones' },
      { quantity: { value: 1, unit: 'GW' }, on: '2026', condition: 'first gigawatt' },
    ],
    alternatives: [
      { field: 'percentage', value: 25, note: 'The wire says a quarter.', sources: [{ url: report, basis: 'UNNAMED_SOURCES' }] },
      { field: 'cap', value: { amount: 38e9, currency: 'USD' }, sources: [{ url: report, basis: 'PRESS_REPORT' }] },
      { field: 'endsOn', value: '2030-Q2', sources: [{ url: report, basis: 'PRESS_REPORT' }] },
    ],
    sources: [
      { url, basis: 'OFFICIAL', fields: ['percentage'] },
      { url: report, basis: 'PRESS_REPORT', fields: ['cap', 'amount', 'tranches'] },
    ],
  })
  Object.assign(v1!.clauses![1] as object, { cloudScope: 'ANY_EXCEPT' })
  v1!.clauses!.push({
    key: `${prefix}-deal-v1#4`,
    kind: 'WARRANT',
    summary: 'Warrants for shares, vesting on milestones.',
    grantor: lab,
    grantee: big,
    quantity: { value: 160_000_000, unit: 'SHARES' },
    strike: { amount: 0.01, currency: 'USD' },
    valuation: { amount: 500e9, currency: 'USD', basis: 'POST_MONEY' },
    tranches: [{ quantity: { value: 1, unit: 'GW', qualifier: 'RANGE', high: 1.5 }, condition: 'first tranche vests' }],
    sources: [{ url, basis: 'OFFICIAL' }],
  })
  ;(v2!.clauses as unknown[]).push({ key: `${prefix}-deal-v2#4`, carry: `${prefix}-deal-v1#4` })
  const side = `${prefix}-side`
  d.agreements!.push({
    slug: side,
    title: `${prefix} adds compute`,
    status: 'ACTIVE',
    announcedOn: '2024-06',
    supplements: v1!.slug,
    parties: [
      { company: lab, roles: ['CUSTOMER'] },
      { company: big, roles: ['PROVIDER'] },
    ],
    sources: [{ url: report, basis: 'PRESS_REPORT' }],
    clauses: [
      {
        key: `${side}#1`,
        kind: 'COMPUTE_COMMITMENT',
        summary: 'About 6 GW of compute on any cloud.',
        grantor: big,
        grantee: lab,
        cloudScope: 'ANY',
        quantity: { value: 6, unit: 'GW', qualifier: 'ABOUT' },
        exclusivity: 'EXCLUSIVE',
        sources: [{ url: report, basis: 'PRESS_REPORT', fields: ['quantity'] }],
      },
    ],
  })
  Object.assign(v2!.clauses![0] as object, { replaces: [`${side}#1`] })
  return d
}
