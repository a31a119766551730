import { Prisma } from '../generated/prisma/client.js'
import { builder } from '../builder.js'
import { agreementInForceWhere } from '../db/in-force-where.js'
import { companyFilter } from '../db/company-filter.js'
import { prisma } from '../db/setup/prisma.js'
import { CompanyKindEnum } from './enums.js'
import { clauseRelationPage } from './clause-relation-page.js'
import { whereId } from './node-ids.js'
import { sqlField, sqlRootField } from '../sql-execution/field-sql.js'
import { bySlug } from '../sql-execution/lookups.js'
import { agreementInForceSql } from '../db/in-force-sql.js'
import { CONNECTION_ARGS, relatedConnectionSql } from '../sql-execution/connection.js'
import { rootConnection } from '../sql-execution/root-pages.js'

/**
 * A company's agreements: newest version first, by the agreement's day stored on the party row,
 * which an index of (companyId, announcedEarliest DESC, id) serves as is (migration party_announced).
 */
const PARTY_ORDER = [{ announcedEarliest: 'desc' }, { id: 'asc' }] satisfies Prisma.AgreementPartyOrderByWithRelationInput[]

/** One row per agreement: the party row holding the first of the company's roles there (it carries them all). */
const LISTED_PARTY = { isFirstRole: true } satisfies Prisma.AgreementPartyWhereInput
const listedPartySql = (x: Prisma.Sql) => Prisma.sql`${x}."isFirstRole"`

// The same page in SQL: the listed party rows of the company, of versions in force on `activeOn` if
// asked, read from the period each party row keeps of its version (migration party_in_force).
const partiesSql = relatedConnectionSql('Company', 'parties', PARTY_ORDER, (x, args) => {
  const on = args.activeOn as string | null | undefined
  return on ? Prisma.sql`${listedPartySql(x)} AND ${agreementInForceSql(x, on)}` : listedPartySql(x)
})

export const CompanyRef = builder.prismaNode('Company', {
  id: { field: 'id' },
  select: { id: true },
  // node(id:) answers null for an unknown or malformed ID instead of failing.
  nullable: true,
  findUnique: whereId,
  description: 'A company: an AI lab, big tech firm, cloud operator, chipmaker, investor, …',
  fields: (t) => ({
    slug: t.exposeString('slug'),
    name: t.exposeString('name'),
    aliases: t.exposeStringList('aliases'),
    kinds: t.expose('kinds', { type: [CompanyKindEnum] }),
    country: t.exposeString('country', { nullable: true, description: 'ISO 3166-1 alpha-2 code.' }),
    website: t.exposeString('website', { nullable: true }),
    description: t.exposeString('description', { nullable: true }),
    parent: t.relation('parent', { nullable: true }),
    subsidiaries: t.relation('children', { query: { orderBy: [{ name: 'asc' }, { slug: 'asc' }] } }),
    cloudProviders: t.relation('operatedClouds', {
      description: 'Clouds this company operates.',
      query: { orderBy: [{ name: 'asc' }, { slug: 'asc' }] },
    }),
    assets: t.relation('developedAssets', {
      description: 'Models, products and other assets this company develops.',
      query: { orderBy: [{ name: 'asc' }, { slug: 'asc' }] },
    }),
    agreements: t.relatedConnection('parties', {
      description:
        'Agreement versions this company is a party to, newest announced first: one row per version, with every role the company holds in it (`roles`).',
      cursor: 'id',
      totalCount: true,
      args: { activeOn: t.arg({ type: 'Date', required: false, description: 'Only versions in force on this day.' }) },
      query: (args) => {
        return {
          where: args.activeOn ? { ...LISTED_PARTY, agreement: agreementInForceWhere(args.activeOn) } : LISTED_PARTY,
          orderBy: PARTY_ORDER,
        }
      },
      extensions: sqlField(partiesSql, ['activeOn', ...CONNECTION_ARGS]),
    }),
    licensesGranted: t.relatedConnection('grantedClauses', {
      description: 'Licences this company grants (as licensor).',
      ...clauseRelationPage({ licensesOnly: true, model: 'Company', relation: 'grantedClauses' }),
      args: { activeOn: t.arg({ type: 'Date', required: false, description: 'Only licences in force on this day.' }) },
    }),
    licensesReceived: t.relatedConnection('receivedClauses', {
      description: 'Licences this company holds (as licensee).',
      ...clauseRelationPage({ licensesOnly: true, model: 'Company', relation: 'receivedClauses' }),
      args: { activeOn: t.arg({ type: 'Date', required: false, description: 'Only licences in force on this day.' }) },
    }),
    clausesGranted: t.relatedConnection('grantedClauses', {
      description: 'Every term this company grants, pays, supplies or issues.',
      ...clauseRelationPage({ licensesOnly: false, model: 'Company', relation: 'grantedClauses' }),
      args: { activeOn: t.arg({ type: 'Date', required: false, description: 'Only terms in force on this day.' }) },
    }),
    clausesReceived: t.relatedConnection('receivedClauses', {
      description: 'Every term this company receives.',
      ...clauseRelationPage({ licensesOnly: false, model: 'Company', relation: 'receivedClauses' }),
      args: { activeOn: t.arg({ type: 'Date', required: false, description: 'Only terms in force on this day.' }) },
    }),
  }),
})

const CompanyFilter = builder.inputType('CompanyFilter', {
  fields: (t) => ({
    kind: t.field({ type: CompanyKindEnum, required: false, description: 'Companies of this kind.' }),
    name: t.string({ required: false, description: 'Name contains this text (case-insensitive), or an alias equals it.' }),
  }),
})

/** By name, then id: the resolver's order and the planner's. */
const COMPANY_ORDER = [{ name: 'asc' }, { id: 'asc' }] satisfies Prisma.CompanyOrderByWithRelationInput[]

builder.queryFields((t) => ({
  company: t.prismaField({
    type: 'Company',
    nullable: true,
    args: { slug: t.arg.string({ required: true }) },
    extensions: sqlRootField(bySlug, ['slug']),
    resolve: (query, _root, args) => prisma().company.findUnique({ ...query, where: { slug: args.slug } }),
  }),
  companies: t.prismaConnection(
    {
      type: 'Company',
      cursor: 'id',
      args: { filter: t.arg({ type: CompanyFilter, required: false }) },
      extensions: sqlRootField(
        rootConnection(
          'Company',
          COMPANY_ORDER,
          (x, args) => companyFilter.sql(x, args.filter as object | null) ?? 'a filter key without an SQL form',
        ),
        ['filter', ...CONNECTION_ARGS],
      ),
      totalCount: (_root, args) => prisma().company.count({ where: companyFilter.where(args.filter) }),
      resolve: (query, _root, args) => prisma().company.findMany({ ...query, where: companyFilter.where(args.filter), orderBy: COMPANY_ORDER }),
    },
    { name: 'CompanyConnection' },
    { name: 'CompanyEdge' },
  ),
}))
