import type { DocumentNode } from 'graphql'
import type { Prisma } from '../generated/prisma/client.js'
import type { Answer } from './plugin.js'

// Statements the planner built, kept for the same request sent again: the same parsed document
// (Yoga reuses it for a query text it has seen), operation and variables give the same statement,
// which PostgreSQL still runs, so answers stay fresh. A statement that depends on rows read first
// (a path's walk) is built anew each time. The least recently used go first.

export interface Built {
  statement: Prisma.Sql
  answer: Answer
}

/** Variables longer than this as JSON are not worth a key. */
const MAX_KEY_LENGTH = 2048

export class StatementCache {
  private readonly entries = new Map<string, Built>()
  private readonly documentIds = new WeakMap<DocumentNode, number>()
  private nextId = 0

  constructor(private readonly capacity: number) {}

  /** The key of a request, or null when it is not kept (off, or variables too long). */
  keyOf(document: DocumentNode, operationName: string | null | undefined, variables: unknown): string | null {
    if (this.capacity === 0) return null
    const values = JSON.stringify(variables ?? {})
    if (values.length > MAX_KEY_LENGTH) return null
    let id = this.documentIds.get(document)
    if (id === undefined) this.documentIds.set(document, (id = this.nextId++))
    return `${id}\u0000${operationName ?? ''}\u0000${values}`
  }

  get(key: string): Built | undefined {
    const built = this.entries.get(key)
    if (built) {
      this.entries.delete(key)
      this.entries.set(key, built)
    }
    return built
  }

  set(key: string, built: Built): void {
    this.entries.set(key, built)
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!)
  }
}
