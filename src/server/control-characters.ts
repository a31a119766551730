import {
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  GraphQLError,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql'
import { CONTROL as CONTROL_CHARACTER } from '../domain/field-rules.js'

// Control characters no argument accepts: the text rule of src/domain/field-rules.ts (which
// reports them in a write's ValidationError), checked here for the arguments of queries.
// PostgreSQL refuses NUL in text: a read given one failed as INTERNAL_SERVER_ERROR.

interface Found {
  field: string
  /** The argument, with the place inside it for input objects and lists: `filter.name`, `ids[2]`. */
  path: string
  argument: string
  character: string
}

/**
 * BAD_USER_INPUT naming the first argument of the operation (literal or variable, nested in input
 * objects and lists) that holds a control character; null when none does.
 */
export function controlCharacterError(
  operation: OperationDefinitionNode,
  fragments: Record<string, FragmentDefinitionNode>,
  variables: Record<string, unknown>,
): GraphQLError | null {
  const found = findInSelections(operation.selectionSet, fragments, variables, new Set())
  if (!found) return null
  const code = found.character.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')
  return new GraphQLError(
    `Argument "${found.path}" of "${found.field}" contains the control character U+${code}; no argument accepts control characters.`,
    { extensions: { code: 'BAD_USER_INPUT', argument: found.argument } },
  )
}

export function fragmentsOf(document: DocumentNode): Record<string, FragmentDefinitionNode> {
  return Object.fromEntries(
    document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((f) => [f.name.value, f]),
  )
}

function findInSelections(
  selectionSet: SelectionSetNode,
  fragments: Record<string, FragmentDefinitionNode>,
  variables: Record<string, unknown>,
  expanded: Set<string>,
): Found | null {
  for (const selection of selectionSet.selections) {
    let found: Found | null = null
    if (selection.kind === Kind.FIELD) {
      found = findInArguments(selection, variables)
      if (!found && selection.selectionSet) found = findInSelections(selection.selectionSet, fragments, variables, expanded)
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      found = findInSelections(selection.selectionSet, fragments, variables, expanded)
    } else {
      const fragment = fragments[selection.name.value]
      if (fragment && !expanded.has(fragment.name.value)) {
        expanded.add(fragment.name.value)
        found = findInSelections(fragment.selectionSet, fragments, variables, expanded)
      }
    }
    if (found) return found
  }
  return null
}

function findInArguments(field: FieldNode, variables: Record<string, unknown>): Found | null {
  for (const argument of field.arguments ?? []) {
    const hit = findInValue(argument.value, argument.name.value, variables)
    if (hit) return { field: field.name.value, argument: argument.name.value, ...hit }
  }
  return null
}

type Hit = { path: string; character: string }

function findInValue(node: ValueNode, path: string, variables: Record<string, unknown>): Hit | null {
  switch (node.kind) {
    case Kind.STRING:
      return hitIn(node.value, path)
    case Kind.VARIABLE:
      return findInJson(variables[node.name.value], path)
    case Kind.LIST:
      for (const [i, item] of node.values.entries()) {
        const hit = findInValue(item, `${path}[${i}]`, variables)
        if (hit) return hit
      }
      return null
    case Kind.OBJECT:
      for (const field of node.fields) {
        const hit = findInValue(field.value, `${path}.${field.name.value}`, variables)
        if (hit) return hit
      }
      return null
    default:
      return null
  }
}

/** A variable's value; its nesting is bounded before execution (VARIABLES_TOO_DEEP), so a stack suffices. */
function findInJson(value: unknown, path: string): Hit | null {
  const pending: [unknown, string][] = [[value, path]]
  for (let next = pending.pop(); next; next = pending.pop()) {
    const [item, at] = next
    if (typeof item === 'string') {
      const hit = hitIn(item, at)
      if (hit) return hit
    } else if (Array.isArray(item)) {
      for (let i = item.length - 1; i >= 0; i--) pending.push([item[i], `${at}[${i}]`])
    } else if (item && typeof item === 'object') {
      for (const [key, child] of Object.entries(item).reverse()) pending.push([child, `${at}.${key}`])
    }
  }
  return null
}

function hitIn(text: string, path: string): Hit | null {
  const match = CONTROL_CHARACTER.exec(text)
  return match ? { path, character: match[0] } : null
}
