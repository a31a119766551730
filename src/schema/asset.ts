import type { Prisma } from '../generated/prisma/client.js'
import type { AssetKind } from '../generated/prisma/enums.js'
import { builder } from '../builder.js'
import { partialDateSelect, readPartialDate } from '../db/partial-date-columns.js'
import { prisma } from '../db/setup/prisma.js'
import { AssetKindEnum } from './enums.js'
import { PartialDateRef } from './values.js'
import { clauseRelationPage } from './clause-relation-page.js'
import { whereId } from './node-ids.js'
import { sqlField, sqlRootField } from '../sql-execution/field-sql.js'
import { bySlug } from '../sql-execution/lookups.js'
import { partialDate } from '../sql-execution/forms.js'

export const AssetRef = builder.prismaNode('Asset', {
  id: { field: 'id' },
  select: { id: true },
  // node(id:) answers null for an unknown or malformed ID instead of failing.
  nullable: true,
  findUnique: whereId,
  description: 'What is licensed or supplied: a model, model family, product, IP portfolio, chip or service.',
  fields: (t) => ({
    slug: t.exposeString('slug'),
    name: t.exposeString('name'),
    kind: t.expose('kind', { type: AssetKindEnum }),
    description: t.exposeString('description', { nullable: true }),
    developer: t.relation('developer', { nullable: true }),
    releasedOn: t.field({
      type: PartialDateRef,
      nullable: true,
      select: partialDateSelect('released'),
      resolve: (a) => readPartialDate(a, 'released'),
      extensions: sqlField(partialDate('released')),
    }),
    licenses: t.relatedConnection('clauses', {
      description: 'Licence grants of this asset.',
      ...clauseRelationPage({ licensesOnly: true, model: 'Asset', relation: 'clauses' }),
      args: { activeOn: t.arg({ type: 'Date', required: false, description: 'Only licences in force on this day.' }) },
    }),
    clauses: t.relatedConnection('clauses', {
      description: 'Every term about this asset.',
      ...clauseRelationPage({ licensesOnly: false, model: 'Asset', relation: 'clauses' }),
      args: { activeOn: t.arg({ type: 'Date', required: false, description: 'Only terms in force on this day.' }) },
    }),
  }),
})

const AssetFilter = builder.inputType('AssetFilter', {
  fields: (t) => ({
    kind: t.field({ type: AssetKindEnum, required: false }),
    developer: t.string({ required: false, description: 'Slug of the developing company.' }),
    name: t.string({ required: false, description: 'Name contains this text (case-insensitive).' }),
  }),
})

function assetWhere(filter: { kind?: AssetKind | null; developer?: string | null; name?: string | null } | null | undefined) {
  const where: Prisma.AssetWhereInput = {}
  if (filter?.kind) where.kind = filter.kind
  if (filter?.developer) where.developer = { slug: filter.developer }
  if (filter?.name) where.name = { contains: filter.name, mode: 'insensitive' }
  return where
}

builder.queryFields((t) => ({
  asset: t.prismaField({
    type: 'Asset',
    nullable: true,
    args: { slug: t.arg.string({ required: true }) },
    extensions: sqlRootField(bySlug, ['slug']),
    resolve: (query, _root, args) => prisma().asset.findUnique({ ...query, where: { slug: args.slug } }),
  }),
  assets: t.prismaConnection(
    {
      type: 'Asset',
      cursor: 'id',
      args: { filter: t.arg({ type: AssetFilter, required: false }) },
      totalCount: (_root, args) => {
        return prisma().asset.count({ where: assetWhere(args.filter) })
      },
      resolve: (query, _root, args) => {
        return prisma().asset.findMany({ ...query, where: assetWhere(args.filter), orderBy: [{ name: 'asc' }, { id: 'asc' }] })
      },
    },
    { name: 'AssetConnection' },
    { name: 'AssetEdge' },
  ),
}))
