import { Prisma } from '../generated/prisma/client.js'
import { KEEP_PLAN } from './client.js'
import { prisma } from './prisma.js'

// Ranked search in one statement over the stored search columns and their indexes (the "search"
// migrations, prisma/migrations/*_search*): each row's names as text for trigrams
// ("search_names"), their compact keys ("search_keys") and its full text ("search_text").

export type SearchHitType = 'Company' | 'CloudProvider' | 'Asset' | 'Agreement' | 'Clause'

export interface RankedHit {
  type: SearchHitType
  id: string
}

/**
 * Names match on pg_trgm's word_similarity (`<%`) against each name's words and its compact key,
 * so "Microsfot" finds Microsoft (0.6) and "Open AI" finds OpenAI; 0.4 lets a transposed or dropped
 * letter through ("Antrhopic" 0.43, "Nvdia" 0.44). Agreements (title and slug words) and clauses
 * (summary and condition) match on full text: websearch_to_tsquery, words by their stems, in any
 * case; an agreement's whole title or slug also matches exactly. Trigrams over 100,000 slugs and
 * 250,000 clause texts were tried and dropped: a misspelt word shares a few trigrams with thousands
 * of them, each then checked one by one, for 150 ms and no hit (the parties' names are found in
 * the company table anyway).
 */
const NAME_THRESHOLD = '0.4'

/**
 * How many rows one index may contribute before ranking. A word in every title ("agreement") or
 * in a third of all clauses ("licence") would otherwise have every one of them scored; past this
 * many, the first rows found are ranked (for full text, the first in the table's order: see
 * firstMatches). Exact name matches are always included.
 * Scoring costs 10–25 µs a row (two trigram similarities over the stored names): at 100k, 200
 * candidates per index cost about 10 ms more than 50 for a hub's name.
 */
export const CANDIDATES_PER_INDEX = 50

/**
 * A common word (a hub's name in a tenth of all titles, "licence" in a third of all clauses) is in
 * many rows of a table's first pages: there the first CANDIDATES_PER_INDEX matches are found by
 * reading those pages, not by the full-text index, which yields every match before the first
 * (16,000 titles and 30,000 clauses for a hub's name on the generated 100k graph: 13 ms). 32
 * pages are about 400 agreements or 600 clauses, under half a millisecond to read; a rarer word
 * then goes to the index, which is quick for it.
 */
export const FIRST_PAGES = 32

/**
 * The query's words as a tsquery. As scalar subqueries, it and the compact key are computed once
 * per statement: as expressions of a parameter in a generic plan, once per row they are compared
 * with (4–5 µs each).
 */
const fullTextQuery = (q: string) => Prisma.sql`(SELECT websearch_to_tsquery('english'::regconfig, ${q}::text))`

/**
 * A word of middling frequency (in 2–5% of the rows: 4,428 titles and 9,991 clauses for a
 * company's name at 100k) has some matches in the first pages, but not enough. Its index read
 * would still yield every match (1–2.5 ms), where reading on costs about as much as the first
 * pages again for each further 32 pages. So the pages up to this one are read next, when the
 * first pages' matches say they should hold enough: at least
 * CANDIDATES_PER_INDEX × FIRST_PAGES / MORE_PAGES of them. Where the matches bunch in the first
 * pages, that read is wasted (224 pages, about 2.5 ms at most) before the index is asked.
 */
export const MORE_PAGES = 256

/** Matches in the first pages that make reading on to MORE_PAGES worth it (see MORE_PAGES). */
export const WORTH_READING_ON = Math.ceil((CANDIDATES_PER_INDEX * FIRST_PAGES) / MORE_PAGES)

const pages = (from: number, to: number) => Prisma.raw(`t."ctid" >= '(${from},0)'::tid AND t."ctid" < '(${to},0)'::tid AND`)

/**
 * The first CANDIDATES_PER_INDEX rows of `table` whose full text matches `tsq`, in the table's
 * order, as an array: from its first pages when they hold that many, else from the pages after
 * them when the first ones promise that, else from its index (the same rows every way: a bitmap
 * index scan reads the table in its order too). OFFSET 0 keeps each read a subquery of its own,
 * run once: inlined, it ran again for each use of its result.
 */
export function firstMatches(table: Prisma.Sql, tsq: Prisma.Sql): Prisma.Sql {
  const enough = CANDIDATES_PER_INDEX
  const matches = (where: Prisma.Sql, limit: Prisma.Sql = Prisma.sql`${enough}`) =>
    Prisma.sql`ARRAY(SELECT t."id" FROM ${table} t WHERE ${where} t."search_text" @@ ${tsq} LIMIT ${limit})`
  const fromIndex = matches(Prisma.empty)
  // Reading on stops at the matches still missing, not at CANDIDATES_PER_INDEX more.
  const missing = Prisma.sql`${enough} - cardinality(f."ids")`
  const readOn = Prisma.sql`(SELECT CASE WHEN cardinality(m."ids") >= ${enough} THEN m."ids" ELSE ${fromIndex} END
    FROM (SELECT f."ids" || ${matches(pages(FIRST_PAGES, MORE_PAGES), missing)} AS "ids" OFFSET 0) m)`
  return Prisma.sql`(SELECT CASE WHEN cardinality(f."ids") >= ${enough} THEN f."ids"
      WHEN cardinality(f."ids") >= ${WORTH_READING_ON} THEN ${readOn}
      ELSE ${fromIndex} END
    FROM (SELECT ${matches(pages(0, FIRST_PAGES))} AS "ids" OFFSET 0) f)::uuid[]`
}

interface NamedTable {
  type: SearchHitType
  /** Ties at equal score go to the lower number: names before clause text. */
  priority: number
  table: string
  /** Whether the names are compared by trigrams ("search_names"); all are compared whole ("search_keys"). */
  trigrams: boolean
  label: string
  /** Whether the row has a full text ("search_text"): when the names are sentences (titles). */
  fullText: boolean
}

const namedTables: NamedTable[] = [
  { type: 'Company', priority: 1, table: 'Company', trigrams: true, label: 'name', fullText: false },
  { type: 'CloudProvider', priority: 2, table: 'CloudProvider', trigrams: true, label: 'name', fullText: false },
  { type: 'Asset', priority: 3, table: 'Asset', trigrams: true, label: 'name', fullText: false },
  { type: 'Agreement', priority: 4, table: 'Agreement', trigrams: false, label: 'title', fullText: true },
]

/**
 * Whether the query is one plain word: its compact key is then the query itself (pg_trgm ignores
 * case), and comparing both with every name would do the same work twice. ASCII only, to be sure
 * PostgreSQL's [:alnum:] agrees.
 */
const isOneWord = (q: string) => /^[a-z0-9]+$/i.test(q)

/** The best `first` rows of a table with names: exact keys, then trigram or full-text candidates. */
function namedHits(n: NamedTable, q: string, first: number): Prisma.Sql {
  const table = Prisma.raw(`"${n.table}"`)
  const label = Prisma.raw(`"${n.label}"`)
  const key = Prisma.sql`(SELECT search_key(${q}::text))`
  const doc = n.trigrams ? Prisma.sql`t."search_names"` : Prisma.sql`NULL::text`
  // The key finds "Open AI" in "openai"; the words as typed also match names word by word.
  const forms = isOneWord(q) ? [key] : [key, Prisma.sql`${q}::text`]
  const similarity = Prisma.join(forms.map((form) => Prisma.sql`word_similarity(${form}, ${doc})`))
  // `names %> form` is `form <% names` in the index's own form: written the other way, PostgreSQL
  // checked an OR of two forms twice per row (as the bitmap's recheck and again as a filter).
  const nearNames = Prisma.join(forms.map((form) => Prisma.sql`${doc} %> ${form}`), ' OR ')
  const tsq = fullTextQuery(q)
  const fullTextCandidates = n.fullText
    ? Prisma.sql`UNION (SELECT unnest(${firstMatches(table, tsq)}))`
    : Prisma.empty
  const fullTextScore = n.fullText
    ? Prisma.sql`CASE WHEN t."search_text" @@ ${tsq} THEN 0.5 + 0.5 * ts_rank_cd(t."search_text", ${tsq}, 32) ELSE 0 END`
    : Prisma.sql`0`
  // Closeness compares the query with the label's compact key, stored first in "search_keys" (the
  // label is never null): computing it again per candidate cost a fifth of the statement at 100k.
  return Prisma.sql`(
    SELECT ${n.type}::text AS type, ${n.priority}::int AS priority, t."id", t.${label} AS label,
      t."search_keys" @> ARRAY[${key}] AS exact,
      GREATEST(${similarity}, ${fullTextScore}) AS score,
      similarity(${key}, t."search_keys"[1]) AS closeness
    FROM ${table} t
    WHERE t."id" = ANY (ARRAY(
      (SELECT t."id" FROM ${table} t WHERE t."search_keys" @> ARRAY[${key}])
      ${n.trigrams ? Prisma.sql`UNION (SELECT t."id" FROM ${table} t WHERE ${nearNames} LIMIT ${CANDIDATES_PER_INDEX})` : Prisma.empty}
      ${fullTextCandidates}
    ))
    ORDER BY exact DESC, score DESC, closeness DESC, label, t."id"
    LIMIT ${first})`
}

/** The best `first` clauses by full text over summary and condition. */
function clauseHits(q: string, first: number): Prisma.Sql {
  const tsq = fullTextQuery(q)
  return Prisma.sql`(
    SELECT 'Clause'::text AS type, 5 AS priority, t."id", t."summary" AS label, false AS exact,
      0.5 + 0.5 * ts_rank_cd(t."search_text", ${tsq}, 32) AS score, 0::real AS closeness
    FROM "Clause" t
    WHERE t."id" = ANY (${firstMatches(Prisma.raw('"Clause"'), tsq)})
    ORDER BY score DESC, label, t."id"
    LIMIT ${first})`
}

/**
 * The statement ranking the `first` best hits for `query`, best first: exact names, aliases and
 * slugs (compared as compact keys) first, then by score; at equal score companies, clouds, assets
 * and agreements before clause text, then the name closest to the whole query, then alphabetically.
 */
export function searchStatement(query: string, first: number): Prisma.Sql {
  return Prisma.sql`${Prisma.raw(KEEP_PLAN)}
    WITH hits AS (
      ${Prisma.join(namedTables.map((n) => namedHits(n, query, first)), ' UNION ALL ')}
      UNION ALL
      ${clauseHits(query, first)}
    )
    SELECT type, "id"::text AS id FROM hits
    ORDER BY exact DESC, score DESC, priority, closeness DESC, label, "id"
    LIMIT ${first}`
}

/**
 * Settings for one transaction only (is_local = true): the pool's connections keep theirs. The
 * candidate scans stop after CANDIDATES_PER_INDEX rows, and PostgreSQL, expecting to find them
 * soon, sometimes filters a table row by row instead of asking its index (a company name on the
 * generated 100k graph: 99 ms, 43 ms with the index). Every scan of this statement has an index.
 * Its text is fixed (KEEP_PLAN), so each connection plans it once, without the words (a generic
 * plan): planning took 3–10 ms, more than most searches run.
 */
export const searchSettings = Prisma.sql`
  SELECT set_config('pg_trgm.word_similarity_threshold', ${NAME_THRESHOLD}, true),
         set_config('enable_seqscan', 'off', true),
         set_config('plan_cache_mode', 'force_generic_plan', true)`

export async function rankSearchHits(query: string, first: number): Promise<RankedHit[]> {
  const db = prisma()
  const [, hits] = await db.$transaction([db.$queryRaw(searchSettings), db.$queryRaw<RankedHit[]>(searchStatement(query, first))])
  return hits
}
