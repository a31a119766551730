import {
  getNamedType,
  getNullableType,
  type GraphQLField,
  type GraphQLNamedType,
  isAbstractType,
  isListType,
  isNonNullType,
  isObjectType,
} from 'graphql'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadShippedData } from '../../seed/load.js'
import { schema } from '../../src/schema/index.js'
import { QUERY_LIMITS } from '../../src/server/limits.js'
import { isConnection, LIST_BOUNDS, objectListFields } from '../../src/server/list-bounds.js'
import { type HardeningApi, type Served, startHardeningApi } from './helpers.js'

// List fan-out (issue 19, #2): ten aliases of clauses → agreement → clauses → … answered 162 MB
// after 30 s, since lists that are not pages were priced once. Every list of objects in the schema
// is now priced at the most items it can hold, so a fan-out over any of them is refused before any
// SQL, naming it, or holds no more objects than the limit allows. The cases are made from the
// schema: a new list field is covered (and must be given a bound) without touching this file.

let api: HardeningApi
let server: Served
beforeAll(async () => {
  api = await startHardeningApi((prisma) => loadShippedData(prisma))
  server = api.serve()
}, 120_000)
afterAll(() => api?.close())

const ALIASES = 10
const repeat = (n: number, f: (i: number) => string) => Array.from({ length: n }, (_, i) => f(i)).join(' ')

/** What the shipped data answers to the root fields that need arguments. */
const ROOT_ARGUMENTS: Record<string, string> = {
  agreement: 'slug: "microsoft-openai-2026-04-amendment"',
  company: 'slug: "microsoft"',
  asset: 'slug: "gpt-4"',
  cloudProvider: 'slug: "azure"',
  search: 'query: "openai", first: 50',
  neighborhood: 'slug: "openai", depth: 2',
  partnershipPath: 'from: "microsoft", to: "anthropic"',
  expiring: 'from: "2026-01-01", first: 100',
  computeContracted: 'on: "2026-06-01", first: 100',
  investmentTotals: 'on: "2026-06-01", first: 100',
  nodes: 'ids: ["Q29tcGFueTox"]',
}

/** One step of a selection path: the field (with arguments) or inline fragment, and the type it leads to. */
interface Step {
  selection: string
  type: GraphQLNamedType
}

/** Steps from a type through a field: its page's nodes for a connection, a fragment per type for an abstract one. */
function stepsThrough(field: GraphQLField<unknown, unknown>, root: boolean): Step[][] | null {
  const required = field.args.filter((a) => isNonNullType(a.type) && a.defaultValue === undefined)
  const args = root && ROOT_ARGUMENTS[field.name] ? `(${ROOT_ARGUMENTS[field.name]})` : ''
  if (required.length > 0 && !args) return null
  const paged = field.args.some((a) => a.name === 'first') && !args ? '(first: 100)' : ''
  const type = getNamedType(field.type)
  const self = { selection: `${field.name}${args || paged}`, type }
  if (isObjectType(type) && isConnection(type)) {
    return [[self, { selection: 'nodes', type: getNamedType(type.getFields().nodes!.type) }]]
  }
  if (isAbstractType(type)) return schema.getPossibleTypes(type).map((t) => [self, { selection: `... on ${t.name}`, type: t }])
  return isObjectType(type) ? [[self]] : null
}

/** The shortest selection path from `from` to `to` (breadth first, single objects before lists); null when none. */
function pathBetween(from: GraphQLNamedType, to: GraphQLNamedType): Step[] | null {
  const seen = new Set([from.name])
  let frontier: Step[][] = [[]]
  let type = from
  while (frontier.length > 0) {
    const next: Step[][] = []
    for (const path of frontier) {
      type = path.at(-1)?.type ?? from
      if (type.name === to.name && path.length > 0) return path
      if (!isObjectType(type)) continue
      const fields = Object.values(type.getFields()).sort(
        (a, b) => Number(isListType(getNullableType(a.type))) - Number(isListType(getNullableType(b.type))),
      )
      for (const field of fields) {
        for (const steps of stepsThrough(field, type === schema.getQueryType()) ?? []) {
          const reached = steps.at(-1)!.type
          if (reached.name !== to.name && seen.has(reached.name)) continue
          seen.add(reached.name)
          next.push([...path, ...steps])
        }
      }
    }
    frontier = next
  }
  return null
}

const nest = (steps: string[], leaf: string) => `${steps.map((s) => `${s} { `).join('')}${leaf}${' }'.repeat(steps.length)}`

/**
 * Ten aliases of: the way from the root to the list's type, then the list, then the way back to
 * its type and the list again, as often as the depth limit allows.
 */
function fanOut(type: GraphQLNamedType, field: GraphQLField<unknown, unknown>): string | null {
  const root = schema.getQueryType()!
  const entry = type === root ? [] : pathBetween(root, type)
  const list = stepsThrough(field, type === root)?.[0]
  if (!entry || !list) return null
  const back = type === root ? null : pathBetween(list.at(-1)!.type, type)
  const selections = (steps: Step[]) => steps.map((s) => s.selection)
  let path = [...selections(entry), ...selections(list)]
  // Each field and inline fragment is a level, and so is the __typename at the end.
  while (back && path.length + back.length + list.length + 1 <= QUERY_LIMITS.maxDepth) {
    path = [...path, ...selections(back), ...selections(list)]
  }
  return `{ ${repeat(ALIASES, (i) => `a${i}: ${nest(path, '__typename')}`)} }`
}

/** Objects in an answer. */
function objectsIn(value: unknown): number {
  let count = 0
  const pending: unknown[] = [value]
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    if (Array.isArray(next)) pending.push(...next)
    else if (next && typeof next === 'object') {
      count++
      pending.push(...Object.values(next))
    }
  }
  return count
}

const lists = objectListFields(schema)
// Only a write returns a ValidationError (its issues are priced as a full page).
const QUERIED = lists.filter(({ type }) => type.name !== 'ValidationError')

describe('every list of objects', () => {
  it('has a bound, and every bound names a list of the schema', () => {
    expect(lists.map((l) => l.coordinate).filter((c) => !LIST_BOUNDS[c])).toEqual([])
    expect(Object.keys(LIST_BOUNDS).filter((c) => !lists.some((l) => l.coordinate === c))).toEqual([])
  })

  it.each(QUERIED.map((l) => [l.coordinate, l] as const))(
    'a fan-out over %s is refused before any SQL, naming it, or holds at most the limit',
    { timeout: 30_000 },
    async (_, { type, field }) => {
      const query = fanOut(type, field)
      expect(query, 'reachable from the root').not.toBeNull()
      const { status, json } = await server.post({ query }, { accept: 'application/graphql-response+json' })
      const codes = json.errors?.map((e) => e.extensions?.code) ?? []
      expect(codes, JSON.stringify(json.errors)?.slice(0, 400)).not.toContain('INTERNAL_SERVER_ERROR')
      if (codes.includes('QUERY_TOO_COMPLEX')) {
        expect(status).toBe(400)
        expect(api.statements, 'SQL statements').toEqual([])
        expect(json.errors![0]!.message).toContain(`→ ${field.name}`)
      } else {
        expect(objectsIn(json.data)).toBeLessThanOrEqual(QUERY_LIMITS.maxCost)
      }
    },
  )
})

const ATTACK_LEVELS = 'clauses { agreement { clauses { agreement { clauses { agreement { clauses { key } } } } } } }'
const attack = (aliases: number, levels = ATTACK_LEVELS) =>
  `{ ${repeat(aliases, (i) => `a${i}: agreement(slug: "microsoft-openai-2026-04-amendment") { ${levels} }`)} }`

describe('the attack of issue 19', () => {
  it('ten aliases of clauses → agreement → clauses … are refused before any SQL, naming the costliest field', async () => {
    const started = performance.now()
    const { status, json } = await server.post({ query: attack(10) }, { accept: 'application/graphql-response+json' })
    expect(status).toBe(400)
    expect(json.data ?? null).toBeNull()
    expect(json.errors).toHaveLength(1)
    expect(json.errors![0]!.extensions?.code).toBe('QUERY_TOO_COMPLEX')
    expect(json.errors![0]!.message).toContain('a0: agreement → clauses ×24 → agreement → clauses ×24')
    expect(json.errors![0]!.message).toMatch(/over the limit of 300,000/)
    expect(api.statements).toEqual([])
    expect(performance.now() - started).toBeLessThan(3_000)
  })

  it('so is one alias of it, and a fan-out hidden in fragments and variables', async () => {
    for (const query of [
      attack(1),
      `query($n: Int) { agreements(first: $n) { nodes { ...P } } } fragment P on Agreement { parties { company { clausesGranted(first: $n) { nodes { subjects { slug } } } } } }`,
      `{ agreements(first: 100) { nodes { parties { company { agreements(first: 100) { nodes { agreement { clauses { key } } } } } } } } }`,
    ]) {
      const { json } = await server.post({ query, variables: { n: 100 } })
      expect(json.errors?.[0]?.extensions?.code, query).toBe('QUERY_TOO_COMPLEX')
      expect(api.statements).toEqual([])
    }
  })
})
