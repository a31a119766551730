// The dataset format (seed/data/*.json and any file given to `npm run import`), defined once: the
// zod schema validates files, its output types are the TypeScript types, and
// `npm run dataset:schema` publishes it as seed/dataset.schema.json so editors check files as
// people type them. Every field takes the rules of the API (src/domain/field-rules.ts), so an
// import stores nothing the API would refuse and every state the API reaches exports as a file that
// imports again. References between entries (slugs, clause keys) and rules across fields are
// checked by resolve.ts, which sees every file and the database.
import { z } from 'zod'
import * as rules from '../src/domain/field-rules.js'
import { LIST_LIMITS } from '../src/domain/field-rules.js'
import { InvalidDateError, parseDay, parsePartialDate } from '../src/domain/partial-date.js'
import { WITHDRAWAL_NEEDS_NOTE, withdrawalExplained } from '../src/domain/clause-status.js'
import { AMENDMENT_WITHOUT_START } from '../src/domain/version-rules.js'
import { AGREEMENT_CITED_FIELDS, ALTERNATIVE_FIELDS, CLAUSE_CITED_FIELDS } from '../src/domain/terms.js'
import {
  AgreementKind,
  AgreementStatus,
  AmountPeriod,
  AmountQualifier,
  CloudScope,
  QuantityUnit,
  SourceKind,
  ValuationBasis,
  AssetKind,
  ClauseKind,
  ClauseStatus,
  CompanyKind,
  Exclusivity,
  PartyRole,
  SourceBasis,
} from '../src/generated/prisma/enums.js'

// ---- building blocks ----

// The patterns are for editors; the checks below say *why* a value is wrong.
const PARTIAL_DATE_PATTERN = '^\\d{4}(-Q[1-4]|-(0[1-9]|1[0-2])(-(0[1-9]|[12]\\d|3[01]))?)?$'
const DAY_PATTERN = '^\\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])$'

/** Accepts a date that `parse` accepts, spelled the canonical way (so stored text is the file's). */
const dateText = (parse: (input: string) => string) => (value: string, ctx: z.RefinementCtx) => {
  try {
    const canonical = parse(value)
    if (canonical !== value) ctx.addIssue({ code: 'custom', message: `"${value}" must be written "${canonical}"` })
  } catch (error) {
    if (!(error instanceof InvalidDateError)) throw error
    ctx.addIssue({ code: 'custom', message: error.message })
  }
}

const partialDate = (description: string) =>
  z
    .string()
    .superRefine(dateText((s) => parsePartialDate(s).text))
    .meta({
      description: `${description} A partial date: a year (2032), a quarter (2026-Q2), a month (2025-10) or a day (2025-10-28).`,
      pattern: PARTIAL_DATE_PATTERN,
      examples: ['2032', '2026-Q2', '2025-10', '2025-10-28'],
    })
const day = (description: string) =>
  z
    .string()
    .superRefine(dateText(parseDay))
    .meta({ description: `${description} A full day, YYYY-MM-DD.`, pattern: DAY_PATTERN, examples: ['2025-10-28'] })

const slug = (description: string) => rules.slug.meta({ description: `${description} Lowercase kebab case.` })
/** Text with the API's rule for its kind of field (rules.name, rules.note, …). */
const text = (rule: typeof rules.name, description: string) => rule.meta({ description, minLength: 1 })
const url = (description: string) => rules.webUrl.meta({ description, pattern: '^https?://\\S+$' })
const clauseKey = (description: string) =>
  z
    .string()
    .regex(/^[a-z0-9]+(-[a-z0-9]+)*#[1-9]\d*$/, 'must be a clause key, "<agreement-slug>#<n>"')
    .meta({ description: `${description} "<agreement-slug>#<n>".`, examples: ['microsoft-openai-2019#2'] })
/** A clause key, as `replaces` names it. */
export const clauseKeySchema = clauseKey('A clause.')
const list = <T extends z.ZodType>(item: T, max: number, description: string) => rules.list(item, max).default([]).meta({ description })
/** A list of distinct slugs. */
const slugs = (item: ReturnType<typeof slug>, max: number, what: string, description: string) =>
  rules
    .unique(item, max, (s) => s, what)
    .default([])
    .meta({ description })
/** Optional in a file; absent means unknown and is stored as null. The description moves up to the field. */
const optional = <T extends z.ZodType>(schema: T) => schema.nullable().default(null).meta({ description: schema.description })

export const money = z
  .strictObject({
    amount: rules.amount.meta({ description: 'In units of the currency (dollars, not cents): at most 2 decimals, below 10^13.' }),
    currency: rules.currency.meta({ description: 'ISO 4217 code, e.g. USD.' }),
  })
  .meta({ id: 'Money', title: 'Money' })

const qualifier = z.enum(AmountQualifier).default('EXACT').meta({
  description:
    'How exactly the figure is known: EXACT (left out), ABOUT, UP_TO, AT_LEAST, or RANGE (the figure is the low end, `high` the high end).',
})

/** Money with how exactly it is known and what it covers: "up to $100B", "$20–25M a year". */
export const qualifiedMoney = z
  .strictObject({
    amount: rules.amount.meta({
      description: 'In units of the currency (dollars, not cents): at most 2 decimals, below 10^13; the low end of a RANGE.',
    }),
    currency: rules.currency.meta({ description: 'ISO 4217 code, e.g. USD.' }),
    qualifier,
    high: optional(rules.amount.meta({ description: 'RANGE only: the high end, above `amount`.' })),
    period: optional(
      z.enum(AmountPeriod).meta({ description: 'What the sum covers: ONE_TIME, PER_YEAR, PER_MONTH or OVER_TERM; left out, not said.' }),
    ),
  })
  .superRefine(rules.qualifiedRange('amount'))
  .meta({ id: 'QualifiedMoney', title: 'Qualified money' })

/** "about 6 GW", "160,000,000 shares". */
export const quantity = z
  .strictObject({
    value: rules.quantity.meta({ description: 'How many units: 0 or more, at most 4 decimals, below 10^11; the low end of a RANGE.' }),
    unit: z.enum(QuantityUnit).meta({ description: 'What is counted.' }),
    qualifier,
    high: optional(rules.quantity.meta({ description: 'RANGE only: the high end, above `value`.' })),
  })
  .superRefine(rules.qualifiedRange('value'))
  .meta({ id: 'Quantity', title: 'Quantity' })

export const valuation = z
  .strictObject({
    amount: rules.amount.meta({ description: 'The valuation, in units of the currency.' }),
    currency: rules.currency.meta({ description: 'ISO 4217 code, e.g. USD.' }),
    basis: optional(z.enum(ValuationBasis).meta({ description: 'PRE_MONEY or POST_MONEY; left out, not said.' })),
  })
  .meta({ id: 'Valuation', title: 'Valuation' })

const basis = z.enum(SourceBasis).meta({
  description:
    "How the source supports the fact: OFFICIAL (the company's own page or filing), COMPANY_STATEMENT (the page quotes the company), PRESS_REPORT, UNNAMED_SOURCES (reported, not confirmed).",
})
const sourceUrl = url('The URL of a source listed in `sources` (of any imported file, or already in the database).')

/** A citation that may name the fields it supports (`names`: the fields of its entry). */
const citationOf = <const F extends readonly [string, ...string[]]>(names: F, id: string, what: string) =>
  z
    .strictObject({
      url: sourceUrl,
      basis,
      fields: rules
        .unique(z.enum(names), LIST_LIMITS.citedFields, (f) => f, 'field')
        .default([])
        .meta({ description: `The fields of the ${what} this source supports; left out or empty, all of them.` }),
    })
    .meta({ id, title: 'Citation', description: 'A source this fact comes from, on what basis, and for which fields.' })

export const citation = citationOf(CLAUSE_CITED_FIELDS, 'Citation', 'clause')
export const agreementCitation = citationOf(AGREEMENT_CITED_FIELDS, 'AgreementCitation', 'agreement')
const citations = (description: string) => rules.citations(citation).meta({ description })

/** A citation of a value alternative: the alternative is one value, so no fields. */
export const plainCitation = z
  .strictObject({ url: sourceUrl, basis })
  .meta({ id: 'AlternativeCitation', title: 'Citation of an alternative', description: 'A source reporting the alternative value.' })

// ---- entries ----

export const sourceSchema = z
  .strictObject({
    url: url('The page, and the key of this source.'),
    title: optional(text(rules.pageTitle, 'Title of the page.')),
    publisher: optional(text(rules.name, 'Who published it.')),
    publishedOn: optional(day('Publication day.')),
    note: optional(text(rules.note, 'Editorial note about the source.')),
    kind: optional(
      z.enum(SourceKind).meta({
        description:
          "What kind of publisher: OFFICIAL (the company's own site, blog, press release or filing), NEWS_OUTLET (an outlet with its own reporting), AGGREGATOR (reposts or summaries of others' reporting), BLOG (personal or commentary site).",
      }),
    ),
  })
  .meta({ id: 'Source', title: 'Source', description: 'A web page that facts cite by URL.' })

export const companySchema = z
  .strictObject({
    slug: slug('Key of the company, used in references.'),
    name: text(rules.name, 'Display name.'),
    aliases: list(text(rules.name, 'Another name.'), LIST_LIMITS.aliases, 'Other names the company goes by.'),
    kinds: list(z.enum(CompanyKind), LIST_LIMITS.companyKinds, 'What kind of company it is.'),
    country: optional(rules.country.meta({ description: 'ISO 3166-1 alpha-2 country code.' })),
    website: optional(url('Home page.')),
    description: optional(text(rules.description, 'One or two sentences.')),
    parent: optional(slug('Slug of the parent company (Google → Alphabet).')),
  })
  .meta({ id: 'Company', title: 'Company' })

export const cloudProviderSchema = z
  .strictObject({
    slug: slug('Key of the cloud, used in references.'),
    name: text(rules.name, 'Display name.'),
    operator: slug('Slug of the company that runs it.'),
    description: optional(text(rules.description, 'One or two sentences.')),
  })
  .meta({ id: 'CloudProvider', title: 'Cloud provider' })

export const assetSchema = z
  .strictObject({
    slug: slug('Key of the asset, used in references.'),
    name: text(rules.name, 'Display name.'),
    kind: z.enum(AssetKind).meta({ description: 'What is licensed or supplied.' }),
    developer: optional(slug('Slug of the company that makes it.')),
    releasedOn: optional(partialDate('Release date.')),
    description: optional(text(rules.description, 'One or two sentences.')),
  })
  .meta({ id: 'Asset', title: 'Asset', description: 'What a clause is about: a model, product, IP portfolio, chip, service…' })

export const tranche = z
  .strictObject({
    amount: optional(qualifiedMoney.meta({ description: 'The money of this part.' })),
    quantity: optional(quantity.meta({ description: 'The quantity of this part.' })),
    on: optional(partialDate('When this part is due or was paid.')),
    condition: optional(text(rules.note, 'What this part depends on.')),
  })
  .refine((t) => t.amount !== null || t.quantity !== null, { message: 'must have an amount, a quantity or both' })
  .meta({
    id: 'Tranche',
    title: 'Tranche',
    description: 'One part of a clause\'s money or quantity: "$15B now and $35B on conditions" is two tranches.',
  })

/** Another value of one field, in that field's shape as in a clause. */
const variant = <F extends (typeof ALTERNATIVE_FIELDS)[number], V extends z.ZodType>(field: F, value: V) =>
  z.strictObject({
    field: z.literal(field),
    value,
    note: optional(text(rules.note, 'Who reports it, and how it differs.')),
    sources: rules.citations(plainCitation).meta({ description: 'The sources that report this value.' }),
  })

export const alternative = z
  .discriminatedUnion(
    'field',
    [
      variant('amount', qualifiedMoney),
      variant('cap', money),
      variant('percentage', rules.percentage),
      variant('quantity', quantity),
      variant('valuation', valuation),
      variant('strike', money),
      variant('startsOn', partialDate('Another start.')),
      variant('endsOn', partialDate('Another end.')),
      variant('exclusivity', z.enum(Exclusivity)),
    ],
    { error: (iss) => (iss.code === 'invalid_union' ? `must be one of ${ALTERNATIVE_FIELDS.join(', ')}` : undefined) },
  )
  .meta({
    id: 'ValueAlternative',
    title: 'Value alternative',
    description: `Another value of one clause field as other sources report it; the clause holds the value shown. \`field\` is one of ${ALTERNATIVE_FIELDS.join(', ')}, and \`value\` has that field's shape.`,
  })

export const clauseSchema = z
  .strictObject({
    key: clauseKey('Key of the clause: the agreement slug and a number unique in the agreement.'),
    kind: z.enum(ClauseKind).meta({ description: 'What kind of term this is.' }),
    summary: text(rules.note, 'The term in our own words.'),
    grantor: optional(slug('Party that grants the right, pays, supplies or issues the equity.')),
    grantee: optional(slug('Party that receives it.')),
    subjects: slugs(slug('Slug of an asset.'), LIST_LIMITS.subjects, 'asset', 'The assets the term is about.'),
    cloudProviders: slugs(slug('Slug of a cloud provider.'), LIST_LIMITS.cloudProviders, 'cloud provider', 'The clouds the term names.'),
    exclusivity: z.enum(Exclusivity).default('UNSPECIFIED').meta({ description: 'Whether the grant is exclusive.' }),
    startsOn: optional(partialDate("Start of the term; absent means the version's effective date.")),
    endsOn: optional(partialDate('End of the term; absent means open.')),
    percentage: optional(rules.percentage.meta({ description: 'A share in percent, 0–100, at most 4 decimals.' })),
    amount: optional(qualifiedMoney.meta({ description: 'Money committed, invested or paid.' })),
    capped: optional(z.boolean().meta({ description: 'Whether payments are capped; left out with a cap, true.' })),
    cap: optional(money.meta({ description: 'The cap, when its amount is known.' })),
    quantity: optional(quantity.meta({ description: "How much is committed or issued: gigawatts, chips, shares (a warrant's)." })),
    valuation: optional(valuation.meta({ description: 'Valuation of the company invested in, where reported.' })),
    strike: optional(money.meta({ description: 'Warrants and options: the price per share.' })),
    cloudScope: optional(
      z.enum(CloudScope).meta({
        description:
          'Which clouds the term covers: NAMED (cloudProviders), ANY, or ANY_EXCEPT (cloudProviders are the excluded ones); left out, the term is not about clouds.',
      }),
    ),
    tranches: list(tranche, LIST_LIMITS.tranches, 'Parts of the money or quantity, each with its date or condition, in order.'),
    alternatives: list(alternative, LIST_LIMITS.alternatives, "Values of this clause's fields as other sources report them."),
    condition: optional(text(rules.note, 'Condition the term depends on.')),
    note: optional(text(rules.note, 'Editorial note: conflicts between sources, what is left open.')),
    supersedes: optional(clauseKey('The clause of the amended version that this one replaces.')),
    replaces: rules
      .unique(clauseKey('A clause replaced.'), LIST_LIMITS.replaces, (k) => k, 'clause')
      .default([])
      .meta({
        description:
          'Clauses of agreements that supplement (directly or not) a version of the same deal that this clause replaces; a clause of the amended version is `supersedes`.',
      }),
    status: z
      .enum(ClauseStatus)
      .default('ACTIVE')
      .meta({ description: 'WITHDRAWN: the term should never have been recorded (it is kept, never deleted). Left out, ACTIVE.' }),
    statusNote: optional(text(rules.note, 'Why the clause has its status; required to withdraw it.')),
    sources: citations('Where the term comes from.'),
  })
  .refine((c) => withdrawalExplained(c.status, c.statusNote), { path: ['statusNote'], message: WITHDRAWAL_NEEDS_NOTE })
  .meta({ id: 'Clause', title: 'Clause', description: 'One term of one agreement version.' })

export const carrySchema = z
  .strictObject({
    key: clauseKey('Key of the clause in this version.'),
    carry: clauseKey('The clause of the amended version restated unchanged here.'),
    extraSources: rules
      .unique(citation, LIST_LIMITS.citations, (c) => c.url, 'source')
      .default([])
      .meta({ description: 'Sources that restate the term in this version.' }),
  })
  .meta({
    id: 'Carry',
    title: 'Carried clause',
    description:
      'An unchanged term restated in a later version: a copy of the carried clause (fields, summary, sources) that supersedes it, plus extraSources.',
  })

export const clauseEntrySchema = z.union([clauseSchema, carrySchema])

export const partySchema = z
  .strictObject({
    company: slug('Slug of the company.'),
    roles: rules
      .unique(z.enum(PartyRole), LIST_LIMITS.parties, (r) => r, 'role')
      .min(1, 'must name at least one role')
      .meta({ description: 'Its roles in the agreement.' }),
  })
  .meta({ id: 'Party', title: 'Party' })

export const dealSchema = z
  .strictObject({
    slug: slug('Key of the deal, named by its first versions (`deal`).'),
    title: text(rules.title, 'Headline of the deal.'),
    description: optional(text(rules.description, 'What the deal is, in a few sentences.')),
  })
  .meta({
    id: 'Deal',
    title: 'Deal',
    description:
      'The chain of versions of one agreement plus the agreements that supplement it. A first version without `deal` is a deal of its own, with its slug and title.',
  })

export const agreementSchema = z
  .strictObject({
    slug: slug('Key of this version, used in references.'),
    title: text(rules.title, 'Headline of the version.'),
    description: optional(text(rules.description, 'What the version does, in a few sentences.')),
    kinds: list(z.enum(AgreementKind), LIST_LIMITS.agreementKinds, 'What kinds of deal it is.'),
    status: z.enum(AgreementStatus).meta({ description: 'ACTIVE, SUPERSEDED (by an amendment), EXPIRED, TERMINATED or ANNOUNCED.' }),
    statusNote: optional(text(rules.note, 'Why it has that status.')),
    announcedOn: optional(partialDate('When it was announced.')),
    effectiveOn: optional(partialDate('When it took effect; absent means the announcement date.')),
    endsOn: optional(partialDate('When it ends.')),
    terminatedOn: optional(partialDate('When it was terminated early (status TERMINATED only).')),
    value: optional(qualifiedMoney.meta({ description: 'Headline value of the deal.' })),
    amends: optional(slug('Slug of the version this one replaces (in these files or in the database).')),
    supplements: optional(slug('Slug of the version this one adds terms to, both staying in force.')),
    deal: optional(
      slug(
        'Slug of the deal (in `deals` or the database), on a first version; amendments and supplements are in the deal of what they amend or supplement.',
      ),
    ),
    parties: rules
      .unique(partySchema, LIST_LIMITS.parties, (p) => p.company, 'party')
      .min(1, 'must name at least one party')
      .refine(
        (parties) => parties.reduce((n, p) => n + p.roles.length, 0) <= LIST_LIMITS.parties,
        `must name at most ${LIST_LIMITS.parties} roles in all`,
      )
      .meta({ description: 'Who signed, with their roles.' }),
    sources: rules.citations(agreementCitation).meta({ description: 'Where the agreement comes from.' }),
    clauses: list(clauseEntrySchema, LIST_LIMITS.clauses, 'Its terms, in order: full clauses or carries of the amended version.'),
  })
  .refine((a) => !a.amends || a.announcedOn || a.effectiveOn, { path: ['effectiveOn'], message: AMENDMENT_WITHOUT_START })
  .meta({ id: 'Agreement', title: 'Agreement version' })

const datasetShape = {
  sources: z.array(sourceSchema).default([]).meta({ description: 'Web pages cited by URL.' }),
  companies: z.array(companySchema).default([]).meta({ description: 'Companies, parents before or after their children.' }),
  cloudProviders: z.array(cloudProviderSchema).default([]).meta({ description: 'Cloud providers.' }),
  assets: z.array(assetSchema).default([]).meta({ description: 'Models, products, IP, chips, services.' }),
  deals: z.array(dealSchema).default([]).meta({ description: 'Deals that first versions name (`deal`).' }),
  agreements: z.array(agreementSchema).default([]).meta({ description: 'Agreement versions with their clauses.' }),
}

/** One dataset file. Entries may refer to entries of other imported files or of the database. */
export const datasetFileSchema = z
  .strictObject({
    $schema: z.string().optional().meta({ description: 'Path of this JSON Schema, for editors: "../dataset.schema.json".' }),
    ...datasetShape,
  })
  .meta({
    title: 'AI partnerships dataset',
    description:
      'Deals between AI companies: companies, cloud providers, assets and sources by key, and agreement versions with their parties and clauses. Import with `npm run import -- <files or folders>`.',
  })

// ---- types ----

export type SourceSpec = z.output<typeof sourceSchema>
export type CompanySpec = z.output<typeof companySchema>
export type CloudProviderSpec = z.output<typeof cloudProviderSchema>
export type AssetSpec = z.output<typeof assetSchema>
export type ClauseSpec = z.output<typeof clauseSchema>
export type CarrySpec = z.output<typeof carrySchema>
export type ClauseEntry = ClauseSpec | CarrySpec
export type PartySpec = z.output<typeof partySchema>
export type AgreementSpec = z.output<typeof agreementSchema>
export type DealSpec = z.output<typeof dealSchema>
export type Citation = z.output<typeof citation>
export type AgreementCitation = z.output<typeof agreementCitation>
export type PlainCitation = z.output<typeof plainCitation>
export type Money = z.output<typeof money>
export type QualifiedMoneySpec = z.output<typeof qualifiedMoney>
export type QuantitySpec = z.output<typeof quantity>
export type ValuationSpec = z.output<typeof valuation>
export type TrancheSpec = z.output<typeof tranche>
export type AlternativeSpec = z.output<typeof alternative>
/** `YYYY`, `YYYY-Qn`, `YYYY-MM` or `YYYY-MM-DD`. */
export type PartialDateText = string
export type Slug = string
/** A dataset: one file's entries, or several files merged. */
export type Dataset = Omit<z.output<typeof datasetFileSchema>, '$schema'>
/** A dataset file as written, with everything optional left out. */
export type DatasetFileInput = z.input<typeof datasetFileSchema>

/** Back-compat name: the schema of one dataset file. */
export const datasetSchema = datasetFileSchema

export const isCarry = (entry: ClauseEntry): entry is CarrySpec => 'carry' in entry

export const emptyDataset = (): Dataset => ({ sources: [], companies: [], cloudProviders: [], assets: [], deals: [], agreements: [] })
