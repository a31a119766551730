// The GraphQL documents the bench sends, and how it picks their variables on a generated graph.

/**
 * The signature query: licences filtered by exclusivity and a date, 50 per page, each with grantor,
 * grantee, subjects and their developer, and its agreement with parties and their companies.
 */
export const SIGNATURE_QUERY = /* GraphQL */ `
  query Signature($exclusivity: Exclusivity!, $activeOn: Date!, $first: Int!) {
    licenses(first: $first, filter: { exclusivity: $exclusivity, activeOn: $activeOn }) {
      nodes {
        id
        key
        exclusivity
        endsOn { text latest }
        grantor { slug name }
        grantee { slug name }
        subjects { slug name kind developer { slug name } }
        agreement {
          slug
          title
          parties { role company { slug name } }
        }
      }
    }
  }
`

export interface SignatureVariables {
  exclusivity: 'EXCLUSIVE' | 'NON_EXCLUSIVE' | 'UNSPECIFIED'
  activeOn: string
  first: number
}

/** Rotated through during a run, so no single answer is served over and over. */
export const SIGNATURE_VARIABLES: readonly SignatureVariables[] = [
  { exclusivity: 'NON_EXCLUSIVE', activeOn: '2025-06-30', first: 50 },
  { exclusivity: 'EXCLUSIVE', activeOn: '2025-06-30', first: 50 },
  { exclusivity: 'NON_EXCLUSIVE', activeOn: '2024-01-15', first: 50 },
  { exclusivity: 'EXCLUSIVE', activeOn: '2023-03-01', first: 50 },
]

export const CHANGES_QUERY = /* GraphQL */ `
  query Changes($slug: String!) {
    agreement(slug: $slug) {
      slug
      title
      status
      versions { slug status announcedOn { text } effectiveOn { text } }
      changes {
        type
        kind
        fields
        before { key summary exclusivity endsOn { text } }
        after { key summary exclusivity endsOn { text } grantor { slug } grantee { slug } subjects { slug } }
      }
    }
  }
`

export const PATH_QUERY = /* GraphQL */ `
  query Path($from: String!, $to: String!, $maxHops: Int, $activeOn: Date) {
    partnershipPath(from: $from, to: $to, maxHops: $maxHops, activeOn: $activeOn) {
      hops
      chains {
        steps { from { slug } to { slug } agreement { slug } clauseKinds direction }
      }
    }
  }
`

export const NEIGHBORHOOD_QUERY = /* GraphQL */ `
  query Neighborhood($slug: String!, $depth: Int) {
    neighborhood(slug: $slug, depth: $depth) {
      truncated
      nodes { id type label depth }
      edges { id source target relation kind exclusivity agreement { slug title } }
    }
  }
`

/** The `search` document, or null when the schema has no `search` field yet. */
export function searchQuery(hitTypes: readonly string[]): string {
  const fragments = hitTypes
    .map((type) => (type === 'Clause' ? `... on Clause { key summary }` : `... on ${type} { slug ${type === 'Agreement' ? 'title' : 'name'} }`))
    .join(' ')
  return /* GraphQL */ `
    query Search($query: String!, $first: Int) {
      search(query: $query, first: $first) { __typename ${fragments} }
    }
  `
}

export const SEARCH_HIT_TYPES = ['Agreement', 'Asset', 'Clause', 'CloudProvider', 'Company'] as const

