import { createYoga, type Plugin } from 'graphql-yoga'
import { authFromRequest } from './auth/context.js'
import type { Context } from './builder.js'
import { exportRoutes } from './export/http.js'
import { graphiqlTabs } from './graphiql-examples.js'
import { validateWithNamedArguments } from './graphql/named-argument-errors.js'
import { schema } from './schema/index.js'

const namedArgumentErrors: Plugin = {
  onValidate: ({ setValidationFn }) => setValidationFn(validateWithNamedArguments),
}

/** The GraphQL server as a fetch handler; it never listens (see main.ts). */
export function createServer(options: { graphiql?: boolean } = {}) {
  return createYoga<Record<string, unknown>, Context>({
    schema,
    graphqlEndpoint: '/graphql',
    landingPage: false,
    // Unexpected errors (Prisma, SQL, bugs) reach clients as "Unexpected error."; expected ones
    // are GraphQLErrors with extensions.code.
    maskedErrors: true,
    graphiql: options.graphiql === false ? false : () => ({
      title: 'AI partnerships graph',
      defaultTabs: graphiqlTabs(new Date().toISOString().slice(0, 10)),
    }),
    context: ({ request }) => ({ request, auth: authFromRequest(request) }),
    // GET /export/* (GraphML, CSV, JSON of the graph as of a day) on the same server.
    plugins: [namedArgumentErrors, exportRoutes()],
  })
}
