import type { ClientQuery } from './client-queries.js'
import { neighborhoodFloor, pathFloor } from './graph-floors.js'
import { NEIGHBORHOOD_QUERY, PATH_QUERY } from './queries.js'

// partnershipPath (three cases: between hubs, between hubs as of a day, between small players) and
// neighborhood on all three engines (see client-queries.ts). PostGraphile asks the functions of
// bench/peer/peer-graph.sql (PostGraphile prefixes the root fields of schema `peer` with its name),
// which answer JSON in the project's shape with plain UUIDs for IDs.

export type GraphQueryName = 'path-hubs' | 'path-asof' | 'path-far' | 'neighborhood'

type Json = Record<string, unknown>

const PATH: ClientQuery = {
  project: PATH_QUERY,
  peer: /* GraphQL */ `
    query Path($from: String!, $to: String!, $maxHops: Int, $activeOn: Date) {
      peerPartnershipPath(fromSlug: $from, toSlug: $to, maxHops: $maxHops, activeOn: $activeOn)
    }`,
  floor: pathFloor,
  fromPeer: (data) => ({ partnershipPath: data.peerPartnershipPath }),
}

/** The project's global ID of a node's record: base64 of "Type:uuid". */
const TYPE_NAMES: Record<string, string> = { COMPANY: 'Company', ASSET: 'Asset', CLOUD_PROVIDER: 'CloudProvider' }
const globalId = (type: string, id: string) => Buffer.from(`${TYPE_NAMES[type]}:${id}`).toString('base64')

const NEIGHBORHOOD: ClientQuery = {
  project: NEIGHBORHOOD_QUERY,
  peer: /* GraphQL */ `
    query Neighborhood($slug: String!, $depth: Int) {
      peerNeighborhood(companySlug: $slug, maxDepth: $depth)
    }`,
  floor: neighborhoodFloor,
  // Edges name their ends by UUID: each becomes the global ID of its node's type.
  fromPeer: (data) => {
    const graph = data.peerNeighborhood as { truncated: boolean; nodes: Json[]; edges: Json[] } | null
    if (!graph) return { neighborhood: null }
    const typeOf = new Map(graph.nodes.map((n) => [n.id as string, n.type as string]))
    const id = (uuid: string) => globalId(typeOf.get(uuid) ?? 'COMPANY', uuid)
    return {
      neighborhood: {
        ...graph,
        nodes: graph.nodes.map((n) => ({ ...n, id: globalId(n.type as string, n.id as string) })),
        edges: graph.edges.map((e) => ({ ...e, source: id(e.source as string), target: id(e.target as string) })),
      },
    }
  },
}

export const GRAPH_QUERIES: Record<GraphQueryName, ClientQuery> = {
  'path-hubs': PATH,
  'path-asof': PATH,
  'path-far': PATH,
  neighborhood: NEIGHBORHOOD,
}
