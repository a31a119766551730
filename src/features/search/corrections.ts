import { Prisma } from '../../generated/prisma/client.js'
import { KEEP_PLAN } from '../../db/setup/client.js'

// Misspelt words of a longer query ("opnai microsoft"), corrected to words of names. A one-word
// query finds names one edit away in the ranking statement itself (ranked-search.ts, oneEditMatches);
// a longer one cannot do it there: any name sharing just one of its words would match. Here each
// word of the query that nothing in the graph holds is replaced by a word of a name one edit away,
// and the corrected query is searched as written. The statement runs in ranked-search.ts
// (correctedQuery), under the ranked search's settings: every scan by its index.

/** Shorter words are one edit from too many others ("gpt", "ai"), as in search_variants. */
export const MIN_LETTERS = 4
/** Longer words are never misspelt by one letter, and cost the square of their length (search_variants). */
export const MAX_LETTERS = 64

/** Names read per misspelt word for candidate corrections (through the search_variants index). */
const CANDIDATE_NAMES = 50

/** The word and every way of leaving out one of its letters, as search_variants gives them. */
export function wordVariants(word: string): string[] {
  return [...new Set([word, ...Array.from(word, (_, i) => word.slice(0, i) + word.slice(i + 1))])]
}

/** The query's words that could be corrected: plain ASCII letters, MIN_LETTERS to MAX_LETTERS of them. */
function correctableWords(query: string): string[] {
  const words = query.toLowerCase().match(/[a-z0-9]+/g) ?? []
  return [...new Set(words.filter((w) => w.length >= MIN_LETTERS && w.length <= MAX_LETTERS && /^[a-z]+$/.test(w)))]
}

const nameTables = ['Company', 'CloudProvider', 'Asset'].map((t) => Prisma.raw(`"${t}"`))

/**
 * Per word: null when some name holds a word starting with it, or a title or clause holds it (by
 * its stem), or it is an English stop word ("with"); else the name word one edit from it that the
 * most candidate names hold (then alphabetically), or null when there is none. Two words are one
 * edit apart when their variants meet (see wordVariants); a candidate's are compared inline, as
 * search_variants, a SQL function PostgreSQL does not inline, is planned again at every call.
 */
function correctionsStatement(words: string[]): Prisma.Sql {
  const variants = Prisma.sql`string_to_array(w."variants", ' ')`
  const namesHolding = Prisma.join(
    nameTables.map(
      (table) =>
        Prisma.sql`(SELECT t."search_names" FROM ${table} t WHERE search_variants(t."search_names") && ${variants} LIMIT ${CANDIDATE_NAMES})`,
    ),
    ' UNION ALL ',
  )
  const prefix = Prisma.sql`(quote_literal(w."word") || ':*')::tsquery`
  const knownAsName = Prisma.join(
    nameTables.map((table) => Prisma.sql`EXISTS (SELECT FROM ${table} t WHERE to_tsvector('simple'::regconfig, t."search_names") @@ ${prefix})`),
    ' OR ',
  )
  const stem = Prisma.sql`plainto_tsquery('english'::regconfig, w."word")`
  return Prisma.sql`${Prisma.raw(KEEP_PLAN)}
    SELECT w."word", CASE WHEN numnode(${stem}) = 0 OR ${knownAsName}
        OR EXISTS (SELECT FROM "Agreement" t WHERE t."search_text" @@ ${stem})
        OR EXISTS (SELECT FROM "Clause" t WHERE t."search_text" @@ ${stem})
      THEN NULL ELSE (
        SELECT x FROM (${namesHolding}) n, regexp_split_to_table(lower(n."search_names"), '[^[:alnum:]]+') AS x
        WHERE length(x) BETWEEN ${MIN_LETTERS} AND ${MAX_LETTERS} AND (x = ANY (${variants})
          OR EXISTS (SELECT FROM generate_series(1, length(x)) i WHERE overlay(x PLACING '' FROM i FOR 1) = ANY (${variants})))
        GROUP BY x ORDER BY count(*) DESC, x LIMIT 1)
      END AS "correction"
    FROM unnest(${words}::text[], ${words.map((word) => wordVariants(word).join(' '))}::text[]) AS w("word", "variants")`
}

export interface Correction {
  word: string
  correction: string | null
}

/** The statement correcting the query's words, or null when it has fewer than two words or none to correct. */
export function correctionsOf(query: string): Prisma.Sql | null {
  if ((query.match(/[\p{L}\p{N}]+/gu) ?? []).length < 2) return null
  const words = correctableWords(query)
  return words.length > 0 ? correctionsStatement(words) : null
}

/** The query with the corrected words replaced (other characters kept as typed), or null when none was. */
export function withCorrections(query: string, rows: Correction[]): string | null {
  const corrections = new Map(rows.flatMap((row) => (row.correction ? [[row.word, row.correction] as const] : [])))
  if (corrections.size === 0) return null
  return query.replace(/[A-Za-z0-9]+/g, (word) => corrections.get(word.toLowerCase()) ?? word)
}
