import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadDataset } from '../../seed/load.js'
import { startTestApi, type TestApi } from '../helpers/api.js'
import { termsDeal } from '../helpers/terms-deal.js'

// Issue 20's terms as GraphQL shows them, on a deal imported with every one of them.

let api: TestApi
beforeAll(async () => {
  api = await startTestApi((prisma) => loadDataset(prisma, termsDeal()))
}, 60_000)
afterAll(() => api?.close())

/** The clause of `key` with `fields`, read through its agreement (the API has no clause(key:)). */
const clause = async (key: string, fields: string) => {
  const answer = await api.query(`query($slug: String!) { agreement(slug: $slug) { clauses { key ${fields} } } }`, { slug: key.split('#')[0] })
  expect(answer.errors).toBeUndefined()
  const { key: _key, ...found } = answer.data!.agreement.clauses.find((c: { key: string }) => c.key === key)
  return found
}

describe('reading the terms', () => {
  it('qualified money, with its text, on clauses and agreements', async () => {
    expect(await clause('acme-deal-v2#3', 'amount { amount currency qualifier high period text } cap { qualifier high period text }')).toEqual({
      amount: { amount: 20e6, currency: 'USD', qualifier: 'RANGE', high: 25e6, period: 'PER_YEAR', text: '$20–25M a year' },
      cap: { qualifier: 'EXACT', high: null, period: null, text: '$1M' },
    })
    const answer = await api.query('{ agreement(slug: "acme-deal-v1") { value { qualifier period text } citations { basis fields } } }')
    expect(answer.data!.agreement).toEqual({
      value: { qualifier: 'UP_TO', period: 'OVER_TERM', text: 'up to $100B over the term' },
      citations: [{ basis: 'OFFICIAL', fields: ['value', 'parties'] }],
    })
  })

  it('quantities, equity and cloud scope', async () => {
    expect(
      await clause(
        'acme-deal-v2#4',
        'kind quantity { value high unit qualifier text } strike { amount text } valuation { money { amount } basis text }',
      ),
    ).toEqual({
      kind: 'WARRANT',
      quantity: { value: 160e6, high: null, unit: 'SHARES', qualifier: 'EXACT', text: '160,000,000 shares' },
      strike: { amount: 0.01, text: '$0.01' },
      valuation: { money: { amount: 500e9 }, basis: 'POST_MONEY', text: '$500B post-money' },
    })
    expect(await clause('acme-side#1', 'cloudScope quantity { text } cloudProviders { slug }')).toEqual({
      cloudScope: 'ANY',
      quantity: { text: 'about 6 GW' },
      cloudProviders: [],
    })
  })

  it('tranches, alternatives and cited fields, carried into the next version', async () => {
    const share = await clause(
      'acme-deal-v2#3',
      'tranches { amount { text } quantity { text } on { text precision } condition } alternatives { field value note citations { basis source { url kind } } } citations { basis fields source { kind } }',
    )
    expect(share.tranches).toEqual([
      { amount: { text: '$15B' }, quantity: null, on: { text: '2026-02', precision: 'MONTH' }, condition: null },
      { amount: { text: 'up to $35B' }, quantity: null, on: null, condition: 'on milestones' },
      { amount: null, quantity: { text: '1 GW' }, on: { text: '2026', precision: 'YEAR' }, condition: 'first gigawatt' },
    ])
    const report = { url: 'https://example.org/acme/report', kind: 'NEWS_OUTLET' }
    expect(share.alternatives).toEqual([
      { field: 'percentage', value: '25%', note: 'The wire says a quarter.', citations: [{ basis: 'UNNAMED_SOURCES', source: report }] },
      { field: 'cap', value: '$38B', note: null, citations: [{ basis: 'PRESS_REPORT', source: report }] },
      { field: 'endsOn', value: '2030-Q2', note: null, citations: [{ basis: 'PRESS_REPORT', source: report }] },
    ])
    expect(share.citations).toEqual([
      { basis: 'OFFICIAL', fields: ['percentage'], source: { kind: 'OFFICIAL' } },
      { basis: 'PRESS_REPORT', fields: ['cap', 'amount', 'tranches'], source: { kind: 'NEWS_OUTLET' } },
    ])
  })

  it('replacements both ways', async () => {
    expect(await clause('acme-deal-v2#1', 'replaces { key } replacedBy { key }')).toEqual({ replaces: [{ key: 'acme-side#1' }], replacedBy: [] })
    expect(await clause('acme-side#1', 'replaces { key } replacedBy { key agreement { slug } }')).toEqual({
      replaces: [],
      replacedBy: [{ key: 'acme-deal-v2#1', agreement: { slug: 'acme-deal-v2' } }],
    })
  })

  it('sources filtered by kind', async () => {
    expect(
      await clause(
        'acme-deal-v2#3',
        'all: sources { url kind } news: sources(kinds: [NEWS_OUTLET]) { url } blogs: sources(kinds: [BLOG, AGGREGATOR]) { url }',
      ),
    ).toEqual({
      all: [
        { url: 'https://example.org/acme/announcement', kind: 'OFFICIAL' },
        { url: 'https://example.org/acme/report', kind: 'NEWS_OUTLET' },
      ],
      news: [{ url: 'https://example.org/acme/report' }],
      blogs: [],
    })
    const answer = await api.query('{ agreement(slug: "acme-side") { official: sources(kinds: [OFFICIAL]) { kind } all: sources { kind } } }')
    expect(answer.data!.agreement).toEqual({ official: [], all: [{ kind: 'NEWS_OUTLET' }] })
  })
})
