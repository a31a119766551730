import { GRAPH_QUERIES, type GraphQueryName } from './graph-queries.js'
import { Q1_FLOOR_SQL, Q2_FLOOR_SQL, Q3_FLOOR_SQL } from './client-floors.js'
import { FLOOR_SQL, firstDifference, floorParams } from './floor.js'
import { Q1_QUERY, Q2_QUERY, Q3_QUERY, SIGNATURE_QUERY, type SignatureVariables } from './queries.js'
import { TEXT_QUERIES } from './text-queries.js'

// The queries asked of all three engines: the project, PostGraphile v5 (bench/peer/) and the floor
// (one SQL statement, bench/lib/floor-server.ts). For each: the project's document, PostGraphile's
// spelling of the same question, the floor's statement and parameters, and how PostGraphile's answer
// maps onto the project's shape. The floors answer in the project's shape, IDs and cursors included.

export type ClientQueryName = 'signature' | 'q1' | 'q2' | 'q3' | keyof typeof TEXT_QUERIES | GraphQueryName

type Json = Record<string, unknown>
type Variables = Record<string, unknown>

interface FloorOptions {
  /** Settings of the connections it runs on (the project's own for that statement). */
  settings?: Record<string, string>
  /** Prepared once per connection, so PostgreSQL keeps its plan (as the project keeps its statements'). */
  keepPlan?: boolean
}

/** A floor statement and its parameters for one variable set. */
export interface FloorStatement extends FloorOptions {
  sql: string
  params: unknown[]
}

export interface ClientQuery {
  project: string
  peer: string
  /** Fixed SQL with parameters, or a statement made for each variable set. */
  floor: ({ sql: string; params(variables: Variables): unknown[] } & FloorOptions) | ((variables: Variables) => FloorStatement)
  /** PostGraphile's `data` in the project's shape (IDs and cursors aside). */
  fromPeer(data: Json): unknown
}

/** A PartialDate { text latest } from PostGraphile's flat columns. */
const endsOn = (n: Json) => (n.endsText == null ? null : { text: n.endsText, latest: n.endsLatest })

const LICENCE_CONDITION = 'condition: { kind: LICENSE_GRANT, exclusivity: $exclusivity, activeOn: $activeOn }, orderBy: [ENDS_LATEST_ASC, KEY_ASC]'
const licenceParams = (v: Variables) => [v.exclusivity, v.activeOn]

export const CLIENT_QUERIES: Record<ClientQueryName, ClientQuery> = {
  ...GRAPH_QUERIES,
  signature: {
    project: SIGNATURE_QUERY,
    peer: /* GraphQL */ `
      query Signature($exclusivity: Exclusivity!, $activeOn: Date!, $first: Int!) {
        allClauses(first: $first, ${LICENCE_CONDITION}) {
          nodes {
            key exclusivity endsText endsLatest
            grantor { slug name } grantee { slug name }
            subjects: subjectsList { slug name kind developer { slug name } }
            agreement { slug title parties: partiesByNameList { role company { slug name } } }
          }
        }
      }`,
    floor: { sql: FLOOR_SQL, params: (v) => floorParams(v as unknown as SignatureVariables) },
    fromPeer: (data) => {
      const { nodes } = data.allClauses as { nodes: Json[] }
      return { licenses: { nodes: nodes.map(({ endsText, endsLatest, ...n }) => ({ ...n, endsOn: endsOn({ endsText, endsLatest }) })) } }
    },
  },
  q1: {
    project: Q1_QUERY,
    peer: /* GraphQL */ `
      query NonExclusiveLicences($exclusivity: Exclusivity!, $activeOn: Date!) {
        allClauses(first: 50, ${LICENCE_CONDITION}) {
          totalCount
          nodes {
            grantor { name } grantee { name } subjects: subjectsList { name }
            exclusivity endsText endsLatest
            agreement { title }
            sources: sourcesList { url publisher }
          }
        }
      }`,
    floor: { sql: Q1_FLOOR_SQL, params: licenceParams },
    fromPeer: (data) => {
      const { totalCount, nodes } = data.allClauses as { totalCount: number; nodes: Json[] }
      return { licenses: { totalCount, nodes: nodes.map(({ endsText, endsLatest, ...n }) => ({ ...n, endsOn: endsOn({ endsText, endsLatest }) })) } }
    },
  },
  q2: {
    project: Q2_QUERY,
    peer: /* GraphQL */ `
      query LicencePage($exclusivity: Exclusivity!, $activeOn: Date!) {
        allClauses(first: 20, ${LICENCE_CONDITION}) {
          totalCount
          pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
          edges {
            cursor
            node { key exclusivity endsText endsLatest grantor { slug name } grantee { slug name } agreement { slug title } }
          }
        }
      }`,
    floor: { sql: Q2_FLOOR_SQL, params: licenceParams },
    fromPeer: (data) => {
      const { totalCount, pageInfo, edges } = data.allClauses as { totalCount: number; pageInfo: Json; edges: { cursor: string; node: Json }[] }
      return {
        licenses: {
          totalCount,
          pageInfo,
          edges: edges.map(({ cursor, node: { endsText, endsLatest, ...n } }) => ({
            cursor,
            node: { ...n, endsOn: endsOn({ endsText, endsLatest }) },
          })),
        },
      }
    },
  },
  q3: {
    project: Q3_QUERY,
    peer: /* GraphQL */ `
      query CompanyPage($slug: String!) {
        companyBySlug(slug: $slug) {
          agreements(first: 20) {
            edges {
              node {
                roles
                agreement {
                  slug title announcedText
                  clauses(orderBy: POSITION_ASC) { nodes { key kind exclusivity grantee { slug name } endsText endsLatest } }
                }
              }
            }
          }
        }
      }`,
    floor: { sql: Q3_FLOOR_SQL, params: (v) => [v.slug] },
    fromPeer: (data) => {
      type Party = { roles: string[]; agreement: Json & { announcedText: string | null; clauses: { nodes: Json[] } } }
      const company = data.companyBySlug as { agreements: { edges: { node: Party }[] } } | null
      if (!company) return { company: null }
      return {
        company: {
          agreements: {
            edges: company.agreements.edges.map(
              ({
                node: {
                  roles,
                  agreement: { announcedText, clauses, ...a },
                },
              }) => ({
                node: {
                  roles,
                  agreement: {
                    ...a,
                    announcedOn: announcedText == null ? null : { text: announcedText },
                    clauses: clauses.nodes.map(({ endsText, endsLatest, ...c }) => ({ ...c, endsOn: endsOn({ endsText, endsLatest }) })),
                  },
                },
              }),
            ),
          },
        },
      }
    },
  },
  ...TEXT_QUERIES,
}

/** The floor's statement for one variable set of `query`. */
export function floorStatement(query: ClientQuery, variables: Variables): FloorStatement {
  if (typeof query.floor === 'function') return query.floor(variables)
  const { sql, params, ...options } = query.floor
  return { sql, params: params(variables), ...options }
}

/** Each engine spells IDs and cursors its own way: they are left out when PostGraphile is compared. */
const ENGINE_OWN = new Set(['id', 'cursor', 'startCursor', 'endCursor'])

export function withoutEngineIds(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutEngineIds)
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([key]) => !ENGINE_OWN.has(key))
        .map(([key, v]) => [key, withoutEngineIds(v)]),
    )
  }
  return value
}

/**
 * Where the floor's or PostGraphile's answer first differs from the project's `data`, or null.
 * The floor must match as it is; PostGraphile after mapping, IDs and cursors aside.
 */
export function differenceFromProject(query: ClientQueryName, engine: 'floor' | 'peer', project: unknown, other: unknown): string | null {
  if (engine === 'floor') return firstDifference(project, other)
  return firstDifference(withoutEngineIds(project), withoutEngineIds(CLIENT_QUERIES[query].fromPeer(other as Json)))
}
