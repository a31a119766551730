import type { ExecutionResult } from 'graphql'

// Fields computed in TypeScript (a Money's text, a deal's parties, a version's clause changes)
// keep their one definition there: their SQL form selects only the raw inputs their function
// needs, and after the statement has run the planner replaces each raw value by that function's
// output. Where those values sit in the response is recorded while the statement is compiled, as
// a tree of response keys (lists are walked through), so the rewrite reads nothing else.

/** Turns the raw JSON a post-processed field's SQL gave into the field's value, shaped for the response. */
export type PostFn = (raw: unknown) => unknown

/** One response key of the tree: what is post-processed at it, and the keys below it. */
export interface PostNode {
  children: Map<string, PostNode>
  /** The post-processed field answered at this key (its GraphQL field, and Type.field), and its function. */
  field?: object
  name?: string
  fn?: PostFn
  /** Times a post-processed form answered this key; a field answered otherwise sets `plain`. */
  posts: number
  plain: boolean
}

export const postNode = (): PostNode => ({ children: new Map(), posts: 0, plain: false })

/** The node at `path` below `root`, made on the way. */
export function nodeAt(root: PostNode, path: readonly string[]): PostNode {
  let node = root
  for (const key of path) {
    let child = node.children.get(key)
    if (!child) node.children.set(key, (child = postNode()))
    node = child
  }
  return node
}

/** The tree of only the keys that lead to a post-processed one, so that the rewrite reads nothing else; null: none. */
export function pruned(node: PostNode): PostNode | null {
  const children = new Map<string, PostNode>()
  for (const [key, child] of node.children) {
    const kept = pruned(child)
    if (kept) children.set(key, kept)
  }
  return node.fn || children.size > 0 ? { ...node, children } : null
}

/** Applies, in place, the functions the tree names to the parsed response `data`; gives `data`. */
export function postProcess(data: Record<string, unknown>, root: PostNode): Record<string, unknown> {
  rewrite(data, root)
  return data
}

function rewrite(container: Record<string, unknown>, node: PostNode): void {
  for (const [key, child] of node.children) {
    if (!(key in container)) continue
    // A function's output is in response shape: keys below it may hold raw values in turn.
    if (child.fn && container[key] !== null) container[key] = child.fn(container[key])
    descend(container[key], child)
  }
}

function descend(value: unknown, node: PostNode): void {
  if (node.children.size === 0 || value === null || typeof value !== 'object') return
  if (Array.isArray(value)) for (const item of value) descend(item, node)
  else rewrite(value as Record<string, unknown>, node)
}

/** The execution result of a statement's JSON text whose tree has post-processed keys. */
export function postProcessedResult(text: string, root: PostNode): ExecutionResult {
  const data = JSON.parse(text) as Record<string, unknown> | null
  return { data: data && postProcess(data, root) }
}
