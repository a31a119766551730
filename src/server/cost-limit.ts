import type { DocumentNode, GraphQLSchema } from 'graphql'
import { dataBounds } from './data-bounds.js'
import { emptyDataBounds } from './list-bounds.js'
import { type OperationCost, operationCost } from './query-cost.js'

// The cost limit, checked just before an operation runs (not in validation, which Yoga caches per
// document: a price changes with the variables and the data's bounds). Prices are remembered per
// parsed document (Yoga reuses the parsed document of a query text), so a saved query sent over
// and over is priced once per data bounds.

interface PriceCache {
  /** Whether pricing reads the data's bounds (else they need not be loaded). */
  readsData: boolean
  /** Prices by data bounds' version and variables; cleared past a bound. */
  results: Map<string, OperationCost>
}

const MAX_CACHED_PRICES = 256
const caches = new WeakMap<DocumentNode, Map<string, PriceCache>>()

/** What of the variables a price can depend on: numbers (page sizes, budgets) and list lengths (IDs). */
function pricingKey(variables: Record<string, unknown>): string {
  const sizes = Object.entries(variables).flatMap(([name, value]) =>
    typeof value === 'number' ? [[name, value]] : Array.isArray(value) ? [[name, value.length]] : [],
  )
  return JSON.stringify(sizes)
}

/** The cost of the operation with these variables and the data's bounds now. */
export async function priceOf(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Record<string, unknown>,
): Promise<OperationCost> {
  let byOperation = caches.get(document)
  if (!byOperation) caches.set(document, (byOperation = new Map()))
  let cache = byOperation.get(operationName ?? '')
  if (!cache) {
    let readsData = false
    operationCost(
      schema,
      document,
      operationName,
      variables,
      emptyDataBounds(() => (readsData = true)),
    )
    byOperation.set(operationName ?? '', (cache = { readsData, results: new Map() }))
  }
  const data = cache.readsData ? await dataBounds() : { bounds: emptyDataBounds(), version: 0 }
  const key = `${data.version}:${pricingKey(variables)}`
  let priced = cache.results.get(key)
  if (!priced) {
    priced = operationCost(schema, document, operationName, variables, data.bounds)
    if (cache.results.size >= MAX_CACHED_PRICES) cache.results.clear()
    cache.results.set(key, priced)
  }
  return priced
}
