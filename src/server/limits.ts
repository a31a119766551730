import { maxAliasesPlugin } from '@escape.tech/graphql-armor-max-aliases'
import { maxDepthPlugin } from '@escape.tech/graphql-armor-max-depth'
import { maxDirectivesPlugin } from '@escape.tech/graphql-armor-max-directives'
import { maxTokensPlugin } from '@escape.tech/graphql-armor-max-tokens'
import {
  type ASTVisitor,
  type ExecutionArgs,
  getOperationAST,
  GraphQLError,
  MaxIntrospectionDepthRule,
  NoSchemaIntrospectionCustomRule,
  type ValidationContext,
  type ValidationRule,
} from 'graphql'
import type { Plugin } from 'graphql-yoga'
import { argumentProblem } from './argument-checks.js'
import { controlCharacterError, fragmentsOf } from './control-characters.js'
import { priceOf } from './cost-limit.js'
import { HEAVY_QUERY_COST, HeavyQueryGate, serverBusy } from './heavy-queries.js'
import type { OperationCost } from './query-cost.js'
import { REQUEST_ERROR_HTTP, requestErrorCodes } from './request-errors.js'
import { variablesShape } from './variables-shape.js'

// Query limits: every refusal happens while the request is parsed, validated or about to execute,
// so an abusive document costs no SQL. Each refusal is a request error (no `data`) with a stable
// extensions.code and the status the GraphQL-over-HTTP spec gives it (request-errors.ts): 400 for
// application/graphql-response+json, 200 for plain application/json; 413 for bodies. The numbers
// are measured against every document the test suite sends (the contract and query-count
// queries), the GraphiQL tabs and the bench queries; README "Running in production" gives the
// reason for each.

export const QUERY_LIMITS = {
  /** Bytes of one HTTP request body. */
  maxBodyBytes: 2 * 1024 * 1024,
  /** Characters of one string, in the document or in the variables. */
  maxStringLength: 20_000,
  /** Lexical tokens of one document. */
  maxTokens: 1_000,
  /** Nesting of selections (fields and fragments). */
  maxDepth: 10,
  /** The most objects a response may hold, every page and list at its most items (query-cost.ts). */
  maxCost: 300_000,
  /** Bytes of one query's response, counted as its fields resolve (request-timeout.ts). */
  maxResponseBytes: 8 * 1024 * 1024,
  /** Queries over HEAVY_QUERY_COST running at once in one process (heavy-queries.ts), and waiting. */
  maxHeavyRunning: 2,
  maxHeavyWaiting: 16,
  /** Nesting of the variables (the variables object, input objects, lists); the deepest input of the schema needs 7. */
  maxVariablesDepth: 16,
  maxAliases: 10,
  maxDirectives: 10,
} as const

type Rejection = (context: ValidationContext | null, error: GraphQLError) => void

function refusal(message: string, code: string, extensions: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code, ...extensions, http: REQUEST_ERROR_HTTP } })
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

/** `rule`, its errors carrying `code` (graphql-js's own rules report none). */
function withCode(rule: ValidationRule, code: string): ValidationRule {
  return (context) => {
    const coded = Object.create(context) as ValidationContext
    coded.reportError = (error: GraphQLError) => context.reportError(new GraphQLError(error.message, { nodes: error.nodes, extensions: { code } }))
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

function tooComplex({ cost, costliest }: OperationCost): GraphQLError {
  const number = (n: number) => Math.round(n).toLocaleString('en-US')
  return refusal(
    `The query could cost ${number(cost)}, over the limit of ${number(QUERY_LIMITS.maxCost)} (every list is priced at the most ` +
      `items it can hold). The costliest field: ${costliest}. Ask for fewer or smaller lists, or page through them.`,
    'QUERY_TOO_COMPLEX',
  )
}

/** What an operation is refused for before it runs (a page size, cursor or ID, a control character, its cost), or its cost. */
async function checkExecution(args: ExecutionArgs): Promise<{ error: GraphQLError } | { cost: number; query: boolean } | null> {
  const variables = (args.variableValues ?? {}) as Record<string, unknown>
  const operation = getOperationAST(args.document, args.operationName)
  if (!operation) return null
  const query = operation.operation === 'query'
  // Reads only: a write's text inputs are checked by its own rules, which name the field in a ValidationError.
  const controlError = query ? controlCharacterError(operation, fragmentsOf(args.document), variables) : null
  if (controlError) return { error: refusal(controlError.message, 'BAD_USER_INPUT', controlError.extensions) }
  const argument = argumentProblem(args.schema, args.document, variables)
  if (argument) return { error: refusal(argument.message, 'BAD_USER_INPUT', { argument: argument.argument }) }
  const priced = await priceOf(args.schema, args.document, args.operationName, variables)
  return priced.cost > QUERY_LIMITS.maxCost ? { error: tooComplex(priced) } : { cost: priced.cost, query }
}

/** A query's price, from queryLimits to heavyQueries (by the request's context). */
const heavyCosts = new WeakMap<object, number>()

/**
 * Queries priced over HEAVY_QUERY_COST run a few at a time. After the planner and the resolvers'
 * wrappers in the plugin order, so it gates whichever of them answers.
 */
export function heavyQueries(): Plugin {
  const heavy = new HeavyQueryGate(QUERY_LIMITS.maxHeavyRunning, QUERY_LIMITS.maxHeavyWaiting)
  return {
    onExecute({ args, executeFn, setExecuteFn, setResultAndStopExecution }) {
      const cost = heavyCosts.get(args.contextValue as object)
      if (cost === undefined || cost <= HEAVY_QUERY_COST) return
      if (heavy.full) setResultAndStopExecution({ data: null, errors: [serverBusy(2)] })
      // The request's time limit (request-timeout.ts, around this) counts the wait too.
      else
        setExecuteFn((executionArgs) =>
          heavy.run(
            async () => executeFn(executionArgs),
            (executionArgs as { signal?: AbortSignal }).signal,
            () => ({ data: null }),
          ),
        )
    },
  }
}

/** Depth, cost, aliases, directives, tokens, string sizes, page sizes and batching. */
export function queryLimits(): Plugin[] {
  const checks: Plugin = {
    onRequestParse() {
      return {
        onRequestParseDone({ requestParserResult }) {
          // Yoga refuses batches too (batching is off), but with the generic code BAD_REQUEST.
          if (Array.isArray(requestParserResult)) {
            // Not a well-formed GraphQL-over-HTTP request: 400 whatever the client accepts.
            throw new GraphQLError('Batched requests are not supported: send one operation per request.', {
              extensions: { code: 'BATCHING_NOT_SUPPORTED', http: { status: 400 } },
            })
          }
        },
      }
    },
    onParams({ params }) {
      const shape = variablesShape(params.variables, QUERY_LIMITS.maxVariablesDepth)
      if (shape.tooDeep) {
        throw refusal(
          `The variables nest deeper than ${QUERY_LIMITS.maxVariablesDepth} levels; no input of this API nests that deep.`,
          'VARIABLES_TOO_DEEP',
        )
      }
      if (shape.longestString > QUERY_LIMITS.maxStringLength) throw stringTooLong(shape.longestString)
    },
    onValidate({ addValidationRule }) {
      addValidationRule(MaxStringLengthRule)
      // Armor leaves __schema out of depth and cost; graphql-js's rule (in its recommendedRules,
      // which Yoga does not add) stops `types { fields { type { fields …` explosions there.
      addValidationRule(withCode(MaxIntrospectionDepthRule, 'INTROSPECTION_TOO_DEEP'))
    },
    async onExecute({ args, setResultAndStopExecution }) {
      const checked = await checkExecution(args)
      if (checked && 'error' in checked) setResultAndStopExecution({ errors: [checked.error] })
      else if (checked?.query) heavyCosts.set(args.contextValue as object, checked.cost)
    },
  }
  return [
    maxTokensPlugin({ n: QUERY_LIMITS.maxTokens, ...reportAs('TOO_MANY_TOKENS') }),
    maxDepthPlugin({ n: QUERY_LIMITS.maxDepth, ...reportAs('QUERY_TOO_DEEP') }),
    maxAliasesPlugin({ n: QUERY_LIMITS.maxAliases, ...reportAs('TOO_MANY_ALIASES') }),
    maxDirectivesPlugin({ n: QUERY_LIMITS.maxDirectives, ...reportAs('TOO_MANY_DIRECTIVES') }),
    checks,
    requestErrorCodes(),
  ]
}
