import { isDeepStrictEqual } from 'node:util'
import type { SignatureVariables } from './queries.js'

// The floor: the signature query answered by one hand-written SQL statement that builds the whole
// JSON response in PostgreSQL. Same filter (the stored in-force period, as src/db/in-force-sql.ts
// reads it), same order, same nested orders, same global IDs as the API, so the two answers compare
// equal. The floors of Q1–Q3 are in client-floors.ts.

const company = (alias: string, id: string) =>
  `(SELECT json_build_object('slug', ${alias}."slug", 'name', ${alias}."name") FROM "Company" ${alias} WHERE ${alias}."id" = ${id})`

/** Licence grants of exclusivity $1 in force on day $2 (the project's `licenses` filter), over "Clause" c. */
export const LICENCES_IN_FORCE = `c."kind" = 'LICENSE_GRANT'
    AND c."exclusivity" = $1::"Exclusivity"
    AND c."inForceFrom" <= $2::date AND (c."inForceUntil" IS NULL OR c."inForceUntil" >= $2::date)`

/** A page of them in ENDS_SOONEST order starts its walk at the day: a licence in force then ends on it or later. */
export const LICENCE_PAGE_IN_FORCE = `${LICENCES_IN_FORCE} AND c."endsLatestOrOpen" >= $2::date`

/** The project's ENDS_SOONEST order (endsLatest ascending, open terms last) over the alias `c`. */
export const endsSoonest = (c: string) => `${c}."endsLatestOrOpen" ASC, ${c}."key" ASC`

/** A PartialDate { text latest } from the columns `<prefix>Text` and `<prefix>Latest` of `alias`. */
export const partialDate = (alias: string, prefix: string) =>
  `CASE WHEN ${alias}."${prefix}Text" IS NULL THEN NULL ELSE json_build_object('text', ${alias}."${prefix}Text", 'latest', ${alias}."${prefix}Latest") END`

export const FLOOR_SQL = /* SQL */ `
WITH page AS (
  SELECT c."id", c."key", c."exclusivity", c."endsText", c."endsLatest", c."endsLatestOrOpen", c."grantorId", c."granteeId", c."agreementId"
  FROM "Clause" c
  WHERE ${LICENCE_PAGE_IN_FORCE}
  ORDER BY ${endsSoonest('c')}
  LIMIT $3
)
SELECT json_build_object('data', json_build_object('licenses', json_build_object('nodes', coalesce(json_agg(
  json_build_object(
    'id', encode(convert_to('Clause:' || p."id"::text, 'UTF8'), 'base64'),
    'key', p."key",
    'exclusivity', p."exclusivity",
    'endsOn', ${partialDate('p', 'ends')},
    'grantor', ${company('g', 'p."grantorId"')},
    'grantee', ${company('r', 'p."granteeId"')},
    'subjects', coalesce((
      SELECT json_agg(json_build_object(
               'slug', s."slug", 'name', s."name", 'kind', s."kind",
               'developer', ${company('d', 's."developerId"')}) ORDER BY s."name", s."slug")
      FROM "_AssetToClause" x JOIN "Asset" s ON s."id" = x."A"
      WHERE x."B" = p."id"), '[]'::json),
    'agreement', (
      SELECT json_build_object('slug', a."slug", 'title', a."title", 'parties', coalesce((
        SELECT json_agg(json_build_object('role', ap."role", 'company', json_build_object('slug', pc."slug", 'name', pc."name"))
                        ORDER BY pc."name", ap."role", pc."slug")
        FROM "AgreementParty" ap JOIN "Company" pc ON pc."id" = ap."companyId"
        WHERE ap."agreementId" = a."id"), '[]'::json))
      FROM "Agreement" a WHERE a."id" = p."agreementId")
  ) ORDER BY ${endsSoonest('p')}
), '[]'::json))))::text AS body
FROM page p`

export function floorParams(variables: SignatureVariables): [string, string, number] {
  return [variables.exclusivity, variables.activeOn, variables.first]
}

/** The first place where two JSON values differ, or null when they are equal (key order ignored). */
export function firstDifference(a: unknown, b: unknown, path = '$'): string | null {
  if (isDeepStrictEqual(a, b)) return null
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return `${path}: ${a.length} items vs ${b.length}`
    for (let i = 0; i < a.length; i++) {
      const d = firstDifference(a[i], b[i], `${path}[${i}]`)
      if (d) return d
    }
  }
  if (a && b && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)])
    for (const key of keys) {
      const d = firstDifference((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], `${path}.${key}`)
      if (d) return d
    }
  }
  return `${path}: ${JSON.stringify(a)?.slice(0, 200)} vs ${JSON.stringify(b)?.slice(0, 200)}`
}
