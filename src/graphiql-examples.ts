// The queries GraphiQL opens with: the questions the product exists to answer.

// Dates are written into the queries: GraphiQL's tabs do not reliably restore their variables.
const signature = (today: string) => /* GraphQL */ `# Which models are licensed to whom, non-exclusively, until when?
# (change activeOn to 2026-01-01 to see the licence when it was still exclusive)
query NonExclusiveLicences {
  licenses(filter: { exclusivity: NON_EXCLUSIVE, activeOn: "${today}" }, first: 20) {
    totalCount
    nodes {
      summary
      grantor { name }
      grantee { name }
      subjects { name kind }
      exclusivity
      endsOn { text latest }
      agreement { title announcedOn { text } }
      sources { url publisher publishedOn }
    }
  }
}`

const latestChanges = /* GraphQL */ `# What changed in the latest Microsoft–OpenAI version?
query LatestMicrosoftOpenAIChanges {
  agreement(slug: "microsoft-openai-2026-04-amendment") {
    title
    announcedOn { text }
    amends { title }
    changes(types: [ADDED, MODIFIED, REMOVED]) {
      type
      kind
      fields
      before { summary exclusivity endsOn { text } }
      after { summary exclusivity endsOn { text } condition capped }
    }
  }
}`

const asOf = /* GraphQL */ `# The Microsoft–OpenAI terms as they stood on a past date
query MicrosoftOpenAITermsOn {
  clauses(filter: { grantor: "openai", grantee: "microsoft", activeOn: "2026-01-01" }, first: 50) {
    totalCount
    nodes {
      kind
      summary
      exclusivity
      endsOn { text }
      condition
      agreement { slug title }
      sources { url }
    }
  }
  agreements(filter: { party: "microsoft", activeOn: "2026-01-01" }, first: 10) {
    nodes { slug title status versions { slug announcedOn { text } } }
  }
}`

const graphQuestions = /* GraphQL */ `# How is Microsoft connected to Amazon, who is around OpenAI, and what does "azur" find?
query GraphQuestions {
  partnershipPath(from: "microsoft", to: "amazon", maxHops: 4) {
    hops
    chains {
      steps { from { name } to { name } agreement { title } agreementCount clauseKinds direction }
    }
  }
  neighborhood(slug: "openai", depth: 1, maxEdges: 100) {
    truncated
    nodes { id type label depth }
    edges { source target relation kind exclusivity agreement { title } }
  }
  search(query: "azur", first: 5) {
    __typename
    ... on Company { name }
    ... on CloudProvider { name }
    ... on Asset { name }
    ... on Agreement { title }
    ... on Clause { summary }
  }
}`

const computeContracted = (
  today: string,
) => /* GraphQL */ `# How much compute has each lab contracted, from whom, in GW and dollars, until when (as of today)?
# Figures add up honestly: "$10B" plus "up to $100B" is a RANGE of $10–110B; units never mix.
query ComputeContracted {
  computeContracted(on: "${today}", first: 20) {
    buyer { name }
    provider { name }
    totals { text qualifier low high unit currency period }
    clauseCount
    clauses { kind summary endsOn { text } agreement { slug } }
  }
  investmentTotals(on: "${today}", first: 10) {
    investor { name }
    investee { name }
    totals { text }
    stake
  }
}`

const exclusiveTermsEnded = /* GraphQL */ `# Which exclusive terms ended in 2025–2026, and how (replaced, removed, expired, terminated)?
query ExclusiveTermsEnded {
  clauses(filter: { exclusivity: EXCLUSIVE, endedBetween: { from: "2025-01-01", to: "2026-12-31" } }, first: 50) {
    totalCount
    nodes {
      kind
      summary
      grantor { name }
      grantee { name }
      inForceFrom
      inForceUntil
      inForceEnd
      supersededBy { exclusivity summary agreement { slug } }
      replacedBy { exclusivity summary agreement { slug } }
      agreement { slug title deal { slug } }
    }
  }
}`

const partnersByDeals = /* GraphQL */ `# Microsoft's partners by number of deals (a deal: a chain of versions and its supplements)
query MicrosoftPartnersByDeals {
  company(slug: "microsoft") {
    name
    partners(first: 20) { company { name } deals versions }
    deals(first: 50) {
      totalCount
      nodes { slug title status firstVersion { announcedOn { text } } latestVersion { slug } }
    }
  }
}`

export function graphiqlTabs(today: string) {
  return [
    { query: signature(today) },
    { query: latestChanges },
    { query: asOf },
    { query: graphQuestions },
    { query: computeContracted(today) },
    { query: exclusiveTermsEnded },
    { query: partnersByDeals },
  ]
}
