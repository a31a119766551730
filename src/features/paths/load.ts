import { queryFromInfo } from '@pothos/plugin-prisma'
import type { GraphQLResolveInfo } from 'graphql'
import type { Agreement, Clause, Company, Prisma } from '../../generated/prisma/client.js'
import { clauseInForceWhere } from '../../db/in-force-where.js'
import type { ShortestPaths } from './search.js'
import { prisma } from '../../db/setup/prisma.js'

// The rows behind a partnershipPath answer: the companies, agreements and clauses its chains name.
// They hold the columns the document asks for (queryFromInfo), typed as the models the refs expect.

export interface Step {
  from: Company
  to: Company
  agreementCount: number
  agreements: Agreement[]
  clauses: Clause[]
}

export interface Path {
  from: Company
  to: Company
  hops: number
  chains: Step[][]
}

// Where the document selects companies, agreements and clauses under a path: queryFromInfo plans
// what those selections need into the hydrating queries, so Pothos loads nothing more per step.
const COMPANY_PATHS = [['from'], ['to'], ['chains', 'steps', 'from'], ['chains', 'steps', 'to']]
const AGREEMENT_PATHS = [
  ['chains', 'steps', 'agreement'],
  ['chains', 'steps', 'agreements'],
]
const CLAUSE_PATHS = [['chains', 'steps', 'clauses']]

/**
 * Loads the companies (both ends included), agreements and clauses of the chains in two statements
 * run side by side: the step's clauses are joined into the agreements' query (a third statement
 * when the document plans the agreements' own `clauses`, which must not be confused with these).
 * Joining the companies in as well, as parties, measured slower: it saves a statement that runs in
 * parallel anyway and makes the agreements' heavier.
 */
export async function hydrate(
  ends: { fromId: string; toId: string },
  found: ShortestPaths,
  activeOn: string | null,
  context: object,
  info: GraphQLResolveInfo,
): Promise<Path> {
  const steps = found.chains.flat()
  const companyIds = [...new Set([ends.fromId, ends.toId, ...steps.flatMap((s) => [s.from, s.to])])]
  const agreementIds = [...new Set(steps.flatMap((s) => s.agreementIds))]
  const agreementSelect: Prisma.AgreementSelect = queryFromInfo({ context, info, paths: AGREEMENT_PATHS, select: { id: true } }).select
  const clauseArgs = {
    // What `clauseKinds` and `direction` read, whatever the document selects.
    ...queryFromInfo({ context, info, paths: CLAUSE_PATHS, select: { id: true, agreementId: true, grantorId: true, granteeId: true, kind: true } }),
    where: { grantorId: { in: companyIds }, granteeId: { in: companyIds }, ...(activeOn ? clauseInForceWhere(activeOn) : {}) },
    orderBy: [{ agreementId: 'asc' }, { position: 'asc' }],
  } satisfies Prisma.ClauseFindManyArgs
  const withClauses = !('clauses' in agreementSelect)
  const [companies, agreements] = await Promise.all([
    prisma().company.findMany({
      ...queryFromInfo({ context, info, paths: COMPANY_PATHS, select: { id: true } }),
      where: { id: { in: companyIds } },
    }),
    agreementIds.length === 0
      ? []
      : prisma().agreement.findMany({
          select: withClauses ? { ...agreementSelect, clauses: clauseArgs } : agreementSelect,
          where: { id: { in: agreementIds } },
          orderBy: [{ announcedEarliest: 'desc' }, { slug: 'asc' }],
        }),
  ])
  const clauses = (
    withClauses || agreementIds.length === 0
      ? agreements.flatMap((a) => (a as { clauses?: Clause[] }).clauses ?? [])
      : await prisma().clause.findMany({ ...clauseArgs, where: { ...clauseArgs.where, agreementId: { in: agreementIds } } })
  ) as Clause[]
  const companyById = new Map<string, Company>(companies.map((c) => [c.id, c as Company]))
  // Indexes instead of filtering every list per step: a path can have dozens of steps of up to
  // twenty agreements each. Agreements keep the query's order, clauses theirs (agreement, position).
  const agreementRank = new Map(agreements.map((a, i) => [a.id, i]))
  const clausesByAgreement = new Map<string, Clause[]>()
  for (const clause of clauses) {
    const list = clausesByAgreement.get(clause.agreementId)
    if (list) list.push(clause)
    else clausesByAgreement.set(clause.agreementId, [clause])
  }
  const chains = found.chains.map((chain) =>
    chain.map((step) => {
      const pair = new Set([step.from, step.to])
      const ranked = step.agreementIds.filter((id) => agreementRank.has(id)).sort((a, b) => agreementRank.get(a)! - agreementRank.get(b)!)
      const byId = [...step.agreementIds].sort()
      return {
        from: companyById.get(step.from)!,
        to: companyById.get(step.to)!,
        agreementCount: step.agreementCount,
        agreements: ranked.map((id) => agreements[agreementRank.get(id)!]!) as Agreement[],
        clauses: byId.flatMap((id) => clausesByAgreement.get(id) ?? []).filter((c) => pair.has(c.grantorId ?? '') && pair.has(c.granteeId ?? '')),
      }
    }),
  )
  return { from: companyById.get(ends.fromId)!, to: companyById.get(ends.toId)!, hops: found.hops, chains }
}
