import { partialDateColumns } from '../../src/db/partial-date-columns.js'
import { parsePartialDate } from '../../src/domain/partial-date.js'
import type { PrismaClient } from '../../src/generated/prisma/client.js'
import type { ClauseKind, Exclusivity, PartyRole } from '../../src/generated/prisma/enums.js'

// A small hand-written graph for tests with known answers: companies by slug, agreements with
// parties and clauses, dates as partial-date strings.

export interface TinyClause {
  kind: ClauseKind
  grantor: string
  grantee: string
  exclusivity?: Exclusivity
  subjects?: string[]
  clouds?: string[]
  endsOn?: string
}

export interface TinyAgreement {
  slug: string
  announcedOn: string
  endsOn?: string
  amends?: string
  parties: [string, PartyRole][]
  clauses?: TinyClause[]
}

export interface TinyGraph {
  companies: string[]
  assets?: [slug: string, developer: string][]
  clouds?: [slug: string, operator: string][]
  agreements: TinyAgreement[]
}

export async function buildTinyGraph(prisma: PrismaClient, graph: TinyGraph): Promise<void> {
  const id = new Map<string, string>()
  for (const slug of graph.companies) {
    id.set(slug, (await prisma.company.create({ data: { slug, name: slug.toUpperCase(), kinds: ['OTHER'] } })).id)
  }
  for (const [slug, developer] of graph.assets ?? []) {
    id.set(slug, (await prisma.asset.create({ data: { slug, name: slug, kind: 'MODEL', developerId: id.get(developer)! } })).id)
  }
  for (const [slug, operator] of graph.clouds ?? []) {
    id.set(slug, (await prisma.cloudProvider.create({ data: { slug, name: slug, operatorId: id.get(operator)! } })).id)
  }
  for (const a of graph.agreements) {
    const agreement = await prisma.agreement.create({
      data: {
        slug: a.slug,
        title: a.slug,
        status: 'ACTIVE',
        ...partialDateColumns('announced', parsePartialDate(a.announcedOn)),
        ...partialDateColumns('ends', a.endsOn ? parsePartialDate(a.endsOn) : null),
        amendsId: a.amends ? id.get(a.amends)! : null,
        parties: { create: a.parties.map(([company, role]) => ({ companyId: id.get(company)!, role })) },
      },
    })
    id.set(a.slug, agreement.id)
    for (const [index, c] of (a.clauses ?? []).entries()) {
      await prisma.clause.create({
        data: {
          key: `${a.slug}#${index + 1}`,
          position: index + 1,
          agreementId: agreement.id,
          kind: c.kind,
          summary: `${c.kind} ${c.grantor}→${c.grantee}`,
          grantorId: id.get(c.grantor)!,
          granteeId: id.get(c.grantee)!,
          exclusivity: c.exclusivity ?? 'UNSPECIFIED',
          ...partialDateColumns('ends', c.endsOn ? parsePartialDate(c.endsOn) : null),
          subjects: { connect: (c.subjects ?? []).map((s) => ({ id: id.get(s)! })) },
          cloudProviders: { connect: (c.clouds ?? []).map((s) => ({ id: id.get(s)! })) },
        },
      })
    }
  }
}
