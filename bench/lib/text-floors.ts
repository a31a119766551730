// The floors of the `changes` and `search` cases (bench/lib/queries.ts): each answered by one
// hand-written SQL statement that builds the API's whole JSON response. What the project computes
// in TypeScript after its SQL (the clause diff of src/domain/clause-diff.ts; the search's
// corrected second ranking, src/features/search/ranked-search.ts) is written in SQL here.

/** PartialDate { text } of `alias`, null as readPartialDate makes it (src/sql-execution/forms.ts). */
const dateText = (alias: string, prefix: string) =>
  `CASE WHEN ${alias}."${prefix}Text" IS NULL OR ${alias}."${prefix}Text" = '' OR ${alias}."${prefix}Precision" IS NULL
      OR ${alias}."${prefix}Earliest" IS NULL OR ${alias}."${prefix}Latest" IS NULL THEN NULL
    ELSE json_build_object('text', ${alias}."${prefix}Text") END`

/** versionStart of `x` (src/sql-execution/versions.ts): its effective date's first day, else its announced date's. */
const versionStart = (x: string) =>
  `CASE WHEN ${x}."effectiveText" <> '' AND ${x}."effectivePrecision" IS NOT NULL AND ${x}."effectiveEarliest" IS NOT NULL AND ${x}."effectiveLatest" IS NOT NULL
      THEN ${x}."effectiveEarliest"
    WHEN ${x}."announcedText" <> '' AND ${x}."announcedPrecision" IS NOT NULL AND ${x}."announcedEarliest" IS NOT NULL AND ${x}."announcedLatest" IS NOT NULL
      THEN ${x}."announcedEarliest" END`

/** Money as clause-diff.ts compares it: null without an amount, else the amount (as a number) and currency. */
const money = (d: string, amount: string, currency: string) =>
  `CASE WHEN ${d}."${amount}" IS NOT NULL THEN jsonb_build_array(${d}."${amount}", coalesce(${d}."${currency}", '')) END`

/**
 * The compared fields of clause-diff.ts (FIELDS), in its order, as values of a diffable row `d`
 * (the CTE `diffable` below): numbers compare by value as jsonb numbers, sets as sorted arrays.
 */
const DIFF_FIELDS: [string, (d: string) => string][] = [
  ['kind', (d) => `${d}."kind"::text`],
  ['summary', (d) => `${d}."summary"`],
  ['grantor', (d) => `${d}."grantorId"`],
  ['grantee', (d) => `${d}."granteeId"`],
  ['subjects', (d) => `${d}."subjectIds"`],
  ['cloudProviders', (d) => `${d}."cloudIds"`],
  ['exclusivity', (d) => `${d}."exclusivity"::text`],
  ['startsOn', (d) => `${d}."startsText"`],
  ['endsOn', (d) => `${d}."endsText"`],
  ['percentage', (d) => `to_jsonb(${d}."percentage")`],
  [
    'amount',
    (d) =>
      `CASE WHEN ${d}."amount" IS NOT NULL THEN jsonb_build_array(${d}."amount", coalesce(${d}."currency", ''), ${d}."amountQualifier", ${d}."amountHigh", coalesce(${d}."amountPeriod"::text, '')) END`,
  ],
  ['capped', (d) => `${d}."capped"`],
  ['cap', (d) => money(d, 'capAmount', 'capCurrency')],
  [
    'quantity',
    (d) =>
      `CASE WHEN ${d}."quantity" IS NOT NULL THEN jsonb_build_array(${d}."quantity", coalesce(${d}."quantityUnit"::text, ''), ${d}."quantityQualifier", ${d}."quantityHigh") END`,
  ],
  [
    'valuation',
    (d) =>
      `CASE WHEN ${d}."valuationAmount" IS NOT NULL THEN ${money(d, 'valuationAmount', 'valuationCurrency')} || to_jsonb(coalesce(${d}."valuationBasis"::text, '')) END`,
  ],
  ['strike', (d) => money(d, 'strikeAmount', 'strikeCurrency')],
  ['cloudScope', (d) => `${d}."cloudScope"::text`],
  ['tranches', (d) => `${d}."tranches"`],
  ['alternatives', (d) => `${d}."alternatives"`],
  ['condition', (d) => `${d}."condition"`],
]

/** The names of the fields in which `b` (before) and `a` (after) differ, in clause-diff.ts's order (DIFF_FIELDS there). */
const changedFields = (b: string, a: string) => `array_remove(ARRAY[
    ${DIFF_FIELDS.map(([name, value]) => `CASE WHEN (${value(b)}) IS DISTINCT FROM (${value(a)}) THEN '${name}' END`).join(',\n    ')},
    -- replaces: only when the later clause names replacements (a copy does not repeat them).
    CASE WHEN cardinality(${a}."replacedIds") > 0 AND ${a}."replacedIds" <> ${b}."replacedIds" THEN 'replaces' END
  ]::text[], NULL)`

const slugOf = (table: string, id: string) => `(SELECT json_build_object('slug', s."slug") FROM "${table}" s WHERE s."id" = ${id})`

/** ClauseChange.before and .after as CHANGES_QUERY selects them, of the clause `c`. */
const beforeJson = (c: string) =>
  `json_build_object('key', ${c}."key", 'summary', ${c}."summary", 'exclusivity', ${c}."exclusivity", 'endsOn', ${dateText(c, 'ends')})`
const afterJson = (c: string) => `json_build_object('key', ${c}."key", 'summary', ${c}."summary", 'exclusivity', ${c}."exclusivity",
    'endsOn', ${dateText(c, 'ends')},
    'grantor', ${slugOf('Company', `${c}."grantorId"`)},
    'grantee', ${slugOf('Company', `${c}."granteeId"`)},
    'subjects', coalesce((SELECT json_agg(json_build_object('slug', s."slug") ORDER BY s."name", s."slug")
      FROM "_AssetToClause" x JOIN "Asset" s ON s."id" = x."A" WHERE x."B" = ${c}."id"), '[]'::json))`

/**
 * `changes`: an agreement version ($1 its slug) with its chain's versions and what it changed
 * against the version it amends. Clauses pair through `supersedes` only: ADDED, MODIFIED or
 * UNCHANGED in the new version's order, then REMOVED in the old one's (diffClauses).
 */
export const CHANGES_FLOOR_SQL = /* SQL */ `
WITH v AS (SELECT * FROM "Agreement" WHERE "slug" = $1),
diffable AS (
  SELECT c.*,
    ARRAY(SELECT DISTINCT x."A" FROM "_AssetToClause" x WHERE x."B" = c."id" ORDER BY 1) AS "subjectIds",
    ARRAY(SELECT DISTINCT x."B" FROM "_ClauseToCloudProvider" x WHERE x."A" = c."id" ORDER BY 1) AS "cloudIds",
    ARRAY(SELECT DISTINCT r."replacedId" FROM "ClauseReplacement" r WHERE r."clauseId" = c."id" ORDER BY 1) AS "replacedIds",
    -- Tranches and alternatives compare as their values in position order (src/schema/clause-change.ts).
    coalesce((SELECT jsonb_agg(jsonb_build_object('position', t."position", 'amount', t."amount", 'currency', t."currency",
        'amountQualifier', t."amountQualifier", 'amountHigh', t."amountHigh", 'amountPeriod', t."amountPeriod",
        'quantity', t."quantity", 'quantityHigh', t."quantityHigh", 'quantityUnit', t."quantityUnit",
        'quantityQualifier', t."quantityQualifier", 'onText', t."onText", 'condition', t."condition") ORDER BY t."position")
      FROM "ClauseTranche" t WHERE t."clauseId" = c."id"), '[]'::jsonb) AS "tranches",
    coalesce((SELECT jsonb_agg(jsonb_build_array(va."position", va."field", va."value", va."note", coalesce((
        SELECT jsonb_agg(jsonb_build_array(ac."sourceId", ac."basis") ORDER BY ac."sourceId", ac."basis")
        FROM "AlternativeCitation" ac WHERE ac."alternativeId" = va."id"), '[]'::jsonb)) ORDER BY va."position")
      FROM "ValueAlternative" va WHERE va."clauseId" = c."id"), '[]'::jsonb) AS "alternatives"
  FROM v JOIN "Clause" c ON c."agreementId" = v."amendsId" OR c."agreementId" = v."id"
  WHERE v."amendsId" IS NOT NULL
),
after AS (SELECT d.* FROM diffable d, v WHERE d."agreementId" = v."id"),
before AS (SELECT d.* FROM diffable d, v WHERE d."agreementId" = v."amendsId"),
changes AS (
  SELECT 1 AS part, a."position",
    CASE WHEN b."id" IS NULL THEN 'ADDED' WHEN cardinality(f.fields) = 0 THEN 'UNCHANGED' ELSE 'MODIFIED' END AS "type",
    a."kind", coalesce(f.fields, '{}') AS fields,
    CASE WHEN b."id" IS NULL THEN NULL ELSE ${beforeJson('b')} END AS "before",
    ${afterJson('a')} AS "after"
  FROM after a LEFT JOIN before b ON b."id" = a."supersedesId"
  LEFT JOIN LATERAL (SELECT ${changedFields('b', 'a')} AS fields WHERE b."id" IS NOT NULL) f ON true
  UNION ALL
  SELECT 2, b."position", 'REMOVED', b."kind", '{}', ${beforeJson('b')}, NULL
  FROM before b WHERE NOT EXISTS (SELECT FROM after a WHERE a."supersedesId" = b."id")
)
SELECT json_build_object('data', json_build_object('agreement', (
  SELECT json_build_object(
    'slug', v."slug", 'title', v."title", 'status', v."status",
    'versions', (SELECT json_agg(json_build_object('slug', x."slug", 'status', x."status",
        'announcedOn', ${dateText('x', 'announced')}, 'effectiveOn', ${dateText('x', 'effective')})
      ORDER BY ${versionStart('x')} ASC NULLS FIRST, x."createdAt", x."id")
      FROM "Agreement" x WHERE x."chainRootId" = v."chainRootId"),
    'changes', coalesce((SELECT json_agg(json_build_object('type', ch."type", 'kind', ch."kind", 'fields', ch.fields,
        'before', ch."before", 'after', ch."after") ORDER BY ch.part, ch."position") FROM changes ch), '[]'::json))
  FROM v)))::text AS body`

// ---- search: the ranking of src/features/search/ranked-search.ts, with its constants ----

/** CANDIDATES_PER_INDEX, FIRST_PAGES, MORE_PAGES, WORTH_READING_ON, MIN_LETTERS, MAX_LETTERS, ONE_EDIT_SCORE, MAX_NAME_WORDS there. */
const CANDIDATES = 50
const FIRST_PAGES = 32
const MORE_PAGES = 256
const WORTH_READING_ON = Math.ceil((CANDIDATES * FIRST_PAGES) / MORE_PAGES)
const MIN_LETTERS = 4
const MAX_LETTERS = 64
const MAX_NAME_WORDS = 6

/** The settings the project's search statements run under (searchSettings there), as the floor pool's. */
export const SEARCH_SETTINGS = { 'pg_trgm.word_similarity_threshold': '0.4', enable_seqscan: 'off', plan_cache_mode: 'force_generic_plan' }

interface Searched {
  type: string
  priority: number
  table: string
  label: string
  names: boolean
  fullText: boolean
}

const SEARCHED: Searched[] = [
  { type: 'Company', priority: 1, table: 'Company', label: 'name', names: true, fullText: false },
  { type: 'CloudProvider', priority: 2, table: 'CloudProvider', label: 'name', names: true, fullText: false },
  { type: 'Asset', priority: 3, table: 'Asset', label: 'name', names: true, fullText: false },
  { type: 'Agreement', priority: 4, table: 'Agreement', label: 'title', names: false, fullText: true },
  { type: 'Clause', priority: 5, table: 'Clause', label: 'summary', names: false, fullText: true },
]
const NAME_TABLES = SEARCHED.filter((s) => s.names)
const hasKeys = (s: Searched) => s.type !== 'Clause'

/** Each way of leaving out one letter of the lowercase word `w`, and `w` (wordVariants). */
const variantsOf = (w: string) => `ARRAY(SELECT ${w} UNION SELECT overlay(${w} PLACING '' FROM i FOR 1) FROM generate_series(1, length(${w})) i)`

/**
 * The forms of the query text `qt` (queryForms, isOneWord, nameForms, oneEditVariants): its compact
 * key; the keys of its runs of up to MAX_NAME_WORDS words and of the whole; its words as prefixes,
 * all required; its full text; its name forms; a one-word query's one-edit variants.
 */
const queryForms = (qt: string) => `SELECT search_key(${qt}) AS "key",
    ARRAY(SELECT search_key(r) FROM (
        SELECT array_to_string(ws, ' ') AS r
        UNION SELECT array_to_string(ws[i:j], ' ') FROM generate_series(1, cardinality(ws)) i, generate_series(i, least(cardinality(ws), i + ${MAX_NAME_WORDS - 1})) j
      ) runs WHERE search_key(r) <> '') AS "names",
    (SELECT string_agg(quote_literal(w) || ':*', ' & ')::tsquery FROM unnest(tsvector_to_array(to_tsvector('simple'::regconfig, ${qt}))) AS w) AS "words",
    websearch_to_tsquery('english'::regconfig, ${qt}) AS "text",
    CASE WHEN one_word THEN ARRAY[search_key(${qt})] ELSE ARRAY[search_key(${qt}), ${qt}] END AS "forms",
    CASE WHEN one_word AND length(${qt}) >= ${MIN_LETTERS} THEN ${variantsOf(`lower(${qt})`)} ELSE '{}' END AS "variants"
  FROM (SELECT regexp_split_to_array(${qt}, '\\s+') AS ws, ${qt} ~ '^[A-Za-z0-9]+$' AS one_word) s`

const pages = (from: number, to: number) => `t."ctid" >= '(${from},0)'::tid AND t."ctid" < '(${to},0)'::tid AND`

/** The first CANDIDATES rows of `table` matching `tsq`, in the table's order (firstMatches). */
function firstMatches(table: string, tsq: string): string {
  const matches = (where: string, limit: string = String(CANDIDATES)) =>
    `ARRAY(SELECT t."id" FROM "${table}" t WHERE ${where} t."search_text" @@ ${tsq} LIMIT ${limit})`
  const fromIndex = matches('')
  const readOn = `(SELECT CASE WHEN cardinality(m."ids") >= ${CANDIDATES} THEN m."ids" ELSE ${fromIndex} END
    FROM (SELECT f."ids" || ${matches(pages(FIRST_PAGES, MORE_PAGES), `${CANDIDATES} - cardinality(f."ids")`)} AS "ids" OFFSET 0) m)`
  return `(SELECT CASE WHEN cardinality(f."ids") >= ${CANDIDATES} THEN f."ids"
      WHEN cardinality(f."ids") >= ${WORTH_READING_ON} THEN ${readOn}
      ELSE ${fromIndex} END
    FROM (SELECT ${matches(pages(0, FIRST_PAGES))} AS "ids" OFFSET 0) f)::uuid[]`
}

/**
 * The CTEs ranking the query forms of the CTE `q<n>` (none or one row) into `hits<n>`: the best
 * `$2` hits, with their order (searchStatement). Near spellings only when fewer match as written.
 */
function rankingCtes(n: number): string {
  const form = (name: string) => `(SELECT q."${name}" FROM q${n} q)`
  const written = (s: Searched) => `(SELECT w."${s.type}" FROM written${n} w)::uuid[]`
  const oneEdit = (s: Searched) => `(SELECT e."${s.type}" FROM one_edit${n} e)::uuid[]`
  const writtenSources = (s: Searched) => {
    const sources: string[] = []
    if (hasKeys(s)) sources.push(`(SELECT t."id" FROM "${s.table}" t WHERE t."search_keys" && ${form('names')})`)
    if (s.names) {
      sources.push(
        `(SELECT t."id" FROM "${s.table}" t WHERE to_tsvector('simple'::regconfig, t."search_names") @@ ${form('words')} LIMIT ${CANDIDATES})`,
      )
    }
    if (s.fullText) sources.push(`(SELECT unnest(${firstMatches(s.table, form('text'))}))`)
    return `ARRAY(${sources.join(' UNION ')}) AS "${s.type}"`
  }
  const near = `(SELECT ${SEARCHED.map((s) => `cardinality(w."${s.type}")`).join(' + ')} < $2::int FROM written${n} w)`
  const ranked = (s: Searched) => {
    const nearMatches = `ARRAY(SELECT t."id" FROM "${s.table}" t WHERE t."search_names" %> ANY (${form('forms')}::text[]) LIMIT ${CANDIDATES})`
    const candidates = s.names ? `${written(s)} || CASE WHEN ${near} THEN ${nearMatches} END || ${oneEdit(s)}` : written(s)
    const scores: string[] = []
    if (s.names) {
      scores.push(`(SELECT max(word_similarity(f, t."search_names")) FROM unnest(${form('forms')}) f)`)
      scores.push(`CASE WHEN t."id" = ANY (${oneEdit(s)}) THEN 0.6::real ELSE 0 END`)
    }
    if (s.fullText) {
      const rank = `0.5 + 0.5 * ts_rank_cd(t."search_text", ${form('text')}, 32)`
      scores.push(s.type === 'Clause' ? rank : `CASE WHEN t."search_text" @@ ${form('text')} THEN ${rank} ELSE 0 END`)
    }
    return `(SELECT '${s.type}'::text AS type, ${s.priority} AS priority, t."id", t."${s.label}" AS label,
        ${hasKeys(s) ? `t."search_keys" @> ARRAY[${form('key')}]` : 'false'} AS exact,
        t."id" = ANY (${written(s)}) AS as_written,
        GREATEST(${scores.join(', ')}) AS score,
        ${hasKeys(s) ? `similarity(${form('key')}, t."search_keys"[1])` : '0::real'} AS closeness
      FROM "${s.table}" t WHERE t."id" = ANY (${candidates})
      ORDER BY exact DESC, as_written DESC, score DESC, closeness DESC, label, t."id" LIMIT $2::int)`
  }
  const oneEditSql = (s: Searched) =>
    `CASE WHEN ${near} AND cardinality(q."variants") > 0 THEN ARRAY(SELECT t."id" FROM "${s.table}" t
      WHERE search_variants(t."search_names") && q."variants" LIMIT ${CANDIDATES}) END AS "${s.type}"`
  return `written${n} AS MATERIALIZED (SELECT ${SEARCHED.map(writtenSources).join(',\n    ')} FROM q${n}),
  one_edit${n} AS MATERIALIZED (SELECT ${NAME_TABLES.map(oneEditSql).join(',\n    ')} FROM q${n} q),
  hits${n} AS (
    SELECT type, "id", exact OR as_written AS as_written,
      row_number() OVER (ORDER BY exact DESC, as_written DESC, score DESC, priority, closeness DESC, label, "id") AS rank
    FROM (${SEARCHED.map(ranked).join('\n    UNION ALL ')}) h
    ORDER BY rank LIMIT $2::int)`
}

/**
 * Per misspelt word of the query text `qt` (correctionsOf, correctionsStatement): the word of a name
 * one edit from it that the most candidate names hold, unless the word is known (a name's word
 * starts with it, a title or clause holds its stem, or it is a stop word).
 */
function correctionsSql(qt: string): string {
  const variants = 'w."variants"'
  const namesHolding = NAME_TABLES.map(
    (s) => `(SELECT t."search_names" FROM "${s.table}" t WHERE search_variants(t."search_names") && ${variants} LIMIT ${CANDIDATES})`,
  ).join(' UNION ALL ')
  const prefix = `(quote_literal(w."word") || ':*')::tsquery`
  const knownAsName = NAME_TABLES.map(
    (s) => `EXISTS (SELECT FROM "${s.table}" t WHERE to_tsvector('simple'::regconfig, t."search_names") @@ ${prefix})`,
  ).join(' OR ')
  const stem = `plainto_tsquery('english'::regconfig, w."word")`
  return `SELECT w."word", CASE WHEN numnode(${stem}) = 0 OR ${knownAsName}
        OR EXISTS (SELECT FROM "Agreement" t WHERE t."search_text" @@ ${stem})
        OR EXISTS (SELECT FROM "Clause" t WHERE t."search_text" @@ ${stem})
      THEN NULL ELSE (
        SELECT x FROM (${namesHolding}) n, regexp_split_to_table(lower(n."search_names"), '[^[:alnum:]]+') AS x
        WHERE length(x) BETWEEN ${MIN_LETTERS} AND ${MAX_LETTERS} AND (x = ANY (${variants})
          OR EXISTS (SELECT FROM generate_series(1, length(x)) i WHERE overlay(x PLACING '' FROM i FOR 1) = ANY (${variants})))
        GROUP BY x ORDER BY count(*) DESC, x LIMIT 1)
      END AS "correction"
    FROM (SELECT DISTINCT m[1] AS "word", ${variantsOf('m[1]')} AS "variants"
      FROM regexp_matches(lower(${qt}), '[a-z0-9]+', 'g') m
      WHERE length(m[1]) BETWEEN ${MIN_LETTERS} AND ${MAX_LETTERS} AND m[1] ~ '^[a-z]+$') w`
}

/** A hit as searchQuery(SEARCH_HIT_TYPES) selects it. */
const hitJson = (h: string) => `CASE ${h}.type
    ${NAME_TABLES.map((s) => `WHEN '${s.type}' THEN (SELECT json_build_object('__typename', '${s.type}', 'slug', t."slug", 'name', t."name") FROM "${s.table}" t WHERE t."id" = ${h}."id")`).join('\n    ')}
    WHEN 'Agreement' THEN (SELECT json_build_object('__typename', 'Agreement', 'slug', t."slug", 'title', t."title") FROM "Agreement" t WHERE t."id" = ${h}."id")
    WHEN 'Clause' THEN (SELECT json_build_object('__typename', 'Clause', 'key', t."key", 'summary', t."summary") FROM "Clause" t WHERE t."id" = ${h}."id")
  END`

/**
 * `search`: the `$2` best hits for `$1` (rankSearchHits). When fewer match as written and the
 * query has two words or more, its misspelt words are corrected and the corrected query ranked
 * too: hits as written first, the typed query's before the corrected one's, each hit once.
 */
export const SEARCH_FLOOR_SQL = /* SQL */ `
WITH input AS MATERIALIZED (SELECT regexp_replace($1::text, '^\\s+|\\s+$', '', 'g') AS qt),
  q1 AS MATERIALIZED (SELECT f.* FROM input, LATERAL (${queryForms('input.qt')}) f),
  ${rankingCtes(1)},
  corrections AS MATERIALIZED (
    SELECT k.* FROM input, LATERAL (${correctionsSql('input.qt')}) k
    WHERE (SELECT count(*) FROM hits1 WHERE as_written) < $2::int
      AND (SELECT count(*) FROM regexp_matches(input.qt, '[[:alnum:]]+', 'g')) >= 2),
  -- The query with its corrected words replaced, other characters kept as typed (withCorrections).
  corrected AS MATERIALIZED (
    SELECT (SELECT string_agg(CASE WHEN x.t[1] IS NULL THEN x.t[2]
          ELSE coalesce((SELECT k."correction" FROM corrections k WHERE k."word" = lower(x.t[1])), x.t[1]) END, '' ORDER BY x.o)
        FROM regexp_matches(input.qt, '([A-Za-z0-9]+)|([^A-Za-z0-9]+)', 'g') WITH ORDINALITY AS x(t, o)) AS "text"
    FROM input WHERE EXISTS (SELECT FROM corrections k WHERE k."correction" IS NOT NULL)),
  q2 AS MATERIALIZED (SELECT f.* FROM corrected, LATERAL (${queryForms('corrected."text"')}) f),
  ${rankingCtes(2)},
  merged AS (
    SELECT DISTINCT ON (type, "id") type, "id", as_written, part, rank
    FROM (SELECT *, 1 AS part FROM hits1 UNION ALL SELECT *, 2 FROM hits2) a
    ORDER BY type, "id", as_written DESC, part, rank),
  best AS (SELECT * FROM merged ORDER BY as_written DESC, part, rank LIMIT $2::int)
SELECT json_build_object('data', json_build_object('search', coalesce(
  (SELECT json_agg(${hitJson('b')} ORDER BY b.as_written DESC, b.part, b.rank) FROM best b), '[]'::json)))::text AS body`
