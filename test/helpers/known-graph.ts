import { partialDateColumns } from '../../src/db/partial-date-columns.js'
import { parsePartialDate } from '../../src/domain/partial-date.js'
import type { PrismaClient } from '../../src/generated/prisma/client.js'
import type { ClauseKind, Exclusivity } from '../../src/generated/prisma/enums.js'

// A hand-built graph with known answers for search and aggregates (test/api/search.test.ts,
// test/api/stats.test.ts). Clause keys name the clauses in the tests; the comments give the days
// each one is in force.

export interface KnownClause {
  key: string
  kind: ClauseKind
  summary: string
  grantor: string
  grantee: string
  exclusivity?: Exclusivity
  subjects?: string[]
  clouds?: string[]
  startsOn?: string
  endsOn?: string
  condition?: string
}

export interface KnownAgreement {
  slug: string
  title: string
  announcedOn?: string
  effectiveOn?: string
  terminatedOn?: string
  amends?: string
  supplements?: string
  clauses: KnownClause[]
}

export interface KnownGraph {
  companies: { slug: string; name: string; aliases?: string[] }[]
  clouds: { slug: string; name: string; operator: string }[]
  assets: { slug: string; name: string; developer: string }[]
  agreements: KnownAgreement[]
}

const date = (text: string | undefined) => (text ? parsePartialDate(text) : null)

export const knownGraph: KnownGraph = {
  companies: [
    { slug: 'microsoft', name: 'Microsoft', aliases: ['Microsoft Corporation'] },
    { slug: 'openai', name: 'OpenAI', aliases: ['OpenAI LP'] },
    { slug: 'amazon', name: 'Amazon', aliases: ['Amazon.com'] },
    { slug: 'anthropic', name: 'Anthropic' },
    { slug: 'google', name: 'Google' },
    { slug: 'oracle', name: 'Oracle' },
    { slug: 'idle-labs', name: 'Idle Labs' },
  ],
  clouds: [
    { slug: 'azure', name: 'Microsoft Azure', operator: 'microsoft' },
    { slug: 'aws', name: 'Amazon Web Services', operator: 'amazon' },
    { slug: 'google-cloud', name: 'Google Cloud', operator: 'google' },
    { slug: 'oci', name: 'Oracle Cloud Infrastructure', operator: 'oracle' },
  ],
  assets: [
    { slug: 'gpt-5', name: 'GPT-5', developer: 'openai' },
    { slug: 'gpt-4', name: 'GPT-4', developer: 'openai' },
    { slug: 'openai-models', name: 'OpenAI models', developer: 'openai' },
    { slug: 'claude', name: 'Claude', developer: 'anthropic' },
  ],
  agreements: [
    {
      // In force 2019-07-22 .. 2025-10-27 (the amendment below starts 2025-10-28).
      slug: 'ms-oai-2019',
      title: 'Microsoft invests in OpenAI and makes Azure its cloud',
      effectiveOn: '2019-07-22',
      clauses: [
        {
          key: 'A1',
          kind: 'LICENSE_GRANT',
          summary: 'Microsoft gets an exclusive licence to the OpenAI models.',
          grantor: 'openai',
          grantee: 'microsoft',
          exclusivity: 'EXCLUSIVE',
          subjects: ['openai-models'],
        },
        {
          key: 'A2',
          kind: 'CLOUD_PRIMACY',
          summary: 'Azure is the exclusive cloud of OpenAI.',
          grantor: 'openai',
          grantee: 'microsoft',
          exclusivity: 'EXCLUSIVE',
          clouds: ['azure'],
        },
        {
          key: 'A3',
          kind: 'REVENUE_SHARE',
          summary: 'Microsoft pays OpenAI a share of its revenue.',
          grantor: 'microsoft',
          grantee: 'openai',
          endsOn: '2030',
        },
      ],
    },
    {
      slug: 'ms-oai-2025',
      title: 'Microsoft and OpenAI amend their partnership',
      announcedOn: '2025-10-28',
      effectiveOn: '2025-10-28',
      amends: 'ms-oai-2019',
      clauses: [
        // 2025-10-28 .. 2032-12-31
        {
          key: 'B1',
          kind: 'LICENSE_GRANT',
          summary: 'Microsoft keeps a licence to the OpenAI models, no longer exclusive.',
          grantor: 'openai',
          grantee: 'microsoft',
          exclusivity: 'NON_EXCLUSIVE',
          subjects: ['openai-models'],
          endsOn: '2032',
        },
        // 2025-10-28 .. open
        {
          key: 'B2',
          kind: 'CLOUD_PRIMACY',
          summary: 'New API products run first on Azure.',
          grantor: 'openai',
          grantee: 'microsoft',
          clouds: ['azure'],
          condition: 'Unless Microsoft cannot support them.',
        },
        // 2025-10-28 .. 2030-12-31
        {
          key: 'B3',
          kind: 'REVENUE_SHARE',
          summary: 'OpenAI pays Microsoft a capped revenue share.',
          grantor: 'openai',
          grantee: 'microsoft',
          endsOn: '2030',
        },
      ],
    },
    {
      // Effective from October 2025: 2025-10-01.
      slug: 'amazon-openai-2025',
      title: 'OpenAI buys compute from Amazon Web Services',
      effectiveOn: '2025-10',
      clauses: [
        // 2025-10-01 .. open
        {
          key: 'C1',
          kind: 'COMPUTE_COMMITMENT',
          summary: 'Amazon supplies GPU capacity to OpenAI.',
          grantor: 'amazon',
          grantee: 'openai',
          clouds: ['aws'],
        },
        // 2026-01-01 .. 2026-06-30
        {
          key: 'C2',
          kind: 'LICENSE_GRANT',
          summary: 'Amazon may serve GPT-5 exclusively on Bedrock.',
          grantor: 'openai',
          grantee: 'amazon',
          exclusivity: 'EXCLUSIVE',
          subjects: ['gpt-5'],
          startsOn: '2026-01-01',
          endsOn: '2026-06-30',
        },
        // 2025-10-28 .. open: starts the day after A1 ends, so no conflict with it.
        {
          key: 'H1',
          kind: 'LICENSE_GRANT',
          summary: 'Amazon gets an exclusive licence to the OpenAI models.',
          grantor: 'openai',
          grantee: 'amazon',
          exclusivity: 'EXCLUSIVE',
          subjects: ['openai-models'],
          startsOn: '2025-10-28',
        },
      ],
    },
    {
      slug: 'ms-gpt5-2026',
      title: 'Microsoft licenses GPT-5',
      effectiveOn: '2026-03-01',
      clauses: [
        // 2026-03-01 .. 2026-12-31: overlaps C2 (Amazon) from 2026-03-01 to 2026-06-30.
        {
          key: 'D1',
          kind: 'LICENSE_GRANT',
          summary: 'Microsoft gets an exclusive GPT-5 licence.',
          grantor: 'openai',
          grantee: 'microsoft',
          exclusivity: 'EXCLUSIVE',
          subjects: ['gpt-5'],
          endsOn: '2026-12-31',
        },
        // 2026-06-15 .. 2026-06-20
        {
          key: 'D2',
          kind: 'OTHER',
          summary: 'A launch window on Azure.',
          grantor: 'openai',
          grantee: 'microsoft',
          clouds: ['azure'],
          startsOn: '2026-06-15',
          endsOn: '2026-06-20',
        },
      ],
    },
    {
      slug: 'ms-gpt4-2020',
      title: 'Microsoft licenses GPT-4',
      effectiveOn: '2020-06-01',
      // 2020-06-01 .. 2021-12-31
      clauses: [
        {
          key: 'G1',
          kind: 'LICENSE_GRANT',
          summary: 'Exclusive GPT-4 licence.',
          grantor: 'openai',
          grantee: 'microsoft',
          exclusivity: 'EXCLUSIVE',
          subjects: ['gpt-4'],
          endsOn: '2021-12-31',
        },
      ],
    },
    {
      slug: 'ms-gpt4-2021',
      title: 'Microsoft extends its GPT-4 licence',
      effectiveOn: '2021-01-01',
      supplements: 'ms-gpt4-2020',
      // 2021-01-01 .. 2022-12-31: overlaps G1, but the same grantee.
      clauses: [
        {
          key: 'G2',
          kind: 'LICENSE_GRANT',
          summary: 'Exclusive GPT-4 licence, extended.',
          grantor: 'openai',
          grantee: 'microsoft',
          exclusivity: 'EXCLUSIVE',
          subjects: ['gpt-4'],
          endsOn: '2022-12-31',
        },
      ],
    },
    {
      slug: 'amazon-gpt4-2023',
      title: 'Amazon licenses GPT-4',
      effectiveOn: '2023-01-01',
      // 2023-01-01 .. open: starts the day after G2 ends.
      clauses: [
        {
          key: 'G3',
          kind: 'LICENSE_GRANT',
          summary: 'Exclusive GPT-4 licence for Amazon.',
          grantor: 'openai',
          grantee: 'amazon',
          exclusivity: 'EXCLUSIVE',
          subjects: ['gpt-4'],
        },
      ],
    },
    {
      // No effective date: in force from the announcement, 2020-01-01.
      slug: 'google-gpt4-2020',
      title: 'Google licenses GPT-4',
      announcedOn: '2020',
      clauses: [
        {
          key: 'G4',
          kind: 'LICENSE_GRANT',
          summary: 'Non-exclusive GPT-4 licence for Google.',
          grantor: 'openai',
          grantee: 'google',
          exclusivity: 'NON_EXCLUSIVE',
          subjects: ['gpt-4'],
        },
      ],
    },
    {
      slug: 'anthropic-amazon-2024',
      title: 'Amazon invests in Anthropic',
      effectiveOn: '2024-01-01',
      clauses: [
        // 2024-01-01 .. open
        {
          key: 'K1',
          kind: 'LICENSE_GRANT',
          summary: 'Amazon gets exclusive access to Claude.',
          grantor: 'anthropic',
          grantee: 'amazon',
          exclusivity: 'EXCLUSIVE',
          subjects: ['claude'],
        },
        {
          key: 'K2',
          kind: 'COMPUTE_COMMITMENT',
          summary: 'Anthropic trains on Trainium chips.',
          grantor: 'amazon',
          grantee: 'anthropic',
          clouds: ['aws'],
        },
      ],
    },
    {
      slug: 'anthropic-google-2025',
      title: 'Google invests in Anthropic',
      effectiveOn: '2025',
      clauses: [
        // 2025-06-01 .. open: overlaps K1 (Amazon) from 2025-06-01, open-ended.
        {
          key: 'K3',
          kind: 'LICENSE_GRANT',
          summary: 'Google gets exclusive access to Claude.',
          grantor: 'anthropic',
          grantee: 'google',
          exclusivity: 'EXCLUSIVE',
          subjects: ['claude'],
          startsOn: '2025-06',
        },
        // 2025-01-01 .. open
        { key: 'K4', kind: 'COMPUTE_COMMITMENT', summary: 'Anthropic uses TPUs.', grantor: 'google', grantee: 'anthropic', clouds: ['google-cloud'] },
      ],
    },
    {
      // Terminated in September 2025: in force 2025-06-01 .. 2025-09-30.
      slug: 'google-openai-2025',
      title: 'OpenAI rents TPUs',
      effectiveOn: '2025-06-01',
      terminatedOn: '2025-09',
      clauses: [
        {
          key: 'T1',
          kind: 'COMPUTE_COMMITMENT',
          summary: 'Google supplies TPU capacity to OpenAI.',
          grantor: 'google',
          grantee: 'openai',
          clouds: ['google-cloud'],
        },
      ],
    },
    {
      // No date at all: never in force.
      slug: 'rumoured-deal',
      title: 'A rumoured GPT-5 deal',
      clauses: [
        {
          key: 'R1',
          kind: 'LICENSE_GRANT',
          summary: 'Google would get GPT-5 exclusively.',
          grantor: 'openai',
          grantee: 'google',
          exclusivity: 'EXCLUSIVE',
          subjects: ['gpt-5'],
        },
      ],
    },
  ],
}

/** Writes `graph` (the known graph by default) with Prisma creates, in order. */
export async function buildKnownGraph(prisma: PrismaClient, graph: KnownGraph = knownGraph): Promise<void> {
  const company = new Map<string, string>()
  for (const c of graph.companies) {
    company.set(c.slug, (await prisma.company.create({ data: { slug: c.slug, name: c.name, aliases: c.aliases ?? [], kinds: ['OTHER'] } })).id)
  }
  const cloud = new Map<string, string>()
  for (const c of graph.clouds) {
    cloud.set(c.slug, (await prisma.cloudProvider.create({ data: { slug: c.slug, name: c.name, operatorId: company.get(c.operator)! } })).id)
  }
  const asset = new Map<string, string>()
  for (const a of graph.assets) {
    asset.set(a.slug, (await prisma.asset.create({ data: { slug: a.slug, name: a.name, kind: 'MODEL', developerId: company.get(a.developer)! } })).id)
  }
  const agreement = new Map<string, string>()
  for (const a of graph.agreements) {
    const created = await prisma.agreement.create({
      data: {
        slug: a.slug,
        title: a.title,
        kinds: ['OTHER'],
        status: 'ACTIVE',
        ...partialDateColumns('announced', date(a.announcedOn)),
        ...partialDateColumns('effective', date(a.effectiveOn)),
        ...partialDateColumns('terminated', date(a.terminatedOn)),
        amendsId: a.amends ? agreement.get(a.amends)! : null,
        supplementsId: a.supplements ? agreement.get(a.supplements)! : null,
      },
    })
    agreement.set(a.slug, created.id)
    for (const [index, c] of a.clauses.entries()) {
      await prisma.clause.create({
        data: {
          key: c.key,
          position: index + 1,
          agreementId: created.id,
          kind: c.kind,
          summary: c.summary,
          condition: c.condition ?? null,
          grantorId: company.get(c.grantor)!,
          granteeId: company.get(c.grantee)!,
          exclusivity: c.exclusivity ?? 'UNSPECIFIED',
          ...partialDateColumns('starts', date(c.startsOn)),
          ...partialDateColumns('ends', date(c.endsOn)),
          subjects: { connect: (c.subjects ?? []).map((slug) => ({ id: asset.get(slug)! })) },
          cloudProviders: { connect: (c.clouds ?? []).map((slug) => ({ id: cloud.get(slug)! })) },
        },
      })
    }
  }
}
