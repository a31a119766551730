// Expected outcomes of a write that clients switch on (GraphQL union members, see
// src/schema/mutations/errors.ts). Plain classes: domain and database code throw them, the
// errors plugin turns them into results, and anything else stays a masked internal error.

export interface Issue {
  /** Where in the arguments, e.g. `input.clauses[1].endsOn`. */
  path: string
  message: string
  /** A stable rule name: `partial_date`, `too_big`, `not_found`, `not_a_party`, … */
  code: string
}

export class ValidationError extends Error {
  constructor(readonly issues: Issue[]) {
    super(issues.length === 1 ? `${issues[0]!.path}: ${issues[0]!.message}` : `${issues.length} problems with the input`)
    this.name = 'ValidationError'
  }
}

export class NotFoundError extends Error {
  constructor(
    message: string,
    readonly path: string,
  ) {
    super(message)
    this.name = 'NotFoundError'
  }
}

export class ConflictError extends Error {
  constructor(
    message: string,
    /** The argument in conflict; `input` when the whole write is. */
    readonly path: string = 'input',
    /** The record's version now, when the conflict is a stale `expectedVersion`. */
    readonly currentVersion: number | null = null,
  ) {
    super(message)
    this.name = 'ConflictError'
  }
}

/** `input.clauses[1].endsOn` from ['input', 'clauses', 1, 'endsOn']. */
export function formatPath(segments: readonly PropertyKey[]): string {
  return segments.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? String(s) : `.${String(s)}`)).join('')
}

/** Collects issues found after parsing (unknown slugs, cross-field rules) and throws them together. */
export class Issues {
  readonly list: Issue[] = []
  add(path: string, message: string, code: string): void {
    this.list.push({ path, message, code })
  }
  throwIfAny(): void {
    if (this.list.length > 0) throw new ValidationError(this.list)
  }
}
