import type { ClientQuery } from './client-queries.js'
import { CHANGES_QUERY, SEARCH_HIT_TYPES, searchQuery } from './queries.js'
import { CHANGES_FLOOR_SQL, SEARCH_FLOOR_SQL, SEARCH_SETTINGS } from './text-floors.js'

// The `changes` and `search` cases on all three engines (merged into CLIENT_QUERIES): the project's
// documents, PostGraphile's over the functions of bench/peer/peer-text.sql, the floors of
// text-floors.ts. Both floors keep their plans, as the project keeps its statements' (KEEP_PLAN):
// planning either took longer than running it.

type Json = Record<string, unknown>

/** A PartialDate { text } from PostGraphile's text column. */
const dateText = (text: unknown) => (text == null ? null : { text })

type PeerClause = Json & { endsText: string | null }
type PeerChange = Json & { before: PeerClause | null; after: PeerClause | null }

const clause = (c: PeerClause | null) => {
  if (!c) return null
  const { endsText, ...rest } = c
  return { ...rest, endsOn: dateText(endsText) }
}

/** A hit as the project's search document selects it, from PostGraphile's flat search_hit row. */
function hit(h: { type: string; slug: string; name: string; title: string; key: string; summary: string }): Json {
  if (h.type === 'Clause') return { __typename: h.type, key: h.key, summary: h.summary }
  if (h.type === 'Agreement') return { __typename: h.type, slug: h.slug, title: h.title }
  return { __typename: h.type, slug: h.slug, name: h.name }
}

export const TEXT_QUERIES = {
  changes: {
    project: CHANGES_QUERY,
    peer: /* GraphQL */ `
      query Changes($slug: String!) {
        agreementBySlug(slug: $slug) {
          slug
          title
          status
          versions: versionsList { slug status announcedText effectiveText }
          changes: changesList {
            type
            kind
            fields
            before { key summary exclusivity endsText }
            after { key summary exclusivity endsText grantor { slug } grantee { slug } subjects: subjectsList { slug } }
          }
        }
      }`,
    floor: { sql: CHANGES_FLOOR_SQL, params: (v) => [v.slug], keepPlan: true },
    fromPeer: (data) => {
      type Version = Json & { announcedText: string | null; effectiveText: string | null }
      const agreement = data.agreementBySlug as (Json & { versions: Version[]; changes: PeerChange[] }) | null
      if (!agreement) return { agreement: null }
      const { versions, changes, ...rest } = agreement
      return {
        agreement: {
          ...rest,
          versions: versions.map(({ announcedText, effectiveText, ...v }) => ({
            ...v,
            announcedOn: dateText(announcedText),
            effectiveOn: dateText(effectiveText),
          })),
          changes: changes.map(({ before, after, ...c }) => ({ ...c, before: clause(before), after: clause(after) })),
        },
      }
    },
  },
  search: {
    project: searchQuery(SEARCH_HIT_TYPES),
    peer: /* GraphQL */ `
      query Search($query: String!, $first: Int) {
        searchList(query: $query, hits: $first) { type slug name title key summary }
      }`,
    floor: { sql: SEARCH_FLOOR_SQL, params: (v) => [v.query, v.first ?? 10 /* the API's DEFAULT_HITS */], settings: SEARCH_SETTINGS, keepPlan: true },
    fromPeer: (data) => ({ search: (data.searchList as Parameters<typeof hit>[0][]).map(hit) }),
  },
} satisfies Record<string, ClientQuery>
