import type { TypedDocumentNode } from '@graphql-typed-document-node/core'
import documents from './gql/persisted-documents.json'

// Queries go by GET with the hash of their persisted document only: the server knows the
// explorer's documents (even where only trusted documents run), and HTTP caches can answer GETs.

const endpoint = document.body.dataset.graphql || '/graphql'
const graphiql = document.body.dataset.graphiql || ''

/** A GraphQL error the server gave, with its stable code when it has one. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
  ) {
    super(message)
  }
}

function hashOf(document: TypedDocumentNode<unknown, never>): string {
  const hash = (document as { __meta__?: { hash?: string } }).__meta__?.hash
  if (!hash) throw new Error('A document without its persisted hash: is it one of explorer/src/gql/?')
  return hash
}

/** The GraphQL text of a document, as the server runs it. */
export function documentText(document: TypedDocumentNode<unknown, never>): string {
  return (documents as Record<string, string>)[hashOf(document)] ?? ''
}

export async function query<Result, Variables>(
  document: TypedDocumentNode<Result, Variables>,
  variables: Variables,
  signal?: AbortSignal,
): Promise<Result> {
  const params = new URLSearchParams({
    variables: JSON.stringify(variables),
    extensions: JSON.stringify({ persistedQuery: { version: 1, sha256Hash: hashOf(document as TypedDocumentNode<unknown, never>) } }),
  })
  const response = await fetch(`${endpoint}?${params}`, {
    headers: { accept: 'application/graphql-response+json, application/json', 'x-graphql-csrf': '1' },
    signal,
  })
  let body: { data?: Result | null; errors?: { message: string; extensions?: { code?: string } }[] }
  try {
    body = await response.json()
  } catch {
    throw new ApiError(`The server answered ${response.status} ${response.statusText}`, undefined)
  }
  const [error] = body.errors ?? []
  if (error) throw new ApiError(error.message, error.extensions?.code)
  if (!body.data) throw new ApiError(`The server answered ${response.status} without data`, undefined)
  return body.data
}

const SCALARS = new Set(['String', 'ID', 'Date', 'DateTime'])

/** A GraphQL literal of a JSON value; enum values go unquoted. */
function literal(value: unknown, type: string): string {
  if (value === null || value === undefined) return 'null'
  const named = type.replace(/[[\]!]/g, '')
  if (typeof value === 'string') return SCALARS.has(named) ? JSON.stringify(value) : value
  if (Array.isArray(value)) return `[${value.map((item) => literal(item, named)).join(', ')}]`
  if (typeof value === 'object')
    return `{ ${Object.entries(value)
      .filter(([, field]) => field !== undefined && field !== null)
      .map(([name, field]) => `${name}: ${literal(field, typeof field === 'string' && /^[A-Z_]+$/.test(field) ? 'Enum' : 'String')}`)
      .join(', ')} }`
  return String(value)
}

/**
 * A link to GraphiQL with the query the view runs; GraphiQL reads `?query=` only, so the view's
 * variables become the defaults of the variable definitions.
 */
export function graphiqlHref<Variables>(document: TypedDocumentNode<unknown, Variables>, variables: Variables): string | null {
  if (!graphiql) return null
  const values = variables as Record<string, unknown>
  const text = documentText(document as TypedDocumentNode<unknown, never>).replace(
    /\$(\w+): ([\w[\]!]+)/g,
    (definition, name: string, type: string) =>
      name in values && values[name] !== undefined ? `${definition} = ${literal(values[name], type)}` : definition,
  )
  return `${graphiql}?${new URLSearchParams({ query: text })}`
}
