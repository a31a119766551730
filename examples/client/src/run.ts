import type { ApolloClient } from '@apollo/client'
import { AgreementChanges, CompanyPage, NonExclusiveLicences } from './operations.js'

/** The three operations, as a page would send them; what each answered, in short. */
export async function runExample(client: ApolloClient, day = '2026-11-27') {
  const { data: licences } = await client.query({ query: NonExclusiveLicences, variables: { activeOn: day, first: 20 } })
  const licensed = (licences?.licenses.nodes ?? []).map(
    (licence) => `${licence.grantor?.name} → ${licence.grantee?.name}: ${licence.agreement.title}`,
  )

  // First page, then the next one through fetchMore: the cache holds both pages' edges.
  const first = await client.query({ query: CompanyPage, variables: { slug: 'microsoft', first: 2 } })
  const page = first.data?.company?.deals
  let deals = page?.edges.map((edge) => edge.node.slug) ?? []
  if (page?.pageInfo.hasNextPage) {
    const watched = client.watchQuery({ query: CompanyPage, variables: { slug: 'microsoft', first: 2 } })
    await watched.fetchMore({ variables: { after: page.pageInfo.endCursor } })
    const merged = client.readQuery({ query: CompanyPage, variables: { slug: 'microsoft', first: 2 } })
    deals = merged?.company?.deals.edges.map((edge) => edge.node.slug) ?? deals
  }

  const { data: amendment } = await client.query({ query: AgreementChanges, variables: { slug: 'microsoft-openai-2026-04-amendment' } })
  const changes = (amendment?.agreement?.changes ?? []).map(
    (change) => `${change.type} ${change.kind}${change.fields.length ? ` (${change.fields.join(', ')})` : ''}`,
  )

  return { licensed, totalLicences: licences?.licenses.totalCount ?? 0, deals, totalDeals: page?.totalCount ?? 0, changes }
}
