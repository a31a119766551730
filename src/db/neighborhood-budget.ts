// How many edges a `neighborhood` answers. Between a hub's partners run thousands of terms (4,269
// edges and 1.9 MB around a small player two deals from a hub, on the generated 100k graph): more
// than a graph view can draw or a reader follow. The edges nearest the centre are kept, whole
// terms at a time, up to the budget; `truncated` tells the client some were left out.
// src/schema/neighborhood.ts (resolvers) and src/sql-execution/neighborhood.ts (SQL) apply this
// same rule.

/** The edges of a neighbourhood when the client does not say. */
export const DEFAULT_MAX_EDGES = 500

/** The most edges a client may ask for. */
export const MAX_EDGES = 5000

/**
 * What competes for the budget: a term (its GRANTS edge with its CONCERNS and NAMES_CLOUD edges) or
 * an agreement with no term between two companies (one PARTNERS edge).
 */
export interface EdgeUnit {
  /** 0 for a term, 1 for a PARTNERS link: at equal distance, terms first. */
  group: 0 | 1
  /** Its place among the units of its group, as they are listed. */
  rank: number
  /** The depths of its two companies. */
  depths: [number, number]
  edges: number
}

/**
 * The units kept: in order of the nearer company's depth, then the farther one's, then group and
 * rank, as long as the edges so far fit in `maxEdges` (the first unit that does not fit ends the
 * list, so what is kept is always everything nearer than what was cut).
 */
export function unitsWithinBudget<T extends EdgeUnit>(units: readonly T[], maxEdges: number): Set<T> {
  const byDistance = [...units].sort(
    (a, b) =>
      Math.min(...a.depths) - Math.min(...b.depths) ||
      Math.max(...a.depths) - Math.max(...b.depths) ||
      a.group - b.group ||
      a.rank - b.rank,
  )
  const kept = new Set<T>()
  let edges = 0
  for (const unit of byDistance) {
    edges += unit.edges
    if (edges > maxEdges) break
    kept.add(unit)
  }
  return kept
}
