import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { agreementInForceSql } from '../../src/db/in-force-sql.js'
import { Prisma } from '../../src/generated/prisma/client.js'
import { generateGraph } from '../../synthetic/generate.js'
import { startWriteApi, type WriteApi } from '../helpers/write-api.js'

// partnershipPath over "CompanyLink" against a reference computed straight from "AgreementParty" ×
// "Agreement" (the definition the walks used before the table existed): on a generated graph, for
// many pairs, with and without activeOn, the distance is the reference breadth-first distance and
// every step joins two companies through exactly the agreements the reference says join them.
// The answer built in SQL (src/sql-execution/) must also be the resolvers' answer, to the byte.

let api: WriteApi
let companies: string[]
beforeAll(async () => {
  api = await startWriteApi()
  await generateGraph({ url: api.url, companies: 60, agreements: 400, seed: 5 })
  companies = (await api.prisma.company.findMany({ select: { slug: true }, orderBy: { slug: 'asc' } })).map((c) => c.slug)
}, 120_000)
afterAll(() => api?.close())

const PATH = /* GraphQL */ `
  query($from: String!, $to: String!, $on: Date) {
    partnershipPath(from: $from, to: $to, maxHops: 4, activeOn: $on) {
      hops
      chains { steps { from { slug } to { slug } agreementCount agreements { slug } agreement { slug } clauseKinds direction clauses { key } } }
    }
  }`

interface Step {
  from: { slug: string }
  to: { slug: string }
  agreementCount: number
  agreements: { slug: string }[]
}

const versionFilter = (on: string | null) =>
  on ? agreementInForceSql('a', on) : Prisma.sql`NOT EXISTS (SELECT 1 FROM "Agreement" m WHERE m."amendsId" = a."id")`

/** Agreement slugs joining each pair of companies (by slug, both ways), straight from the parties. */
async function referenceLinks(on: string | null): Promise<Map<string, string[]>> {
  const rows = await api.prisma.$queryRaw<{ from: string; to: string; slugs: string[] }[]>`
    SELECT cp."slug" AS "from", co."slug" AS "to", array_agg(DISTINCT a."slug") AS slugs
    FROM "AgreementParty" p
    JOIN "AgreementParty" o ON o."agreementId" = p."agreementId" AND o."companyId" <> p."companyId"
    JOIN "Agreement" a ON a."id" = p."agreementId"
    JOIN "Company" cp ON cp."id" = p."companyId" JOIN "Company" co ON co."id" = o."companyId"
    WHERE ${versionFilter(on)}
    GROUP BY 1, 2`
  return new Map(rows.map((r) => [`${r.from}>${r.to}`, r.slugs]))
}

/** Breadth-first distance over those links, in the test's own code; null beyond 4. */
function referenceDistance(links: Map<string, string[]>, from: string, to: string): number | null {
  const neighbours = new Map<string, string[]>()
  for (const key of links.keys()) {
    const [a, b] = key.split('>') as [string, string]
    neighbours.set(a, [...(neighbours.get(a) ?? []), b])
  }
  let frontier = [from]
  const seen = new Set(frontier)
  for (let d = 0; d <= 4; d++) {
    if (frontier.includes(to)) return d
    frontier = frontier.flatMap((c) => neighbours.get(c) ?? []).filter((c) => !seen.has(c) && seen.add(c))
  }
  return null
}

describe('partnershipPath agrees with the reference over AgreementParty × Agreement', () => {
  for (const on of [null, '2019-06-30', '2022-01-01', '2024-09-15']) {
    it(`for 30 pairs, ${on ? `as of ${on}` : 'latest versions'}`, async () => {
      const links = await referenceLinks(on)
      let found = 0
      for (let i = 0; i < 30; i++) {
        const from = companies[(i * 7) % companies.length]!
        const to = companies[(i * 13 + 5) % companies.length]!
        const result = await api.query(PATH, { from, to, on })
        expect(result.errors).toBeUndefined()
        expect(JSON.stringify(result)).toBe(JSON.stringify(await api.queryViaExecutor(PATH, { from, to, on })))
        const path = result.data!.partnershipPath as { hops: number; chains: { steps: Step[] }[] } | null
        const distance = referenceDistance(links, from, to)
        expect(path?.hops ?? null, `${from} → ${to}`).toBe(distance)
        if (!path) continue
        found++
        expect(path.chains.length).toBeGreaterThan(0)
        for (const chain of path.chains) {
          expect(chain.steps.length).toBe(distance === 0 ? 0 : distance)
          if (chain.steps.length > 0) {
            expect(chain.steps[0]!.from.slug).toBe(from)
            expect(chain.steps.at(-1)!.to.slug).toBe(to)
          }
          for (const step of chain.steps) {
            const joining = links.get(`${step.from.slug}>${step.to.slug}`) ?? []
            expect(step.agreementCount).toBe(joining.length)
            for (const agreement of step.agreements) expect(joining).toContain(agreement.slug)
          }
        }
      }
      expect(found).toBeGreaterThan(5)
    }, 60_000)
  }
})
