import { endsSoonest, LICENCE_PAGE_IN_FORCE, LICENCES_IN_FORCE, partialDate } from './floor.js'

// The floors of Q1–Q3 (bench/lib/queries.ts): each query answered by one hand-written SQL statement
// that builds the API's whole JSON response, global IDs and cursors included, so it compares equal
// to the API's answer as it is. Parameters: Q1 and Q2 ($1 exclusivity, $2 day), Q3 ($1 company slug).

const nameOf = (alias: string, id: string) =>
  `(SELECT json_build_object('name', ${alias}."name") FROM "Company" ${alias} WHERE ${alias}."id" = ${id})`

const slugAndName = (alias: string, id: string) =>
  `(SELECT json_build_object('slug', ${alias}."slug", 'name', ${alias}."name") FROM "Company" ${alias} WHERE ${alias}."id" = ${id})`

/** Pothos' cursor for a row paged by `id`: base64 of "GPC:S:<id>". */
const cursor = (alias: string) => `encode(convert_to('GPC:S:' || ${alias}."id"::text, 'UTF8'), 'base64')`

const TOTAL = `(SELECT count(*)::int FROM "Clause" c WHERE ${LICENCES_IN_FORCE})`

/** Q1: the README's signature query, 50 licences with totalCount and sources. */
export const Q1_FLOOR_SQL = /* SQL */ `
WITH page AS (
  SELECT c."id", c."key", c."exclusivity", c."endsText", c."endsLatest", c."endsLatestOrOpen", c."grantorId", c."granteeId", c."agreementId"
  FROM "Clause" c
  WHERE ${LICENCE_PAGE_IN_FORCE}
  ORDER BY ${endsSoonest('c')}
  LIMIT 50
)
SELECT json_build_object('data', json_build_object('licenses', json_build_object(
  'totalCount', ${TOTAL},
  'nodes', coalesce((SELECT json_agg(json_build_object(
    'grantor', ${nameOf('g', 'p."grantorId"')},
    'grantee', ${nameOf('r', 'p."granteeId"')},
    'subjects', coalesce((
      SELECT json_agg(json_build_object('name', s."name") ORDER BY s."name", s."slug")
      FROM "_AssetToClause" x JOIN "Asset" s ON s."id" = x."A" WHERE x."B" = p."id"), '[]'::json),
    'exclusivity', p."exclusivity",
    'endsOn', ${partialDate('p', 'ends')},
    'agreement', (SELECT json_build_object('title', a."title") FROM "Agreement" a WHERE a."id" = p."agreementId"),
    'sources', coalesce((
      SELECT json_agg(json_build_object('url', s."url", 'publisher', s."publisher") ORDER BY s."url")
      FROM "ClauseCitation" cc JOIN "Source" s ON s."id" = cc."sourceId" WHERE cc."clauseId" = p."id"), '[]'::json)
  ) ORDER BY ${endsSoonest('p')}) FROM page p), '[]'::json)
)))::text AS body`

/** Q2: a Relay page of 20 licences; the 21st row only says whether there is a next page. */
export const Q2_FLOOR_SQL = /* SQL */ `
WITH rows AS (
  SELECT c."id", c."key", c."exclusivity", c."endsText", c."endsLatest", c."endsLatestOrOpen", c."grantorId", c."granteeId", c."agreementId",
         row_number() OVER (ORDER BY ${endsSoonest('c')}) AS n
  FROM "Clause" c
  WHERE ${LICENCE_PAGE_IN_FORCE}
  ORDER BY ${endsSoonest('c')}
  LIMIT 21
), page AS (SELECT * FROM rows WHERE n <= 20)
SELECT json_build_object('data', json_build_object('licenses', json_build_object(
  'totalCount', ${TOTAL},
  'pageInfo', json_build_object(
    'hasNextPage', EXISTS (SELECT 1 FROM rows WHERE n = 21),
    'hasPreviousPage', false,
    'startCursor', (SELECT ${cursor('p')} FROM page p WHERE n = 1),
    'endCursor', (SELECT ${cursor('p')} FROM page p ORDER BY n DESC LIMIT 1)),
  'edges', coalesce((SELECT json_agg(json_build_object(
    'cursor', ${cursor('p')},
    'node', json_build_object(
      'key', p."key",
      'exclusivity', p."exclusivity",
      'endsOn', ${partialDate('p', 'ends')},
      'grantor', ${slugAndName('g', 'p."grantorId"')},
      'grantee', ${slugAndName('r', 'p."granteeId"')},
      'agreement', (SELECT json_build_object('slug', a."slug", 'title', a."title") FROM "Agreement" a WHERE a."id" = p."agreementId"))
  ) ORDER BY p.n) FROM page p), '[]'::json)
)))::text AS body`

/** Q3: a company page, its 20 newest agreement versions (the listed party rows, with the day they store) with every clause. */
export const Q3_FLOOR_SQL = /* SQL */ `
SELECT json_build_object('data', json_build_object('company', (
  SELECT json_build_object('agreements', json_build_object('edges', coalesce((
    SELECT json_agg(json_build_object('node', json_build_object(
      'roles', p."roles",
      'agreement', json_build_object(
        'slug', a."slug",
        'title', a."title",
        'announcedOn', CASE WHEN a."announcedText" IS NULL THEN NULL ELSE json_build_object('text', a."announcedText") END,
        'clauses', coalesce((
          SELECT json_agg(json_build_object(
            'key', c."key", 'kind', c."kind", 'exclusivity', c."exclusivity",
            'grantee', ${slugAndName('g', 'c."granteeId"')},
            'endsOn', ${partialDate('c', 'ends')}) ORDER BY c."position")
          FROM "Clause" c WHERE c."agreementId" = a."id"), '[]'::json))
    )) ORDER BY p."announced" DESC, p."id")
    FROM (
      SELECT pp."id", pp."roles", pp."agreementId", pp."announcedEarliest" AS "announced"
      FROM "AgreementParty" pp
      WHERE pp."companyId" = co."id" AND pp."isFirstRole"
      ORDER BY pp."announcedEarliest" DESC, pp."id"
      LIMIT 20
    ) p JOIN "Agreement" a ON a."id" = p."agreementId"), '[]'::json)))
  FROM "Company" co WHERE co."slug" = $1)
))::text AS body`
