import {
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  getNamedType,
  getNullableType,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  isInterfaceType,
  isListType,
  isObjectType,
  Kind,
  type SelectionSetNode,
  valueFromASTUntyped,
} from 'graphql'
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../builder.js'
import { type DataBounds, isConnection, LIST_BOUNDS } from './list-bounds.js'

// The cost of an operation: the most objects its response can hold. Each object counts 1, times
// the items of every list above it: a connection's edges and nodes by its page (`first`/`last`,
// else the default page), any other list by the most items it can hold (list-bounds.ts). Objects
// are what the database reads, Prisma builds and the executor walks; their scalars are bounded by
// the type's fields and the alias limit. Ten aliases of clauses → agreement → clauses … are priced
// at what they can return (24 × 24 × 24 × 24 clauses each), not once per field.

interface Priced {
  cost: number
  /** `alias: field ×items`, as shown in a refusal. */
  label: string
  /** The costliest field below this one. */
  heaviest?: Priced
}

interface Walk {
  schema: GraphQLSchema
  fragments: Record<string, FragmentDefinitionNode>
  variables: Record<string, unknown>
  data: DataBounds
  /** Fragments being expanded (validation refuses cycles; this keeps the walk finite regardless). */
  expanding: Set<string>
}

export interface OperationCost {
  cost: number
  /** The path to the costliest field, e.g. `a0: agreement → clauses ×24 → agreement → …`. */
  costliest: string
}

/** The cost of the operation `operationName` of a valid document. */
export function operationCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Record<string, unknown>,
  data: DataBounds,
): OperationCost {
  const operations = document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION)
  const operation = operationName ? operations.find((o) => o.name?.value === operationName) : operations[0]
  const root = operation && schema.getRootType(operation.operation)
  if (!operation || !root) return { cost: 0, costliest: '' }
  const fragments = Object.fromEntries(document.definitions.filter((d) => d.kind === Kind.FRAGMENT_DEFINITION).map((f) => [f.name.value, f]))
  const fields = priceSelections({ schema, fragments, variables, data, expanding: new Set() }, root, operation.selectionSet, {}, {})
  const chain: string[] = []
  for (let at = heaviestOf(fields); at; at = at.heaviest) chain.push(at.label)
  return { cost: Math.ceil(sumOf(fields)), costliest: chain.join(' → ') }
}

const sumOf = (priced: Priced[]) => priced.reduce((sum, p) => sum + p.cost, 0)
const heaviestOf = (priced: Priced[]) => priced.reduce<Priced | undefined>((max, p) => (!max || p.cost > max.cost ? p : max), undefined)

type Args = Record<string, unknown>

/**
 * The fields of a selection set, fragments flattened into it (they add nothing to the response).
 * `parent`: the arguments of the field it belongs to; `above`: those of every field above, the nearest winning.
 */
function priceSelections(walk: Walk, type: GraphQLNamedType, selectionSet: SelectionSetNode, parent: Args, above: Args): Priced[] {
  const priced: Priced[] = []
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      priced.push(priceField(walk, type, selection, parent, above))
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      const on = selection.typeCondition ? walk.schema.getType(selection.typeCondition.name.value) : type
      priced.push(...priceSelections(walk, on ?? type, selection.selectionSet, parent, above))
    } else {
      const name = selection.name.value
      const fragment = walk.fragments[name]
      if (!fragment || walk.expanding.has(name)) continue
      walk.expanding.add(name)
      const on = walk.schema.getType(fragment.typeCondition.name.value) ?? type
      priced.push(...priceSelections(walk, on, fragment.selectionSet, parent, above))
      walk.expanding.delete(name)
    }
  }
  return priced
}

function priceField(walk: Walk, parentType: GraphQLNamedType, node: FieldNode, parent: Args, above: Args): Priced {
  const name = node.name.value
  const label = node.alias ? `${node.alias.value}: ${name}` : name
  const field = isObjectType(parentType) || isInterfaceType(parentType) ? parentType.getFields()[name] : undefined
  // Scalars cost nothing; __schema and __type are bounded by the introspection rules instead.
  if (!field || !node.selectionSet) return { cost: 0, label }
  const own = Object.fromEntries((node.arguments ?? []).map((a) => [a.name.value, valueFromASTUntyped(a.value, walk.variables)]))
  const items = Math.max(1, itemsOf(walk, parentType, field, own, parent, { ...above, ...own }))
  const children = priceSelections(walk, getNamedType(field.type), node.selectionSet, own, { ...above, ...own })
  const heaviest = heaviestOf(children)
  return { cost: (1 + sumOf(children)) * items, label: items > 1 ? `${label} ×${+items.toFixed(1)}` : label, ...(heaviest && { heaviest }) }
}

/** The most objects a field returns: 1 unless it is a list. */
function itemsOf(walk: Walk, parentType: GraphQLNamedType, field: GraphQLField<unknown, unknown>, own: Args, parent: Args, args: Args): number {
  if (!isListType(getNullableType(field.type))) return 1
  // A connection's edges and nodes: its page.
  if (isObjectType(parentType) && isConnection(parentType)) return pageOf(parent) ?? DEFAULT_PAGE_SIZE
  const page = pageOf(own)
  if (page !== undefined) return page
  const bound = LIST_BOUNDS[`${parentType.name}.${field.name}`]
  // A list nobody has bounded yet counts as a full page (a test keeps the table complete).
  return bound ? bound({ data: walk.data, args }) : MAX_PAGE_SIZE
}

const pageOf = (args: Args) => [args.first, args.last].find((value): value is number => typeof value === 'number')
