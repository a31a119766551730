import { describe, expect, it } from 'vitest'
import { changedFields, DIFF_FIELDS, diffClauses, type DiffableClause } from '../../src/domain/clause-diff.js'

// The Microsoft–OpenAI licence as a baseline clause; tests override what they need.
function licence(over: Partial<DiffableClause> & { id: string }): DiffableClause {
  return {
    kind: 'LICENSE_GRANT',
    supersedesId: null,
    summary: 'Microsoft licenses OpenAI models and products',
    grantorId: 'openai',
    granteeId: 'microsoft',
    subjectIds: ['openai-models', 'openai-products'],
    cloudProviderIds: [],
    exclusivity: 'EXCLUSIVE',
    startsOn: null,
    endsOn: '2030',
    percentage: null,
    amount: null,
    currency: null,
    capped: null,
    capAmount: null,
    capCurrency: null,
    condition: null,
    ...over,
  }
}

const successor = (of: DiffableClause, id: string, over: Partial<DiffableClause> = {}) =>
  ({ ...of, id, supersedesId: of.id, ...over }) satisfies DiffableClause

describe('changedFields', () => {
  const base = licence({ id: 'a' })

  it.each<[Partial<DiffableClause>, string[]]>([
    [{}, []],
    [{ kind: 'DISTRIBUTION_RIGHTS' }, ['kind']],
    [{ summary: 'Changed wording' }, ['summary']],
    [{ grantorId: 'microsoft' }, ['grantor']],
    [{ granteeId: null }, ['grantee']],
    [{ subjectIds: ['openai-models'] }, ['subjects']],
    [{ cloudProviderIds: ['azure'] }, ['cloudProviders']],
    [{ exclusivity: 'NON_EXCLUSIVE' }, ['exclusivity']],
    [{ startsOn: '2019-07' }, ['startsOn']],
    [{ endsOn: '2032' }, ['endsOn']],
    [{ percentage: 20 }, ['percentage']],
    [{ amount: 13_000_000_000, currency: 'USD' }, ['amount']],
    [{ capped: true }, ['capped']],
    [{ capAmount: 92_000_000_000, capCurrency: 'USD' }, ['cap']],
    [{ condition: 'until AGI is declared' }, ['condition']],
  ])('%j → %j', (over, fields) => {
    expect(changedFields(base, { ...base, ...over })).toEqual(fields)
  })

  it('reports several fields in the fixed public order, whatever order they were set in', () => {
    const after = {
      ...base,
      condition: 'x',
      endsOn: '2032',
      exclusivity: 'NON_EXCLUSIVE',
      kind: 'OTHER',
      grantorId: null,
    }
    expect(changedFields(base, after)).toEqual(['kind', 'grantor', 'exclusivity', 'endsOn', 'condition'])
  })

  it('names every field when everything differs, in the documented order', () => {
    const other: DiffableClause = {
      id: 'b',
      kind: 'REVENUE_SHARE',
      supersedesId: 'a',
      summary: 'OpenAI shares revenue with Microsoft',
      grantorId: 'microsoft',
      granteeId: 'openai',
      subjectIds: ['chatgpt'],
      cloudProviderIds: ['azure'],
      exclusivity: 'UNSPECIFIED',
      startsOn: '2025-10-28',
      endsOn: '2032',
      percentage: 20,
      amount: 1,
      currency: 'USD',
      capped: true,
      capAmount: 2,
      capCurrency: 'USD',
      condition: 'first on Azure',
      quantity: 6,
      quantityUnit: 'GW',
      valuationAmount: 5e11,
      valuationCurrency: 'USD',
      strikeAmount: 0.01,
      strikeCurrency: 'USD',
      cloudScope: 'ANY',
      tranches: '[[1]]',
      alternatives: '[[1]]',
      replacedIds: ['gpt3-licence'],
    }
    expect(changedFields(base, other)).toEqual([...DIFF_FIELDS])
    expect(DIFF_FIELDS).toEqual([
      'kind',
      'summary',
      'grantor',
      'grantee',
      'subjects',
      'cloudProviders',
      'exclusivity',
      'startsOn',
      'endsOn',
      'percentage',
      'amount',
      'capped',
      'cap',
      'quantity',
      'valuation',
      'strike',
      'cloudScope',
      'tranches',
      'alternatives',
      'condition',
      'replaces',
    ])
  })

  it('tells qualified amounts apart, and a copy that names no replacement repeats none', () => {
    const exact = { ...base, amount: 10, currency: 'USD' }
    expect(changedFields(exact, { ...exact, amountQualifier: 'UP_TO' })).toEqual(['amount'])
    expect(changedFields(exact, { ...exact, amountQualifier: 'EXACT', amountHigh: null })).toEqual([])
    expect(changedFields({ ...base, replacedIds: ['old'] }, { ...base, replacedIds: [] })).toEqual([])
    expect(changedFields({ ...base, replacedIds: ['old'] }, { ...base, replacedIds: ['other'] })).toEqual(['replaces'])
  })

  it('compares subjects and cloud providers as sets', () => {
    const before = { ...base, cloudProviderIds: ['azure', 'aws'] }
    const reordered = { subjectIds: ['openai-products', 'openai-models'], cloudProviderIds: ['aws', 'azure', 'aws'] }
    expect(changedFields(before, { ...before, ...reordered })).toEqual([])
    const more = { ...before, cloudProviderIds: ['azure', 'aws', 'oci'] }
    expect(changedFields(before, more)).toEqual(['cloudProviders'])
  })

  it('treats amount and currency as one Money value', () => {
    const paid = { ...base, amount: 20, currency: 'USD' }
    expect(changedFields(paid, { ...paid, amount: 20.0 })).toEqual([])
    expect(changedFields(paid, { ...paid, currency: 'EUR' })).toEqual(['amount'])
    expect(changedFields(paid, { ...paid, amount: 21 })).toEqual(['amount'])
    expect(changedFields(paid, { ...paid, amount: null, currency: null })).toEqual(['amount'])
    // Without an amount there is no Money to show, so a currency on its own changes nothing.
    expect(changedFields({ ...base, currency: 'USD' }, base)).toEqual([])
  })

  it('treats cap amount and cap currency as one Money value, separate from capped', () => {
    const capped = { ...base, capped: true, capAmount: 92_000_000_000, capCurrency: 'USD' }
    expect(changedFields(capped, { ...capped, capCurrency: 'EUR' })).toEqual(['cap'])
    expect(changedFields(capped, { ...capped, capped: false, capAmount: null, capCurrency: null })).toEqual(['capped', 'cap'])
    expect(changedFields({ ...base, capped: null }, { ...base, capped: false })).toEqual(['capped'])
  })

  it('treats equal numbers as equal however they were written', () => {
    expect(changedFields({ ...base, percentage: 20 }, { ...base, percentage: 20.0 })).toEqual([])
    expect(changedFields({ ...base, percentage: 0 }, { ...base, percentage: -0 })).toEqual([])
    expect(changedFields({ ...base, percentage: 0 }, { ...base, percentage: null })).toEqual(['percentage'])
    expect(changedFields({ ...base, percentage: 0.1 + 0.2 }, { ...base, percentage: 0.3 })).toEqual(['percentage'])
  })

  it('ignores ids and supersedes links', () => {
    expect(changedFields(base, { ...base, id: 'other', supersedesId: 'x' })).toEqual([])
  })
})

describe('diffClauses', () => {
  it('classifies each change type', () => {
    const keep = licence({ id: 'keep' })
    const edit = licence({ id: 'edit', kind: 'CLOUD_PRIMACY', exclusivity: 'EXCLUSIVE', cloudProviderIds: ['azure'] })
    const drop = licence({ id: 'drop', kind: 'REVENUE_SHARE', grantorId: 'microsoft', granteeId: 'openai' })
    const keep2 = successor(keep, 'keep2')
    const edit2 = successor(edit, 'edit2', { condition: 'first on Azure', exclusivity: 'NON_EXCLUSIVE' })
    const added = licence({ id: 'new', kind: 'DISTRIBUTION_RIGHTS', cloudProviderIds: ['aws'] })

    expect(diffClauses([keep, edit, drop], [added, edit2, keep2])).toEqual([
      { type: 'ADDED', kind: 'DISTRIBUTION_RIGHTS', before: null, after: added, fields: [] },
      { type: 'MODIFIED', kind: 'CLOUD_PRIMACY', before: edit, after: edit2, fields: ['exclusivity', 'condition'] },
      { type: 'UNCHANGED', kind: 'LICENSE_GRANT', before: keep, after: keep2, fields: [] },
      { type: 'REMOVED', kind: 'REVENUE_SHARE', before: drop, after: null, fields: [] },
    ])
  })

  it('lists REMOVED clauses after the others, in the order of the before list', () => {
    const [a, b, c] = ['a', 'b', 'c'].map((id) => licence({ id }))
    const changes = diffClauses([c!, a!, b!], [successor(a!, 'a2')])
    expect(changes.map((ch) => [ch.type, ch.before?.id])).toEqual([
      ['UNCHANGED', 'a'],
      ['REMOVED', 'c'],
      ['REMOVED', 'b'],
    ])
  })

  it('reports each of several successors of one clause as its own change', () => {
    const share = licence({ id: 'share', kind: 'REVENUE_SHARE', percentage: 20 })
    const kept = successor(share, 'kept')
    const split = successor(share, 'split', { percentage: 10, capped: true })
    const changes = diffClauses([share], [kept, split])
    expect(changes).toEqual([
      { type: 'UNCHANGED', kind: 'REVENUE_SHARE', before: share, after: kept, fields: [] },
      { type: 'MODIFIED', kind: 'REVENUE_SHARE', before: share, after: split, fields: ['percentage', 'capped'] },
    ])
  })

  it('reports a kind change as MODIFIED with the after kind', () => {
    const exclusive = licence({ id: 'x', kind: 'EXCLUSIVITY' })
    const rofr = successor(exclusive, 'r', { kind: 'RIGHT_OF_FIRST_REFUSAL' })
    expect(diffClauses([exclusive], [rofr])).toEqual([
      { type: 'MODIFIED', kind: 'RIGHT_OF_FIRST_REFUSAL', before: exclusive, after: rofr, fields: ['kind'] },
    ])
  })

  it('treats a clause that supersedes something outside the before list as ADDED', () => {
    const old = licence({ id: 'old' })
    const stray = licence({ id: 'stray', supersedesId: 'from-an-older-version' })
    expect(diffClauses([old], [stray]).map((c) => c.type)).toEqual(['ADDED', 'REMOVED'])
  })

  it('matches only through supersedes, never by equal content', () => {
    const old = licence({ id: 'old' })
    const lookalike = licence({ id: 'same-content' })
    expect(diffClauses([old], [lookalike]).map((c) => c.type)).toEqual(['ADDED', 'REMOVED'])
  })

  it('handles empty sides', () => {
    const a = licence({ id: 'a' })
    expect(diffClauses([], [])).toEqual([])
    expect(diffClauses([], [a]).map((c) => c.type)).toEqual(['ADDED'])
    expect(diffClauses([a], []).map((c) => c.type)).toEqual(['REMOVED'])
  })

  it('passes richer caller objects through untouched', () => {
    type Row = DiffableClause & { agreementSlug: string }
    const before: Row = { ...licence({ id: 'a' }), agreementSlug: 'v1' }
    const after: Row = { ...successor(before, 'b', { endsOn: '2032' }), agreementSlug: 'v2' }
    const [change] = diffClauses([before], [after])
    expect(change?.after?.agreementSlug).toBe('v2')
    expect(change?.before).toBe(before)
    expect(change?.fields).toEqual(['endsOn'])
  })
})
