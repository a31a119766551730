import { defineConfig } from 'prisma/config'

// Only `prisma generate` runs through the CLI (it needs no database); migrations run through
// src/db/setup/migrate.ts with the WASM schema engine, so no datasource URL is required here.
export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
})
