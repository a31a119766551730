import { Prisma } from '../generated/prisma/client.js'
import type { CompanyKind } from '../generated/prisma/enums.js'
import { containsText, filterForms } from './filter-table.js'

// CompanyFilter defined once (filter-table.ts): each key over a "Company" row in SQL, and as
// Prisma's where for the resolvers' page and count.

export interface CompanyConditions {
  kind?: CompanyKind | null
  name?: string | null
}

export const companyFilter = filterForms<CompanyConditions, Prisma.CompanyWhereInput>('CompanyFilter', {
  kind: {
    sql: (x, kind) => Prisma.sql`${x}."kinds" @> ARRAY[${kind}::"CompanyKind"]`,
    prisma: (kind) => ({ kinds: { has: kind } }),
  },
  // The name contains the text, or one alias is the text exactly.
  name: {
    sql: (x, text) => Prisma.sql`(${containsText.sql(Prisma.sql`${x}."name"`, text)} OR ${x}."aliases" @> ARRAY[${text}::text])`,
    prisma: (text) => ({ OR: [{ name: containsText.prisma(text) }, { aliases: { has: text } }] }),
  },
})
