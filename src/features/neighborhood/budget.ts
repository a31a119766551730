// How many edges a `neighborhood` answers. Between a hub's partners run thousands of terms (4,269
// edges and 1.9 MB around a small player two deals from a hub, on the generated 100k graph): more
// than a graph view can draw or a reader follow. The edges nearest the centre are kept, whole
// terms at a time, up to the budget; `truncated` tells the client some were left out.
// src/features/neighborhood/graph-sql.ts applies the rule, for the planner and the resolver alike;
// src/features/neighborhood/budget-rule.ts states it, and the tests hold the SQL to it.

/** The edges of a neighborhood when the client does not say. */
export const DEFAULT_MAX_EDGES = 500

/** The most edges a client may ask for. */
export const MAX_EDGES = 5000
