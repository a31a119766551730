import { graphql } from './gql/index.js'

// Every query the explorer sends, typed by codegen (explorer/codegen.ts) from schema.graphql.

export const Search = graphql(`
  query ExplorerSearch($query: String!, $first: Int!) {
    search(query: $query, first: $first) {
      __typename
      ... on Company { slug name }
      ... on CloudProvider { slug name operator { slug name } }
      ... on Asset { slug name kind developer { slug name } }
      ... on Agreement { slug title deal { slug title } }
      ... on Clause { key summary agreement { slug deal { slug title } } }
    }
  }
`)

export const Neighbourhood = graphql(`
  query ExplorerNeighbourhood($slug: String!, $activeOn: Date!, $depth: Int!) {
    neighborhood(slug: $slug, activeOn: $activeOn, depth: $depth, maxEdges: 600) {
      truncated
      nodes { id type label slug depth }
      edges {
        id
        source
        target
        relation
        kind
        exclusivity
        clause { id key summary subjects { slug } }
        agreement { slug title deal { slug } }
      }
    }
  }
`)

/** What an asset or cloud belongs to: the neighbourhood query takes a company. */
export const Owner = graphql(`
  query ExplorerOwner($slug: String!) {
    asset(slug: $slug) { name developer { slug } }
    cloudProvider(slug: $slug) { name operator { slug } }
  }
`)

export const ClauseDetails = graphql(`
  query ExplorerClause($id: ID!, $on: Date!) {
    node(id: $id) {
      __typename
      ... on Clause {
        id
        key
        kind
        summary
        exclusivity
        status
        grantor { slug name }
        grantee { slug name }
        subjects { slug name }
        cloudProviders { slug name }
        startsOn { text }
        endsOn { text }
        inForceFrom
        inForceUntil
        inForceEnd
        inForce(on: $on)
        percentage
        amount { text }
        capped
        cap { text }
        quantity { text }
        tranches { amount { text } quantity { text } on { text } condition }
        condition
        agreement { slug title deal { slug title } }
        citations { basis source { url title publisher publishedOn } }
      }
    }
  }
`)

export const CompanyDetails = graphql(`
  query ExplorerCompany($slug: String!, $on: Date!) {
    company(slug: $slug) {
      slug
      name
      kinds
      country
      website
      description
      deals(first: 50) { totalCount nodes { slug title status inForceFrom inForceUntil } }
      clausesGranted(activeOn: $on, first: 25) { totalCount nodes { id kind summary exclusivity grantee { name } } }
      clausesReceived(activeOn: $on, first: 25) { totalCount nodes { id kind summary exclusivity grantor { name } } }
    }
  }
`)

export const AssetDetails = graphql(`
  query ExplorerAsset($slug: String!, $on: Date!) {
    asset(slug: $slug) {
      slug
      name
      kind
      description
      developer { slug name }
      clauses(activeOn: $on, first: 25) {
        totalCount
        nodes { id kind summary exclusivity grantor { name } grantee { name } agreement { deal { slug title } } }
      }
    }
  }
`)

export const CloudDetails = graphql(`
  query ExplorerCloud($slug: String!, $on: Date!) {
    cloudProvider(slug: $slug) {
      slug
      name
      description
      operator { slug name }
      clauses(activeOn: $on, first: 25) {
        totalCount
        nodes { id kind summary exclusivity grantor { name } grantee { name } agreement { deal { slug title } } }
      }
    }
  }
`)

export const Deals = graphql(`
  query ExplorerDeals($after: String) {
    deals(first: 100, after: $after) {
      pageInfo { hasNextPage endCursor }
      nodes { slug title }
    }
  }
`)

export const DealTimeline = graphql(`
  query ExplorerDealTimeline($slug: String!) {
    deal(slug: $slug) {
      slug
      title
      description
      status
      inForceFrom
      inForceUntil
      parties { roles company { slug name } }
      versions { slug }
      agreements {
        slug
        title
        status
        announcedOn { text earliest }
        effectiveOn { text earliest }
        endsOn { text latest }
        inForceFrom
        inForceUntil
        inForceEnd
        amends { slug }
        supplements { slug }
      }
    }
  }
`)

export const ChangedClause = graphql(`
  fragment ExplorerChangedClause on Clause {
    key
    kind
    summary
    exclusivity
    grantor { name }
    grantee { name }
    subjects { name }
    cloudProviders { name }
    startsOn { text }
    endsOn { text }
    percentage
    amount { text }
    capped
    cap { text }
    quantity { text }
    condition
  }
`)

export const VersionChanges = graphql(`
  query ExplorerVersion($slug: String!) {
    agreement(slug: $slug) {
      slug
      title
      description
      announcedOn { text }
      effectiveOn { text }
      amends { slug title }
      supplements { slug title }
      sources { url title publisher publishedOn }
      clauses { ...ExplorerChangedClause }
      changes(types: [ADDED, REMOVED, MODIFIED]) {
        type
        kind
        fields
        before { ...ExplorerChangedClause }
        after { ...ExplorerChangedClause }
      }
    }
  }
`)

export const Licences = graphql(`
  query ExplorerLicences($filter: LicenseFilter, $after: String) {
    licenses(filter: $filter, first: 100, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      nodes {
        id
        key
        summary
        grantor { slug name }
        grantee { slug name }
        subjects { slug name }
        exclusivity
        startsOn { text }
        endsOn { text latest }
        inForceUntil
        inForceEnd
        agreement { slug title deal { slug } }
        sources { url title publisher }
      }
    }
  }
`)

export const Compute = graphql(`
  query ExplorerCompute($on: Date!) {
    computeContracted(on: $on, first: 50) {
      buyer { slug name }
      provider { slug name }
      clauseCount
      totals { text unit currency low high qualifier approximate period }
    }
  }
`)
