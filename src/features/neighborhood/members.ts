import { companyLayers } from '../../db/graph-queries.js'

/** How deep a `neighborhood` goes when the client does not say (in agreements from the centre). */
export const DEFAULT_DEPTH = 1

/** The deepest `neighborhood` (in agreements from the centre). */
export const MAX_DEPTH = 3

/** A graph view stops being readable long before this; beyond it the outer layer is cut. */
export const MAX_COMPANIES = 250

export interface NeighborhoodMembers {
  /** The companies of the neighborhood, nearest first (by id within a layer), with their distance. */
  depthById: Map<string, number>
  /** True when more companies were in reach than MAX_COMPANIES. */
  truncated: boolean
}

/** The companies within `depth` agreements of `centerId`, cut at MAX_COMPANIES. */
export async function neighborhoodMembers(centerId: string, depth: number, activeOn: string | null): Promise<NeighborhoodMembers> {
  const layers = await companyLayers(centerId, depth, activeOn)
  const depthById = new Map<string, number>()
  layers.forEach((layer, d) => [...layer].sort().forEach((id) => depthById.size < MAX_COMPANIES && depthById.set(id, d)))
  return { depthById, truncated: layers.flat().length > depthById.size }
}
