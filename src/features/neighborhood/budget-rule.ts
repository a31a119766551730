// The edge budget of a `neighborhood` (src/features/neighborhood/budget.ts), stated as a plain function:
// the specification the SQL of src/features/neighborhood/graph-sql.ts is tested against.

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
    (a, b) => Math.min(...a.depths) - Math.min(...b.depths) || Math.max(...a.depths) - Math.max(...b.depths) || a.group - b.group || a.rank - b.rank,
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
