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

// ---- Q1–Q3: three queries clients send (issue 21), also asked of PostGraphile and the floor ----

/** Q1: the README's signature query as printed (with `sources` and `totalCount`), 50 licences a page. */
export const Q1_QUERY = /* GraphQL */ `
  query NonExclusiveLicences($exclusivity: Exclusivity!, $activeOn: Date!) {
    licenses(first: 50, filter: { exclusivity: $exclusivity, activeOn: $activeOn }) {
      totalCount
      nodes {
        grantor { name } grantee { name } subjects { name }
        exclusivity endsOn { text latest }
        agreement { title }
        sources { url publisher }
      }
    }
  }
`

/** Q2: a Relay page of 20 licences, with cursors, pageInfo and totalCount. */
export const Q2_QUERY = /* GraphQL */ `
  query LicencePage($exclusivity: Exclusivity!, $activeOn: Date!) {
    licenses(first: 20, filter: { exclusivity: $exclusivity, activeOn: $activeOn }) {
      totalCount
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      edges {
        cursor
        node {
          key
          exclusivity
          endsOn { text latest }
          grantor { slug name }
          grantee { slug name }
          agreement { slug title }
        }
      }
    }
  }
`

/** Q3: a company page, its 20 newest agreement versions with their clauses. */
export const Q3_QUERY = /* GraphQL */ `
  query CompanyPage($slug: String!) {
    company(slug: $slug) {
      agreements(first: 20) {
        edges {
          node {
            roles
            agreement {
              slug
              title
              announcedOn { text }
              clauses { key kind exclusivity grantee { slug name } endsOn { text latest } }
            }
          }
        }
      }
    }
  }
`

export interface LicenceVariables {
  exclusivity: SignatureVariables['exclusivity']
  activeOn: string
}

/** Q1 and Q2 rotate through the signature query's filters. */
export const LICENCE_VARIABLES: readonly LicenceVariables[] = SIGNATURE_VARIABLES.map(({ exclusivity, activeOn }) => ({ exclusivity, activeOn }))
