import { brandWithType } from '@pothos/core'
import { queryFromInfo } from '@pothos/plugin-prisma'
import { GraphQLError, type GraphQLResolveInfo } from 'graphql'
import { builder, type Context } from '../../builder.js'
import { prisma } from '../../db/setup/prisma.js'
import { Prisma } from '../../generated/prisma/client.js'
import { AgreementRef } from '../../schema/agreement.js'
import { AssetRef } from '../../schema/asset.js'
import { ClauseRef } from '../../schema/clause.js'
import { CloudProviderRef } from '../../schema/cloud-provider.js'
import { CompanyRef } from '../../schema/company.js'
import type { RootFieldSql } from '../../sql-execution/compiler.js'
import { recordsByTypeAndId } from '../../sql-execution/computed-rows.js'
import { sqlRootField } from '../../sql-execution/field-sql.js'
import { type RankedHit, rankSearchHits, type SearchHitType } from './ranked-search.js'

export const DEFAULT_HITS = 10
const MAX_HITS = 50
const MAX_QUERY_LENGTH = 200

const SearchHit = builder.unionType('SearchHit', {
  description: 'Something `search` found: a company, cloud provider, asset, agreement version or clause.',
  types: [CompanyRef, CloudProviderRef, AssetRef, AgreementRef, ClauseRef],
  // Every hit is branded with its type when loaded (see loadHits), so no resolveType is needed.
})

function badInput(argument: string, message: string): GraphQLError {
  return new GraphQLError(`Argument "${argument}" ${message}`, { extensions: { code: 'BAD_USER_INPUT', argument } })
}

type Hit = typeof SearchHit.$inferType
type Loader = (query: object, ids: string[]) => Promise<{ id: string }[]>

const refs = { Company: CompanyRef, CloudProvider: CloudProviderRef, Asset: AssetRef, Agreement: AgreementRef, Clause: ClauseRef }

// One findMany per type that has hits, each with the selection the request asks of that type.
const loaders: Record<SearchHitType, Loader> = {
  Company: (query, ids) => prisma().company.findMany({ ...query, where: { id: { in: ids } } }),
  CloudProvider: (query, ids) => prisma().cloudProvider.findMany({ ...query, where: { id: { in: ids } } }),
  Asset: (query, ids) => prisma().asset.findMany({ ...query, where: { id: { in: ids } } }),
  Agreement: (query, ids) => prisma().agreement.findMany({ ...query, where: { id: { in: ids } } }),
  Clause: (query, ids) => prisma().clause.findMany({ ...query, where: { id: { in: ids } } }),
}

async function loadHits(ranked: RankedHit[], context: Context, info: GraphQLResolveInfo): Promise<Hit[]> {
  const idsByType = new Map<SearchHitType, string[]>()
  for (const hit of ranked) idsByType.set(hit.type, [...(idsByType.get(hit.type) ?? []), hit.id])
  const loaded = new Map<string, Hit>()
  await Promise.all(
    [...idsByType].map(async ([type, ids]) => {
      // Ask for the id even when the request does not, to put the rows back in rank order.
      const query = queryFromInfo({ context, info, typeName: type, select: { id: true } })
      for (const row of await loaders[type](query, ids)) {
        brandWithType(row, refs[type])
        loaded.set(`${type}:${row.id}`, row as Hit)
      }
    }),
  )
  // A row deleted between the two statements is left out rather than failing the search.
  return ranked.flatMap((hit) => loaded.get(`${hit.type}:${hit.id}`) ?? [])
}

/** The search `query:` and `first:` ask for, or what is wrong with them. */
function searchArgs(args: { query: string; first?: number | null }): { query: string; first: number } | GraphQLError {
  const query = args.query.trim()
  if (query === '') return badInput('query', 'must not be blank')
  if (query.length > MAX_QUERY_LENGTH) return badInput('query', `must be at most ${MAX_QUERY_LENGTH} characters (got ${query.length})`)
  const first = args.first ?? DEFAULT_HITS
  if (first < 1 || first > MAX_HITS) return badInput('first', `must be between 1 and ${MAX_HITS} (got ${first})`)
  return { query, first }
}

const HIT_TYPES = Object.keys(refs)

/** The ranking runs first; one statement then reads the hits. Bad arguments: the resolver's error. */
const searchSql: RootFieldSql = (selected, compiler) => {
  const args = searchArgs(selected.args as { query: string; first?: number | null })
  if (args instanceof GraphQLError || !recordsByTypeAndId(HIT_TYPES)(Prisma.empty, selected, compiler)) return null
  return async () => recordsByTypeAndId(HIT_TYPES, await rankSearchHits(args.query, args.first))(Prisma.empty, selected, compiler)
}

builder.queryField('search', (t) =>
  t.field({
    type: [SearchHit],
    description:
      'Ranked search over company names, aliases and slugs, cloud providers, assets, agreement titles and slugs, and clause ' +
      'summaries and conditions. Names forgive case and spacing ("AZURE", "Open AI", "gpt5"), match by the start of their ' +
      'words ("micro") and, when too few hits match the query as written, by near spellings ("Microsfot", "Azrue"); titles and clause ' +
      'text match by their words, stemmed ("licences" finds "licence"). Then a longer query\'s misspelt words are also corrected ' +
      'to words of names one edit away ("opnai microsoft" also searches "openai microsoft"). Exact names, aliases and slugs come ' +
      'first, then what matches as written (as typed, then as corrected), then near spellings; at equal score, companies, ' +
      'clouds and assets come before agreements and clause text.',
    extensions: sqlRootField(searchSql, ['query', 'first']),
    args: {
      query: t.arg.string({ required: true, description: `Words to look for, at most ${MAX_QUERY_LENGTH} characters.` }),
      first: t.arg.int({ required: false, description: `How many hits (default ${DEFAULT_HITS}, at most ${MAX_HITS}).` }),
    },
    resolve: async (_root, args, context, info) => {
      const searched = searchArgs(args)
      if (searched instanceof GraphQLError) throw searched
      return loadHits(await rankSearchHits(searched.query, searched.first), context, info)
    },
  }),
)
