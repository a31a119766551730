// The shipped dataset format (seed/data/*.json): entities by slug, agreements with their clauses.
// The TypeScript types document it; the zod schema checks a file's shape. References between
// entries (slugs, clause keys) are checked by the loader, which can see the whole dataset.
import { z } from 'zod'
import {
  AgreementKind,
  AgreementStatus,
  AssetKind,
  ClauseKind,
  CompanyKind,
  Exclusivity,
  PartyRole,
  SourceBasis,
} from '../src/generated/prisma/enums.js'

/** `YYYY`, `YYYY-Qn`, `YYYY-MM` or `YYYY-MM-DD`; parsed by `parsePartialDate` when loading. */
export type PartialDateText = string
export type Slug = string

export interface Money {
  amount: number
  currency: string
}

export interface Citation {
  url: string
  basis: SourceBasis
}

export interface SourceSpec {
  url: string
  title: string | null
  publisher: string | null
  /** `YYYY-MM-DD`. */
  publishedOn: string | null
  note: string | null
}

export interface CompanySpec {
  slug: Slug
  name: string
  aliases: string[]
  kinds: CompanyKind[]
  country: string | null
  website: string | null
  description: string | null
  parent: Slug | null
}

export interface CloudProviderSpec {
  slug: Slug
  name: string
  operator: Slug
  description: string | null
}

export interface AssetSpec {
  slug: Slug
  name: string
  kind: AssetKind
  developer: Slug | null
  releasedOn: PartialDateText | null
  description: string | null
}

/** One term of one version. `key` is `<agreement-slug>#<n>`. */
export interface ClauseSpec {
  key: string
  kind: ClauseKind
  summary: string
  grantor: Slug | null
  grantee: Slug | null
  subjects: Slug[]
  cloudProviders: Slug[]
  exclusivity: Exclusivity
  startsOn: PartialDateText | null
  endsOn: PartialDateText | null
  percentage: number | null
  amount: Money | null
  capped: boolean | null
  cap: Money | null
  condition: string | null
  note: string | null
  /** A clause of the version this one amends. */
  supersedes: string | null
  sources: Citation[]
}

/**
 * An unchanged term restated in a later version: the loader copies the carried clause (fields,
 * summary, citations), sets `supersedes` to it and adds `extraSources`.
 */
export interface CarrySpec {
  key: string
  /** A clause of the version this one amends. */
  carry: string
  extraSources: Citation[]
}

export type ClauseEntry = ClauseSpec | CarrySpec

export interface PartySpec {
  company: Slug
  roles: PartyRole[]
}

export interface AgreementSpec {
  slug: Slug
  title: string
  description: string | null
  kinds: AgreementKind[]
  status: AgreementStatus
  statusNote: string | null
  announcedOn: PartialDateText | null
  effectiveOn: PartialDateText | null
  endsOn: PartialDateText | null
  terminatedOn: PartialDateText | null
  value: Money | null
  amends: Slug | null
  supplements: Slug | null
  parties: PartySpec[]
  sources: Citation[]
  clauses: ClauseEntry[]
}

export interface Dataset {
  sources: SourceSpec[]
  companies: CompanySpec[]
  cloudProviders: CloudProviderSpec[]
  assets: AssetSpec[]
  agreements: AgreementSpec[]
}

export const isCarry = (entry: ClauseEntry): entry is CarrySpec => 'carry' in entry

// ---- zod schema ----

const slug = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'lowercase kebab-case slug')
const text = z.string().trim().min(1)
const partialDate = z.string().regex(/^\d{4}(-Q[1-4]|-\d{2}(-\d{2})?)?$/, 'YYYY, YYYY-Qn, YYYY-MM or YYYY-MM-DD')
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD')
const url = z.string().regex(/^https?:\/\/\S+$/, 'http(s) URL')
const clauseKey = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*#[1-9]\d*$/, '<agreement-slug>#<n>')
const money = z.strictObject({ amount: z.number().nonnegative(), currency: z.string().regex(/^[A-Z]{3}$/) })
const citation = z.strictObject({ url, basis: z.enum(SourceBasis) })

const clauseSpec = z.strictObject({
  key: clauseKey,
  kind: z.enum(ClauseKind),
  summary: text,
  grantor: slug.nullable(),
  grantee: slug.nullable(),
  subjects: z.array(slug),
  cloudProviders: z.array(slug),
  exclusivity: z.enum(Exclusivity),
  startsOn: partialDate.nullable(),
  endsOn: partialDate.nullable(),
  percentage: z.number().min(0).max(100).nullable(),
  amount: money.nullable(),
  capped: z.boolean().nullable(),
  cap: money.nullable(),
  condition: text.nullable(),
  note: text.nullable(),
  supersedes: clauseKey.nullable(),
  sources: z.array(citation).min(1),
})

const carrySpec = z.strictObject({ key: clauseKey, carry: clauseKey, extraSources: z.array(citation) })

export const datasetSchema: z.ZodType<Dataset> = z.strictObject({
  sources: z.array(
    z.strictObject({
      url,
      title: text.nullable(),
      publisher: text.nullable(),
      publishedOn: day.nullable(),
      note: text.nullable(),
    }),
  ),
  companies: z.array(
    z.strictObject({
      slug,
      name: text,
      aliases: z.array(text),
      kinds: z.array(z.enum(CompanyKind)),
      country: z.string().regex(/^[A-Z]{2}$/).nullable(),
      website: url.nullable(),
      description: text.nullable(),
      parent: slug.nullable(),
    }),
  ),
  cloudProviders: z.array(z.strictObject({ slug, name: text, operator: slug, description: text.nullable() })),
  assets: z.array(
    z.strictObject({
      slug,
      name: text,
      kind: z.enum(AssetKind),
      developer: slug.nullable(),
      releasedOn: partialDate.nullable(),
      description: text.nullable(),
    }),
  ),
  agreements: z.array(
    z.strictObject({
      slug,
      title: text,
      description: text.nullable(),
      kinds: z.array(z.enum(AgreementKind)),
      status: z.enum(AgreementStatus),
      statusNote: text.nullable(),
      announcedOn: partialDate.nullable(),
      effectiveOn: partialDate.nullable(),
      endsOn: partialDate.nullable(),
      terminatedOn: partialDate.nullable(),
      value: money.nullable(),
      amends: slug.nullable(),
      supplements: slug.nullable(),
      parties: z.array(z.strictObject({ company: slug, roles: z.array(z.enum(PartyRole)).min(1) })).min(1),
      sources: z.array(citation).min(1),
      clauses: z.array(z.union([clauseSpec, carrySpec])),
    }),
  ),
})

/** Parses unknown JSON into a Dataset, or throws listing every shape problem with its path. */
export function parseDataset(input: unknown, origin = 'dataset'): Dataset {
  const result = datasetSchema.safeParse(input)
  if (result.success) return result.data
  const problems = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`)
  throw new Error(`${origin} does not match the seed format:\n${problems.join('\n')}`)
}
