import type { FieldNode, FragmentDefinitionNode, GraphQLField, GraphQLObjectType, GraphQLSchema, SelectionSetNode } from 'graphql'
// graphql-js' own field collection (aliases, fragments, @include/@skip), the one its executor uses;
// internal to graphql 16, whose version package.json pins exactly.
import { collectFields, collectSubfields } from 'graphql/execution/collectFields.js'
import { getArgumentValues } from 'graphql/execution/values.js'

/** What one request selects: the schema, its fragments and its coerced variables. */
export interface Request {
  schema: GraphQLSchema
  fragments: Record<string, FragmentDefinitionNode>
  variables: Record<string, unknown>
}

/** One entry of a response object: the key it is answered under and the field behind it. */
export interface Selected {
  /** Alias or field name. */
  key: string
  name: string
  field: GraphQLField<unknown, unknown> | null
  /** Argument values as the executor would see them (defaults applied, variables substituted). */
  args: Record<string, unknown>
  nodes: readonly FieldNode[]
}

function entries(request: Request, type: GraphQLObjectType, collected: Map<string, readonly FieldNode[]>): Selected[] {
  const fields = type.getFields()
  return [...collected].map(([key, nodes]) => {
    const name = nodes[0]!.name.value
    const field = fields[name] ?? null
    return { key, name, field, nodes, args: field ? getArgumentValues(field, nodes[0]!, request.variables) : {} }
  })
}

/** The fields an operation's selection set asks of its root type, in response order. */
export function rootSelection(request: Request, type: GraphQLObjectType, selectionSet: SelectionSetNode): Selected[] {
  return entries(request, type, collectFields(request.schema, request.fragments, request.variables, type, selectionSet))
}

/** The fields asked of the object `parent` returns (of type `type`), in response order. */
export function subselection(request: Request, type: GraphQLObjectType, parent: Selected): Selected[] {
  return entries(request, type, collectSubfields(request.schema, request.fragments, request.variables, type, parent.nodes))
}
