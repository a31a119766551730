import type { Prisma } from '../generated/prisma/client.js'
import { builder } from '../builder.js'
import { slugOf } from './slug-args.js'
import { assetFilter } from '../db/asset-filter.js'
import { partialDateSelect, readPartialDate } from '../db/partial-date-columns.js'
import { prisma } from '../db/setup/prisma.js'
import { AssetKindEnum } from './enums.js'
import { PartialDateRef } from './values.js'
import { clauseRelationPage } from './clause-relation-page.js'
import { whereId } from './node-ids.js'
import { sqlField, sqlRootField } from '../sql-execution/field-sql.js'
import { bySlug } from '../sql-execution/lookups.js'
import { partialDate } from '../sql-execution/forms.js'
import { CONNECTION_ARGS } from '../sql-execution/connection.js'
import { rootConnection } from '../sql-execution/root-pages.js'

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
    developer: t.string({ required: false, description: 'Slug of the developing company.', extensions: slugOf('Company') }),
    name: t.string({ required: false, description: 'Name contains this text (case-insensitive).' }),
  }),
})

/** By name, then id: the resolver's order and the planner's. */
const ASSET_ORDER = [{ name: 'asc' }, { id: 'asc' }] satisfies Prisma.AssetOrderByWithRelationInput[]

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
      extensions: sqlRootField(
        rootConnection('Asset', ASSET_ORDER, (x, args) => assetFilter.sql(x, args.filter as object | null) ?? 'a filter key without an SQL form'),
        ['filter', ...CONNECTION_ARGS],
      ),
      totalCount: (_root, args) => prisma().asset.count({ where: assetFilter.where(args.filter) }),
      resolve: (query, _root, args) => prisma().asset.findMany({ ...query, where: assetFilter.where(args.filter), orderBy: ASSET_ORDER }),
    },
    { name: 'AssetConnection' },
    { name: 'AssetEdge' },
  ),
}))
