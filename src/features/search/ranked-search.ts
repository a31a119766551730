import { Prisma } from '../../generated/prisma/client.js'
import { KEEP_PLAN } from '../../db/setup/client.js'
import { prisma } from '../../db/setup/prisma.js'
import { type Correction, correctionsOf, MIN_LETTERS, withCorrections, wordVariants } from './corrections.js'

// Ranked search in one statement over the stored search columns and their indexes (the "search"
// migrations, prisma/migrations/*_search*): each row's names as text for their words and trigrams
// ("search_names"), their compact keys ("search_keys") and its full text ("search_text").

export type SearchHitType = 'Company' | 'CloudProvider' | 'Asset' | 'Agreement' | 'Clause'

export interface RankedHit {
  type: SearchHitType
  id: string
  /** An exact name or a match of the query as written, not a near spelling. */
  asWritten: boolean
}

/**
 * Near spellings of names match on pg_trgm's word_similarity (`<%`) against each name's words and
 * its compact key, so "Microsfot" finds Microsoft (0.6); 0.4 lets a transposed or dropped letter
 * through ("Antrhopic" 0.43, "Nvdia" 0.44). Agreements (title and slug words) and clauses
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
 * firstMatches). Names typed whole are always included.
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
 * One of the query's forms, computed once per statement in its first CTE ("query", see
 * searchStatement): as expressions of a parameter in a generic plan, they were computed once per
 * row they were compared with (4–5 µs each), and the words once per table.
 */
const form = (name: 'key' | 'names' | 'words' | 'text') => Prisma.sql`(SELECT q.${Prisma.raw(`"${name}"`)} FROM query q)`

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

interface SearchedTable {
  type: SearchHitType
  /** Ties at equal score go to the lower number: names before clause text. */
  priority: number
  table: string
  label: string
  /** Names, compared whole ("search_keys"), by their words and by trigrams ("search_names"). */
  names: boolean
  /** Full text ("search_text"): titles and clause text, by their words, stemmed. */
  fullText: boolean
}

const searchedTables: SearchedTable[] = [
  { type: 'Company', priority: 1, table: 'Company', label: 'name', names: true, fullText: false },
  { type: 'CloudProvider', priority: 2, table: 'CloudProvider', label: 'name', names: true, fullText: false },
  { type: 'Asset', priority: 3, table: 'Asset', label: 'name', names: true, fullText: false },
  // An agreement's title is a sentence: it is compared whole (with the slug) and by full text.
  { type: 'Agreement', priority: 4, table: 'Agreement', label: 'title', names: false, fullText: true },
  { type: 'Clause', priority: 5, table: 'Clause', label: 'summary', names: false, fullText: true },
]

const hasKeys = (s: SearchedTable) => s.type !== 'Clause'

/** The column named after a table's type, in the statement's per-table CTEs ("written", "one_edit"). */
const typeColumn = (s: SearchedTable) => Prisma.raw(`"${s.type}"`)

/**
 * Whether the query is one plain word: its compact key is then the query itself (pg_trgm ignores
 * case), and comparing both with every name would do the same work twice. ASCII only, to be sure
 * PostgreSQL's [:alnum:] agrees.
 */
const isOneWord = (q: string) => /^[a-z0-9]+$/i.test(q)

/** Names are rarely longer than this many words; a longer query is still compared whole. */
const MAX_NAME_WORDS = 6

/**
 * Every run of up to MAX_NAME_WORDS consecutive words of the query, and the whole query: a name
 * typed whole within it ("Microsoft" in "microsoft azure") is one of them.
 */
function wordRuns(q: string): string[] {
  const words = q.trim().split(/\s+/)
  const runs = new Set([words.join(' ')])
  for (let start = 0; start < words.length; start++) {
    for (let end = start + 1; end <= Math.min(words.length, start + MAX_NAME_WORDS); end++) runs.add(words.slice(start, end).join(' '))
  }
  return [...runs]
}

/**
 * The query's forms (see `form`): its compact key; the compact keys of its runs of words (names
 * typed whole in it); its words, each as the start of a word and all required ("elelon tech" is
 * 'elelon':* & 'tech':*, in the 'simple' configuration, which only lowercases); its words as full
 * text, stemmed.
 */
function queryForms(q: string): Prisma.Sql {
  return Prisma.sql`SELECT search_key(${q}::text) AS "key",
    ARRAY(SELECT search_key(r) FROM unnest(${wordRuns(q)}::text[]) AS r WHERE search_key(r) <> '') AS "names",
    (SELECT string_agg(quote_literal(w) || ':*', ' & ')::tsquery
      FROM unnest(tsvector_to_array(to_tsvector('simple'::regconfig, ${q}::text))) AS w) AS "words",
    websearch_to_tsquery('english'::regconfig, ${q}::text) AS "text"`
}

/**
 * The ids of a table's rows that match the query as written: a name, alias or slug typed whole in
 * it, in any case and spacing ("open ai" is OpenAI, "microsoft azure" holds Microsoft), a name
 * holding every word of the query (each as the start of one of its words: "elelon tech"), or a
 * title or clause text holding them (full text). At most CANDIDATES_PER_INDEX from each index but
 * the names typed whole.
 */
function writtenMatches(s: SearchedTable): Prisma.Sql {
  const table = Prisma.raw(`"${s.table}"`)
  const sources: Prisma.Sql[] = []
  if (hasKeys(s)) sources.push(Prisma.sql`(SELECT t."id" FROM ${table} t WHERE t."search_keys" && ${form('names')})`)
  if (s.names) {
    sources.push(Prisma.sql`(SELECT t."id" FROM ${table} t
      WHERE to_tsvector('simple'::regconfig, t."search_names") @@ ${form('words')} LIMIT ${CANDIDATES_PER_INDEX})`)
  }
  if (s.fullText) sources.push(Prisma.sql`(SELECT unnest(${firstMatches(table, form('text'))}))`)
  return Prisma.sql`ARRAY(${Prisma.join(sources, ' UNION ')})`
}

/**
 * The ids of a table's names spelt nearly like the query (pg_trgm's word_similarity over their
 * words and compact keys), at most CANDIDATES_PER_INDEX of them: "Microsfot" finds Microsoft.
 */
function nearMatches(s: SearchedTable, q: string): Prisma.Sql {
  const table = Prisma.raw(`"${s.table}"`)
  // `names %> form` is `form <% names` in the index's own form: written the other way, PostgreSQL
  // checked an OR of two forms twice per row (as the bitmap's recheck and again as a filter).
  const near = Prisma.join(
    nameForms(q).map((f) => Prisma.sql`t."search_names" %> ${f}`),
    ' OR ',
  )
  return Prisma.sql`ARRAY(SELECT t."id" FROM ${table} t WHERE ${near} LIMIT ${CANDIDATES_PER_INDEX})`
}

/**
 * A one-word query and each way of leaving out one of its letters, as PostgreSQL's
 * search_variants gives them for a word of a name (migration *_search_typos): two words one edit
 * apart (a letter left out, added, changed, or two neighbours swapped) share one ("calude" and
 * "claude" share "clude"). None for a shorter word, or a longer query: there a name sharing any
 * one of its words would match.
 */
function oneEditVariants(q: string): string[] {
  return isOneWord(q) && q.length >= MIN_LETTERS ? wordVariants(q.toLowerCase()) : []
}

/** The ids of a table's names with a word one edit from the query (see oneEditVariants). */
function oneEditMatches(s: SearchedTable, variants: string[]): Prisma.Sql {
  const table = Prisma.raw(`"${s.table}"`)
  return Prisma.sql`ARRAY(SELECT t."id" FROM ${table} t
    WHERE search_variants(t."search_names") && ${variants}::text[] LIMIT ${CANDIDATES_PER_INDEX})`
}

/**
 * What a name one edit from the query scores when its trigrams score less: about what trigrams
 * give a typo they find ("Microsfot" 0.6). They miss one that splits a short word's few trigrams
 * ("Azrue" shares 3 of 12 with "azure", "Calude" 3 of 14 with "claude").
 */
const ONE_EDIT_SCORE = 0.6

/** The key finds "Open AI" in "openai"; the words as typed also match names word by word. */
const nameForms = (q: string) => (isOneWord(q) ? [form('key')] : [form('key'), Prisma.sql`${q}::text`])

/**
 * The best `first` rows of a table among its candidates: those matching as written (the column
 * named after its type in `written`), and, when `near` says so, its names spelt nearly like the
 * query (and those one edit away, in `one_edit`, when `typos`). A candidate is as written when it
 * is in that column: when near spellings are looked for, no source of the column reached its
 * limit (see searchStatement), so it holds all of them.
 */
function rankedHits(s: SearchedTable, q: string, first: number, near: Prisma.Sql, typos: boolean): Prisma.Sql {
  const table = Prisma.raw(`"${s.table}"`)
  const label = Prisma.raw(`"${s.label}"`)
  const written = Prisma.sql`(SELECT w.${typeColumn(s)} FROM written w)::uuid[]`
  const oneEdit = Prisma.sql`(SELECT e.${typeColumn(s)} FROM one_edit e)::uuid[]`
  const candidates = s.names
    ? Prisma.sql`${written} || CASE WHEN ${near} THEN ${nearMatches(s, q)} END ${typos ? Prisma.sql`|| ${oneEdit}` : Prisma.empty}`
    : written
  const tsq = form('text')
  const scores: Prisma.Sql[] = []
  if (s.names) scores.push(...nameForms(q).map((f) => Prisma.sql`word_similarity(${f}, t."search_names")`))
  if (s.names && typos) scores.push(Prisma.sql`CASE WHEN t."id" = ANY (${oneEdit}) THEN ${ONE_EDIT_SCORE}::real ELSE 0 END`)
  if (s.fullText) {
    // Clauses only match by full text; a title may match by its key alone.
    const rank = Prisma.sql`0.5 + 0.5 * ts_rank_cd(t."search_text", ${tsq}, 32)`
    scores.push(s.type === 'Clause' ? rank : Prisma.sql`CASE WHEN t."search_text" @@ ${tsq} THEN ${rank} ELSE 0 END`)
  }
  // Closeness compares the query with the label's compact key, stored first in "search_keys" (the
  // label is never null): computing it again per candidate cost a fifth of the statement at 100k.
  return Prisma.sql`(
    SELECT ${s.type}::text AS type, ${s.priority}::int AS priority, t."id", t.${label} AS label,
      ${hasKeys(s) ? Prisma.sql`t."search_keys" @> ARRAY[${form('key')}]` : Prisma.sql`false`} AS exact,
      t."id" = ANY (${written}) AS as_written,
      GREATEST(${Prisma.join(scores)}) AS score,
      ${hasKeys(s) ? Prisma.sql`similarity(${form('key')}, t."search_keys"[1])` : Prisma.sql`0::real`} AS closeness
    FROM ${table} t
    WHERE t."id" = ANY (${candidates})
    ORDER BY exact DESC, as_written DESC, score DESC, closeness DESC, label, t."id"
    LIMIT ${first})`
}

/**
 * The statement ranking the `first` best hits for `query`, best first: exact names, aliases and
 * slugs (compared as compact keys), then whatever matches the query as written, then near
 * spellings of names (by trigrams, and one edit away from a one-word query); each by score; at
 * equal score companies, clouds, assets and agreements before clause text, then the name closest
 * to the whole query, then alphabetically.
 *
 * Near spellings are looked for only when fewer than `first` rows match as written: they would
 * rank below all of those anyway. That search is the part of a search that grows with the tables
 * (a common word shares trigrams with thousands of names, each checked and scored), and a query
 * typed right rarely needs it.
 */
export function searchStatement(query: string, first: number): Prisma.Sql {
  const written = searchedTables.map((s) => Prisma.sql`${writtenMatches(s)} AS ${typeColumn(s)}`)
  const writtenCount = Prisma.join(
    searchedTables.map((s) => Prisma.sql`cardinality(w.${typeColumn(s)})`),
    ' + ',
  )
  const near = Prisma.sql`(SELECT ${writtenCount} < ${first} FROM written w)`
  // A one-word query's typos (see oneEditVariants), also near spellings.
  const variants = oneEditVariants(query)
  const oneEdit = searchedTables
    .filter((s) => s.names)
    .map((s) => Prisma.sql`CASE WHEN ${near} THEN ${oneEditMatches(s, variants)} END AS ${typeColumn(s)}`)
  const typos = variants.length > 0
  return Prisma.sql`${Prisma.raw(KEEP_PLAN)}
    WITH query AS MATERIALIZED (${queryForms(query)}),
    written AS MATERIALIZED (SELECT ${Prisma.join(written)}),
    ${typos ? Prisma.sql`one_edit AS MATERIALIZED (SELECT ${Prisma.join(oneEdit)}),` : Prisma.empty}
    hits AS (
      ${Prisma.join(
        searchedTables.map((s) => rankedHits(s, query, first, near, typos)),
        ' UNION ALL ',
      )}
    )
    SELECT type, "id"::text AS id, exact OR as_written AS "asWritten" FROM hits
    ORDER BY exact DESC, as_written DESC, score DESC, priority, closeness DESC, label, "id"
    LIMIT ${first}`
}

/**
 * Settings for one transaction only (is_local = true): the pool's connections keep theirs. The
 * candidate scans stop after CANDIDATES_PER_INDEX rows, and PostgreSQL, expecting to find them
 * soon, sometimes filters a table row by row instead of asking its index (a company name on the
 * generated 100k graph: 99 ms, 43 ms with the index). Every scan of the ranked statement, and
 * of the corrections' (search-corrections.ts), has an index. Their texts are fixed (KEEP_PLAN), so
 * each connection plans them once, without the words (a generic plan): planning the ranked one
 * took 3–10 ms, more than most searches run.
 */
export const searchSettings = Prisma.sql`
  SELECT set_config('pg_trgm.word_similarity_threshold', ${NAME_THRESHOLD}, true),
         set_config('enable_seqscan', 'off', true),
         set_config('plan_cache_mode', 'force_generic_plan', true)`

/** A search statement's rows, in a transaction of its own under searchSettings. */
async function underSearchSettings<T>(statement: Prisma.Sql): Promise<T[]> {
  const db = prisma()
  const [, rows] = await db.$transaction([db.$queryRaw(searchSettings), db.$queryRaw<T[]>(statement)])
  return rows
}

const rankedOnce = (query: string, first: number) => underSearchSettings<RankedHit>(searchStatement(query, first))

/**
 * The query with its misspelt words corrected (search-corrections.ts), or null when it has fewer
 * than two words or none needs correcting.
 */
export async function correctedQuery(query: string): Promise<string | null> {
  const statement = correctionsOf(query)
  return statement && withCorrections(query, await underSearchSettings<Correction>(statement))
}

/**
 * The `first` best hits for `query` (searchStatement). When fewer match as written and a longer
 * query has misspelt words (search-corrections.ts: "opnai microsoft"), the corrected query is
 * searched too: what the query matched as typed comes first, then what the corrected one matched
 * as written, then the near spellings of each ("antrhopic amazon" gives Amazon, then Anthropic
 * and the agreements naming both, then Amazon Web Services).
 */
export async function rankSearchHits(query: string, first: number): Promise<RankedHit[]> {
  const hits = await rankedOnce(query, first)
  if (hits.filter((hit) => hit.asWritten).length >= first) return hits
  const corrected = await correctedQuery(query)
  if (!corrected) return hits
  const more = await rankedOnce(corrected, first)
  // A stable sort: as written before near spellings, the typed query's hits before the corrected one's.
  const merged = new Map<string, RankedHit>()
  for (const hit of [...hits, ...more].sort((a, b) => Number(b.asWritten) - Number(a.asWritten))) {
    const key = `${hit.type}:${hit.id}`
    if (!merged.has(key)) merged.set(key, hit)
  }
  return [...merged.values()].slice(0, first)
}
