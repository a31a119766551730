import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { partialDateColumns } from '../../src/db/partial-date-columns.js'
import { parsePartialDate } from '../../src/domain/partial-date.js'
import type { Prisma, PrismaClient } from '../../src/generated/prisma/client.js'
import type { ClauseKind } from '../../src/generated/prisma/enums.js'
import { startTestApi, type TestApi } from '../helpers/api.js'

// computeContracted and investmentTotals on deals built here (the shipped data keeps changing), on
// the day D unless a test says otherwise. Comments give each clause's part in the answers.

const D = '2026-06-01'
const B = 1e9

type Money = Pick<Prisma.ClauseCreateInput, 'amount' | 'currency' | 'amountQualifier' | 'amountHigh' | 'amountPeriod'>
type Quantity = Pick<Prisma.ClauseCreateInput, 'quantity' | 'quantityUnit' | 'quantityQualifier' | 'quantityHigh'>

interface FixtureClause extends Money, Quantity {
  kind: ClauseKind
  from: string
  to: string
  startsOn?: string
  endsOn?: string
  percentage?: number
  status?: 'ACTIVE' | 'WITHDRAWN'
  tranches?: Omit<Prisma.ClauseTrancheCreateManyClauseInput, 'position'>[]
}

interface FixtureAgreement {
  slug: string
  announcedOn: string
  amends?: string
  clauses: FixtureClause[]
}

const usd = (amount: number, more: Money = {}): Money => ({ amount, currency: 'USD', ...more })
const gw = (quantity: number, more: Quantity = {}): Quantity => ({ quantity, quantityUnit: 'GW', ...more })

const AGREEMENTS: FixtureAgreement[] = [
  {
    slug: 'lab-cloud',
    announcedOn: '2025-01',
    clauses: [
      { kind: 'COMPUTE_COMMITMENT', from: 'cloud', to: 'lab', ...usd(10 * B) }, // $10B …
      { kind: 'COMPUTE_COMMITMENT', from: 'cloud', to: 'lab', ...usd(100 * B, { amountQualifier: 'UP_TO' }) }, // … + up to $100B
      { kind: 'CAPACITY_PURCHASE', from: 'cloud', to: 'lab', quantity: 750, quantityUnit: 'MW' }, // 0.75 GW …
      { kind: 'CAPACITY_PURCHASE', from: 'cloud', to: 'lab', ...gw(1, { quantityQualifier: 'UP_TO' }) }, // … + up to 1 GW
      { kind: 'LEASE', from: 'cloud', to: 'lab', ...usd(2 * B, { amountPeriod: 'PER_YEAR' }) }, // a yearly sum: its own total
      { kind: 'COMPUTE_COMMITMENT', from: 'cloud', to: 'lab', amount: 5 * B, currency: 'EUR' }, // euros: their own total
      { kind: 'COMPUTE_COMMITMENT', from: 'cloud', to: 'lab', quantity: 100_000, quantityUnit: 'GPUS', quantityQualifier: 'ABOUT' },
      { kind: 'COMPUTE_COMMITMENT', from: 'cloud', to: 'lab', ...usd(1000 * B), status: 'WITHDRAWN' }, // never counted
      { kind: 'COMPUTE_COMMITMENT', from: 'cloud', to: 'lab', ...usd(7 * B), startsOn: '2026-07' }, // contracted on D, due later
      { kind: 'COMPUTE_COMMITMENT', from: 'cloud', to: 'lab', ...usd(3 * B), endsOn: '2026-03' }, // no longer on D
      { kind: 'REVENUE_SHARE', from: 'cloud', to: 'lab', ...usd(9 * B) }, // not a compute kind
    ],
  },
  {
    slug: 'lab-chipco',
    announcedOn: '2025-06',
    clauses: [
      {
        // No headline: its tranches count (GW 1 + 2–3; $1B + at least $2B).
        kind: 'CHIP_SUPPLY',
        from: 'chipco',
        to: 'lab',
        tranches: [
          { quantity: 1, quantityUnit: 'GW', amount: 1 * B, currency: 'USD', ...partialDateColumns('on', parsePartialDate('2026')) },
          { quantity: 2, quantityHigh: 3, quantityQualifier: 'RANGE', quantityUnit: 'GW', condition: 'on milestones' },
          { amount: 2 * B, currency: 'USD', amountQualifier: 'AT_LEAST' },
        ],
      },
      // A headline: its tranches do not count again.
      {
        kind: 'CHIP_SUPPLY',
        from: 'chipco',
        to: 'lab',
        quantity: 50_000,
        quantityUnit: 'CHIPS',
        tranches: [{ quantity: 10, quantityUnit: 'CHIPS' }],
      },
    ],
  },
  // The first version ends the day before its amendment starts.
  { slug: 'lab-power-2024', announcedOn: '2024-01-01', clauses: [{ kind: 'POWER_PURCHASE', from: 'powerco', to: 'lab', ...gw(1) }] },
  {
    slug: 'lab-power-2026',
    announcedOn: '2026-02-01',
    amends: 'lab-power-2024',
    clauses: [{ kind: 'POWER_PURCHASE', from: 'powerco', to: 'lab', ...gw(2) }],
  },
  {
    slug: 'fund-lab',
    announcedOn: '2025-01-01',
    clauses: [
      { kind: 'INVESTMENT', from: 'fund', to: 'lab', ...usd(1 * B) },
      { kind: 'INVESTMENT', from: 'fund', to: 'lab', ...usd(4 * B, { amountQualifier: 'UP_TO' }) },
      // The stake runs the other way: issued by the investee to the investor; the latest in force counts.
      { kind: 'EQUITY_STAKE', from: 'lab', to: 'fund', percentage: 5, startsOn: '2025-01' },
      { kind: 'EQUITY_STAKE', from: 'lab', to: 'fund', percentage: 8, startsOn: '2026-03' },
      { kind: 'EQUITY_STAKE', from: 'lab', to: 'fund', percentage: 30, startsOn: '2026-03', status: 'WITHDRAWN' },
      // Counted, but shares are not money: no total.
      { kind: 'INVESTMENT', from: 'fund', to: 'lab', quantity: 1000, quantityUnit: 'SHARES' },
    ],
  },
  {
    slug: 'cloud-lab-investment',
    announcedOn: '2026-01',
    clauses: [
      {
        kind: 'INVESTMENT',
        from: 'cloud',
        to: 'lab',
        tranches: [
          { amount: 15 * B, currency: 'USD' },
          { amount: 35 * B, currency: 'USD', condition: 'once conditions are met' },
        ],
      },
    ],
  },
]

async function build(prisma: PrismaClient): Promise<void> {
  const id = new Map<string, string>()
  for (const slug of ['lab', 'cloud', 'chipco', 'powerco', 'fund']) {
    id.set(slug, (await prisma.company.create({ data: { slug, name: slug.toUpperCase(), kinds: ['OTHER'] } })).id)
  }
  for (const a of AGREEMENTS) {
    const agreement = await prisma.agreement.create({
      data: {
        slug: a.slug,
        title: a.slug,
        status: 'ACTIVE',
        ...partialDateColumns('announced', parsePartialDate(a.announcedOn)),
        amendsId: a.amends ? id.get(a.amends)! : null,
      },
    })
    id.set(a.slug, agreement.id)
    for (const [index, { kind, from, to, startsOn, endsOn, tranches, ...values }] of a.clauses.entries()) {
      await prisma.clause.create({
        data: {
          key: `${a.slug}#${index + 1}`,
          position: index + 1,
          agreementId: agreement.id,
          kind,
          summary: `${kind} ${from}→${to}`,
          grantorId: id.get(from)!,
          granteeId: id.get(to)!,
          ...values,
          ...(values.status === 'WITHDRAWN' && { statusNote: 'never agreed', statusChangedAt: new Date() }),
          ...partialDateColumns('starts', startsOn ? parsePartialDate(startsOn) : null),
          ...partialDateColumns('ends', endsOn ? parsePartialDate(endsOn) : null),
          tranches: { create: (tranches ?? []).map((t, position) => ({ ...t, position })) },
        },
      })
    }
  }
}

let api: TestApi
beforeAll(async () => {
  api = await startTestApi(build)
}, 60_000)
afterAll(() => api?.close())

async function data(query: string, variables?: Record<string, unknown>) {
  const result = await api.query(query, variables)
  expect(result.errors).toBeUndefined()
  return result.data!
}

const TOTAL = 'low high qualifier approximate unit currency period text parts'
const compute = async (variables: Record<string, unknown>) =>
  (
    await data(
      `query($on: Date!, $buyer: String, $provider: String, $first: Int) {
        computeContracted(on: $on, buyer: $buyer, provider: $provider, first: $first) {
          buyer { slug } provider { slug } totals { ${TOTAL} } clauses { key } clauseCount
        }
      }`,
      variables,
    )
  ).computeContracted
const investment = async (variables: Record<string, unknown>) =>
  (
    await data(
      `query($on: Date!, $investor: String, $investee: String, $first: Int) {
        investmentTotals(on: $on, investor: $investor, investee: $investee, first: $first) {
          investor { slug } investee { slug } totals { ${TOTAL} } stake stakeClause { key } clauses { key } clauseCount
        }
      }`,
      variables,
    )
  ).investmentTotals

const pairOf = (row: { buyer?: { slug: string }; provider?: { slug: string }; investor?: { slug: string }; investee?: { slug: string } }) =>
  row.buyer ? `${row.provider!.slug}→${row.buyer.slug}` : `${row.investor!.slug}→${row.investee!.slug}`

describe('computeContracted', () => {
  it('one row per provider and buyer, largest GW first (by the high end)', async () => {
    const rows = await compute({ on: D })
    // chipco 3–4 GW, powerco 2 GW, cloud 0.75–1.75 GW.
    expect(rows.map(pairOf)).toEqual(['chipco→lab', 'powerco→lab', 'cloud→lab'])
  })

  it('adds qualified figures honestly, never across units, currencies or periods', async () => {
    const [cloud] = await compute({ on: D, buyer: 'lab', provider: 'cloud' })
    expect(cloud.totals).toEqual([
      { low: 0.75, high: 1.75, qualifier: 'RANGE', approximate: false, unit: 'GW', currency: null, period: null, text: '0.75–1.75 GW', parts: 2 },
      {
        low: 100_000,
        high: 100_000,
        qualifier: 'ABOUT',
        approximate: true,
        unit: 'GPUS',
        currency: null,
        period: null,
        text: 'about 100,000 GPUs',
        parts: 1,
      },
      { low: 5 * B, high: 5 * B, qualifier: 'EXACT', approximate: false, unit: null, currency: 'EUR', period: null, text: '€5B', parts: 1 },
      { low: 17 * B, high: 117 * B, qualifier: 'RANGE', approximate: false, unit: null, currency: 'USD', period: null, text: '$17–117B', parts: 3 },
      {
        low: 2 * B,
        high: 2 * B,
        qualifier: 'EXACT',
        approximate: false,
        unit: null,
        currency: 'USD',
        period: 'PER_YEAR',
        text: '$2B a year',
        parts: 1,
      },
    ])
    // Withdrawn, no longer in force, or of another kind: not counted; due to start later: counted.
    expect(cloud.clauses.map((c: { key: string }) => c.key)).toEqual([
      'lab-cloud#1',
      'lab-cloud#2',
      'lab-cloud#3',
      'lab-cloud#4',
      'lab-cloud#5',
      'lab-cloud#6',
      'lab-cloud#7',
      'lab-cloud#9',
    ])
    expect(cloud.clauseCount).toBe(8)
  })

  it('counts the tranches of a clause without a headline, and only the headline of one with it', async () => {
    const [chipco] = await compute({ on: D, provider: 'chipco' })
    expect(chipco.totals.map((t: { text: string; parts: number }) => [t.text, t.parts])).toEqual([
      ['3–4 GW', 2],
      ['50,000 chips', 1],
      ['at least $3B', 2],
    ])
    expect(chipco.totals[2]).toMatchObject({ low: 3 * B, high: null, qualifier: 'AT_LEAST' })
  })

  it('counts what is in force on the day', async () => {
    const power = async (on: string) => (await compute({ on, provider: 'powerco' })).map((r: { totals: { text: string }[] }) => r.totals[0]!.text)
    expect(await power('2025-06-01')).toEqual(['1 GW'])
    expect(await power('2026-01-31')).toEqual(['1 GW'])
    expect(await power('2026-02-01')).toEqual(['2 GW'])
    expect(await power('2023-12-31')).toEqual([])
    const cloudUsd = async (on: string) =>
      (await compute({ on, provider: 'cloud' }))[0].totals.filter((t: { currency: string; period: string }) => t.currency === 'USD' && !t.period)[0]
        .text
    expect(await cloudUsd('2026-01-15')).toBe('$20–120B') // the clause ending 2026-03 is in force, the one due 2026-07 contracted
    expect(await cloudUsd('2026-08-01')).toBe('$17–117B') // the one ending 2026-03 is over
  })

  it('filters by buyer and provider, and takes the largest rows first', async () => {
    expect((await compute({ on: D, buyer: 'lab', first: 1 })).map(pairOf)).toEqual(['chipco→lab'])
    expect(await compute({ on: D, buyer: 'cloud' })).toEqual([])
    const unknown = await api.query(`{ computeContracted(on: "${D}", provider: "no-such-company") { clauseCount } }`)
    expect(unknown.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', argument: 'provider' })
    expect(await compute({ on: D, first: 0 })).toEqual([])
  })

  it('reads a fixed number of statements, whatever the rows and their clauses ask for', async () => {
    const query = `query($first: Int) { computeContracted(on: "${D}", first: $first) {
      buyer { slug name } provider { slug } totals { text } clauses { key grantor { slug } agreement { slug parties { role } } }
    } }`
    const counts = []
    for (const first of [1, 3]) {
      expect((await api.query(query, { first })).data!.computeContracted).toHaveLength(first)
      counts.push(api.statements.length)
    }
    expect(counts[1]).toBe(counts[0])
  })

  it('refuses a page over the limit', async () => {
    const result = await api.query('{ computeContracted(on: "2026-06-01", first: 101) { clauseCount } }')
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT')
  })
})

describe('investmentTotals', () => {
  it('one row per investor and investee, the largest US-dollar total first', async () => {
    const rows = await investment({ on: D })
    expect(rows.map(pairOf)).toEqual(['cloud→lab', 'fund→lab'])
    expect(rows[0].totals).toEqual([
      { low: 50 * B, high: 50 * B, qualifier: 'EXACT', approximate: false, unit: null, currency: 'USD', period: null, text: '$50B', parts: 2 },
    ])
    expect(rows[0]).toMatchObject({ stake: null, stakeClause: null, clauseCount: 1 })
    expect(rows[1].totals[0]).toMatchObject({ low: 1 * B, high: 5 * B, qualifier: 'RANGE', text: '$1–5B', parts: 2 })
  })

  it('gives the latest stake in force between the pair', async () => {
    const fund = async (on: string) => (await investment({ on, investor: 'fund', investee: 'lab' }))[0]
    expect(await fund(D)).toMatchObject({
      stake: 8,
      stakeClause: { key: 'fund-lab#4' },
      clauses: [{ key: 'fund-lab#1' }, { key: 'fund-lab#2' }, { key: 'fund-lab#6' }],
      totals: [{ currency: 'USD', text: '$1–5B' }],
    })
    expect(await fund('2025-06-01')).toMatchObject({ stake: 5, stakeClause: { key: 'fund-lab#3' } })
  })

  it('counts nothing before the deals', async () => {
    expect(await investment({ on: '2024-06-01' })).toEqual([])
  })
})
