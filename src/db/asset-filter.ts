import { Prisma } from '../generated/prisma/client.js'
import type { AssetKind } from '../generated/prisma/enums.js'
import { containsText, filterForms } from './filter-table.js'

// AssetFilter defined once (filter-table.ts): each key over an "Asset" row in SQL, and as Prisma's
// where for the resolvers' page and count.

export interface AssetConditions {
  kind?: AssetKind | null
  developer?: string | null
  name?: string | null
}

export const assetFilter = filterForms<AssetConditions, Prisma.AssetWhereInput>('AssetFilter', {
  kind: {
    sql: (x, kind) => Prisma.sql`${x}."kind" = ${kind}::"AssetKind"`,
    prisma: (kind) => ({ kind }),
  },
  developer: {
    sql: (x, slug) => Prisma.sql`${x}."developerId" IN (SELECT "id" FROM "Company" WHERE "slug" = ${slug})`,
    prisma: (slug) => ({ developer: { slug } }),
  },
  name: {
    sql: (x, text) => containsText.sql(Prisma.sql`${x}."name"`, text),
    prisma: (text) => ({ name: containsText.prisma(text) }),
  },
})
