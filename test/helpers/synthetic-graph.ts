import type { PrismaClient } from '../../src/generated/prisma/client.js'
import { partialDateColumns } from '../../src/db/partial-date-columns.js'
import { parsePartialDate } from '../../src/domain/partial-date.js'

/**
 * Deterministic synthetic data for tests that need many rows: `count` two-version deals between
 * numbered licensor/licensee companies, each version with a licence, a revenue share and a cloud
 * clause, every clause citing a source. Slugs are prefixed so they never meet the shipped data.
 */
export async function buildSyntheticGraph(prisma: PrismaClient, count: number, prefix = 'syn'): Promise<void> {
  const cloudOperator = await prisma.company.create({
    data: { slug: `${prefix}-cloud-co`, name: `${prefix} Cloud Co`, kinds: ['CLOUD'] },
  })
  const cloud = await prisma.cloudProvider.create({
    data: { slug: `${prefix}-cloud`, name: `${prefix} Cloud`, operatorId: cloudOperator.id },
  })
  for (let i = 1; i <= count; i++) {
    const n = String(i).padStart(3, '0')
    const licensor = await prisma.company.create({ data: { slug: `${prefix}-lab-${n}`, name: `${prefix} Lab ${n}`, kinds: ['AI_LAB'] } })
    const licensee = await prisma.company.create({ data: { slug: `${prefix}-big-${n}`, name: `${prefix} Big ${n}`, kinds: ['BIG_TECH'] } })
    const model = await prisma.asset.create({
      data: { slug: `${prefix}-model-${n}`, name: `${prefix} Model ${n}`, kind: 'MODEL', developerId: licensor.id },
    })
    const source = await prisma.source.create({
      data: { url: `https://example.org/${prefix}/${n}`, title: `Deal ${n}`, publisher: 'Example News' },
    })
    let previous: { id: string; clauseIds: string[] } | null = null
    for (const [version, year, exclusivity] of [
      [1, '2020', 'EXCLUSIVE'],
      [2, '2024', 'NON_EXCLUSIVE'],
    ] as const) {
      const agreement: { id: string; slug: string } = await prisma.agreement.create({
        data: {
          slug: `${prefix}-deal-${n}-v${version}`,
          title: `${prefix} deal ${n}, version ${version}`,
          kinds: ['LICENSE'],
          status: version === 1 ? 'SUPERSEDED' : 'ACTIVE',
          ...partialDateColumns('announced', parsePartialDate(`${year}-03-15`)),
          amendsId: previous?.id ?? null,
          parties: {
            create: [
              { companyId: licensor.id, role: 'LICENSOR' },
              { companyId: licensee.id, role: 'LICENSEE' },
            ],
          },
          citations: { create: [{ sourceId: source.id, basis: 'PRESS_REPORT' }] },
        },
      })
      const clauseIds: string[] = []
      const clauses = [
        { kind: 'LICENSE_GRANT', grantorId: licensor.id, granteeId: licensee.id, exclusivity, ends: '2032' },
        { kind: 'REVENUE_SHARE', grantorId: licensee.id, granteeId: licensor.id, exclusivity: 'UNSPECIFIED', ends: '2030' },
        { kind: 'CLOUD_PRIMACY', grantorId: licensor.id, granteeId: cloudOperator.id, exclusivity: 'UNSPECIFIED', ends: null },
      ] as const
      for (const [index, c] of clauses.entries()) {
        const clause = await prisma.clause.create({
          data: {
            key: `${agreement.slug}#${index + 1}`,
            position: index + 1,
            agreementId: agreement.id,
            kind: c.kind,
            summary: `${c.kind} of deal ${n} v${version}`,
            grantorId: c.grantorId,
            granteeId: c.granteeId,
            exclusivity: c.exclusivity,
            ...partialDateColumns('ends', c.ends ? parsePartialDate(c.ends) : null),
            percentage: c.kind === 'REVENUE_SHARE' ? 20 : null,
            supersedesId: previous?.clauseIds[index] ?? null,
            subjects: c.kind === 'LICENSE_GRANT' ? { connect: [{ id: model.id }] } : undefined,
            cloudProviders: c.kind === 'CLOUD_PRIMACY' ? { connect: [{ id: cloud.id }] } : undefined,
            citations: { create: [{ sourceId: source.id, basis: 'PRESS_REPORT' }] },
          },
        })
        clauseIds.push(clause.id)
      }
      previous = { id: agreement.id, clauseIds }
    }
  }
}
