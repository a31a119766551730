import { isDeepStrictEqual } from 'node:util'
import type { SignatureVariables } from './queries.js'

// The floor: the signature query answered by one hand-written SQL statement that builds the whole
// JSON response in PostgreSQL. Same filter (the in-force rule of src/db/in-force-where.ts), same
// order, same nested orders, same global IDs as the API, so the two answers compare equal.

const startedBy = (alias: string) =>
  `(${alias}."effectiveEarliest" <= $2::date OR (${alias}."effectiveEarliest" IS NULL AND ${alias}."announcedEarliest" <= $2::date))`

const company = (alias: string, id: string) =>
  `(SELECT json_build_object('slug', ${alias}."slug", 'name', ${alias}."name") FROM "Company" ${alias} WHERE ${alias}."id" = ${id})`

export const FLOOR_SQL = /* SQL */ `
WITH page AS (
  SELECT c."id", c."key", c."exclusivity", c."endsText", c."endsLatest", c."grantorId", c."granteeId", c."agreementId",
         c."position", a."announcedEarliest" AS "agreementAnnounced", a."slug" AS "agreementSlug"
  FROM "Clause" c
  JOIN "Agreement" a ON a."id" = c."agreementId"
  WHERE c."kind" = 'LICENSE_GRANT'
    AND c."exclusivity" = $1::"Exclusivity"
    AND ${startedBy('a')}
    AND (a."endsLatest" IS NULL OR a."endsLatest" >= $2::date)
    AND (a."terminatedLatest" IS NULL OR a."terminatedLatest" >= $2::date)
    AND NOT EXISTS (SELECT 1 FROM "Agreement" m WHERE m."amendsId" = a."id" AND ${startedBy('m')})
    AND (c."startsEarliest" IS NULL OR c."startsEarliest" <= $2::date)
    AND (c."endsLatest" IS NULL OR c."endsLatest" >= $2::date)
  ORDER BY c."endsLatest" ASC NULLS LAST, c."key" ASC
  LIMIT $3
)
SELECT json_build_object('data', json_build_object('licenses', json_build_object('nodes', coalesce(json_agg(
  json_build_object(
    'id', encode(convert_to('Clause:' || p."id"::text, 'UTF8'), 'base64'),
    'key', p."key",
    'exclusivity', p."exclusivity",
    'endsOn', CASE WHEN p."endsText" IS NULL THEN NULL ELSE json_build_object('text', p."endsText", 'latest', p."endsLatest") END,
    'grantor', ${company('g', 'p."grantorId"')},
    'grantee', ${company('r', 'p."granteeId"')},
    'subjects', coalesce((
      SELECT json_agg(json_build_object(
               'slug', s."slug", 'name', s."name", 'kind', s."kind",
               'developer', ${company('d', 's."developerId"')}) ORDER BY s."name")
      FROM "_AssetToClause" x JOIN "Asset" s ON s."id" = x."A"
      WHERE x."B" = p."id"), '[]'::json),
    'agreement', (
      SELECT json_build_object('slug', a."slug", 'title', a."title", 'parties', coalesce((
        SELECT json_agg(json_build_object('role', ap."role", 'company', json_build_object('slug', pc."slug", 'name', pc."name"))
                        ORDER BY pc."name", ap."role")
        FROM "AgreementParty" ap JOIN "Company" pc ON pc."id" = ap."companyId"
        WHERE ap."agreementId" = a."id"), '[]'::json))
      FROM "Agreement" a WHERE a."id" = p."agreementId")
  ) ORDER BY p."endsLatest" ASC NULLS LAST, p."key"
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
