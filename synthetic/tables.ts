// The columns the generator writes, per table, in COPY order. Columns left out take their database
// default (createdAt) or are set by a trigger (Agreement.chainRootId, from amendsId).

export type Cell = string | number | boolean | null | readonly string[]
export type Row = Cell[]

const date = (prefix: string) => [`${prefix}Text`, `${prefix}Precision`, `${prefix}Earliest`, `${prefix}Latest`]

export const COLUMNS = {
  Company: ['id', 'slug', 'name', 'aliases', 'kinds', 'country', 'website', 'description', 'parentId', 'updatedAt'],
  CloudProvider: ['id', 'slug', 'name', 'description', 'operatorId', 'updatedAt'],
  Asset: ['id', 'slug', 'name', 'kind', 'description', 'developerId', ...date('released'), 'updatedAt'],
  Source: ['id', 'url', 'title', 'publisher', 'publishedOn', 'note', 'updatedAt'],
  Agreement: [
    'id',
    'slug',
    'title',
    'description',
    'kinds',
    'status',
    'statusNote',
    ...date('announced'),
    ...date('effective'),
    ...date('ends'),
    ...date('terminated'),
    'valueAmount',
    'valueCurrency',
    'amendsId',
    'supplementsId',
    'updatedAt',
  ],
  AgreementParty: ['id', 'agreementId', 'companyId', 'role'],
  AgreementCitation: ['agreementId', 'sourceId', 'basis'],
  Clause: [
    'id',
    'key',
    'position',
    'agreementId',
    'kind',
    'summary',
    'grantorId',
    'granteeId',
    'exclusivity',
    ...date('starts'),
    ...date('ends'),
    'percentage',
    'amount',
    'currency',
    'capped',
    'capAmount',
    'capCurrency',
    'condition',
    'note',
    'supersedesId',
    'updatedAt',
  ],
  ClauseCitation: ['clauseId', 'sourceId', 'basis'],
  // Prisma's implicit many-to-many tables: A and B are the two models in alphabetical order.
  _AssetToClause: ['A', 'B'],
  _ClauseToCloudProvider: ['A', 'B'],
} as const satisfies Record<string, readonly string[]>

export type TableName = keyof typeof COLUMNS

/** Load order: every table after the ones it references. */
export const TABLE_ORDER: readonly TableName[] = [
  'Company',
  'CloudProvider',
  'Asset',
  'Source',
  'Agreement',
  'AgreementParty',
  'AgreementCitation',
  'Clause',
  'ClauseCitation',
  '_AssetToClause',
  '_ClauseToCloudProvider',
]

/**
 * Rows of one batch, per table. Agreements come in levels (first versions, second versions, …):
 * the chain-root trigger looks up the amended row, which must have been written by then.
 */
export interface Batch {
  agreementLevels: Row[][]
  rows: Record<Exclude<TableName, 'Agreement'>, Row[]>
}

export function emptyBatch(): Batch {
  return {
    agreementLevels: [],
    rows: {
      Company: [],
      CloudProvider: [],
      Asset: [],
      Source: [],
      AgreementParty: [],
      AgreementCitation: [],
      Clause: [],
      ClauseCitation: [],
      _AssetToClause: [],
      _ClauseToCloudProvider: [],
    },
  }
}

export function batchCounts(batch: Batch): Record<TableName, number> {
  const counts = { Agreement: batch.agreementLevels.reduce((n, level) => n + level.length, 0) } as Record<TableName, number>
  for (const [table, rows] of Object.entries(batch.rows)) counts[table as TableName] = rows.length
  return counts
}
