import { graphql } from './gql/index.js'

// The three operations, typed by codegen from schema.graphql (src/gql/ is generated).

/** The README's signature query: non-exclusive licences in force on a day. */
export const NonExclusiveLicences = graphql(`
  query NonExclusiveLicences($activeOn: Date!, $first: Int) {
    licenses(filter: { exclusivity: NON_EXCLUSIVE, activeOn: $activeOn }, first: $first) {
      totalCount
      nodes {
        id
        grantor { name }
        grantee { name }
        subjects { name }
        exclusivity
        endsOn { text latest }
        agreement { title }
        sources { url publisher }
      }
    }
  }
`)

/** A company page: its deals, a page at a time (Apollo's relayStylePagination merges them). */
export const CompanyPage = graphql(`
  query CompanyPage($slug: String!, $first: Int!, $after: String) {
    company(slug: $slug) {
      id
      name
      deals(first: $first, after: $after) {
        totalCount
        edges {
          cursor
          node { id slug title }
        }
        pageInfo { hasNextPage endCursor }
      }
    }
  }
`)

/** What an amendment changed against the version it replaces. */
export const AgreementChanges = graphql(`
  query AgreementChanges($slug: String!) {
    agreement(slug: $slug) {
      id
      title
      changes {
        type
        kind
        fields
        before { id summary }
        after { id summary }
      }
    }
  }
`)
