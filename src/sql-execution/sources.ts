import { Prisma } from '../generated/prisma/client.js'
import type { FieldSql } from './compiler.js'
import { quoted } from './forms.js'

/**
 * `sources(kinds:)` of a record: the sources its rows of `citationTable` (pointing at it by
 * `ownKey`) cite, by URL (unique), only those of `kinds` when given (none for an empty list; a
 * source without a kind matches no list), as the resolvers' `citations` selection reads them.
 */
export function citedSources(citationTable: string, ownKey: string): FieldSql {
  return (row, selected, compiler) => {
    const kinds = selected.args.kinds as string[] | null | undefined
    const citation = compiler.alias()
    const source = compiler.alias()
    const object = compiler.object('Source', source, selected)
    let ofKinds = Prisma.empty
    if (kinds) {
      ofKinds = kinds.length
        ? Prisma.sql`AND ${source}."kind" IN (${Prisma.join(kinds.map((kind) => Prisma.sql`${kind}::"SourceKind"`))})`
        : Prisma.sql`AND FALSE`
    }
    return (
      object &&
      Prisma.sql`coalesce((SELECT json_agg(${object} ORDER BY ${source}."url" ASC)
        FROM ${quoted(citationTable)} ${citation} JOIN "Source" ${source} ON ${source}."id" = ${citation}."sourceId"
        WHERE ${citation}.${quoted(ownKey)} = ${row}."id" ${ofKinds}), '[]'::json)`
    )
  }
}
