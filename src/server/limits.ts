import { costLimitRule } from '@escape.tech/graphql-armor-cost-limit'
import { maxAliasesPlugin } from '@escape.tech/graphql-armor-max-aliases'
import { maxDepthPlugin } from '@escape.tech/graphql-armor-max-depth'
import { maxDirectivesPlugin } from '@escape.tech/graphql-armor-max-directives'
import { maxTokensPlugin } from '@escape.tech/graphql-armor-max-tokens'
import {
  type ASTVisitor,
  type DocumentNode,
  GraphQLError,
  type GraphQLSchema,
  Kind,
  MaxIntrospectionDepthRule,
  NoSchemaIntrospectionCustomRule,
  type ValidationContext,
  type ValidationRule,
  validate,
  visit,
} from 'graphql'
import type { Plugin } from 'graphql-yoga'
import { checkPageArgs } from '../schema/pagination.js'

// Query limits: every refusal happens while the request is parsed, validated or about to execute,
// so an abusive document costs no SQL. Each refusal is a GraphQL error with a stable
// extensions.code (HTTP 400 for clients that accept application/graphql-response+json; plain
// application/json keeps GraphQL's 200 for validation errors; 413 for bodies). The numbers are measured against every document the
// test suite sends (the contract and query-count queries), the GraphiQL tabs and the bench queries;
// README "Running in production" gives the reason for each.

export const QUERY_LIMITS = {
  /** Bytes of one HTTP request body. */
  maxBodyBytes: 2 * 1024 * 1024,
  /** Characters of one string, in the document or in the variables. */
  maxStringLength: 20_000,
  /** Lexical tokens of one document. */
  maxTokens: 1_000,
  /** Nesting of selections (fields and fragments). */
  maxDepth: 10,
  /** GraphQL Armor's cost: objects 2, scalars 1, ×1.5 per level, × `first` of each page. */
  maxCost: 50_000,
  maxAliases: 10,
  maxDirectives: 10,
} as const

type Rejection = (context: ValidationContext | null, error: GraphQLError) => void

function refusal(message: string, code: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code, http: { status: 400 } } })
}

/** Armor reports "Syntax Error: <message>" without a code; ours names the limit and carries a code. */
function reportAs(code: string): { onReject: Rejection[]; propagateOnRejection: false } {
  return {
    onReject: [
      (context, error) => {
        const message = error.message.replace(/^Syntax Error: /, '')
        if (!context) throw refusal(message, code)
        context.reportError(refusal(message, code))
      },
    ],
    propagateOnRejection: false,
  }
}

const costOptions = { maxCost: QUERY_LIMITS.maxCost, ...reportAs('QUERY_TOO_COMPLEX') }

/** `rule`, its errors carrying `code` (graphql-js's own rules report none). */
function withCode(rule: ValidationRule, code: string): ValidationRule {
  return (context) => {
    const coded = Object.create(context) as ValidationContext
    coded.reportError = (error: GraphQLError) =>
      context.reportError(new GraphQLError(error.message, { nodes: error.nodes, extensions: { code } }))
    return rule(coded)
  }
}

/** Refuses __schema and __type (production default): clients use schema.graphql instead. */
export function noIntrospection(): Plugin {
  return { onValidate: ({ addValidationRule }) => addValidationRule(withCode(NoSchemaIntrospectionCustomRule, 'INTROSPECTION_DISABLED')) }
}

/** String literals longer than the limit (the variables are checked in `onParams`). */
const MaxStringLengthRule: ValidationRule = (context): ASTVisitor => ({
  StringValue(node) {
    if (node.value.length > QUERY_LIMITS.maxStringLength) {
      context.reportError(stringTooLong(node.value.length))
    }
  },
})

function stringTooLong(length: number): GraphQLError {
  return refusal(`A string of ${length} characters exceeds the limit of ${QUERY_LIMITS.maxStringLength}.`, 'STRING_TOO_LONG')
}

function longestString(value: unknown): number {
  if (typeof value === 'string') return value.length
  if (Array.isArray(value)) return value.reduce((max: number, item) => Math.max(max, longestString(item)), 0)
  if (value && typeof value === 'object') return longestString(Object.values(value))
  return 0
}

const PAGE_ARGS = new Set(['first', 'last'])

/**
 * The document with every `first`/`last` given by a variable replaced by its value, so Armor's
 * cost rule (which reads literals only) prices `licenses(first: $n)` like `licenses(first: 100)`.
 * Null when no page size comes from a variable.
 */
function withPageSizesInlined(document: DocumentNode, variables: Record<string, unknown>): DocumentNode | null {
  let inlined = false
  const result = visit(document, {
    Argument(node) {
      if (!PAGE_ARGS.has(node.name.value) || node.value.kind !== Kind.VARIABLE) return undefined
      const value = variables[node.value.name.value]
      if (typeof value !== 'number') return undefined
      inlined = true
      return { ...node, value: { kind: Kind.INT, value: String(value) } }
    },
  })
  return inlined ? result : null
}

/**
 * Page sizes of every field in the operation, literals and variables alike, checked by the rule
 * of src/schema/pagination.ts before the first resolver runs, so a nested page fails before its
 * parents' SQL.
 */
function checkPageSizes(document: DocumentNode, variables: Record<string, unknown>): void {
  visit(document, {
    Field(node) {
      const args: Record<string, unknown> = {}
      for (const argument of node.arguments ?? []) {
        if (!PAGE_ARGS.has(argument.name.value)) continue
        const value = argument.value
        if (value.kind === Kind.INT) args[argument.name.value] = Number(value.value)
        else if (value.kind === Kind.VARIABLE) args[argument.name.value] = variables[value.name.value]
      }
      checkPageArgs(args)
    },
  })
}

function checkPages(schema: GraphQLSchema, document: DocumentNode, variables: Record<string, unknown>): GraphQLError[] {
  const errors: GraphQLError[] = []
  try {
    checkPageSizes(document, variables)
  } catch (error) {
    if (!(error instanceof GraphQLError)) throw error
    errors.push(error)
  }
  const inlined = errors.length === 0 ? withPageSizesInlined(document, variables) : null
  if (inlined) errors.push(...validate(schema, inlined, [costLimitRule(costOptions)]))
  return errors
}

/** Variables a document passes as `first`/`last`: the only ones its page checks depend on. */
function pageVariables(document: DocumentNode): string[] {
  const names = new Set<string>()
  visit(document, {
    Argument(node) {
      if (PAGE_ARGS.has(node.name.value) && node.value.kind === Kind.VARIABLE) names.add(node.value.name.value)
    },
  })
  return [...names]
}

interface PageCheckCache {
  variables: string[]
  /** Errors by the JSON of the page-size variables' values; cleared when it grows past a bound. */
  results: Map<string, readonly GraphQLError[]>
}

const MAX_CACHED_PAGE_CHECKS = 256
// By parsed document: the server has one schema, so the document alone decides the checks.
const pageCheckCaches = new WeakMap<DocumentNode, PageCheckCache>()

/**
 * checkPages, remembered per parsed document (Yoga reuses the parsed document of a query text)
 * and page-size values: a saved query sent over and over is walked and priced once.
 */
function pageSizeErrors(schema: GraphQLSchema, document: DocumentNode, variables: Record<string, unknown>): readonly GraphQLError[] {
  let cache = pageCheckCaches.get(document)
  if (!cache) pageCheckCaches.set(document, (cache = { variables: pageVariables(document), results: new Map() }))
  const key = JSON.stringify(cache.variables.map((name) => variables[name] ?? null))
  let errors = cache.results.get(key)
  if (!errors) {
    errors = checkPages(schema, document, variables)
    if (cache.results.size >= MAX_CACHED_PAGE_CHECKS) cache.results.clear()
    cache.results.set(key, errors)
  }
  return errors
}

/** Depth, cost, aliases, directives, tokens, string sizes, page sizes and batching. */
export function queryLimits(): Plugin[] {
  const checks: Plugin = {
    onRequestParse() {
      return {
        onRequestParseDone({ requestParserResult }) {
          // Yoga refuses batches too (batching is off), but with the generic code BAD_REQUEST.
          if (Array.isArray(requestParserResult)) {
            throw refusal('Batched requests are not supported: send one operation per request.', 'BATCHING_NOT_SUPPORTED')
          }
        },
      }
    },
    onParams({ params }) {
      const longest = longestString(params.variables)
      if (longest > QUERY_LIMITS.maxStringLength) throw stringTooLong(longest)
    },
    onValidate({ addValidationRule }) {
      addValidationRule(MaxStringLengthRule)
      // Armor leaves __schema out of depth and cost; graphql-js's rule (in its recommendedRules,
      // which Yoga does not add) stops `types { fields { type { fields …` explosions there.
      addValidationRule(withCode(MaxIntrospectionDepthRule, 'INTROSPECTION_TOO_DEEP'))
      addValidationRule(costLimitRule(costOptions))
    },
    onExecute({ args, setResultAndStopExecution }) {
      const variables = (args.variableValues ?? {}) as Record<string, unknown>
      const errors = pageSizeErrors(args.schema, args.document, variables)
      if (errors.length > 0) setResultAndStopExecution({ data: null, errors: [...errors] })
    },
  }
  return [
    maxTokensPlugin({ n: QUERY_LIMITS.maxTokens, ...reportAs('TOO_MANY_TOKENS') }),
    maxDepthPlugin({ n: QUERY_LIMITS.maxDepth, ...reportAs('QUERY_TOO_DEEP') }),
    maxAliasesPlugin({ n: QUERY_LIMITS.maxAliases, ...reportAs('TOO_MANY_ALIASES') }),
    maxDirectivesPlugin({ n: QUERY_LIMITS.maxDirectives, ...reportAs('TOO_MANY_DIRECTIVES') }),
    checks,
  ]
}
