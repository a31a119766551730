import { CLIENT_QUERIES } from './client-queries.js'
import type { Picks } from './databases.js'
import { CHANGES_QUERY, LICENCE_VARIABLES, NEIGHBORHOOD_QUERY, PATH_QUERY, SEARCH_HIT_TYPES, SIGNATURE_VARIABLES, searchQuery } from './queries.js'

// The bench's read queries in one list of request bodies, for loads that stand for clients in
// general (memory, soak) rather than one query: the signature query, Q1–Q3, an amended agreement's
// changes, paths, a neighbourhood and search, each with the variables the bench picks.

const body = (query: string, variables: Record<string, unknown>) => JSON.stringify({ query, variables })

export function mixedReadBodies(picks: Picks): string[] {
  const bodies: string[] = []
  for (const variables of SIGNATURE_VARIABLES) bodies.push(body(CLIENT_QUERIES.signature.project, { ...variables }))
  for (const variables of LICENCE_VARIABLES) {
    bodies.push(body(CLIENT_QUERIES.q1.project, { ...variables }))
    bodies.push(body(CLIENT_QUERIES.q2.project, { ...variables }))
  }
  for (const hub of picks.hubs) bodies.push(body(CLIENT_QUERIES.q3.project, { slug: hub.slug }))
  for (const slug of picks.amended) bodies.push(body(CHANGES_QUERY, { slug }))
  const [hubA, hubB] = picks.hubs
  if (hubA && hubB) bodies.push(body(PATH_QUERY, { from: hubA.slug, to: hubB.slug, maxHops: 4 }))
  for (const [from, to] of picks.smallPairs.slice(0, 4)) bodies.push(body(PATH_QUERY, { from, to, maxHops: 4 }))
  if (picks.smallPlayer) bodies.push(body(NEIGHBORHOOD_QUERY, { slug: picks.smallPlayer, depth: 2 }))
  for (const query of [hubA?.name.toLowerCase() ?? 'cloud', 'exclusive licence'])
    bodies.push(body(searchQuery(SEARCH_HIT_TYPES), { query, first: 10 }))
  return bodies
}
