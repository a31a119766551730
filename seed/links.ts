// Link rows that belong to an agreement or a clause (parties, citations, subjects, clouds), read
// and written in bulk: one statement per table and chunk, arrays passed through unnest(). A link
// is a string of its values ("<companyId> <role>"), so sets of links compare as strings.
import { randomUUID } from 'node:crypto'
import type { Prisma } from '../src/generated/prisma/client.js'
import { chunks, inChunks } from './chunks.js'

type Tx = Prisma.TransactionClient
export interface Link {
  owner: string
  link: string
}

export interface LinkTable {
  /** Key under which the owner's history record shows these links (the API's records use the same). */
  name: string
  read(tx: Tx, owners: string[]): Promise<Link[]>
  insert(tx: Tx, links: Link[]): Promise<void>
  remove(tx: Tx, links: Link[]): Promise<void>
  /** The link as it shows in a history record. */
  show(link: string): unknown
}

const CHUNK = 5000
const split = (links: Link[]) => {
  const owners = links.map((l) => l.owner)
  const first = links.map((l) => l.link.split(' ')[0]!)
  const second = links.map((l) => l.link.split(' ')[1] ?? '')
  return { owners, first, second }
}
const asLinks = (rows: { owner: string; a: string; b: string | null }[]): Link[] =>
  rows.map((r) => ({ owner: r.owner, link: r.b === null ? r.a : `${r.a} ${r.b}` }))

interface PairTable {
  table: string
  owner: string
  a: string
  b: string
  /** The enum type of column b. */
  bType: string
  /** The table has a uuid primary key "id" without a database default. */
  withId?: boolean
}

/** A table of (owner, a, b) rows; table and column names are constants, never input. */
function pairTable(name: string, t: PairTable, show: (a: string, b: string) => unknown): LinkTable {
  const { table, owner, a, b, bType } = t
  const values = `unnest($1::uuid[], $2::uuid[], $3::"${bType}"[])`
  return {
    name,
    read: (tx, owners) =>
      inChunks(owners, CHUNK, async (chunk) =>
        asLinks(
          await tx.$queryRawUnsafe<{ owner: string; a: string; b: string }[]>(
            `SELECT "${owner}" AS owner, "${a}" AS a, "${b}"::text AS b FROM "${table}" WHERE "${owner}" = ANY($1::uuid[])`,
            chunk,
          ),
        ),
      ),
    async insert(tx, links) {
      for (const chunk of chunks(links, CHUNK)) {
        const { owners, first, second } = split(chunk)
        if (t.withId) {
          const ids = chunk.map(() => randomUUID())
          await tx.$executeRawUnsafe(
            `INSERT INTO "${table}" ("${owner}", "${a}", "${b}", "id") SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::"${bType}"[], $4::uuid[])`,
            owners,
            first,
            second,
            ids,
          )
        } else {
          await tx.$executeRawUnsafe(`INSERT INTO "${table}" ("${owner}", "${a}", "${b}") SELECT * FROM ${values}`, owners, first, second)
        }
      }
    },
    async remove(tx, links) {
      for (const chunk of chunks(links, CHUNK)) {
        const { owners, first, second } = split(chunk)
        await tx.$executeRawUnsafe(`DELETE FROM "${table}" WHERE ("${owner}", "${a}", "${b}") IN (SELECT * FROM ${values})`, owners, first, second)
      }
    },
    show: (link) => {
      const [x, y] = link.split(' ')
      return show(x!, y!)
    },
  }
}

/** An implicit many-to-many table of Prisma: columns A and B, the owner being one of them. */
function implicitTable(name: string, table: string, owner: 'A' | 'B'): LinkTable {
  const other = owner === 'A' ? 'B' : 'A'
  const columns = (links: Link[]) => {
    const { owners, first } = split(links)
    return owner === 'A' ? [owners, first] : [first, owners]
  }
  return {
    name,
    read: (tx, owners) =>
      inChunks(owners, CHUNK, async (chunk) =>
        asLinks(
          await tx.$queryRawUnsafe<{ owner: string; a: string; b: null }[]>(
            `SELECT "${owner}" AS owner, "${other}" AS a, NULL AS b FROM "${table}" WHERE "${owner}" = ANY($1::uuid[])`,
            chunk,
          ),
        ),
      ),
    async insert(tx, links) {
      for (const chunk of chunks(links, CHUNK)) {
        await tx.$executeRawUnsafe(`INSERT INTO "${table}" ("A", "B") SELECT * FROM unnest($1::uuid[], $2::uuid[])`, ...columns(chunk))
      }
    },
    async remove(tx, links) {
      for (const chunk of chunks(links, CHUNK)) {
        await tx.$executeRawUnsafe(`DELETE FROM "${table}" WHERE ("A", "B") IN (SELECT * FROM unnest($1::uuid[], $2::uuid[]))`, ...columns(chunk))
      }
    },
    show: (link) => link,
  }
}

export const agreementLinks: LinkTable[] = [
  pairTable(
    'parties',
    {
      table: 'AgreementParty',
      owner: 'agreementId',
      a: 'companyId',
      b: 'role',
      bType: 'PartyRole',
      withId: true,
    },
    (companyId, role) => ({ companyId, role }),
  ),
  pairTable(
    'citations',
    {
      table: 'AgreementCitation',
      owner: 'agreementId',
      a: 'sourceId',
      b: 'basis',
      bType: 'SourceBasis',
    },
    (sourceId, basis) => ({ sourceId, basis }),
  ),
]

export const clauseLinks: LinkTable[] = [
  pairTable(
    'citations',
    {
      table: 'ClauseCitation',
      owner: 'clauseId',
      a: 'sourceId',
      b: 'basis',
      bType: 'SourceBasis',
    },
    (sourceId, basis) => ({ sourceId, basis }),
  ),
  // Prisma names implicit tables after the two models in alphabetical order: A is the first.
  implicitTable('subjectIds', '_AssetToClause', 'B'),
  implicitTable('cloudProviderIds', '_ClauseToCloudProvider', 'A'),
]
