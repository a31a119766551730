import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadShippedData } from '../../seed/load.js'
import { graphiqlTabs } from '../../src/graphiql-examples.js'
import { startTestApi, type TestApi } from '../helpers/api.js'

// The contract queries on the shipped Microsoft–OpenAI chain: the signature question, the as-of
// view, and what the latest version changed (the six terms of the seed article).

let api: TestApi
beforeAll(async () => {
  api = await startTestApi((prisma) => loadShippedData(prisma))
}, 60_000)
afterAll(() => api?.close())

const SIGNATURE = /* GraphQL */ `
  query($on: Date!, $exclusivity: Exclusivity) {
    licenses(filter: { licensor: "openai", licensee: "microsoft", exclusivity: $exclusivity, activeOn: $on }) {
      totalCount
      nodes {
        key exclusivity condition
        grantor { slug } grantee { slug }
        subjects { slug }
        endsOn { text precision earliest latest }
        agreement { slug status }
        sources { url publisher }
        citations { basis }
      }
    }
  }`

type Licence = {
  key: string
  exclusivity: string
  subjects: { slug: string }[]
  endsOn: { text: string; precision: string; earliest: string; latest: string } | null
  agreement: { slug: string }
  sources: { url: string }[]
  grantor: { slug: string }
  grantee: { slug: string }
}

const modelsAndProducts = (l: Licence) => l.subjects.some((s) => s.slug === 'openai-models')

describe('which models are licensed to whom, non-exclusively, until when', () => {
  it('today: Microsoft holds a non-exclusive licence to OpenAI models and products through 2032, with sources', async () => {
    const result = await api.query(SIGNATURE, { on: '2026-11-27', exclusivity: 'NON_EXCLUSIVE' })
    expect(result.errors).toBeUndefined()
    const licences = result.data!.licenses.nodes as Licence[]
    const licence = licences.find(modelsAndProducts)!
    expect(licence).toBeDefined()
    expect(licence.agreement.slug).toBe('microsoft-openai-2026-04-amendment')
    expect(licence.grantor.slug).toBe('openai')
    expect(licence.grantee.slug).toBe('microsoft')
    expect(licence.exclusivity).toBe('NON_EXCLUSIVE')
    expect(licence.subjects.map((s) => s.slug)).toEqual(expect.arrayContaining(['openai-models', 'openai-products']))
    expect(licence.endsOn).toEqual({ text: '2032', precision: 'YEAR', earliest: '2032-01-01', latest: '2032-12-31' })
    expect(licence.sources.length).toBeGreaterThan(0)
    for (const source of licence.sources) expect(source.url).toMatch(/^https?:\/\//)
  })

  it('"through 2032" is still in force on 2032-12-31 and no longer on 2033-01-01', async () => {
    const last = await api.query(SIGNATURE, { on: '2032-12-31', exclusivity: 'NON_EXCLUSIVE' })
    expect((last.data!.licenses.nodes as Licence[]).some(modelsAndProducts)).toBe(true)
    const after = await api.query(SIGNATURE, { on: '2033-01-01', exclusivity: 'NON_EXCLUSIVE' })
    expect((after.data!.licenses.nodes as Licence[]).some(modelsAndProducts)).toBe(false)
  })

  it('before the latest version, the same licence was exclusive (the October 2025 terms)', async () => {
    const nonExclusive = await api.query(SIGNATURE, { on: '2026-01-01', exclusivity: 'NON_EXCLUSIVE' })
    expect((nonExclusive.data!.licenses.nodes as Licence[]).some(modelsAndProducts)).toBe(false)

    const all = await api.query(SIGNATURE, { on: '2026-01-01' })
    const licence = (all.data!.licenses.nodes as Licence[]).find(modelsAndProducts)!
    expect(licence.agreement.slug).toBe('microsoft-openai-2025-10-definitive')
    expect(licence.exclusivity).toBe('EXCLUSIVE')
    expect(licence.endsOn?.text).toBe('2032')
  })

  it('the 2020 GPT-3 licence supplements the deal until the 2026 non-exclusive licence replaces it', async () => {
    const exclusiveFromGpt3 = async (on: string) => {
      const result = await api.query(SIGNATURE, { on, exclusivity: 'EXCLUSIVE' })
      return (result.data!.licenses.nodes as Licence[]).map((l) => l.agreement.slug).includes('microsoft-openai-gpt3-license-2020')
    }
    for (const on of ['2021-06-01', '2026-01-01', '2026-04-26']) expect(await exclusiveFromGpt3(on)).toBe(true)
    expect(await exclusiveFromGpt3('2026-04-27')).toBe(false)
    // After the 2026 update no exclusive OpenAI -> Microsoft licence is in force at all.
    const after = await api.query(SIGNATURE, { on: '2026-11-27', exclusivity: 'EXCLUSIVE' })
    expect((after.data!.licenses.nodes as Licence[]).filter((l) => l.agreement.slug.startsWith('microsoft-openai'))).toEqual([])
    const before = await api.query(SIGNATURE, { on: '2020-09-21' })
    expect(before.data!.licenses.totalCount).toBe(0)
  })
})

describe('the deal as it stood on a date', () => {
  const TERMS_ON = /* GraphQL */ `
    query($on: Date!) {
      agreements(filter: { party: "microsoft", activeOn: $on }) { nodes { slug } }
      clauses(filter: { grantor: "openai", grantee: "microsoft", activeOn: $on }, first: 100) {
        nodes { kind exclusivity agreement { slug } cloudProviders { slug } }
      }
    }`

  it('each day answers with the version in force then', async () => {
    const cases: [string, string][] = [
      ['2019-08-01', 'microsoft-openai-2019'],
      ['2023-06-01', 'microsoft-openai-2023-extension'],
      ['2025-06-01', 'microsoft-openai-2025-01-rofr'],
      ['2026-01-01', 'microsoft-openai-2025-10-definitive'],
      ['2026-11-27', 'microsoft-openai-2026-04-amendment'],
    ]
    for (const [on, version] of cases) {
      const result = await api.query(TERMS_ON, { on })
      expect(result.errors).toBeUndefined()
      const slugs = (result.data!.agreements.nodes as { slug: string }[]).map((a) => a.slug)
      const chainVersions = slugs.filter((s) => s.startsWith('microsoft-openai-') && !s.includes('gpt3') && !s.includes('mou'))
      expect(chainVersions, on).toEqual([version])
      const clauseVersions = new Set((result.data!.clauses.nodes as { agreement: { slug: string } }[]).map((c) => c.agreement.slug))
      for (const slug of clauseVersions) {
        expect([version, 'microsoft-openai-gpt3-license-2020', 'microsoft-openai-2025-09-mou']).toContain(slug)
      }
    }
  })

  it('Azure was the exclusive cloud before 2025 and is not exclusive now', async () => {
    const then = await api.query(TERMS_ON, { on: '2023-06-01' })
    const exclusiveAzure = (then.data!.clauses.nodes as { kind: string; exclusivity: string; cloudProviders: { slug: string }[] }[]).filter(
      (c) => c.kind === 'EXCLUSIVITY' && c.exclusivity === 'EXCLUSIVE' && c.cloudProviders.some((p) => p.slug === 'azure'),
    )
    expect(exclusiveAzure.length).toBeGreaterThan(0)
    const now = await api.query(TERMS_ON, { on: '2026-11-27' })
    const stillExclusive = (now.data!.clauses.nodes as { kind: string; exclusivity: string }[]).filter(
      (c) => c.kind === 'EXCLUSIVITY' && c.exclusivity === 'EXCLUSIVE',
    )
    expect(stillExclusive).toEqual([])
  })
})

describe('what changed in the latest version', () => {
  const CHANGES = /* GraphQL */ `{
    agreement(slug: "microsoft-openai-2026-04-amendment") {
      status
      amends { slug status }
      versions { slug }
      changes {
        type kind fields
        before { key exclusivity endsOn { text } }
        after {
          key summary exclusivity condition capped percentage
          grantor { slug } grantee { slug }
          endsOn { text latest }
          cloudProviders { slug }
          sources { url }
        }
      }
    }
  }`

  type Change = {
    type: string
    kind: string
    fields: string[]
    before: { exclusivity: string; endsOn: { text: string } | null } | null
    after: {
      key: string
      exclusivity: string
      condition: string | null
      capped: boolean | null
      grantor: { slug: string }
      grantee: { slug: string }
      endsOn: { text: string; latest: string } | null
      cloudProviders: { slug: string }[]
      sources: { url: string }[]
    } | null
  }
  let changes: Change[]

  beforeAll(async () => {
    const result = await api.query(CHANGES)
    expect(result.errors).toBeUndefined()
    const agreement = result.data!.agreement
    expect(agreement.status).toBe('ACTIVE')
    expect(agreement.amends).toEqual({ slug: 'microsoft-openai-2025-10-definitive', status: 'SUPERSEDED' })
    expect(agreement.versions.map((v: { slug: string }) => v.slug)).toEqual([
      'microsoft-openai-2019',
      'microsoft-openai-2021-investment',
      'microsoft-openai-2023-extension',
      'microsoft-openai-2025-01-rofr',
      'microsoft-openai-2025-10-definitive',
      'microsoft-openai-2026-04-amendment',
    ])
    changes = agreement.changes
  })

  const from = (grantor: string, grantee: string) => (c: Change) => c.after?.grantor.slug === grantor && c.after.grantee.slug === grantee

  it('the licence turned non-exclusive, still through 2032', () => {
    const change = changes.find((c) => c.kind === 'LICENSE_GRANT' && c.type === 'MODIFIED')!
    expect(change.fields).toContain('exclusivity')
    expect(change.before!.exclusivity).toBe('EXCLUSIVE')
    expect(change.after!.exclusivity).toBe('NON_EXCLUSIVE')
    expect(change.after!.endsOn!.text).toBe('2032')
  })

  it('Azure stays the primary cloud, first on Azure, with the exception kept as a condition', () => {
    const change = changes.find((c) => c.kind === 'CLOUD_PRIMACY')!
    expect(['ADDED', 'MODIFIED']).toContain(change.type)
    expect(change.after!.cloudProviders.map((p) => p.slug)).toContain('azure')
    expect(change.after!.condition).toMatch(/cannot/i)
  })

  it('OpenAI may serve on any cloud, no longer Azure only', () => {
    const change = changes.find((c) => c.kind === 'DISTRIBUTION_RIGHTS' && c.after?.key === 'microsoft-openai-2026-04-amendment#2')!
    expect(change.type).toBe('MODIFIED')
    expect(change.fields).toEqual(expect.arrayContaining(['cloudProviders', 'exclusivity']))
    expect(change.after!.exclusivity).toBe('NON_EXCLUSIVE')
    // Any cloud, not the two clouds the press named: no cloud is listed.
    expect(change.after!.cloudProviders).toEqual([])
  })

  it("Microsoft's revenue share to OpenAI ended", () => {
    const change = changes.find((c) => c.kind === 'REVENUE_SHARE' && from('microsoft', 'openai')(c))!
    expect(change).toBeDefined()
    expect(change.after!.endsOn!.text).toBe('2026-04-27')
  })

  it("OpenAI's revenue share to Microsoft runs through 2030 under a total cap", () => {
    const change = changes.find((c) => c.kind === 'REVENUE_SHARE' && c.type === 'MODIFIED' && from('openai', 'microsoft')(c))!
    expect(change.fields).toEqual(expect.arrayContaining(['endsOn', 'capped']))
    expect(change.after!.endsOn).toMatchObject({ text: '2030', latest: '2030-12-31' })
    expect(change.after!.capped).toBe(true)
  })

  it('Microsoft remains a major shareholder', () => {
    const change = changes.find((c) => c.kind === 'EQUITY_STAKE')!
    expect(['UNCHANGED', 'MODIFIED']).toContain(change.type)
    expect(change.after!.grantee.slug).toBe('microsoft')
  })

  it('the Azure exclusivity of the October 2025 terms is gone', () => {
    const removed = changes.filter((c) => c.type === 'REMOVED').map((c) => c.kind)
    expect(removed).toContain('EXCLUSIVITY')
  })

  it('types filters the list; every changed clause cites sources', async () => {
    const result = await api.query(`{ agreement(slug: "microsoft-openai-2026-04-amendment") {
      changes(types: [ADDED, MODIFIED]) { type after { sources { url } } } } }`)
    const filtered = result.data!.agreement.changes as { type: string; after: { sources: unknown[] } }[]
    expect(filtered.length).toBe(changes.filter((c) => c.type === 'ADDED' || c.type === 'MODIFIED').length)
    for (const change of filtered) expect(change.after.sources.length).toBeGreaterThan(0)
  })

  it('a first version has no changes', async () => {
    const result = await api.query('{ agreement(slug: "microsoft-openai-2019") { changes { type } versions { slug } } }')
    expect(result.data!.agreement.changes).toEqual([])
    expect(result.data!.agreement.versions).toHaveLength(6)
  })
})

describe('sources everywhere a fact is shown', () => {
  it('every agreement and every clause of the chain cites at least one source', async () => {
    const result = await api.query(
      `{ agreements(first: 100) { totalCount nodes { slug sources { url } clauses { key sources { url } citations { basis } } } } }`,
    )
    expect(result.errors).toBeUndefined()
    for (const agreement of result.data!.agreements.nodes) {
      expect(agreement.sources.length, agreement.slug).toBeGreaterThan(0)
      for (const clause of agreement.clauses) {
        expect(clause.sources.length, clause.key).toBeGreaterThan(0)
        expect(clause.citations.length).toBe(clause.sources.length)
      }
    }
  })
})

describe('global IDs', () => {
  it('node and nodes fetch any entity back by its ID', async () => {
    const result = await api.query(`{
      company(slug: "microsoft") { id }
      cloudProvider(slug: "azure") { id }
      agreement(slug: "microsoft-openai-2019") { id clauses { id } sources { id } }
      asset(slug: "openai-models") { id }
    }`)
    const d = result.data!
    const ids = [d.company.id, d.cloudProvider.id, d.agreement.id, d.agreement.clauses[0].id, d.agreement.sources[0].id, d.asset.id]
    const nodes = await api.query(
      `query($ids: [ID!]!) { nodes(ids: $ids) { __typename id } one: node(id: "${d.company.id}") { ... on Company { slug } } }`,
      { ids },
    )
    expect(nodes.errors).toBeUndefined()
    expect(nodes.data!.nodes.map((n: { __typename: string }) => n.__typename)).toEqual([
      'Company',
      'CloudProvider',
      'Agreement',
      'Clause',
      'Source',
      'Asset',
    ])
    expect(nodes.data!.nodes.map((n: { id: string }) => n.id)).toEqual(ids)
    expect(nodes.data!.one).toEqual({ slug: 'microsoft' })
  })
})

describe('the GraphiQL tabs on the shipped data', () => {
  it('each answers with data', async () => {
    const answers = []
    for (const tab of graphiqlTabs('2026-11-27')) {
      const answer = await api.query(tab.query)
      expect(answer.errors, tab.query.split('\n')[0]).toBeUndefined()
      answers.push(answer.data!)
    }
    const [licences, changes, asOf, graph] = answers
    expect(licences!.licenses.totalCount).toBeGreaterThan(0)
    expect(changes!.agreement.changes.length).toBeGreaterThan(0)
    expect(asOf!.clauses.totalCount).toBeGreaterThan(0)
    // Microsoft reaches Amazon through a partner; OpenAI's partners fill the 100-edge budget; the
    // misspelt "azur" finds Azure first.
    expect(graph!.partnershipPath.hops).toBeGreaterThan(1)
    expect(graph!.neighborhood.nodes.length).toBeGreaterThan(5)
    expect(graph!.neighborhood.edges.length).toBeLessThanOrEqual(100)
    expect(graph!.search[0]).toEqual({ __typename: 'CloudProvider', name: 'Microsoft Azure' })
  })
})
