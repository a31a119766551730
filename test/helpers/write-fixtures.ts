import type { WriteApi } from './write-api.js'

// Mutations by name, a result selection that covers every error member, and a small world
// (companies, assets, clouds, sources, one agreement) written through the API itself.

export const RESULT = `__typename
  ... on Error { message }
  ... on ValidationError { issues { path message code } }
  ... on NotFoundError { path }
  ... on ConflictError { path currentVersion }`

const INPUT_TYPES: Record<string, string> = {
  createCompany: 'CreateCompanyInput',
  updateCompany: 'UpdateCompanyInput',
  createAsset: 'CreateAssetInput',
  updateAsset: 'UpdateAssetInput',
  createCloudProvider: 'CreateCloudProviderInput',
  updateCloudProvider: 'UpdateCloudProviderInput',
  createSource: 'CreateSourceInput',
  updateSource: 'UpdateSourceInput',
  createAgreement: 'CreateAgreementInput',
  amendAgreement: 'AmendAgreementInput',
  setAgreementStatus: 'SetAgreementStatusInput',
  setClauseStatus: 'SetClauseStatusInput',
  updateDeal: 'UpdateDealInput',
}

const PAYLOAD_FIELDS: Record<string, string> = {
  createCompany: 'company',
  updateCompany: 'company',
  createAsset: 'asset',
  updateAsset: 'asset',
  createCloudProvider: 'cloudProvider',
  updateCloudProvider: 'cloudProvider',
  createSource: 'source',
  updateSource: 'source',
  createAgreement: 'agreement',
  amendAgreement: 'agreement',
  setAgreementStatus: 'agreement',
  setClauseStatus: 'clause',
  updateDeal: 'deal',
}

/** The document of a mutation: `$input` (and `$slug` for amendAgreement), the payload's record with `selection`. */
export function mutationDocument(field: string, selection = 'id version'): string {
  const payload = `${field[0]!.toUpperCase()}${field.slice(1)}Payload`
  const slug = field === 'amendAgreement'
  return `mutation(${slug ? '$slug: String!, ' : ''}$input: ${INPUT_TYPES[field]}!) {
    ${field}(${slug ? 'slug: $slug, ' : ''}input: $input) { ${RESULT} ... on ${payload} { ${PAYLOAD_FIELDS[field]} { ${selection} } } }
  }`
}

export interface Outcome {
  __typename: string
  message?: string
  issues?: { path: string; message: string; code: string }[]
  path?: string | null
  currentVersion?: number | null
  [record: string]: unknown
}

/** Runs a mutation and returns its result union member; fails on top-level errors. */
export async function mutate(
  api: WriteApi,
  key: string | null,
  field: string,
  variables: Record<string, unknown>,
  selection?: string,
): Promise<Outcome> {
  const result = await api.query(mutationDocument(field, selection), variables, key)
  if (result.errors) throw new Error(`${field}: ${JSON.stringify(result.errors)}`)
  return result.data![field] as Outcome
}

/** Expects the success payload and returns its record. */
export async function ok<T = Record<string, any>>(
  api: WriteApi,
  key: string,
  field: string,
  variables: Record<string, unknown>,
  selection?: string,
): Promise<T> {
  const outcome = await mutate(api, key, field, variables, selection)
  if (!outcome.__typename.endsWith('Payload')) throw new Error(`${field} failed: ${JSON.stringify(outcome)}`)
  return outcome[PAYLOAD_FIELDS[field]!] as T
}

export const SOURCE_A = 'https://example.org/deal-announced'
export const SOURCE_B = 'https://example.org/deal-amended'
/** Every version and clause cites a source; amendments cite the amended-deal page. */
export const AMENDED_CITATIONS = [{ url: SOURCE_B, basis: 'OFFICIAL' }]

/** Companies microsoft, openai, amazon, google; assets gpt, sora; clouds azure, aws; two sources; agreement ms-oai-2019. */
export async function buildWorld(api: WriteApi, key: string): Promise<void> {
  for (const [slug, name] of [
    ['microsoft', 'Microsoft'],
    ['openai', 'OpenAI'],
    ['amazon', 'Amazon'],
    ['google', 'Google'],
  ]) {
    await ok(api, key, 'createCompany', { input: { slug, name, kinds: ['BIG_TECH'] } })
  }
  await ok(api, key, 'createAsset', { input: { slug: 'gpt', name: 'GPT', kind: 'MODEL_FAMILY', developer: 'openai' } })
  await ok(api, key, 'createAsset', { input: { slug: 'sora', name: 'Sora', kind: 'MODEL', developer: 'openai' } })
  await ok(api, key, 'createCloudProvider', { input: { slug: 'azure', name: 'Azure', operator: 'microsoft' } })
  await ok(api, key, 'createCloudProvider', { input: { slug: 'aws', name: 'AWS', operator: 'amazon' } })
  await ok(api, key, 'createSource', { input: { url: SOURCE_A, title: 'Announced', publishedOn: '2019-07-22' } })
  await ok(api, key, 'createSource', { input: { url: SOURCE_B, title: 'Amended', publishedOn: '2025-10-28' } })
  await ok(api, key, 'createAgreement', { input: baseAgreement('ms-oai-2019') })
}

/**
 * buildWorld, then a write of every kind, each leaving history: openai renamed, then its country
 * set to each of `countries` in turn; gpt, aws and a source updated; ms-oai-2019 amended into
 * ms-oai-2025 (one clause modified, one removed); a clause withdrawn; the amendment terminated.
 */
export async function buildWorldWithHistory(api: WriteApi, key: string, countries: string[]): Promise<void> {
  await buildWorld(api, key)
  await ok(api, key, 'updateCompany', { input: { slug: 'openai', expectedVersion: 1, name: 'OpenAI Group PBC', aliases: ['OpenAI'] } })
  for (const [i, country] of countries.entries()) {
    await ok(api, key, 'updateCompany', { input: { slug: 'openai', expectedVersion: i + 2, country } })
  }
  await ok(api, key, 'updateAsset', { input: { slug: 'gpt', expectedVersion: 1, releasedOn: '2018-06' } })
  await ok(api, key, 'updateCloudProvider', { input: { slug: 'aws', expectedVersion: 1, name: 'Amazon Web Services' } })
  await ok(api, key, 'updateSource', { input: { url: SOURCE_B, expectedVersion: 1, publisher: 'Example' } })
  await ok(api, key, 'amendAgreement', {
    slug: 'ms-oai-2019',
    input: {
      slug: 'ms-oai-2025',
      effectiveOn: '2025-10-28',
      citations: AMENDED_CITATIONS,
      modify: [{ key: 'ms-oai-2019#1', changes: { exclusivity: 'NON_EXCLUSIVE' } }],
      remove: ['ms-oai-2019#2'],
    },
  })
  await ok(api, key, 'setClauseStatus', { input: { key: 'ms-oai-2025#2', expectedVersion: 1, status: 'WITHDRAWN', note: 'test' } })
  await ok(api, key, 'setAgreementStatus', {
    input: { slug: 'ms-oai-2025', expectedVersion: 1, status: 'TERMINATED', note: 'test', terminatedOn: '2026' },
  })
}

export function baseAgreement(slug: string) {
  return {
    slug,
    title: 'Microsoft–OpenAI partnership',
    kinds: ['LICENSE', 'CLOUD'],
    announcedOn: '2019-07',
    parties: [
      { company: 'microsoft', role: 'LICENSEE' },
      { company: 'openai', role: 'LICENSOR' },
    ],
    citations: [{ url: SOURCE_A, basis: 'OFFICIAL' }],
    clauses: [
      {
        kind: 'LICENSE_GRANT',
        summary: 'Licence to OpenAI models',
        grantor: 'openai',
        grantee: 'microsoft',
        subjects: ['gpt'],
        exclusivity: 'EXCLUSIVE',
        endsOn: '2032',
        citations: [{ url: SOURCE_A, basis: 'OFFICIAL' }],
      },
      {
        kind: 'REVENUE_SHARE',
        summary: 'OpenAI pays a share of revenue',
        grantor: 'openai',
        grantee: 'microsoft',
        percentage: 20,
        cap: { amount: 92000000000, currency: 'USD' },
        endsOn: '2030',
        citations: [{ url: SOURCE_A, basis: 'PRESS_REPORT' }],
      },
      {
        kind: 'CLOUD_PRIMACY',
        summary: 'Azure first',
        grantor: 'openai',
        grantee: 'microsoft',
        cloudProviders: ['azure'],
        citations: [{ url: SOURCE_A, basis: 'PRESS_REPORT' }],
      },
    ],
  }
}
