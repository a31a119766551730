import { fileURLToPath } from 'node:url'
import type { ClientPresetConfig } from '@graphql-codegen/client-preset'
import type { CodegenConfig } from '@graphql-codegen/cli'

// The explorer's operations, typed from the checked-in schema (no server needed). Documents are
// replaced by their hashes in the bundle: the server knows them from the manifest codegen writes
// (explorer/src/gql/persisted-documents.json), so they run where only trusted documents may.
const at = (path: string) => fileURLToPath(new URL(path, import.meta.url))

const presetConfig: ClientPresetConfig = {
  fragmentMasking: false,
  persistedDocuments: { hashAlgorithm: 'sha256', mode: 'replaceDocumentWithHash' },
}

const config: CodegenConfig = {
  schema: at('../schema.graphql'),
  documents: [at('src/operations.ts')],
  generates: {
    [at('src/gql/')]: {
      preset: 'client',
      presetConfig,
      config: {
        scalars: { Date: 'string', DateTime: 'string', JSON: 'unknown' },
        enumsAsTypes: true,
        useTypeImports: true,
      },
    },
  },
  silent: true,
}

export default config
