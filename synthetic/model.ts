import type {
  AgreementKind,
  AgreementStatus,
  AssetKind,
  ClauseKind,
  CompanyKind,
  DatePrecision,
  Exclusivity,
  PartyRole,
  SourceBasis,
} from '../src/generated/prisma/enums.js'
import { parsePartialDate, type PartialDate } from '../src/domain/partial-date.js'
import { assetName, COUNTRIES, kebab, NameBook, PUBLISHERS } from './names.js'
import { Random, WeightedIndex } from './random.js'
import { type Batch, type Cell, emptyBatch, type Row } from './tables.js'

// The shape of a synthetic graph. A few hubs (big tech, clouds, labs, chipmakers) take part in many
// deals and a long tail of small players in a few: partners are drawn with weights falling as a
// power of their rank. About 30% of deals are amended into 2–4 versions; each later version carries
// its clauses over (`supersedes`), changes some (exclusivity, ends, percentages, amounts), drops a
// few and adds new ones, and the earlier versions are SUPERSEDED.

export interface ShapeOptions {
  companies: number
  agreements: number
  seed: number
  /** Slug prefix of every generated row, e.g. "syn-". */
  prefix: string
  /** URL prefix of every generated source. */
  urlPrefix: string
  /** updatedAt of every row (ISO timestamp). */
  timestamp: string
  /** Deals per batch (a deal is one amendment chain). */
  batchDeals?: number
}

/** Statuses are set as seen on this day (fixed, so the graph does not depend on the clock). */
export const REFERENCE_DAY = '2026-06-30'

const POWER = 0.85
const DEAL_YEARS: readonly (readonly [number, number])[] = [
  [2016, 2],
  [2017, 3],
  [2018, 4],
  [2019, 5],
  [2020, 6],
  [2021, 8],
  [2022, 10],
  [2023, 13],
  [2024, 16],
  [2025, 18],
  [2026, 9],
]
const AMENDED_SHARE = 0.38
const SUPPLEMENT_SHARE = 0.04

// ---- days and partial dates --------------------------------------------------------------------

const DAY_MS = 86_400_000
const dayNumber = (day: string) => Math.round(Date.parse(`${day}T00:00:00Z`) / DAY_MS)
const dayText = (n: number) => new Date(n * DAY_MS).toISOString().slice(0, 10)
const REFERENCE = dayNumber(REFERENCE_DAY)
/** Amendments announced after the reference day are ANNOUNCED, not yet in force; a few months' worth. */
const LATEST_AMENDMENT = REFERENCE + 150

function partialOf(day: number, precision: DatePrecision): PartialDate {
  const text = dayText(day)
  const year = text.slice(0, 4)
  switch (precision) {
    case 'DAY':
      return parsePartialDate(text)
    case 'MONTH':
      return parsePartialDate(text.slice(0, 7))
    case 'QUARTER':
      return parsePartialDate(`${year}-Q${Math.ceil(Number(text.slice(5, 7)) / 3)}`)
    case 'YEAR':
      return parsePartialDate(year)
  }
}

const dateCells = (d: PartialDate | null): Cell[] => (d ? [d.text, d.precision, d.earliest, d.latest] : [null, null, null, null])

const ANNOUNCED_PRECISION: readonly (readonly [DatePrecision, number])[] = [
  ['DAY', 55],
  ['MONTH', 25],
  ['QUARTER', 10],
  ['YEAR', 10],
]
const ENDS_PRECISION: readonly (readonly [DatePrecision, number])[] = [
  ['YEAR', 55],
  ['QUARTER', 15],
  ['MONTH', 15],
  ['DAY', 15],
]

// ---- companies, clouds and assets ----------------------------------------------------------------

interface AssetInfo {
  id: string
  name: string
  kind: AssetKind
}

interface CloudInfo {
  id: string
  name: string
}

interface CompanyInfo {
  id: string
  /** Slug without the prefix, for agreement slugs. */
  base: string
  name: string
  short: string
  kinds: CompanyKind[]
  assets: AssetInfo[]
  clouds: CloudInfo[]
}

// Hubs, in rank order: what the biggest players of the real graph are.
const HUB_KINDS: readonly CompanyKind[][] = [
  ['BIG_TECH', 'CLOUD'],
  ['AI_LAB'],
  ['BIG_TECH', 'CLOUD', 'AI_LAB'],
  ['CHIPMAKER'],
  ['BIG_TECH', 'CLOUD'],
  ['AI_LAB'],
  ['CLOUD'],
  ['BIG_TECH', 'AI_LAB'],
  ['CLOUD', 'BIG_TECH'],
  ['INVESTOR'],
  ['CHIPMAKER'],
  ['AI_LAB'],
]

const SMALL_KINDS: readonly (readonly [CompanyKind, number])[] = [
  ['AI_LAB', 35],
  ['OTHER', 10],
  ['INVESTOR', 10],
  ['DATA_PROVIDER', 6],
  ['MEDIA', 6],
  ['CHIPMAKER', 5],
  ['CLOUD', 5],
  ['BIG_TECH', 5],
  ['ENTERTAINMENT', 4],
  ['NONPROFIT', 3],
  ['JOINT_VENTURE', 2],
]

function assetKindsFor(kinds: CompanyKind[], hub: boolean, random: Random): AssetKind[] {
  const count = (min: number, max: number) => random.int(min, max)
  const out: AssetKind[] = []
  const add = (n: number, choices: readonly (readonly [AssetKind, number])[]) => {
    for (let i = 0; i < n; i++) out.push(random.weighted(choices))
  }
  const modelish: [AssetKind, number][] = [
    ['MODEL', 50],
    ['MODEL_FAMILY', 20],
    ['PRODUCT', 15],
    ['SERVICE', 10],
    ['TECHNOLOGY', 5],
  ]
  if (kinds.includes('AI_LAB')) {
    add(hub ? count(10, 25) : count(1, 5), modelish)
    out.push('IP_PORTFOLIO')
  }
  if (kinds.includes('BIG_TECH'))
    add(hub ? count(5, 12) : count(1, 4), [
      ['PRODUCT', 50],
      ['MODEL', 25],
      ['SERVICE', 25],
    ])
  if (kinds.includes('CHIPMAKER')) add(hub ? count(6, 14) : count(1, 3), [['CHIP', 1]])
  if (kinds.includes('CLOUD')) add(hub ? count(2, 5) : count(0, 2), [['SERVICE', 1]])
  if (kinds.includes('DATA_PROVIDER') || kinds.includes('MEDIA') || kinds.includes('ENTERTAINMENT')) {
    add(count(1, 3), [
      ['CONTENT', 80],
      ['PRODUCT', 20],
    ])
  }
  if (out.length === 0 && random.chance(0.3))
    out.push(
      random.weighted([
        ['PRODUCT', 60],
        ['TECHNOLOGY', 40],
      ]),
    )
  return out
}

/** Companies of one role, drawn by the power-law weight of their rank. */
class Pool {
  private readonly index: WeightedIndex
  constructor(
    readonly members: CompanyInfo[],
    weights: number[],
  ) {
    this.index = new WeightedIndex(weights)
  }

  draw(random: Random, exclude: readonly CompanyInfo[] = []): CompanyInfo {
    for (let attempt = 0; attempt < 30; attempt++) {
      const company = this.members[this.index.draw(random)]!
      if (!exclude.includes(company)) return company
    }
    const rest = this.members.filter((c) => !exclude.includes(c))
    if (rest.length === 0) throw new Error('Not enough companies for a deal: use more --companies')
    return random.pick(rest)
  }
}

// ---- deals -----------------------------------------------------------------------------------------

type PoolName = 'all' | 'developers' | 'clouds' | 'chips' | 'investors'

interface DealType {
  kind: AgreementKind
  word: string
  weight: number
  first: PoolName
  roles: readonly [PartyRole, PartyRole]
  /** Clause kinds with their probability; the first one is always there. */
  clauses: readonly (readonly [ClauseKind, number])[]
}

const DEAL_TYPES: readonly DealType[] = [
  {
    kind: 'LICENSE',
    word: 'licence',
    weight: 30,
    first: 'developers',
    roles: ['LICENSOR', 'LICENSEE'],
    clauses: [
      ['LICENSE_GRANT', 1],
      ['LICENSE_GRANT', 0.3],
      ['REVENUE_SHARE', 0.55],
      ['TERM', 0.4],
      ['DISTRIBUTION_RIGHTS', 0.2],
      ['EXCLUSIVITY', 0.15],
      ['RIGHT_OF_FIRST_REFUSAL', 0.12],
      ['AGI_PROVISION', 0.05],
      ['GOVERNANCE', 0.05],
    ],
  },
  {
    kind: 'CLOUD',
    word: 'cloud',
    weight: 13,
    first: 'clouds',
    roles: ['PROVIDER', 'CUSTOMER'],
    clauses: [
      ['CLOUD_PRIMACY', 1],
      ['COMPUTE_COMMITMENT', 0.7],
      ['LICENSE_GRANT', 0.25],
      ['TERM', 0.35],
      ['RIGHT_OF_FIRST_REFUSAL', 0.1],
      ['OTHER', 0.1],
    ],
  },
  {
    kind: 'COMPUTE',
    word: 'compute',
    weight: 8,
    first: 'clouds',
    roles: ['PROVIDER', 'CUSTOMER'],
    clauses: [
      ['COMPUTE_COMMITMENT', 1],
      ['CLOUD_PRIMACY', 0.3],
      ['TERM', 0.3],
      ['EXCLUSIVITY', 0.05],
    ],
  },
  {
    kind: 'INVESTMENT',
    word: 'investment',
    weight: 15,
    first: 'investors',
    roles: ['INVESTOR', 'INVESTEE'],
    clauses: [
      ['INVESTMENT', 1],
      ['EQUITY_STAKE', 0.7],
      ['GOVERNANCE', 0.3],
      ['RIGHT_OF_FIRST_REFUSAL', 0.2],
      ['LICENSE_GRANT', 0.25],
      ['REVENUE_SHARE', 0.15],
      ['CLOUD_PRIMACY', 0.1],
      ['AGI_PROVISION', 0.05],
    ],
  },
  {
    kind: 'SUPPLY',
    word: 'chip supply',
    weight: 7,
    first: 'chips',
    roles: ['SUPPLIER', 'BUYER'],
    clauses: [
      ['OTHER', 1],
      ['COMPUTE_COMMITMENT', 0.5],
      ['EXCLUSIVITY', 0.1],
      ['TERM', 0.3],
    ],
  },
  {
    kind: 'DISTRIBUTION',
    word: 'distribution',
    weight: 10,
    first: 'developers',
    roles: ['LICENSOR', 'PARTNER'],
    clauses: [
      ['DISTRIBUTION_RIGHTS', 1],
      ['LICENSE_GRANT', 0.5],
      ['REVENUE_SHARE', 0.6],
      ['TERM', 0.3],
      ['EXCLUSIVITY', 0.1],
    ],
  },
  {
    kind: 'CO_DEVELOPMENT',
    word: 'co-development',
    weight: 6,
    first: 'all',
    roles: ['PARTNER', 'PARTNER'],
    clauses: [
      ['OTHER', 1],
      ['LICENSE_GRANT', 0.4],
      ['GOVERNANCE', 0.2],
      ['REVENUE_SHARE', 0.2],
    ],
  },
  {
    kind: 'COMMERCIAL',
    word: 'commercial',
    weight: 6,
    first: 'all',
    roles: ['PARTNER', 'PARTNER'],
    clauses: [
      ['OTHER', 1],
      ['REVENUE_SHARE', 0.4],
      ['DISTRIBUTION_RIGHTS', 0.2],
      ['TERM', 0.2],
    ],
  },
  {
    kind: 'MEMORANDUM',
    word: 'memorandum',
    weight: 2,
    first: 'all',
    roles: ['PARTNER', 'PARTNER'],
    clauses: [
      ['OTHER', 1],
      ['RIGHT_OF_FIRST_REFUSAL', 0.2],
    ],
  },
  {
    kind: 'TALENT',
    word: 'talent',
    weight: 1,
    first: 'all',
    roles: ['PARTNER', 'OTHER'],
    clauses: [
      ['OTHER', 1],
      ['LICENSE_GRANT', 0.5],
    ],
  },
  {
    kind: 'JOINT_VENTURE',
    word: 'joint venture',
    weight: 2,
    first: 'all',
    roles: ['PARTNER', 'PARTNER'],
    clauses: [
      ['EQUITY_STAKE', 1],
      ['GOVERNANCE', 0.6],
      ['INVESTMENT', 0.5],
      ['OTHER', 0.3],
    ],
  },
]
const DEAL_TYPE_WEIGHTS = DEAL_TYPES.map((t) => [t, t.weight] as const)

interface Deal {
  number: number
  type: DealType
  /** First party (licensor, provider, investor, supplier, partner) and second party. */
  p1: CompanyInfo
  p2: CompanyInfo
  parties: { company: CompanyInfo; role: PartyRole }[]
}

interface ClauseDraft {
  id: string
  kind: ClauseKind
  summary: string
  grantor: CompanyInfo | null
  grantee: CompanyInfo | null
  subjects: AssetInfo[]
  clouds: CloudInfo[]
  exclusivity: Exclusivity
  starts: PartialDate | null
  ends: PartialDate | null
  percentage: number | null
  amount: number | null
  capped: boolean | null
  capAmount: number | null
  currency: string
  condition: string | null
  note: string | null
  supersedes: string | null
}

interface VersionDraft {
  id: string
  slug: string
  start: number
  announced: PartialDate
  effective: PartialDate | null
  ends: PartialDate | null
  value: { amount: number; currency: string } | null
  sources: { id: string; basis: SourceBasis }[]
  clauses: ClauseDraft[]
}

function money(amount: number, currency: string): string {
  if (amount >= 1e9) return `${currency} ${(amount / 1e9).toFixed(1).replace(/\.0$/, '')}B`
  return `${currency} ${Math.round(amount / 1e6)}M`
}

const list = (names: string[]) => (names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`)

function summaryOf(c: ClauseDraft, deal: Deal): string {
  const g = c.grantor?.name ?? deal.p1.name
  const r = c.grantee?.name ?? deal.p2.name
  const subjects = list(c.subjects.map((s) => s.name))
  const excl = c.exclusivity === 'EXCLUSIVE' ? ', exclusively' : c.exclusivity === 'NON_EXCLUSIVE' ? ', non-exclusively' : ''
  const until = c.ends ? `, through ${c.ends.text}` : ''
  const amount = c.amount === null ? '' : ` ${money(c.amount, c.currency)}`
  switch (c.kind) {
    case 'LICENSE_GRANT':
      return `${g} licenses ${subjects} to ${r}${excl}${until}`
    case 'DISTRIBUTION_RIGHTS':
      return `${r} may distribute ${subjects || `${g}'s products`}${excl}${until}`
    case 'REVENUE_SHARE': {
      const cap = c.capped ? (c.capAmount === null ? ', capped' : `, capped at ${money(c.capAmount, c.currency)}`) : ''
      return `${g} pays ${r} ${c.percentage}% of related revenue${cap}${until}`
    }
    case 'EXCLUSIVITY':
      return `${g} works exclusively with ${r}${subjects ? ` on ${subjects}` : ''}${until}`
    case 'CLOUD_PRIMACY': {
      const clouds = list(c.clouds.map((x) => x.name))
      const how = c.exclusivity === 'EXCLUSIVE' ? 'exclusively' : c.exclusivity === 'NON_EXCLUSIVE' ? 'first, not exclusively,' : 'primarily'
      return `${g} runs its workloads ${how} on ${clouds || `${r}'s cloud`}${until}`
    }
    case 'COMPUTE_COMMITMENT':
      return `${g} commits${amount || ' to buy'} compute from ${r}${until}`
    case 'INVESTMENT':
      return `${g} invests${amount} in ${r}`
    case 'EQUITY_STAKE':
      return `${r} holds ${c.percentage === null ? 'a stake' : `${c.percentage}%`} of ${g}`
    case 'TERM':
      return `The agreement runs${c.ends ? ` through ${c.ends.text}` : ' until terminated'}`
    case 'AGI_PROVISION':
      return `Terms between ${g} and ${r} change once AGI is declared`
    case 'GOVERNANCE':
      return `${r} gets a board observer seat at ${g}`
    case 'RIGHT_OF_FIRST_REFUSAL':
      return `${r} has a right of first refusal on ${g}'s ${subjects || 'new offerings'}`
    case 'OTHER':
      if (deal.type.kind === 'SUPPLY') return `${g} supplies ${subjects || 'accelerators'} to ${r}${until}`
      return `${g} and ${r} work together (${deal.type.word})${until}`
    default:
      // Kinds the generator does not draw (content licences, warrants, …).
      return `${g} and ${r}: ${c.kind.toLowerCase().replaceAll('_', ' ')}${until}`
  }
}

// ---- the generator ---------------------------------------------------------------------------------

export interface GeneratedCounts {
  companies: number
  hubs: string[]
  deals: number
  agreements: number
}

export class GraphModel {
  private readonly random: Random
  private readonly names = new NameBook()
  private readonly companies: CompanyInfo[] = []
  private pools!: Record<PoolName, Pool>
  private readonly recentDeals: { deal: Deal; firstId: string; start: number }[] = []
  private dealNumber = 0
  private sourceNumber = 0
  private agreementsMade = 0
  readonly hubSlugs: string[] = []

  constructor(private readonly options: ShapeOptions) {
    if (options.agreements > 0 && options.companies < 2) throw new Error('Deals need at least 2 companies')
    this.random = new Random(options.seed)
  }

  get agreementsGenerated(): number {
    return this.agreementsMade
  }

  /** Companies, cloud providers and assets: the first batch. */
  world(): Batch {
    const { random, options } = this
    const batch = emptyBatch()
    const hubCount = Math.min(options.companies, Math.max(4, Math.round(options.companies * 0.002)))
    for (let rank = 0; rank < options.companies; rank++) {
      const hub = rank < hubCount
      const kinds: CompanyKind[] = hub ? [...HUB_KINDS[rank % HUB_KINDS.length]!] : [random.weighted(SMALL_KINDS)]
      if (!hub && random.chance(0.15)) {
        const extra = random.weighted(SMALL_KINDS)
        if (!kinds.includes(extra)) kinds.push(extra)
      }
      const { name, short } = this.names.company(random, kinds[0]!)
      const base = kebab(name)
      const company: CompanyInfo = { id: random.uuid(), base, name, short, kinds, assets: [], clouds: [] }
      this.companies.push(company)
      if (hub) this.hubSlugs.push(`${options.prefix}${base}`)
      const aliases = random.chance(0.2) ? [short, ...(random.chance(0.3) ? [short.toUpperCase()] : [])] : []
      const parent = !hub && hubCount > 0 && random.chance(0.03) ? this.companies[random.int(0, hubCount - 1)]! : null
      const founded = random.int(1975, 2024)
      batch.rows.Company.push([
        company.id,
        `${options.prefix}${base}`,
        name,
        aliases,
        kinds,
        random.weighted(COUNTRIES),
        `https://${base}.example.com`,
        `Synthetic ${kinds[0]!.toLowerCase().replace('_', ' ')} founded in ${founded}.`,
        parent?.id ?? null,
        options.timestamp,
      ])

      if (kinds.includes('CLOUD')) {
        const cloudNames = hub ? [`${short} Cloud`, ...(random.chance(0.5) ? [`${short} Edge`] : [])] : [`${short} Compute`]
        for (const cloudName of cloudNames) {
          const unique = this.names.unique(cloudName)
          const cloud = { id: random.uuid(), name: unique }
          company.clouds.push(cloud)
          batch.rows.CloudProvider.push([
            cloud.id,
            `${options.prefix}${kebab(unique)}-cloud`,
            unique,
            `Cloud platform operated by ${name}.`,
            company.id,
            options.timestamp,
          ])
        }
      }

      assetKindsFor(kinds, hub, random).forEach((kind, index) => {
        const assetLabel = this.names.unique(assetName(random, short, kind, index + 1))
        const asset: AssetInfo = { id: random.uuid(), name: assetLabel, kind }
        company.assets.push(asset)
        const released = random.chance(0.7)
          ? partialOf(dayNumber(`${random.int(2016, 2026)}-01-01`) + random.int(0, 364), random.weighted(ANNOUNCED_PRECISION))
          : null
        batch.rows.Asset.push([
          asset.id,
          `${options.prefix}${kebab(assetLabel)}`,
          assetLabel,
          kind,
          null,
          company.id,
          ...dateCells(released),
          options.timestamp,
        ])
      })
    }

    const weight = (rank: number) => 1 / (rank + 1) ** POWER
    const pool = (test: (c: CompanyInfo) => boolean): Pool => {
      const members: CompanyInfo[] = []
      const weights: number[] = []
      this.companies.forEach((c, rank) => {
        if (test(c)) {
          members.push(c)
          weights.push(weight(rank))
        }
      })
      return members.length >= 2 ? new Pool(members, weights) : all
    }
    const all = new Pool(
      this.companies,
      this.companies.map((_, rank) => weight(rank)),
    )
    this.pools = {
      all,
      developers: pool((c) => c.assets.some((a) => a.kind !== 'CHIP')),
      clouds: pool((c) => c.clouds.length > 0),
      chips: pool((c) => c.assets.some((a) => a.kind === 'CHIP')),
      investors: pool((c) => c.kinds.some((k) => k === 'INVESTOR' || k === 'BIG_TECH')),
    }
    return batch
  }

  /** The next batch of deals, or null once the requested number of agreements is reached. */
  nextBatch(): Batch | null {
    if (this.agreementsMade >= this.options.agreements) return null
    const batch = emptyBatch()
    const dealsPerBatch = this.options.batchDeals ?? 2_000
    for (let i = 0; i < dealsPerBatch && this.agreementsMade < this.options.agreements; i++) this.deal(batch)
    return batch
  }

  private deal(batch: Batch): void {
    const { random } = this
    const remaining = this.options.agreements - this.agreementsMade
    const earlier = this.recentDeals.length > 0 && random.chance(SUPPLEMENT_SHARE) ? random.pick(this.recentDeals) : null
    this.dealNumber++

    let deal: Deal
    let start: number
    if (earlier) {
      deal = { ...earlier.deal, number: this.dealNumber }
      start = Math.min(earlier.start + random.int(30, 700), REFERENCE)
    } else {
      const type = random.weighted(DEAL_TYPE_WEIGHTS)
      const p1 = this.pools[type.first].draw(random)
      const p2 = this.pools.all.draw(random, [p1])
      const parties = [
        { company: p1, role: type.roles[0] },
        { company: p2, role: type.roles[1] },
      ]
      if ((type.kind === 'INVESTMENT' || type.kind === 'JOINT_VENTURE') && random.chance(0.15)) {
        const third = type.kind === 'INVESTMENT' ? this.pools.investors.draw(random, [p1, p2]) : this.pools.all.draw(random, [p1, p2])
        parties.push({ company: third, role: type.roles[0] })
      }
      deal = { number: this.dealNumber, type, p1, p2, parties }
      // More deals every year, up to the reference day.
      const year = random.weighted(DEAL_YEARS)
      const first = dayNumber(`${year}-01-01`)
      start = first + random.int(0, Math.min(364, REFERENCE - first))
    }

    const versions = earlier ? 1 : random.chance(AMENDED_SHARE) ? random.int(2, 4) : 1
    const count = Math.min(versions, remaining)
    const baseSlug = `${this.options.prefix}${deal.p1.base}-${deal.p2.base}-${kebab(deal.type.word)}-${deal.number}`
    const drafts: VersionDraft[] = []
    let boundary = start - 1
    let dealEnds: PartialDate | null = random.chance(0.3)
      ? partialOf(
          start + random.int(3 * 365, 12 * 365),
          random.weighted([
            ['YEAR', 70],
            ['DAY', 30],
          ]),
        )
      : null
    for (let v = 0; v < count; v++) {
      const previous = drafts[v - 1]
      const startDay = v === 0 ? start : previous!.start + random.int(200, 1200)
      const actualStart = Math.max(startDay, boundary + 1)
      // A chain that reaches the latest amendment day stops there (the deal gets fewer versions).
      if (v > 0 && actualStart > LATEST_AMENDMENT) break
      let announced = partialOf(actualStart, random.weighted(ANNOUNCED_PRECISION))
      if (dayNumber(announced.earliest) <= boundary) announced = partialOf(actualStart, 'DAY')
      let effective = random.chance(0.4)
        ? partialOf(
            actualStart + random.int(0, 120),
            random.weighted([
              ['DAY', 70],
              ['MONTH', 30],
            ]),
          )
        : null
      if (effective && dayNumber(effective.earliest) <= boundary) effective = parsePartialDate(effective.latest)
      const versionStart = dayNumber((effective ?? announced).earliest)
      if (v > 0 && random.chance(0.3)) dealEnds = partialOf(versionStart + random.int(2 * 365, 10 * 365), 'YEAR')
      if (dealEnds && dayNumber(dealEnds.latest) < versionStart + 365) dealEnds = partialOf(versionStart + random.int(365, 5 * 365), 'YEAR')
      boundary = Math.max(dayNumber(announced.latest), effective ? dayNumber(effective.latest) : 0)

      const slug = v === 0 ? baseSlug : `${baseSlug}-amendment-${v}`
      const draft: VersionDraft = {
        id: random.uuid(),
        slug,
        start: versionStart,
        announced,
        effective,
        ends: dealEnds,
        value: previous?.value && random.chance(0.5) ? previous.value : random.chance(0.45) ? this.value() : null,
        sources: [],
        clauses: previous ? this.amendClauses(deal, previous.clauses, versionStart) : this.firstClauses(deal, versionStart),
      }
      draft.sources = this.sources(batch, deal, draft, drafts[0])
      drafts.push(draft)
    }

    drafts.forEach((draft, v) =>
      this.writeVersion(batch, deal, draft, v, drafts.length, v === 0 ? (earlier?.firstId ?? null) : null, drafts[v - 1]?.id ?? null),
    )
    this.agreementsMade += drafts.length
    if (!earlier) {
      this.recentDeals.push({ deal, firstId: drafts[0]!.id, start })
      if (this.recentDeals.length > 5_000) this.recentDeals.splice(0, 1_000)
    }
  }

  private value(): { amount: number; currency: string } {
    const { random } = this
    return {
      amount: Math.round(10 ** (6 + random.next() * 4.3) / 1e6) * 1e6,
      currency: random.weighted([
        ['USD', 85],
        ['EUR', 10],
        ['GBP', 5],
      ]),
    }
  }

  private sources(batch: Batch, deal: Deal, draft: VersionDraft, first: VersionDraft | undefined) {
    const { random, options } = this
    const out: { id: string; basis: SourceBasis }[] = []
    const count = random.chance(0.4) ? 2 : 1
    for (let i = 0; i < count; i++) {
      const publisher = random.pick(PUBLISHERS)
      const basis = random.pick(publisher.basis) as SourceBasis
      const id = random.uuid()
      this.sourceNumber++
      const published = dayText(dayNumber(draft.announced.earliest) + random.int(0, 10))
      const verb = first ? `amend their ${deal.type.word} deal` : `sign a ${deal.type.word} deal`
      batch.rows.Source.push([
        id,
        `${options.urlPrefix}${publisher.slug}/${published.slice(0, 4)}/${this.sourceNumber}`,
        `${deal.p1.short} and ${deal.p2.short} ${verb}`,
        publisher.name,
        published,
        null,
        options.timestamp,
      ])
      out.push({ id, basis })
    }
    if (first && random.chance(0.3)) out.push(first.sources[0]!)
    return out
  }

  private firstClauses(deal: Deal, versionStart: number): ClauseDraft[] {
    const clauses: ClauseDraft[] = []
    for (const [kind, p] of deal.type.clauses) {
      if (clauses.length > 0 && !this.random.chance(p)) continue
      const clause = this.clause(deal, kind, versionStart, clauses)
      if (clause) clauses.push(clause)
    }
    if (clauses.length === 0) clauses.push(this.clause(deal, 'OTHER', versionStart, clauses)!)
    return clauses
  }

  /** Who grants, pays or supplies to whom, for a clause of this kind in this deal. */
  private direction(deal: Deal, kind: ClauseKind): [CompanyInfo | null, CompanyInfo | null] {
    const { p1, p2 } = deal
    const t = deal.type.kind
    const hasAssets = (c: CompanyInfo) => c.assets.some((a) => a.kind !== 'CHIP')
    switch (kind) {
      case 'LICENSE_GRANT':
      case 'DISTRIBUTION_RIGHTS': {
        const owner = t === 'CLOUD' || t === 'INVESTMENT' ? p2 : hasAssets(p1) ? p1 : p2
        return hasAssets(owner) ? [owner, owner === p1 ? p2 : p1] : [null, null]
      }
      case 'REVENUE_SHARE':
        return t === 'CO_DEVELOPMENT' && this.random.chance(0.5) ? [p1, p2] : [p2, p1]
      case 'CLOUD_PRIMACY': {
        const provider = p1.clouds.length > 0 ? p1 : p2.clouds.length > 0 ? p2 : null
        return provider ? [provider === p1 ? p2 : p1, provider] : [null, null]
      }
      case 'COMPUTE_COMMITMENT':
      case 'EQUITY_STAKE':
      case 'GOVERNANCE':
        return [p2, p1]
      case 'TERM':
        return [null, null]
      case 'RIGHT_OF_FIRST_REFUSAL':
        return t === 'INVESTMENT' ? [p2, p1] : [p1, p2]
      default:
        return [p1, p2]
    }
  }

  private clause(deal: Deal, kind: ClauseKind, versionStart: number, siblings: ClauseDraft[]): ClauseDraft | null {
    const { random } = this
    const [grantor, grantee] = this.direction(deal, kind)
    if ((kind === 'LICENSE_GRANT' || kind === 'DISTRIBUTION_RIGHTS' || kind === 'CLOUD_PRIMACY') && !grantor) return null

    let subjects: AssetInfo[] = []
    if (kind === 'LICENSE_GRANT' || kind === 'DISTRIBUTION_RIGHTS' || kind === 'RIGHT_OF_FIRST_REFUSAL' || kind === 'EXCLUSIVITY') {
      // Mostly the grantor's own assets; now and then a third party's (a resale or sublicence).
      const owner = random.chance(0.05) ? this.pools.developers.draw(random) : grantor
      const assets = (owner?.assets ?? []).filter((a) => a.kind !== 'CHIP')
      const taken = new Set(siblings.flatMap((s) => (s.kind === kind ? s.subjects.map((a) => a.id) : [])))
      const free = assets.filter((a) => !taken.has(a.id))
      const wanted = kind === 'LICENSE_GRANT' || kind === 'DISTRIBUTION_RIGHTS' ? random.int(1, 3) : random.chance(0.4) ? 1 : 0
      subjects = random.sample(free.length > 0 ? free : assets, wanted)
      if (kind === 'LICENSE_GRANT' && subjects.length === 0) return null
    } else if (deal.type.kind === 'SUPPLY' && (kind === 'OTHER' || kind === 'COMPUTE_COMMITMENT')) {
      subjects = random.sample(
        deal.p1.assets.filter((a) => a.kind === 'CHIP'),
        random.int(1, 2),
      )
    }

    const provider = kind === 'CLOUD_PRIMACY' || kind === 'COMPUTE_COMMITMENT' ? (grantee?.clouds.length ? grantee : null) : null
    const clouds = provider ? random.sample(provider.clouds, random.int(1, provider.clouds.length)) : []

    const exclusivity: Exclusivity =
      kind === 'EXCLUSIVITY'
        ? 'EXCLUSIVE'
        : kind === 'LICENSE_GRANT'
          ? random.weighted([
              ['EXCLUSIVE', 25],
              ['NON_EXCLUSIVE', 55],
              ['UNSPECIFIED', 20],
            ])
          : kind === 'DISTRIBUTION_RIGHTS'
            ? random.weighted([
                ['EXCLUSIVE', 30],
                ['NON_EXCLUSIVE', 40],
                ['UNSPECIFIED', 30],
              ])
            : kind === 'CLOUD_PRIMACY'
              ? random.weighted([
                  ['EXCLUSIVE', 35],
                  ['NON_EXCLUSIVE', 25],
                  ['UNSPECIFIED', 40],
                ])
              : random.weighted([
                  ['UNSPECIFIED', 92],
                  ['NON_EXCLUSIVE', 5],
                  ['EXCLUSIVE', 3],
                ])

    const starts = random.chance(0.2) ? partialOf(versionStart + random.int(0, 365), random.weighted(ENDS_PRECISION)) : null
    const endsChance: Partial<Record<ClauseKind, number>> = {
      LICENSE_GRANT: 0.7,
      DISTRIBUTION_RIGHTS: 0.5,
      TERM: 1,
      REVENUE_SHARE: 0.5,
      CLOUD_PRIMACY: 0.4,
      COMPUTE_COMMITMENT: 0.6,
      EXCLUSIVITY: 0.6,
    }
    const from = starts ? dayNumber(starts.latest) : versionStart
    const ends = random.chance(endsChance[kind] ?? 0.15) ? partialOf(from + random.int(365, 10 * 365), random.weighted(ENDS_PRECISION)) : null

    const currency = random.weighted([
      ['USD', 88],
      ['EUR', 8],
      ['GBP', 4],
    ])
    let percentage: number | null = null
    let amount: number | null = null
    let capped: boolean | null = null
    let capAmount: number | null = null
    let condition: string | null = null
    switch (kind) {
      case 'REVENUE_SHARE':
        percentage = random.chance(0.6) ? random.pick([5, 8, 10, 12, 15, 20, 25, 30]) : random.int(10, 400) / 10
        if (random.chance(0.45)) {
          capped = true
          capAmount = random.chance(0.7) ? Math.round(10 ** (8 + random.next() * 3) / 1e6) * 1e6 : null
        } else if (random.chance(0.25)) capped = false
        break
      case 'EQUITY_STAKE':
        percentage = random.chance(0.8) ? random.int(5, 490) / 10 : null
        break
      case 'INVESTMENT':
        amount = Math.round(10 ** (6.5 + random.next() * 4) / 1e6) * 1e6
        break
      case 'COMPUTE_COMMITMENT':
        amount = random.chance(0.8) ? Math.round(10 ** (7 + random.next() * 4) / 1e6) * 1e6 : null
        break
      case 'CLOUD_PRIMACY':
        if (random.chance(0.4)) condition = `New ${grantor!.short} models are served first on ${clouds[0]?.name ?? grantee!.name}`
        break
      case 'AGI_PROVISION':
        condition = 'Applies once an independent expert panel verifies that AGI has been reached'
        break
      case 'RIGHT_OF_FIRST_REFUSAL':
        condition = random.chance(0.5) ? 'On any sale or exclusive licence to a third party' : null
        break
    }
    const draft: ClauseDraft = {
      id: random.uuid(),
      kind,
      summary: '',
      grantor,
      grantee,
      subjects,
      clouds,
      exclusivity,
      starts,
      ends,
      percentage,
      amount,
      capped,
      capAmount,
      currency,
      condition,
      note: random.chance(0.03) ? 'Reported by unnamed sources; not confirmed by the companies.' : null,
      supersedes: null,
    }
    draft.summary = summaryOf(draft, deal)
    return draft
  }

  /** The next version's clauses: most carried over (some changed), a few dropped, some added. */
  private amendClauses(deal: Deal, previous: ClauseDraft[], versionStart: number): ClauseDraft[] {
    const { random } = this
    const clauses: ClauseDraft[] = []
    let dropped = 0
    for (const before of previous) {
      const r = random.next()
      if (r < 0.15 && dropped < previous.length - 1) {
        dropped++
        continue
      }
      const after: ClauseDraft = { ...before, id: random.uuid(), supersedes: before.id }
      if (r < 0.5) this.modify(deal, after, versionStart)
      clauses.push(after)
    }
    const added = random.weighted([
      [0, 50],
      [1, 35],
      [2, 15],
    ])
    for (let i = 0; i < added; i++) {
      const [kind] = random.pick(deal.type.clauses)
      const clause = this.clause(deal, kind, versionStart, clauses)
      if (clause) clauses.push(clause)
    }
    return clauses
  }

  private modify(deal: Deal, c: ClauseDraft, versionStart: number): void {
    const { random } = this
    const changes: (() => void)[] = [
      () => {
        const base = Math.max(c.ends ? dayNumber(c.ends.latest) : 0, c.starts ? dayNumber(c.starts.latest) : 0, versionStart)
        c.ends = partialOf(base + random.int(365, 5 * 365), random.weighted(ENDS_PRECISION))
      },
      () => {
        c.condition = random.pick([
          'Subject to regulatory approval',
          'Renewed automatically unless either party objects',
          `Only while ${c.grantee?.short ?? deal.p2.short} remains a customer in good standing`,
        ])
      },
    ]
    if (c.kind === 'LICENSE_GRANT' || c.kind === 'DISTRIBUTION_RIGHTS' || c.kind === 'CLOUD_PRIMACY') {
      // Twice in the list: exclusivity is what amendments change most often (Microsoft–OpenAI).
      const flip = () => {
        c.exclusivity =
          c.exclusivity === 'EXCLUSIVE' ? (random.chance(0.8) ? 'NON_EXCLUSIVE' : 'UNSPECIFIED') : random.chance(0.5) ? 'EXCLUSIVE' : 'NON_EXCLUSIVE'
      }
      changes.push(flip, flip)
    }
    if (c.kind === 'LICENSE_GRANT' && c.grantor) {
      const more = c.grantor.assets.filter((a) => a.kind !== 'CHIP' && !c.subjects.includes(a))
      if (more.length > 0) changes.push(() => (c.subjects = [...c.subjects, random.pick(more)]))
    }
    if (c.percentage !== null) {
      changes.push(() => (c.percentage = Math.min(100, Math.max(0.5, (c.percentage ?? 0) + random.pick([-10, -5, -2.5, 2.5, 5])))))
    }
    if (c.amount !== null) changes.push(() => (c.amount = Math.round(((c.amount ?? 0) * (1.2 + random.next() * 2)) / 1e6) * 1e6))
    if (c.kind === 'REVENUE_SHARE' && !c.capped) {
      changes.push(() => {
        c.capped = true
        c.capAmount = Math.round(10 ** (8 + random.next() * 3) / 1e6) * 1e6
      })
    }
    const picked = new Set(random.sample(changes, random.chance(0.3) ? 2 : 1))
    for (const change of picked) change()
    c.summary = summaryOf(c, deal)
  }

  private writeVersion(
    batch: Batch,
    deal: Deal,
    v: VersionDraft,
    index: number,
    count: number,
    supplementsId: string | null,
    amendsId: string | null,
  ): void {
    const { random, options } = this
    const last = index === count - 1
    let status: AgreementStatus = 'SUPERSEDED'
    let terminated: PartialDate | null = null
    if (last) {
      if (v.start + 200 < REFERENCE && random.chance(0.04)) {
        terminated = partialOf(
          random.int(v.start + 200, REFERENCE),
          random.weighted([
            ['DAY', 60],
            ['MONTH', 40],
          ]),
        )
        status = 'TERMINATED'
      } else if (v.ends && dayNumber(v.ends.latest) < REFERENCE) status = 'EXPIRED'
      else if (v.start > REFERENCE) status = 'ANNOUNCED'
      else status = 'ACTIVE'
    }
    const kinds = new Set<AgreementKind>([deal.type.kind])
    for (const c of v.clauses) {
      if (c.kind === 'REVENUE_SHARE') kinds.add('REVENUE_SHARE')
      if (c.kind === 'EQUITY_STAKE') kinds.add('EQUITY')
      if (c.kind === 'LICENSE_GRANT') kinds.add('LICENSE')
      if (c.kind === 'COMPUTE_COMMITMENT') kinds.add('COMPUTE')
    }
    const word = deal.type.word.charAt(0).toUpperCase() + deal.type.word.slice(1)
    const title = `${deal.p1.name}–${deal.p2.name} ${word.toLowerCase()} agreement${
      supplementsId ? ' (side letter)' : index > 0 ? ` (amendment ${index})` : ''
    }`
    const level = (batch.agreementLevels[index] ??= [])
    level.push([
      v.id,
      v.slug,
      title,
      `Synthetic agreement ${deal.number}, version ${index + 1} of ${count}.`,
      [...kinds],
      status,
      status === 'TERMINATED' ? 'Ended early by mutual consent.' : null,
      ...dateCells(v.announced),
      ...dateCells(v.effective),
      ...dateCells(v.ends),
      ...dateCells(terminated),
      v.value ? v.value.amount : null,
      v.value ? v.value.currency : null,
      amendsId,
      supplementsId,
      options.timestamp,
    ] satisfies Row)

    for (const party of deal.parties) batch.rows.AgreementParty.push([random.uuid(), v.id, party.company.id, party.role])
    const cited = new Set<string>()
    for (const source of v.sources) {
      if (cited.has(source.id)) continue
      cited.add(source.id)
      batch.rows.AgreementCitation.push([v.id, source.id, source.basis])
    }

    v.clauses.forEach((c, i) => {
      const hasAmount = c.amount !== null
      const hasCap = c.capAmount !== null
      batch.rows.Clause.push([
        c.id,
        `${v.slug}#${i + 1}`,
        i + 1,
        v.id,
        c.kind,
        c.summary,
        c.grantor?.id ?? null,
        c.grantee?.id ?? null,
        c.exclusivity,
        ...dateCells(c.starts),
        ...dateCells(c.ends),
        c.percentage,
        c.amount,
        hasAmount ? c.currency : null,
        c.capped,
        c.capAmount,
        hasCap ? c.currency : null,
        c.condition,
        c.note,
        c.supersedes,
        options.timestamp,
      ])
      const sources = random.sample(
        v.sources.filter((s, k, all) => all.findIndex((x) => x.id === s.id) === k),
        random.chance(0.3) ? 2 : 1,
      )
      for (const source of sources) batch.rows.ClauseCitation.push([c.id, source.id, source.basis])
      for (const subject of c.subjects) batch.rows._AssetToClause.push([subject.id, c.id])
      for (const cloud of c.clouds) batch.rows._ClauseToCloudProvider.push([c.id, cloud.id])
    })
  }
}
