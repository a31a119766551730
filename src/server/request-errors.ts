import { GraphQLError, Kind } from 'graphql'
import { isAsyncIterable, type Plugin } from 'graphql-yoga'

/**
 * The HTTP status of a request error (one refused before execution, answered without `data`), as
 * the GraphQL-over-HTTP spec gives it: 400 for application/graphql-response+json; `spec` makes
 * Yoga answer 200 to plain application/json, as the spec asks and as Yoga does for its own
 * parse and validation errors.
 */
export const REQUEST_ERROR_HTTP = { status: 400, spec: true } as const

/**
 * graphql-js refuses variables it cannot coerce (a bad Date, a missing required variable, a string
 * for an Int) without a code: they get BAD_USER_INPUT, the variable's name and the status above.
 */
export function requestErrorCodes(): Plugin {
  return {
    onExecute() {
      return {
        onExecuteDone({ result, setResult }) {
          // Errors first: reading `data` of a SQL-built answer parses its JSON text (json-result.ts).
          if (isAsyncIterable(result) || !result.errors?.length || result.data !== undefined) return
          setResult({
            ...result,
            errors: result.errors.map((error) => {
              if (error.extensions?.code) return error
              const definition = error.nodes?.[0]
              const variable = definition?.kind === Kind.VARIABLE_DEFINITION ? definition.variable.name.value : undefined
              return new GraphQLError(error.message, {
                nodes: error.nodes,
                extensions: { ...error.extensions, code: 'BAD_USER_INPUT', ...(variable && { variable }), http: REQUEST_ERROR_HTTP },
              })
            }),
          })
        },
      }
    },
  }
}
