// PostGraphile v5 over the project's database (Prisma-named tables in `public`) plus the SQL
// functions of peer.sql (schema `peer`), set up as a PostGraphile user would for production:
// no GraphiQL, no explain, no watch, read-only, relations renamed by smart tags (no SQL comments on
// the project's tables). DATABASE_URL and PORT from env. It imports `postgraphile`, so it runs as a
// copy beside the node_modules setup.sh installs, as a benchmark would:
//   cp graphile.config.mjs .cache/pg5/ && cd .cache/pg5 && ../node22/bin/node node_modules/.bin/postgraphile -C graphile.config.mjs
import { PostGraphileAmberPreset } from 'postgraphile/presets/amber'
import { makePgService } from 'postgraphile/adaptors/pg'
import { addPgTableCondition, jsonPgSmartTags } from 'postgraphile/utils'

const relation = (fieldName, foreignFieldName) => ({ tags: { fieldName, foreignFieldName } })
const hidden = { tags: { behavior: '-*' } }

const SmartTags = jsonPgSmartTags({
  version: 1,
  config: {
    class: {
      Clause: {
        constraint: {
          Clause_agreementId_fkey: relation('agreement', 'clauses'),
          Clause_grantorId_fkey: relation('grantor', 'grantedClauses'),
          Clause_granteeId_fkey: relation('grantee', 'receivedClauses'),
          Clause_supersedesId_fkey: relation('supersedes', 'supersededBy'),
        },
      },
      AgreementParty: {
        constraint: {
          AgreementParty_agreementId_fkey: relation('agreement', 'parties'),
          AgreementParty_companyId_fkey: relation('company', 'parties'),
        },
      },
      Asset: { constraint: { Asset_developerId_fkey: relation('developer', 'assets') } },
      // Bookkeeping and join tables: not part of a read API.
      _prisma_migrations: hidden,
      _AssetToClause: hidden,
      _ClauseToCloudProvider: hidden,
      ApiKey: hidden,
      WriteHistory: hidden,
      CompanyLink: hidden,
      IdempotencyKey: hidden,
      ClauseReplacement: hidden,
      // Prisma makes unique indexes, not constraints: declare the one the company page looks up by.
      Company: { tags: { unique: 'slug' } },
    },
    // The project's own helpers (used by its triggers and generated columns).
    procedure: Object.fromEntries(
      [
        'search_key',
        'search_keys',
        'search_names',
        'search_variants',
        'search_agreement_text',
        'search_clause_text',
        'clause_start',
        'in_force_end_rank',
        'Agreement_refresh_in_force',
        'Clause_refresh_in_force',
        'CompanyLink_refresh',
      ].map((name) => [name, hidden]),
    ),
  },
})

// allClauses(condition: { activeOn: D }): the project's `activeOn` (src/db/in-force-sql.ts): D lies in
// the clause's stored in-force period, which the project's triggers keep inside its version's.
const ActiveOnCondition = addPgTableCondition(
  { schemaName: 'public', tableName: 'Clause' },
  'activeOn',
  (build) => ({ type: build.getTypeByName('Date'), description: 'In force on this day.' }),
  (value, { sql, sqlTableAlias: c }) => {
    if (value == null) return null
    const day = sql`${sql.value(value)}::date`
    return sql`(${c}."inForceFrom" <= ${day} and (${c}."inForceUntil" is null or ${c}."inForceUntil" >= ${day}))`
  },
)

export default {
  extends: [PostGraphileAmberPreset],
  plugins: [SmartTags, ActiveOnCondition],
  pgServices: [
    makePgService({
      connectionString: process.env.DATABASE_URL,
      schemas: ['public', 'peer'],
      // The project's pool: 10 connections, JIT off.
      poolConfig: { max: 10, options: '-c jit=off' },
    }),
  ],
  schema: { defaultBehavior: '-insert -update -delete' },
  grafast: { explain: false },
  grafserv: { port: Number(process.env.PORT ?? 4105), host: '127.0.0.1', graphiql: false, watch: false },
}
