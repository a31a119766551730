// `npm run prisma:generate`: `prisma generate` without network. The CLI downloads a native schema engine
// at start-up unless PRISMA_SCHEMA_ENGINE_BINARY names an existing file; generating never runs
// that engine, so any file will do. A real engine configured by the caller is left alone.
import { spawnSync } from 'node:child_process'
import { createRequire } from 'node:module'
import { projectRoot } from '../src/db/setup/project-paths.js'
import { childEnvironment } from '../src/env.js'

const prismaCli = createRequire(import.meta.url).resolve('prisma/build/index.js')
const result = spawnSync(process.execPath, [prismaCli, 'generate'], {
  cwd: projectRoot,
  stdio: 'inherit',
  env: childEnvironment({ PRISMA_SCHEMA_ENGINE_BINARY: process.execPath }),
})
process.exit(result.status ?? 1)
