import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startWriteApi, type WriteApi } from '../helpers/write-api.js'
import { buildWorld, mutate, ok, SOURCE_A, SOURCE_B } from '../helpers/write-fixtures.js'

// amendAgreement: a new version from the changes given, and `changes` then shows exactly that edit.

let api: WriteApi
let key: string
beforeAll(async () => {
  api = await startWriteApi()
  key = await api.key(['WRITE'])
  await buildWorld(api, key)
}, 60_000)
afterAll(() => api?.close())

const CHANGES = `changes { type kind fields before { key } after { key } }`
const CITED = [{ url: SOURCE_A, basis: 'PRESS_REPORT' }]

describe('amendAgreement', () => {
  let amended: any
  beforeAll(async () => {
    amended = await ok(
      api,
      key,
      'amendAgreement',
      {
        slug: 'ms-oai-2019',
        input: {
          slug: 'ms-oai-2025',
          effectiveOn: '2025-10-28',
          citations: [{ url: SOURCE_B, basis: 'OFFICIAL' }],
          modify: [
            { key: 'ms-oai-2019#1', changes: { exclusivity: 'NON_EXCLUSIVE', endsOn: '2032-12', citations: [{ url: SOURCE_B, basis: 'OFFICIAL' }] } },
          ],
          remove: ['ms-oai-2019#2'],
          add: [
            {
              kind: 'AGI_PROVISION',
              summary: 'An expert panel verifies AGI',
              grantor: 'openai',
              grantee: 'microsoft',
              citations: [{ url: SOURCE_B, basis: 'OFFICIAL' }],
            },
          ],
        },
      },
      `slug title status kinds version amends { slug status version } parties { role company { slug } } sources { url }
        versions { slug }
        clauses { key kind exclusivity endsOn { text } subjects { slug } cloudProviders { slug } sources { url } supersedes { key } }
        ${CHANGES}`,
    )
  })

  it('changes shows exactly the edit: MODIFIED with field names, REMOVED, ADDED, the rest UNCHANGED', () => {
    expect(amended.changes).toEqual([
      {
        type: 'MODIFIED',
        kind: 'LICENSE_GRANT',
        fields: ['exclusivity', 'endsOn'],
        before: { key: 'ms-oai-2019#1' },
        after: { key: 'ms-oai-2025#1' },
      },
      { type: 'UNCHANGED', kind: 'CLOUD_PRIMACY', fields: [], before: { key: 'ms-oai-2019#3' }, after: { key: 'ms-oai-2025#2' } },
      { type: 'ADDED', kind: 'AGI_PROVISION', fields: [], before: null, after: { key: 'ms-oai-2025#3' } },
      { type: 'REMOVED', kind: 'REVENUE_SHARE', fields: [], before: { key: 'ms-oai-2019#2' }, after: null },
    ])
  })

  it('carries unchanged clauses over as copies superseding them, with subjects, clouds and citations', () => {
    expect(amended.clauses).toEqual([
      {
        key: 'ms-oai-2025#1',
        kind: 'LICENSE_GRANT',
        exclusivity: 'NON_EXCLUSIVE',
        endsOn: { text: '2032-12' },
        subjects: [{ slug: 'gpt' }],
        cloudProviders: [],
        sources: [{ url: SOURCE_B }],
        supersedes: { key: 'ms-oai-2019#1' },
      },
      {
        key: 'ms-oai-2025#2',
        kind: 'CLOUD_PRIMACY',
        exclusivity: 'UNSPECIFIED',
        endsOn: null,
        subjects: [],
        cloudProviders: [{ slug: 'azure' }],
        sources: [{ url: SOURCE_A }],
        supersedes: { key: 'ms-oai-2019#3' },
      },
      {
        key: 'ms-oai-2025#3',
        kind: 'AGI_PROVISION',
        exclusivity: 'UNSPECIFIED',
        endsOn: null,
        subjects: [],
        cloudProviders: [],
        sources: [{ url: SOURCE_B }],
        supersedes: null,
      },
    ])
  })

  it('keeps title, kinds and parties, takes its own sources, and supersedes the amended version', () => {
    expect(amended).toMatchObject({
      slug: 'ms-oai-2025',
      title: 'Microsoft–OpenAI partnership',
      status: 'ACTIVE',
      kinds: ['LICENSE', 'CLOUD'],
      version: 1,
      amends: { slug: 'ms-oai-2019', status: 'SUPERSEDED', version: 2 },
      parties: [
        { role: 'LICENSEE', company: { slug: 'microsoft' } },
        { role: 'LICENSOR', company: { slug: 'openai' } },
      ],
      sources: [{ url: SOURCE_B }],
      versions: [{ slug: 'ms-oai-2019' }, { slug: 'ms-oai-2025' }],
    })
  })

  it('leaves the old version and its clauses untouched, and in force until the amendment starts', async () => {
    const result =
      await api.query(`{ agreement(slug: "ms-oai-2019") { clauses { key exclusivity version } old: inForce(on: "2025-10-27") gone: inForce(on: "2025-10-28") }
      licenses(filter: { activeOn: "2026-01-01" }) { nodes { key exclusivity } } }`)
    expect(result.data).toEqual({
      agreement: {
        clauses: [
          { key: 'ms-oai-2019#1', exclusivity: 'EXCLUSIVE', version: 1 },
          { key: 'ms-oai-2019#2', exclusivity: 'UNSPECIFIED', version: 1 },
          { key: 'ms-oai-2019#3', exclusivity: 'UNSPECIFIED', version: 1 },
        ],
        old: true,
        gone: false,
      },
      licenses: { nodes: [{ key: 'ms-oai-2025#1', exclusivity: 'NON_EXCLUSIVE' }] },
    })
  })

  it('refuses to amend a version that was already amended', async () => {
    const outcome = await mutate(api, key, 'amendAgreement', {
      slug: 'ms-oai-2019',
      input: { slug: 'ms-oai-2026', effectiveOn: '2026', citations: CITED },
    })
    expect(outcome).toMatchObject({ __typename: 'ConflictError', path: 'slug', currentVersion: 2 })
    expect(outcome.message).toContain('already amended by "ms-oai-2025"')
  })
})

describe('amendAgreement refusals', () => {
  beforeAll(async () => {
    await ok(api, key, 'createAgreement', {
      input: {
        slug: 'aws-deal',
        title: 'OpenAI on AWS',
        announcedOn: '2025-11-03',
        kinds: ['CLOUD'],
        parties: [
          { company: 'openai', role: 'CUSTOMER' },
          { company: 'amazon', role: 'PROVIDER' },
        ],
        clauses: [
          {
            kind: 'COMPUTE_COMMITMENT',
            summary: 'OpenAI buys compute',
            grantor: 'amazon',
            grantee: 'openai',
            cloudProviders: ['aws'],
            amount: { amount: 38e9, currency: 'USD' },
            citations: CITED,
          },
          { kind: 'OTHER', summary: 'Withdrawn later', grantor: 'amazon', grantee: 'openai', citations: CITED },
        ],
        citations: [{ url: SOURCE_A, basis: 'PRESS_REPORT' }],
      },
    })
  })

  it('names unknown clause keys, duplicate edits, empty patches and a start before the amended version', async () => {
    const outcome = await mutate(api, key, 'amendAgreement', {
      slug: 'aws-deal',
      input: {
        slug: 'aws-deal-2',
        announcedOn: '2025-10',
        citations: CITED,
        modify: [
          { key: 'aws-deal#9', changes: { summary: 'x' } },
          { key: 'aws-deal#1', changes: {} },
        ],
        remove: ['aws-deal#1'],
      },
    })
    expect(outcome.issues).toEqual([
      { path: 'input.modify[1].changes', message: 'lists no change: leave the clause out of `modify` to carry it over unchanged', code: 'invalid' },
    ])
    const second = await mutate(api, key, 'amendAgreement', {
      slug: 'aws-deal',
      input: {
        slug: 'aws-deal-2',
        announcedOn: '2025-10',
        citations: CITED,
        modify: [
          { key: 'aws-deal#9', changes: { summary: 'x' } },
          { key: 'aws-deal#1', changes: { summary: 'y' } },
        ],
        remove: ['aws-deal#1'],
      },
    })
    expect(second.issues).toEqual([
      { path: 'input.modify[0].key', message: 'the amended version has no clause with the key "aws-deal#9"', code: 'not_found' },
      { path: 'input.remove[0]', message: 'clause "aws-deal#1" is already changed at input.modify[1].key', code: 'duplicate' },
      { path: 'input.announcedOn', message: 'starts (2025-10) before the version it amends (2025-11-03)', code: 'starts_before_amended' },
    ])
  })

  it('needs a start date, and parties that still cover every carried clause', async () => {
    const noStart = await mutate(api, key, 'amendAgreement', { slug: 'aws-deal', input: { slug: 'aws-deal-2', citations: CITED } })
    expect(noStart.issues!.map((i) => [i.path, i.code])).toEqual([['input.effectiveOn', 'required']])
    const parties = await mutate(api, key, 'amendAgreement', {
      slug: 'aws-deal',
      input: {
        slug: 'aws-deal-2',
        effectiveOn: '2026',
        citations: CITED,
        parties: [
          { company: 'openai', role: 'CUSTOMER' },
          { company: 'microsoft', role: 'PROVIDER' },
        ],
      },
    })
    expect(parties.issues!.map((i) => i.path)).toEqual(['input.parties', 'input.parties'])
    expect(parties.issues![0]!.message).toContain('company "amazon" is the grantor of carried-over clause "aws-deal#1" but not a party')
  })

  it('cites its own sources, and leaves no modified clause uncited', async () => {
    const outcome = await mutate(api, key, 'amendAgreement', {
      slug: 'aws-deal',
      input: {
        slug: 'aws-deal-2',
        effectiveOn: '2026',
        modify: [
          { key: 'aws-deal#1', changes: { citations: [] } },
          { key: 'aws-deal#2', changes: { citations: null } },
        ],
      },
    })
    expect(outcome.issues).toEqual([
      { path: 'input.modify[0].changes.citations', message: 'must cite at least one source', code: 'too_small' },
      { path: 'input.modify[1].changes.citations', message: 'cannot be null: leave the field out to keep its value', code: 'not_null' },
      { path: 'input.citations', message: 'must cite at least one source', code: 'required' },
    ])
  })

  it('keeps the kind of a modified clause (it supersedes a clause of its own kind)', async () => {
    const outcome = await mutate(api, key, 'amendAgreement', {
      slug: 'aws-deal',
      input: { slug: 'aws-deal-2', effectiveOn: '2026', citations: CITED, modify: [{ key: 'aws-deal#1', changes: { kind: 'OTHER' } }] },
    })
    expect(outcome.issues).toEqual([
      {
        path: 'input.modify[0].changes.kind',
        message:
          'is OTHER, but the clause it supersedes ("aws-deal#1") is COMPUTE_COMMITMENT: a clause supersedes one of its own kind, so add a new clause instead',
        code: 'kind_changed',
      },
    ])
  })

  it('keeps a version to 200 clauses, carried ones included', async () => {
    const add = Array.from({ length: 199 }, (_, i) => ({ kind: 'OTHER', summary: `Term ${i}`, citations: CITED }))
    const outcome = await mutate(api, key, 'amendAgreement', {
      slug: 'aws-deal',
      input: { slug: 'aws-deal-2', effectiveOn: '2026', citations: CITED, add },
    })
    expect(outcome.issues).toEqual([
      { path: 'input.add', message: 'the new version would have 201 clauses: at most 200 are allowed', code: 'too_big' },
    ])
  })

  it('does not carry a withdrawn clause over (it shows as REMOVED)', async () => {
    await ok(api, key, 'setClauseStatus', { input: { key: 'aws-deal#2', expectedVersion: 1, status: 'WITHDRAWN', note: 'Misreported' } })
    const next = await ok(
      api,
      key,
      'amendAgreement',
      {
        slug: 'aws-deal',
        input: {
          slug: 'aws-deal-2',
          effectiveOn: '2026',
          citations: CITED,
          modify: [{ key: 'aws-deal#1', changes: { amount: { amount: 40e9, currency: 'USD' } } }],
        },
      },
      `clauses { key amount { amount currency } } ${CHANGES}`,
    )
    expect(next.clauses).toEqual([{ key: 'aws-deal-2#1', amount: { amount: 40e9, currency: 'USD' } }])
    expect(next.changes).toEqual([
      { type: 'MODIFIED', kind: 'COMPUTE_COMMITMENT', fields: ['amount'], before: { key: 'aws-deal#1' }, after: { key: 'aws-deal-2#1' } },
      { type: 'REMOVED', kind: 'OTHER', fields: [], before: { key: 'aws-deal#2' }, after: null },
    ])
  })

  it('reports an unknown agreement as NotFound', async () => {
    const outcome = await mutate(api, key, 'amendAgreement', { slug: 'no-such-deal', input: { slug: 'x-2', effectiveOn: '2026', citations: CITED } })
    expect(outcome).toMatchObject({ __typename: 'NotFoundError', path: 'slug' })
  })
})
