import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startWriteApi, type WriteApi } from '../helpers/write-api.js'
import { baseAgreement, buildWorld, mutate, ok, SOURCE_A, SOURCE_B } from '../helpers/write-fixtures.js'

// Issue 20's terms through the API: createAgreement and amendAgreement take every field with the
// import's rules (a ValidationError naming the input path), `changes` and WriteHistory cover them.

let api: WriteApi
let key: string
const A = [{ url: SOURCE_A, basis: 'OFFICIAL' }]
const B = [{ url: SOURCE_B, basis: 'PRESS_REPORT' }]

const TERMS = `key amount { text } quantity { text } valuation { text } strike { text } cloudScope
  tranches { amount { text } quantity { text } on { text } condition } alternatives { field value note citations { basis source { url } } }
  replaces { key } replacedBy { key } citations { basis fields }`

const warrant = {
  kind: 'WARRANT',
  summary: 'Warrants for shares',
  grantor: 'openai',
  grantee: 'microsoft',
  quantity: { value: 160000000, unit: 'SHARES' },
  strike: { amount: 0.01, currency: 'USD' },
  valuation: { amount: 500000000000, currency: 'USD', basis: 'POST_MONEY' },
  amount: { amount: 20000000, currency: 'USD', qualifier: 'RANGE', high: 25000000, period: 'PER_YEAR' },
  tranches: [
    { amount: { amount: 15000000000, currency: 'USD' }, on: '2026-02' },
    { quantity: { value: 1, unit: 'GW', qualifier: 'ABOUT' }, condition: 'first gigawatt' },
  ],
  alternatives: [{ field: 'cap', value: '{"amount": 38000000000, "currency": "USD"}', note: 'One report', citations: B }],
  citations: [{ url: SOURCE_A, basis: 'OFFICIAL', fields: ['quantity', 'strike'] }],
}

beforeAll(async () => {
  api = await startWriteApi()
  key = await api.key(['WRITE'])
  await buildWorld(api, key)
}, 60_000)
afterAll(() => api?.close())

describe('writing the terms', () => {
  it('createSource and updateSource take a kind', async () => {
    const created = await ok(api, key, 'createSource', { input: { url: 'https://example.org/wire', kind: 'NEWS_OUTLET' } }, 'url kind version')
    expect(created).toMatchObject({ kind: 'NEWS_OUTLET' })
    const updated = await ok(
      api,
      key,
      'updateSource',
      { input: { url: 'https://example.org/wire', expectedVersion: created.version, kind: 'AGGREGATOR' } },
      'kind',
    )
    expect(updated).toEqual({ kind: 'AGGREGATOR' })
  })

  it('createAgreement stores every field, as GraphQL then shows it', async () => {
    const base = baseAgreement('terms-2024')
    const created = await ok(
      api,
      key,
      'createAgreement',
      {
        input: {
          ...base,
          value: { amount: 100000000000, currency: 'USD', qualifier: 'UP_TO' },
          citations: [{ url: SOURCE_A, basis: 'OFFICIAL', fields: ['value'] }],
          clauses: [
            ...base.clauses,
            warrant,
            { kind: 'COMPUTE_COMMITMENT', summary: 'Any cloud', grantor: 'microsoft', grantee: 'openai', cloudScope: 'ANY', citations: A },
          ],
        },
      },
      `value { text } citations { fields } clauses { ${TERMS} }`,
    )
    expect(created.value).toEqual({ text: 'up to $100B' })
    expect(created.citations).toEqual([{ fields: ['value'] }])
    expect(created.clauses[3]).toEqual({
      key: 'terms-2024#4',
      amount: { text: '$20–25M a year' },
      quantity: { text: '160,000,000 shares' },
      valuation: { text: '$500B post-money' },
      strike: { text: '$0.01' },
      cloudScope: null,
      tranches: [
        { amount: { text: '$15B' }, quantity: null, on: { text: '2026-02' }, condition: null },
        { amount: null, quantity: { text: 'about 1 GW' }, on: null, condition: 'first gigawatt' },
      ],
      alternatives: [{ field: 'cap', value: '$38B', note: 'One report', citations: [{ basis: 'PRESS_REPORT', source: { url: SOURCE_B } }] }],
      replaces: [],
      replacedBy: [],
      citations: [{ basis: 'OFFICIAL', fields: ['quantity', 'strike'] }],
    })
    expect(created.clauses[4].cloudScope).toBe('ANY')
  })

  it('refuses bad values with a ValidationError at each input path', async () => {
    const base = baseAgreement('terms-bad')
    const outcome = await mutate(api, key, 'createAgreement', {
      input: {
        ...base,
        value: { amount: 10, currency: 'USD', high: 20 },
        citations: [{ url: SOURCE_A, basis: 'OFFICIAL', fields: ['cap'] }],
        clauses: [
          {
            ...warrant,
            amount: { amount: 20, currency: 'USD', qualifier: 'RANGE', high: 10 },
            quantity: { value: -1, unit: 'SHARES' },
            tranches: [{ on: '2026' }],
            alternatives: [
              { field: 'percentage', value: 'twenty', citations: B },
              { field: 'summary', value: '"x"', citations: B },
              { field: 'cap', value: '38', citations: B },
            ],
            replaces: ['nowhere#1'],
          },
          { kind: 'OTHER', summary: 'Named but none', cloudScope: 'NAMED', citations: A },
        ],
      },
    })
    expect(outcome.__typename).toBe('ValidationError')
    expect(outcome.issues!.map((i) => `${i.path}: ${i.message}`)).toEqual([
      'input.clauses[0].amount.high: 10 must be above the low end 20',
      'input.clauses[0].quantity.value: -1 is negative: quantities must be 0 or more',
      'input.clauses[0].tranches[0]: must have an amount, a quantity or both',
      'input.clauses[0].alternatives[0].value: is not JSON: give the value as JSON text, e.g. 20 or {"amount": 1, "currency": "USD"}',
      'input.clauses[0].alternatives[1].field: must be one of amount, cap, percentage, quantity, valuation, strike, startsOn, endsOn, exclusivity',
      'input.clauses[0].alternatives[2].value: Invalid input: expected object, received number',
      'input.value.high: only a RANGE has a high end: set qualifier to RANGE or leave high out',
      'input.citations[0].fields[0]: Invalid option: expected one of "title"|"description"|"kinds"|"status"|"announcedOn"|"effectiveOn"|"endsOn"|"terminatedOn"|"value"|"parties"|"amends"|"supplements"|"deal"',
    ])
    const refs = await mutate(api, key, 'createAgreement', {
      input: { ...base, clauses: [{ kind: 'OTHER', summary: 'Named but none', cloudScope: 'NAMED', replaces: ['nowhere#1'], citations: A }] },
    })
    expect(refs.issues!.map((i) => `${i.path}: ${i.message}`)).toEqual(['input.clauses[0].replaces[0]: no clause has the key "nowhere#1"'])
    const scope = await mutate(api, key, 'createAgreement', {
      input: { ...base, clauses: [{ kind: 'OTHER', summary: 'Named but none', cloudScope: 'NAMED', citations: A }] },
    })
    expect(scope.issues!.map((i) => `${i.path}: ${i.message}`)).toEqual(['input.clauses[0].cloudScope: is NAMED, but cloudProviders names no cloud'])
  })

  it('replaces a clause of a supplement of the same deal, and nothing else', async () => {
    const side = await ok(
      api,
      key,
      'createAgreement',
      {
        input: { ...baseAgreement('terms-side'), supplements: 'terms-2024', announcedOn: '2024-06' },
      },
      'slug',
    )
    expect(side.slug).toBe('terms-side')
    const own = await mutate(api, key, 'amendAgreement', {
      slug: 'terms-2024',
      input: {
        slug: 'terms-2025-bad',
        announcedOn: '2025-01',
        citations: A,
        add: [{ kind: 'OTHER', summary: 'x', replaces: ['terms-2024#1', 'ms-oai-2019#1'], citations: A }],
      },
    })
    expect(own.issues!.map((i) => `${i.path}: ${i.message}`)).toEqual([
      'input.add[0].replaces[0]: "terms-2024#1" is a clause of the amended version "terms-2024": use supersedes',
      'input.add[0].replaces[1]: "ms-oai-2019#1" is not a clause of an agreement that supplements a version of this deal (it belongs to "ms-oai-2019")',
    ])
    const amended = await ok(
      api,
      key,
      'amendAgreement',
      {
        slug: 'terms-2024',
        input: {
          slug: 'terms-2025',
          announcedOn: '2025-01',
          citations: A,
          modify: [
            { key: 'terms-2024#1', changes: { exclusivity: 'NON_EXCLUSIVE', replaces: ['terms-side#1'] } },
            {
              key: 'terms-2024#4',
              changes: {
                tranches: [{ amount: { amount: 15000000000, currency: 'USD' }, on: '2026-03' }],
                amount: { amount: 20000000, currency: 'USD', qualifier: 'ABOUT' },
              },
            },
          ],
        },
      },
      `id clauses { ${TERMS} } changes { type fields after { key } }`,
    )
    expect(amended.clauses[0].replaces).toEqual([{ key: 'terms-side#1' }])
    expect(amended.changes.filter((c: { type: string }) => c.type === 'MODIFIED')).toEqual([
      { type: 'MODIFIED', fields: ['exclusivity', 'replaces'], after: { key: 'terms-2025#1' } },
      { type: 'MODIFIED', fields: ['amount', 'tranches'], after: { key: 'terms-2025#4' } },
    ])
    // Carried untouched: alternatives and cited fields come along, and nothing else changed.
    expect(amended.clauses[3]).toMatchObject({
      alternatives: [{ field: 'cap', value: '$38B' }],
      citations: [{ fields: ['quantity', 'strike'] }],
      amount: { text: 'about $20M' },
    })
    expect(amended.changes.find((c: { after: { key: string } | null }) => c.after?.key === 'terms-2025#5')).toMatchObject({ type: 'UNCHANGED' })
    const side1 = await api.query('{ agreement(slug: "terms-side") { clauses { key replacedBy { key } } } }', {}, key)
    expect(side1.data!.agreement.clauses[0]).toEqual({ key: 'terms-side#1', replacedBy: [{ key: 'terms-2025#1' }] })
  })

  it('records the terms in WriteHistory as the import does', async () => {
    const clause = await api.prisma.clause.findUniqueOrThrow({ where: { key: 'terms-2025#4' } })
    const record = await api.prisma.writeHistory.findFirstOrThrow({ where: { entityId: clause.id } })
    const after = record.after as Record<string, any>
    expect(after).toMatchObject({ amountQualifier: 'ABOUT', quantityUnit: 'SHARES', strikeAmount: '0.01', valuationBasis: 'POST_MONEY' })
    expect(after.tranches).toEqual([
      {
        position: 1,
        amount: 15000000000,
        currency: 'USD',
        amountQualifier: 'EXACT',
        amountHigh: null,
        amountPeriod: null,
        quantity: null,
        quantityHigh: null,
        quantityUnit: null,
        quantityQualifier: 'EXACT',
        onText: '2026-03',
        condition: null,
      },
    ])
    expect(after.alternatives).toEqual([
      {
        position: 1,
        field: 'cap',
        value: { amount: 38000000000, currency: 'USD' },
        note: 'One report',
        citations: [{ sourceId: expect.any(String), basis: 'PRESS_REPORT' }],
      },
    ])
    expect(after.citations).toEqual([{ sourceId: expect.any(String), basis: 'OFFICIAL', fields: ['quantity', 'strike'] }])
    expect(after.replacedIds).toEqual([])
  })
})
