import { GraphQLError } from 'graphql'
import type { ClauseKind } from '../../generated/prisma/enums.js'
import { builder } from '../../builder.js'
import { slugOf, unknownSlugError } from '../../schema/slug-args.js'
import { DEFAULT_HOPS, MAX_AGREEMENTS_PER_STEP, MAX_CHAINS, MAX_HOPS, shortestPaths } from './search.js'
import { AgreementRef } from '../../schema/agreement.js'
import { ClauseRef } from '../../schema/clause.js'
import { CompanyRef } from '../../schema/company.js'
import { ClauseKindEnum } from '../../schema/enums.js'
import { hydrate, type Path, type Step } from './load.js'
import { sqlRootField } from '../../sql-execution/field-sql.js'
import { partnershipPath as partnershipPathSql } from './planned-sql.js'

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
      description: 'The most recently announced of `agreements`.',
      resolve: (s) => s.agreements[0]!,
    }),
    agreements: t.field({
      type: [AgreementRef],
      description: `The agreements joining the two that started most recently (effective, else announced), at most ${MAX_AGREEMENTS_PER_STEP}, the most recently announced first.`,
      resolve: (s) => s.agreements,
    }),
    agreementCount: t.int({ description: 'How many agreements join the two.', resolve: (s) => s.agreementCount }),
    clauses: t.field({
      type: [ClauseRef],
      description: "The terms between the two companies in `agreements` (in force on the path's `activeOn`, when given).",
      resolve: (s) => s.clauses,
    }),
    clauseKinds: t.field({
      type: [ClauseKindEnum],
      description: 'The kinds of `clauses`, each once, by name.',
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

/** An unknown slug (deleted since knownSlugs checked it) is a NOT_FOUND error naming its argument. */
function known(id: string | null, slug: string, argument: 'from' | 'to'): string {
  if (id) return id
  throw unknownSlugError({ table: 'Company', slug, argument })
}

builder.queryField('partnershipPath', (t) =>
  t.field({
    type: PathRef,
    nullable: true,
    extensions: sqlRootField(partnershipPathSql, ['from', 'to', 'maxHops', 'activeOn']),
    description:
      'The shortest chains of agreements joining two companies (null when none within maxHops). Only versions in force on activeOn when given, else the latest version of each deal.',
    args: {
      from: t.arg.string({ required: true, description: 'Company slug.', extensions: slugOf('Company') }),
      to: t.arg.string({ required: true, description: 'Company slug.', extensions: slugOf('Company') }),
      maxHops: t.arg.int({ required: false, defaultValue: DEFAULT_HOPS, description: `1 to ${MAX_HOPS}.` }),
      activeOn: t.arg({ type: 'Date', required: false }),
    },
    resolve: async (_root, args, context, info) => {
      const maxHops = args.maxHops ?? DEFAULT_HOPS
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
