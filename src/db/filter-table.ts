import { Prisma } from '../generated/prisma/client.js'

// A GraphQL filter input defined once: each key with its SQL condition over a row and its Prisma
// `where` beside it. The resolvers read the Prisma forms, the planner the SQL forms; a key given
// that the table does not know makes the planner refuse (null), never dropped.

type Sql = Prisma.Sql

/** One filter key: its condition over the row `x` in SQL, and the same as Prisma's where. */
export interface FilterKey<V, W> {
  sql: (x: Sql, value: V) => Sql
  prisma: (value: V) => W
}

export type FilterTable<C, W> = { [K in keyof C]-?: FilterKey<NonNullable<C[K]>, W> }

/** The keys a filter gives a value (null or absent: no condition). */
const given = (filter: object | null | undefined) => Object.entries(filter ?? {}).filter(([, value]) => value !== null && value !== undefined)

export interface FilterForms<C, W> {
  /** The filter as SQL over the row `x`; null when it holds a key without an SQL form. */
  sql(x: Sql, filter: object | null | undefined): Sql | null
  /** The filter as Prisma's where (every key must be known). */
  where(filter: C | null | undefined): { AND: W[] }
}

export function filterForms<C extends object, W>(name: string, table: FilterTable<C, W>): FilterForms<C, W> {
  const formsOf = (key: string) => (Object.hasOwn(table, key) ? (table[key as keyof C] as FilterKey<unknown, W>) : undefined)
  return {
    sql(x, filter) {
      const parts: Sql[] = [Prisma.sql`TRUE`]
      for (const [key, value] of given(filter)) {
        const forms = formsOf(key)
        if (!forms) return null
        parts.push(forms.sql(x, value))
      }
      return Prisma.sql`(${Prisma.join(parts, ' AND ')})`
    },
    where(filter) {
      return {
        AND: given(filter).map(([key, value]) => {
          const forms = formsOf(key)
          if (!forms) throw new Error(`${name} key "${key}" has no definition`)
          return forms.prisma(value)
        }),
      }
    },
  }
}

/**
 * "The text contains `text`, case-insensitively", read literally: Prisma's `contains` is an ILIKE
 * that leaves `%`, `_` and `\` live as wildcards, so both forms match the escaped text.
 */
export const containsText = {
  pattern: (text: string) => text.replace(/[\\%_]/g, '\\$&'),
  sql: (column: Sql, text: string) => Prisma.sql`${column} ILIKE ('%' || ${containsText.pattern(text)} || '%')`,
  prisma: (text: string) => ({ contains: containsText.pattern(text), mode: 'insensitive' as const }),
}
