import { queryFromInfo } from '@pothos/plugin-prisma'
import { GraphQLError, type GraphQLResolveInfo } from 'graphql'
import type { Agreement, Clause, Company, Prisma } from '../generated/prisma/client.js'
import type { ClauseKind } from '../generated/prisma/enums.js'
import { builder } from '../builder.js'
import { clauseInForceWhere } from '../db/in-force-where.js'
import { MAX_AGREEMENTS_PER_STEP, type ShortestPaths, shortestPaths } from '../db/partnership-paths.js'
import { prisma } from '../db/prisma.js'
import { AgreementRef } from './agreement.js'
import { ClauseRef } from './clause.js'
import { CompanyRef } from './company.js'
import { ClauseKindEnum } from './enums.js'

const MAX_HOPS = 6
const MAX_CHAINS = 10

interface Step {
  from: Company
  to: Company
  agreementCount: number
  agreements: Agreement[]
  clauses: Clause[]
}

interface Path {
  from: Company
  to: Company
  hops: number
  chains: Step[][]
}

const LinkDirection = builder.enumType('LinkDirection', {
  description: 'Which way the terms of a step run, seen from its `from` company.',
  values: {
    FORWARD: { description: '`from` grants, pays or supplies to `to`.' },
    BACKWARD: { description: '`to` grants, pays or supplies to `from`.' },
    BOTH: { description: 'Terms run both ways.' },
    NONE: { description: 'Co-parties with no term between the two.' },
  } as const,
})

const StepRef = builder.objectRef<Step>('PartnershipStep').implement({
  description: 'One hop: two companies joined by one or more agreements.',
  fields: (t) => ({
    from: t.field({ type: CompanyRef, resolve: (s) => s.from }),
    to: t.field({ type: CompanyRef, resolve: (s) => s.to }),
    agreement: t.field({
      type: AgreementRef,
      description: 'The most recently announced agreement joining the two.',
      resolve: (s) => s.agreements[0]!,
    }),
    agreements: t.field({
      type: [AgreementRef],
      description: `The agreements joining the two, newest first (at most ${MAX_AGREEMENTS_PER_STEP}).`,
      resolve: (s) => s.agreements,
    }),
    agreementCount: t.int({ description: 'How many agreements join the two.', resolve: (s) => s.agreementCount }),
    clauses: t.field({ type: [ClauseRef], description: 'Terms between the two companies.', resolve: (s) => s.clauses }),
    clauseKinds: t.field({
      type: [ClauseKindEnum],
      resolve: (s) => [...new Set(s.clauses.map((c) => c.kind))].sort() as ClauseKind[],
    }),
    direction: t.field({ type: LinkDirection, resolve: directionOf }),
  }),
})

function directionOf(step: Step): 'FORWARD' | 'BACKWARD' | 'BOTH' | 'NONE' {
  const forward = step.clauses.some((c) => c.grantorId === step.from.id)
  const backward = step.clauses.some((c) => c.grantorId === step.to.id)
  if (forward && backward) return 'BOTH'
  return forward ? 'FORWARD' : backward ? 'BACKWARD' : 'NONE'
}

const ChainRef = builder.objectRef<Step[]>('PartnershipChain').implement({
  fields: (t) => ({
    steps: t.field({ type: [StepRef], resolve: (steps) => steps }),
  }),
})

const PathRef = builder.objectRef<Path>('PartnershipPath').implement({
  description: 'The shortest chains of agreements joining two companies.',
  fields: (t) => ({
    from: t.field({ type: CompanyRef, resolve: (p) => p.from }),
    to: t.field({ type: CompanyRef, resolve: (p) => p.to }),
    hops: t.exposeInt('hops', { description: 'Agreements needed to get from one to the other.' }),
    chains: t.field({
      type: [ChainRef],
      description: `Every shortest chain, up to ${MAX_CHAINS}.`,
      resolve: (p) => p.chains,
    }),
  }),
})

/** An unknown slug is a NOT_FOUND error naming its argument. */
function known(id: string | null, slug: string, argument: 'from' | 'to'): string {
  if (id) return id
  throw new GraphQLError(`Argument "${argument}": no company with slug "${slug}"`, {
    extensions: { code: 'NOT_FOUND', argument },
  })
}

// Where the document selects companies, agreements and clauses under a path: queryFromInfo plans
// what those selections need into the hydrating queries, so Pothos loads nothing more per step.
const COMPANY_PATHS = [['from'], ['to'], ['chains', 'steps', 'from'], ['chains', 'steps', 'to']]
const AGREEMENT_PATHS = [['chains', 'steps', 'agreement'], ['chains', 'steps', 'agreements']]
const CLAUSE_PATHS = [['chains', 'steps', 'clauses']]

/**
 * Loads the companies (both ends included), agreements and clauses of the chains in one statement:
 * the step's clauses and the companies (every one of a path is a party of one of its agreements)
 * are joined into the agreements' query. Each goes its own way when the document plans the
 * agreements' own `clauses` or `parties`, which must not be confused with these, and the companies
 * when there is no agreement (a path of zero hops).
 */
async function hydrate(
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
  const companySelect: Prisma.CompanySelect = queryFromInfo({ context, info, paths: COMPANY_PATHS, select: { id: true } }).select
  const clauseArgs = {
    // What `clauseKinds` and `direction` read, whatever the document selects.
    ...queryFromInfo({ context, info, paths: CLAUSE_PATHS, select: { id: true, agreementId: true, grantorId: true, granteeId: true, kind: true } }),
    where: { grantorId: { in: companyIds }, granteeId: { in: companyIds }, ...(activeOn ? clauseInForceWhere(activeOn) : {}) },
    orderBy: [{ agreementId: 'asc' }, { position: 'asc' }],
  } satisfies Prisma.ClauseFindManyArgs
  const partyArgs = { where: { companyId: { in: companyIds } }, select: { company: { select: companySelect } } } satisfies Prisma.AgreementPartyFindManyArgs
  const withClauses = !('clauses' in agreementSelect)
  const withParties = !('parties' in agreementSelect)
  const agreements =
    agreementIds.length === 0
      ? []
      : await prisma().agreement.findMany({
          select: { ...agreementSelect, ...(withClauses && { clauses: clauseArgs }), ...(withParties && { parties: partyArgs }) },
          where: { id: { in: agreementIds } },
          orderBy: [{ announcedEarliest: 'desc' }, { slug: 'asc' }],
        })
  const joined = agreements as unknown as { clauses?: Clause[]; parties?: { company: Company }[] }[]
  const companyById = new Map<string, Company>(withParties ? joined.flatMap((a) => a.parties ?? []).map((p) => [p.company.id, p.company]) : [])
  const [companies, clauses] = await Promise.all([
    companyIds.every((id) => companyById.has(id))
      ? []
      : prisma().company.findMany({ select: companySelect, where: { id: { in: companyIds } } }),
    withClauses || agreementIds.length === 0
      ? joined.flatMap((a) => a.clauses ?? [])
      : prisma().clause.findMany({ ...clauseArgs, where: { ...clauseArgs.where, agreementId: { in: agreementIds } } }),
  ])
  for (const company of companies) companyById.set(company.id, company as Company)
  // Indexes instead of filtering every list per step: a path can have dozens of steps of up to
  // twenty agreements each. Agreements keep the query's order, clauses theirs (agreement, position).
  const agreementRank = new Map(agreements.map((a, i) => [a.id, i]))
  const clausesByAgreement = new Map<string, Clause[]>()
  for (const clause of clauses as Clause[]) {
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
        clauses: byId
          .flatMap((id) => clausesByAgreement.get(id) ?? [])
          .filter((c) => pair.has(c.grantorId ?? '') && pair.has(c.granteeId ?? '')),
      }
    }),
  )
  return { from: companyById.get(ends.fromId)!, to: companyById.get(ends.toId)!, hops: found.hops, chains }
}

builder.queryField('partnershipPath', (t) =>
  t.field({
    type: PathRef,
    nullable: true,
    description:
      'The shortest chains of agreements joining two companies (null when none within maxHops). Only versions in force on activeOn when given, else the latest version of each deal.',
    args: {
      from: t.arg.string({ required: true, description: 'Company slug.' }),
      to: t.arg.string({ required: true, description: 'Company slug.' }),
      maxHops: t.arg.int({ required: false, defaultValue: 4, description: `1 to ${MAX_HOPS}.` }),
      activeOn: t.arg({ type: 'Date', required: false }),
    },
    resolve: async (_root, args, context, info) => {
      const maxHops = args.maxHops ?? 4
      if (maxHops < 1 || maxHops > MAX_HOPS) {
        throw new GraphQLError(`Argument "maxHops" must be between 1 and ${MAX_HOPS} (got ${maxHops})`, {
          extensions: { code: 'BAD_USER_INPUT', argument: 'maxHops' },
        })
      }
      const activeOn = args.activeOn ?? null
      const { fromId, toId, paths: found } = await shortestPaths(args.from, args.to, maxHops, activeOn, MAX_CHAINS)
      const ends = { fromId: known(fromId, args.from, 'from'), toId: known(toId, args.to, 'to') }
      if (!found) return null
      return hydrate(ends, found, activeOn, context, info)
    },
  }),
)
