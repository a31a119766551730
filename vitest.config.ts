import { createRequire } from 'node:module'
import { defineConfig } from 'vitest/config'

export default defineConfig({
  resolve: {
    // Vite would pick graphql's ESM build while Pothos and Yoga, loaded by Node, get the CommonJS
    // one: two copies, and "Cannot use GraphQLObjectType from another module or realm".
    alias: [{ find: /^graphql$/, replacement: createRequire(import.meta.url).resolve('graphql') }],
  },
  test: {
    include: ['test/**/*.test.ts'],
    // Starts (or finds) PostgreSQL and migrates the template every test database is cloned from.
    globalSetup: ['test/global-setup.ts'],
    // Files run in parallel: each one works on a database of its own.
    pool: 'forks',
    testTimeout: 15_000,
    hookTimeout: 60_000,
    teardownTimeout: 30_000,
  },
})
