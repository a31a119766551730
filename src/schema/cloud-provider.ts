import type { Prisma } from '../generated/prisma/client.js'
import { builder } from '../builder.js'
import { prisma } from '../db/setup/prisma.js'
import { clauseRelationPage } from './clause-relation-page.js'
import { whereId } from './node-ids.js'
import { sqlRootField } from '../sql-execution/field-sql.js'
import { bySlug } from '../sql-execution/lookups.js'
import { CONNECTION_ARGS } from '../sql-execution/connection.js'
import { rootConnection } from '../sql-execution/root-pages.js'

export const CloudProviderRef = builder.prismaNode('CloudProvider', {
  id: { field: 'id' },
  select: { id: true },
  // node(id:) answers null for an unknown or malformed ID instead of failing.
  nullable: true,
  findUnique: whereId,
  description: 'A cloud platform (Azure, AWS, Google Cloud, …) and the company that operates it.',
  fields: (t) => ({
    slug: t.exposeString('slug'),
    name: t.exposeString('name'),
    description: t.exposeString('description', { nullable: true }),
    operator: t.relation('operator'),
    clauses: t.relatedConnection('clauses', {
      description: 'Terms that name this cloud: primacy, exclusivity, compute commitments, distribution.',
      ...clauseRelationPage({ licensesOnly: false, model: 'CloudProvider', relation: 'clauses' }),
      args: { activeOn: t.arg({ type: 'Date', required: false, description: 'Only terms in force on this day.' }) },
    }),
  }),
})

/** By name, then id: the resolver's order and the planner's. */
const CLOUD_ORDER = [{ name: 'asc' }, { id: 'asc' }] satisfies Prisma.CloudProviderOrderByWithRelationInput[]

builder.queryFields((t) => ({
  cloudProvider: t.prismaField({
    type: 'CloudProvider',
    nullable: true,
    args: { slug: t.arg.string({ required: true }) },
    extensions: sqlRootField(bySlug, ['slug']),
    resolve: (query, _root, args) => prisma().cloudProvider.findUnique({ ...query, where: { slug: args.slug } }),
  }),
  cloudProviders: t.prismaConnection(
    {
      type: 'CloudProvider',
      cursor: 'id',
      extensions: sqlRootField(rootConnection('CloudProvider', CLOUD_ORDER), [...CONNECTION_ARGS]),
      totalCount: () => prisma().cloudProvider.count(),
      resolve: (query) => prisma().cloudProvider.findMany({ ...query, orderBy: CLOUD_ORDER }),
    },
    { name: 'CloudProviderConnection' },
    { name: 'CloudProviderEdge' },
  ),
}))
