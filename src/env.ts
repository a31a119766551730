import { z } from 'zod'

// Configuration, parsed once at start-up; nothing else reads process.env.
const schema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  HOST: z.string().default('0.0.0.0'),
  /** External PostgreSQL; when absent an embedded server is started. */
  DATABASE_URL: z.string().url().optional(),
  /** Database the test suite uses; falls back to DATABASE_URL, then the embedded server. */
  TEST_DATABASE_URL: z.string().url().optional(),
  /** Where the embedded PostgreSQL keeps its data between runs. */
  EMBEDDED_PG_DIR: z.string().default('.data/postgres'),
  EMBEDDED_PG_PORT: z.coerce.number().int().min(1).max(65535).default(54329),
  /** Load the shipped dataset into an empty database at start-up. */
  SEED_ON_START: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
})

export type Env = z.infer<typeof schema>

export function parseEnv(source: NodeJS.ProcessEnv): Env {
  const result = schema.safeParse(source)
  if (!result.success) {
    const problems = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n')
    throw new Error(`Invalid configuration:\n${problems}`)
  }
  return result.data
}

export const env = parseEnv(process.env)
