import {
  type DocumentNode,
  type FieldNode,
  type GraphQLError,
  type GraphQLInputType,
  type GraphQLSchema,
  getArgumentValues,
  getOperationAST,
  Kind,
  type OperationDefinitionNode,
  getDirectiveValues,
  getNullableType,
  GraphQLIncludeDirective,
  GraphQLSkipDirective,
  isInputObjectType,
  isListType,
} from 'graphql'
import type { Plugin } from 'graphql-yoga'
import { fieldSites } from '../graphql/field-sites.js'
import { Prisma } from '../generated/prisma/client.js'
import { queryRows } from '../db/setup/raw-query.js'
import { type Named, SLUG_OF, type SlugTable, unknownSlugError } from '../schema/slug-args.js'

// An argument that names a company, asset or cloud by slug (marked with slugOf in the schema) must
// name one that exists: a typo in a filter would otherwise answer a quiet, wrong "nothing". The
// planner checks them in its own statement (plugin.ts); for the resolvers, one statement first.

const slugTableOf = (x: { extensions?: unknown }) => (x.extensions as { [SLUG_OF]?: SlugTable } | undefined)?.[SLUG_OF]

/** The marked slugs inside one argument's value (input objects and lists walked). */
function slugsIn(value: unknown, type: GraphQLInputType, argument: string, table: SlugTable | undefined, out: Named[]): void {
  if (value === null || value === undefined) return
  const nullable = getNullableType(type)
  if (isListType(nullable)) {
    for (const item of value as unknown[]) slugsIn(item, nullable.ofType, argument, table, out)
  } else if (isInputObjectType(nullable)) {
    for (const field of Object.values(nullable.getFields())) {
      slugsIn((value as Record<string, unknown>)[field.name], field.type, `${argument}.${field.name}`, slugTableOf(field), out)
    }
  } else if (table && typeof value === 'string') {
    out.push({ table, slug: value, argument })
  }
}

const included = (node: FieldNode, variables: Record<string, unknown>) =>
  getDirectiveValues(GraphQLSkipDirective, node, variables)?.if !== true && getDirectiveValues(GraphQLIncludeDirective, node, variables)?.if !== false

/** Every marked slug the fields of the operation pass, with the variables' values. */
export function namedSlugs(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  document: DocumentNode,
  variables: Record<string, unknown>,
): Named[] {
  const out: Named[] = []
  for (const { definition, node, field } of fieldSites(schema, document)) {
    if (definition !== operation && definition.kind !== Kind.FRAGMENT_DEFINITION) continue
    if (!included(node, variables)) continue
    let values: Record<string, unknown>
    try {
      values = getArgumentValues(field, node, variables)
    } catch {
      // Bad argument values are the executor's error to give.
      continue
    }
    for (const arg of field.args) slugsIn(values[arg.name], arg.type, arg.name, slugTableOf(arg), out)
  }
  return out
}

/** The indexes in `named` of the slugs that name nothing, as an int[] (null when none). */
export function unknownSlugsSql(named: Named[]): Prisma.Sql {
  const exists = (table: SlugTable) => Prisma.sql`EXISTS (SELECT 1 FROM ${Prisma.raw(`"${table}"`)} x WHERE x."slug" = n."slug")`
  return Prisma.sql`(SELECT array_agg(n."i" - 1 ORDER BY n."i")
    FROM unnest(${named.map((n) => n.table)}::text[], ${named.map((n) => n.slug)}::text[]) WITH ORDINALITY n("table", "slug", "i")
    WHERE NOT CASE n."table" WHEN 'Company' THEN ${exists('Company')} WHEN 'Asset' THEN ${exists('Asset')} ELSE ${exists('CloudProvider')} END)`
}

/** Up to three slugs of `table` that look like `slug` (trigram similarity of slug or name). */
async function nearest(table: SlugTable, slug: string): Promise<string[]> {
  const rows = await queryRows<{ slug: string }>(Prisma.sql`
    SELECT "slug" FROM (
      SELECT "slug", greatest(similarity("slug", ${slug}), similarity(lower("name"), lower(${slug}))) AS score
      FROM ${Prisma.raw(`"${table}"`)}
    ) t WHERE score > 0.3 ORDER BY score DESC, "slug" LIMIT 3`)
  return rows.map((r) => r.slug)
}

/** The errors of the `unknown` slugs, each with its suggestions. */
export function slugErrors(unknown: Named[]): Promise<GraphQLError[]> {
  return Promise.all(unknown.map(async (n) => unknownSlugError(n, await nearest(n.table, n.slug))))
}

/** The errors for the slugs of `named` that name nothing (none when all exist). */
export async function unknownSlugErrors(named: Named[]): Promise<GraphQLError[]> {
  const [row] = await queryRows<{ unknown: number[] | null }>(Prisma.sql`SELECT ${unknownSlugsSql(named)} AS "unknown"`)
  return slugErrors((row?.unknown ?? []).map((i) => named[i]!))
}

// Both this module's plugin and the planner ask; the document is walked once per request.
const slugsOfRequest = new WeakMap<object, Named[]>()

/** The marked slugs a query request names (none for other operations). */
export function requestSlugs(args: {
  schema: GraphQLSchema
  document: DocumentNode
  operationName?: string | null
  variableValues?: unknown
  contextValue?: unknown
}): Named[] {
  const context = args.contextValue as object | undefined
  const known = context && slugsOfRequest.get(context)
  if (known) return known
  const operation = getOperationAST(args.document, args.operationName)
  const named =
    operation?.operation === 'query' ? namedSlugs(args.schema, operation, args.document, (args.variableValues ?? {}) as Record<string, unknown>) : []
  if (context) slugsOfRequest.set(context, named)
  return named
}

/** Refuses a query naming a record that does not exist before the resolvers answer it. */
export function knownSlugs(): Plugin {
  return {
    onExecute({ args, executeFn, setExecuteFn }) {
      const named = requestSlugs(args)
      if (named.length === 0) return
      setExecuteFn(async (executionArgs) => {
        const errors = await unknownSlugErrors(named)
        return errors.length > 0 ? { data: null, errors } : executeFn(executionArgs)
      })
    },
  }
}
