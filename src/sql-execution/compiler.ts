import { type GraphQLObjectType, isObjectType } from 'graphql'
import { Prisma } from '../generated/prisma/client.js'
import { fieldSqlOf } from './field-sql.js'
import { nodeAt, type PostFn, type PostNode, postNode, pruned } from './post-processed.js'
import { type Request, type Selected, subselection } from './selection.js'

type Sql = Prisma.Sql

/** How one field of an object type is answered in SQL, over the row aliased `row`; null: it cannot be. */
export type FieldSql = (row: Sql, selected: Selected, compiler: Compiler) => Sql | null

/**
 * How a root field is answered: its SQL; or, when statements of its own must run first (the path
 * walk), a function that runs them and then gives the SQL (or null). Null: only the executor can.
 */
export type RootFieldSql = (selected: Selected, compiler: Compiler) => Sql | (() => Promise<Sql | null>) | null

/**
 * The fields of an object type that exists only in one root field's statement (a path's steps, a
 * neighborhood's nodes): read from that statement's own rows, so their form lives with it.
 */
export type ObjectSql = Record<string, FieldSql>

/** Directives the planner applies (graphql-js' field collection does); any other is a refusal. */
const APPLIED_DIRECTIVES = new Set(['include', 'skip'])

// A GraphQL name (/[_A-Za-z][_0-9A-Za-z]*/) is safe inside a SQL string literal as it is.
export const jsonKey = (key: string) => Prisma.raw(`'${key}'`)

// json_build_object takes at most 100 arguments.
const MAX_KEYS = 50

/**
 * Builds the SQL that answers a selection as JSON, shaped exactly as the GraphQL executor would
 * shape it: keys in response order, aliases, fragments and @include/@skip applied. Every method
 * answers null when any selected field has no SQL form (after `refuse` with the reason), and the
 * caller then leaves the request to the executor.
 */
export class Compiler {
  constructor(
    readonly request: Request,
    private readonly objects: Record<string, ObjectSql> = {},
    // Shared with the compilers made by `withObjects` and `at`: one statement, one set of aliases,
    // one reason, and the response keys being built (a stack `build` keeps, below `base`).
    private readonly shared: { aliases: number; refusal?: string; keys: string[]; post: PostNode } = { aliases: 0, keys: [], post: postNode() },
    // The response keys above what this compiler builds: a root field's (its form may build later).
    private readonly base: readonly string[] = [],
  ) {}

  /** A compiler for the same statement building the value of the response key `key` (a root field's). */
  at(key: string): Compiler {
    return new Compiler(this.request, this.objects, this.shared, [...this.base, key])
  }

  /** Builds, with `build`, the value under the response key `key` of what is being built (a form's own object). */
  under<T>(key: string, build: () => T): T {
    this.shared.keys.push(key)
    try {
      return build()
    } finally {
      this.shared.keys.pop()
    }
  }

  /** The response keys, from the root, of the value being built. */
  private path(): string[] {
    return [...this.base, ...this.shared.keys]
  }

  /**
   * Answers the field being built with `raw`, which `fn` turns into the field's value after the
   * statement has run (post-processed.ts). `field` (the GraphQL field) tells its function from
   * another's: one field at one response key has one selection, so one function.
   */
  postProcessed(field: object, name: string, fn: PostFn, raw: Sql): Sql | null {
    const node = nodeAt(this.shared.post, this.path())
    node.field ??= field
    node.name ??= name
    node.fn ??= fn
    node.posts += 1
    return node.field === field && !node.plain ? raw : this.refuse(`${name} and another field at ${this.path().join('.')}`)
  }

  /** The response keys the statement's post-processed fields sit at (and those above them); null: none. */
  get postProcessing(): PostNode | null {
    return pruned(this.shared.post)
  }

  /** Why the statement cannot be built (the first refusal), if it cannot. */
  get refusal(): string | undefined {
    return this.shared.refusal
  }

  /** Records why the selection has no SQL form; always null, for the caller to return. */
  refuse(reason: string): null {
    this.shared.refusal ??= reason
    return null
  }

  /** A table alias not used elsewhere in the statement. */
  alias(): Sql {
    this.shared.aliases += 1
    return Prisma.raw(`"t${this.shared.aliases}"`)
  }

  /** A compiler for the same statement that also knows `objects` (types of one root field). */
  withObjects(objects: Record<string, ObjectSql>): Compiler {
    return new Compiler(this.request, { ...this.objects, ...objects }, this.shared, this.base)
  }

  /** `json_build_object(…)` of what `parent` selects of its object type, over the row `row`. */
  object(typeName: string, row: Sql, parent: Selected): Sql | null {
    const type = this.request.schema.getType(typeName)
    if (!type || !isObjectType(type)) return this.refuse(`${typeName} is not an object type`)
    const local = this.objects[typeName]
    return this.build(type, this.subselection(type, parent), (selected) => {
      if (selected.name === '__typename') return jsonKey(typeName)
      if (local) return local[selected.name]?.(row, selected, this) ?? this.refuse(`${typeName}.${selected.name} has no SQL form`)
      const form = fieldSqlOf(type, selected.field!)
      return typeof form === 'string' ? this.refuse(form) : form(row, selected, this)
    })
  }

  /** `json_build_object(…)` of the given entries, each answered by `answer`. */
  build(type: GraphQLObjectType, selection: Selected[], answer: (selected: Selected) => Sql | null): Sql | null {
    if (selection.length > MAX_KEYS) return this.refuse(`${selection.length} fields of ${type.name} in one object`)
    // A union member no fragment selects from is an empty object.
    if (selection.length === 0) return Prisma.sql`json_build_object()`
    const pairs: Sql[] = []
    for (const selected of selection) {
      if (!this.checked(type, selected)) return null
      const node = nodeAt(this.shared.post, [...this.path(), selected.key])
      const posts = node.posts
      const value = this.under(selected.key, () => answer(selected))
      if (!value) return null
      // Two fields at one response key (union members), one post-processed: the rewrite could not tell them apart.
      if (node.posts === posts) node.plain = true
      if (node.plain && node.fn) return this.refuse(`${node.name} and another field at ${[...this.path(), selected.key].join('.')}`)
      pairs.push(Prisma.sql`${jsonKey(selected.key)}, ${value}`)
    }
    return Prisma.sql`json_build_object(${Prisma.join(pairs, ', ')})`
  }

  /** Whether `selected` is a field of `type` (or __typename) with no directive but those applied; else refuses. */
  checked(type: GraphQLObjectType, selected: Selected): boolean {
    if (selected.name !== '__typename' && !type.getFields()[selected.name])
      return this.refuse(`${type.name}.${selected.name} is not a field`) ?? false
    const directive = selected.nodes.flatMap((node) => node.directives ?? []).find((d) => !APPLIED_DIRECTIVES.has(d.name.value))
    return directive ? (this.refuse(`@${directive.name.value} on ${type.name}.${selected.name}`) ?? false) : true
  }

  /** The entries `parent` selects of `type`, in response order. */
  subselection(type: GraphQLObjectType, parent: Selected): Selected[] {
    return subselection(this.request, type, parent)
  }

  /** The object type a field returns, lists and non-null unwrapped. */
  returnType(selected: Selected): GraphQLObjectType | null {
    let type = selected.field?.type
    while (type && 'ofType' in type) type = type.ofType
    return type && isObjectType(type) ? type : null
  }
}
