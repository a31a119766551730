import { createHash } from 'node:crypto'
import { ApolloClient, type DocumentNode, HttpLink, InMemoryCache } from '@apollo/client'
import { PersistedQueryLink } from '@apollo/client/link/persisted-queries'
import { relayStylePagination } from '@apollo/client/utilities'

export interface ClientOptions {
  /** The API's endpoint, e.g. http://localhost:4000/graphql. */
  uri: string
  /** Defaults to the global fetch. */
  fetch?: typeof fetch
  /**
   * Send the hashes codegen wrote into src/gql/persisted-documents.json, for a server started with
   * PERSISTED_DOCUMENTS(_ONLY) naming that file. Otherwise automatic persisted queries: Apollo
   * hashes the document it prints, and sends it whole once when the server does not know it yet.
   */
  trustedDocuments?: boolean
}

/** The hash codegen put on each generated document (persistedDocuments in codegen.ts). */
function manifestHash(document: DocumentNode): string {
  const hash = (document as { __meta__?: { hash?: string } }).__meta__?.hash
  if (!hash) throw new Error('This document has no persisted hash: is it one of src/gql/?')
  return hash
}

export function createClient({ uri, fetch, trustedDocuments = false }: ClientOptions) {
  const persisted = new PersistedQueryLink({
    ...(trustedDocuments ? { generateHash: manifestHash } : { sha256: (text: string) => createHash('sha256').update(text).digest('hex') }),
    useGETForHashedQueries: true,
  })
  return new ApolloClient({
    // Hashed queries go by GET, so HTTP caches (and the server's ETags) can answer them. The
    // x-graphql-csrf header is what the server asks of GETs (a browser page on another origin
    // sends it after a CORS preflight).
    link: persisted.concat(new HttpLink({ uri, fetch, headers: { 'x-graphql-csrf': '1' } })),
    cache: new InMemoryCache({
      typePolicies: {
        // Pages of a company's deals merge into one list of edges; `after` picks the page.
        Company: { fields: { deals: relayStylePagination() } },
      },
    }),
  })
}
