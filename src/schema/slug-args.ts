import { GraphQLError } from 'graphql'

// Arguments and input fields that name a record by slug carry this mark in their `extensions`;
// src/server/known-slugs.ts refuses a request whose marked slug names nothing.

export type SlugTable = 'Company' | 'Asset' | 'CloudProvider'

export const SLUG_OF = 'slugOf'

/** `extensions` of an argument or input field holding the slug of a row of `table`. */
export const slugOf = (table: SlugTable) => ({ [SLUG_OF]: table })

export interface Named {
  table: SlugTable
  slug: string
  /** The argument's path, e.g. `filter.licensor`. */
  argument: string
}

const NOUNS: Record<SlugTable, string> = { Company: 'company', Asset: 'asset', CloudProvider: 'cloud provider' }

/** The error for a slug that names nothing, with the nearest slugs as suggestions. */
export function unknownSlugError(named: Named, suggestions: string[] = []): GraphQLError {
  const hint = suggestions.length > 0 ? `; did you mean ${suggestions.map((s) => `"${s}"`).join(', ')}?` : ''
  return new GraphQLError(`Argument "${named.argument}": no ${NOUNS[named.table]} with slug "${named.slug}"${hint}`, {
    extensions: { code: 'NOT_FOUND', argument: named.argument, value: named.slug, suggestions },
  })
}
