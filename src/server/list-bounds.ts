import {
  getNamedType,
  getNullableType,
  type GraphQLField,
  type GraphQLObjectType,
  type GraphQLSchema,
  isCompositeType,
  isListType,
  isObjectType,
} from 'graphql'
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../builder.js'
import { DEFAULT_MAX_EDGES, MAX_EDGES } from '../features/neighborhood/budget.js'
import { MAX_COMPANIES } from '../features/neighborhood/members.js'
import { DEFAULT_HOPS, MAX_AGREEMENTS_PER_STEP, MAX_CHAINS, MAX_HOPS } from '../features/paths/search.js'
import { COMPUTE_KINDS, INVESTMENT_KINDS } from '../db/aggregates.js'
import { ClauseKind, QuantityUnit } from '../generated/prisma/enums.js'
import { DEFAULT_HITS } from '../features/search/schema.js'

// How many items each list of objects in the schema can hold, for the query cost (query-cost.ts):
// the largest such list the data holds (read by data-bounds.ts), or the bound the API enforces.
// Connections are priced by their page instead. test/hardening/list-fan-out.test.ts fails when a
// list of objects has no entry here.

/** The largest group of `table` rows sharing a `column` value: the longest list of that relation. */
const largestGroup = (table: string, column: string) =>
  `SELECT max(n) FROM (SELECT count(*) AS n FROM "${table}" WHERE "${column}" IS NOT NULL GROUP BY "${column}") AS g`

/** The most clauses of `kinds` one grantor has with one grantee. */
const largestPairOf = (kinds: readonly ClauseKind[]) =>
  `SELECT max(n) FROM (SELECT count(*) AS n FROM "Clause" WHERE "kind" IN (${kinds.map((k) => `'${k}'`).join(', ')})
    GROUP BY "grantorId", "granteeId") AS g`

const DATA_BOUNDS = {
  'Agreement.amendedBy': largestGroup('Agreement', 'amendsId'),
  'Agreement.supplementedBy': largestGroup('Agreement', 'supplementsId'),
  'Agreement.versions': largestGroup('Agreement', 'chainRootId'),
  'Agreement.clauses': largestGroup('Clause', 'agreementId'),
  'Agreement.parties': largestGroup('AgreementParty', 'agreementId'),
  'Agreement.citations': largestGroup('AgreementCitation', 'agreementId'),
  // A version's changes pair its clauses with those of the version it amends.
  'Agreement.changes': `SELECT max(coalesce(own.n, 0) + coalesce(amended.n, 0)) FROM "Agreement" AS v
    LEFT JOIN (SELECT "agreementId" AS id, count(*) AS n FROM "Clause" GROUP BY 1) AS own ON own.id = v.id
    LEFT JOIN (SELECT "agreementId" AS id, count(*) AS n FROM "Clause" GROUP BY 1) AS amended ON amended.id = v."amendsId"`,
  'Clause.citations': largestGroup('ClauseCitation', 'clauseId'),
  'Clause.subjects': largestGroup('_AssetToClause', 'B'),
  'Clause.cloudProviders': largestGroup('_ClauseToCloudProvider', 'A'),
  'Clause.supersededBy': largestGroup('Clause', 'supersedesId'),
  'Clause.tranches': largestGroup('ClauseTranche', 'clauseId'),
  'Clause.alternatives': largestGroup('ValueAlternative', 'clauseId'),
  'Clause.replaces': largestGroup('ClauseReplacement', 'clauseId'),
  'Clause.replacedBy': largestGroup('ClauseReplacement', 'replacedId'),
  'ValueAlternative.citations': largestGroup('AlternativeCitation', 'alternativeId'),
  'Company.subsidiaries': largestGroup('Company', 'parentId'),
  'Company.cloudProviders': largestGroup('CloudProvider', 'operatorId'),
  'Company.assets': largestGroup('Asset', 'developerId'),
  'Query.apiKeys': 'SELECT count(*) FROM "ApiKey"',
  // The aggregates' rows: the clauses of their kinds between one grantor and one grantee, and the
  // money totals, one per currency and period any clause or tranche gives.
  'ComputeTotal.clauses': largestPairOf(COMPUTE_KINDS),
  'InvestmentTotal.clauses': largestPairOf(INVESTMENT_KINDS),
  'InvestmentTotal.totals': `SELECT count(*) FROM (SELECT "currency", "amountPeriod" FROM "Clause" WHERE "currency" IS NOT NULL
    UNION SELECT "currency", "amountPeriod" FROM "ClauseTranche" WHERE "currency" IS NOT NULL) AS measures`,
  'Deal.agreements': largestGroup('Agreement', 'dealId'),
  // The companies of a deal: the co-parties of all its agreements.
  'Deal.parties': `SELECT max(n) FROM (SELECT count(DISTINCT p."companyId") AS n FROM "AgreementParty" AS p
    JOIN "Agreement" AS a ON a."id" = p."agreementId" GROUP BY a."dealId") AS g`,
} as const

/** The sizes of the `limit` largest groups of clauses by `groups`, largest first. */
const largestClauseGroups = (where: string, groups: string, limit: number) => `SELECT coalesce(array_agg(n ORDER BY n DESC), '{}') FROM (
    SELECT count(*)::int AS n FROM "Clause" WHERE ${where} GROUP BY ${groups} ORDER BY 1 DESC LIMIT ${limit}) AS g`

/**
 * For a path's steps: the clauses between two companies (either way) of the MAX_HOPS largest
 * pairs, and those of a company with itself (none so far) of the MAX_HOPS + 1 largest.
 */
const PAIR_BOUNDS = {
  largestPairs: largestClauseGroups('"grantorId" <> "granteeId"', 'least("grantorId", "granteeId"), greatest("grantorId", "granteeId")', MAX_HOPS),
  largestSelf: largestClauseGroups('"grantorId" = "granteeId"', '"grantorId"', MAX_HOPS + 1),
}

export type DataBounds = Record<keyof typeof DATA_BOUNDS, number> & Record<keyof typeof PAIR_BOUNDS, number[]>

/** One statement for every data bound: a row of DataBounds. */
export const DATA_BOUNDS_STATEMENT = `SELECT ${[
  ...Object.entries(DATA_BOUNDS).map(([field, sql]) => `coalesce((${sql}), 0)::int AS "${field}"`),
  ...Object.entries(PAIR_BOUNDS).map(([field, sql]) => `(${sql}) AS "${field}"`),
].join(',\n')}`

/** The bounds of an empty database; `onRead` is called when one is read (whether pricing needs the data's). */
export function emptyDataBounds(onRead: () => void = () => {}): DataBounds {
  const empty = {
    ...Object.fromEntries(Object.keys(DATA_BOUNDS).map((field) => [field, 0])),
    ...Object.fromEntries(Object.keys(PAIR_BOUNDS).map((field) => [field, []])),
  } as unknown as DataBounds
  return new Proxy(empty, {
    get: (target, key) => {
      onRead()
      return Reflect.get(target, key)
    },
  })
}

/** What a list's bound may depend on: the data, and the arguments of its field and the fields above. */
export interface ListContext {
  data: DataBounds
  /** Arguments of the field and its ancestors, the nearest first (`maxEdges` of the neighborhood). */
  args: Record<string, unknown>
}

const sumOf = (sizes: number[]) => sizes.reduce((sum, n) => sum + n, 0)
const fromData = (field: keyof typeof DATA_BOUNDS) => (c: ListContext) => c.data[field]
/** An argument the resolver checks against [1, max]: a value out of range is its error to report. */
const argument = (value: unknown, fallback: number, max: number) => (typeof value === 'number' ? Math.min(Math.max(value, 1), max) : fallback)
const hopsOf = (c: ListContext) => argument(c.args.maxHops, DEFAULT_HOPS, MAX_HOPS)
const edgesOf = (c: ListContext) => argument(c.args.maxEdges, DEFAULT_MAX_EDGES, MAX_EDGES)

/** Every list of objects in the schema, outside connections, with its bound. */
export const LIST_BOUNDS: Record<string, (c: ListContext) => number> = {
  ...Object.fromEntries(Object.keys(DATA_BOUNDS).map((field) => [field, fromData(field as keyof typeof DATA_BOUNDS)])),
  'Agreement.sources': fromData('Agreement.citations'),
  'Clause.sources': fromData('Clause.citations'),
  'Deal.versions': fromData('Deal.agreements'),
  'Company.partners': () => DEFAULT_PAGE_SIZE,
  'ExclusivityConflict.clauses': () => 2,
  // A neighborhood: its companies, and the assets and clouds its kept edges name.
  'Graph.edges': edgesOf,
  'Graph.nodes': (c) => MAX_COMPANIES + edgesOf(c),
  'PartnershipPath.chains': () => MAX_CHAINS,
  'PartnershipChain.steps': hopsOf,
  'PartnershipStep.agreements': () => MAX_AGREEMENTS_PER_STEP,
  // A chain's steps join different pairs of companies: together they hold at most the clauses of
  // the largest pairs, one a step, and of each company with itself twice (priced per step as
  // their average).
  'PartnershipStep.clauses': (c) => {
    const hops = hopsOf(c)
    return (sumOf(c.data.largestPairs.slice(0, hops)) + 2 * sumOf(c.data.largestSelf.slice(0, hops + 1))) / hops
  },
  'Query.nodes': (c) => (Array.isArray(c.args.ids) ? c.args.ids.length : 1),
  // Lists with a `first` argument are priced by it when it is given (query-cost.ts), else by their default.
  'Query.search': () => DEFAULT_HITS,
  'Query.clauseCountsByKind': () => Object.keys(ClauseKind).length,
  'Query.clauseCountsByCloudProvider': () => DEFAULT_PAGE_SIZE,
  'Query.clauseCountsByCompany': () => DEFAULT_PAGE_SIZE,
  'Query.exclusivityConflicts': () => DEFAULT_PAGE_SIZE,
  'Query.computeContracted': () => DEFAULT_PAGE_SIZE,
  'Query.investmentTotals': () => DEFAULT_PAGE_SIZE,
  // A total per unit (MW counted as GW), then the money ones.
  'ComputeTotal.totals': (c) => Object.keys(QuantityUnit).length - 1 + c.data['InvestmentTotal.totals'],
  // Not data: the problems of one write's input; priced as a full page.
  'ValidationError.issues': () => MAX_PAGE_SIZE,
}

/** A connection: its edges and nodes are priced by the page the connection field asks for. */
export function isConnection(type: GraphQLObjectType): boolean {
  const fields = type.getFields()
  return 'pageInfo' in fields && 'edges' in fields
}

/** `Type.field` of every list of objects outside connections: what LIST_BOUNDS must cover. */
export function objectListFields(schema: GraphQLSchema): { coordinate: string; type: GraphQLObjectType; field: GraphQLField<unknown, unknown> }[] {
  const found = []
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__') || isConnection(type)) continue
    for (const field of Object.values(type.getFields())) {
      if (isListType(getNullableType(field.type)) && isCompositeType(getNamedType(field.type))) {
        found.push({ coordinate: `${type.name}.${field.name}`, type, field })
      }
    }
  }
  return found
}
