import { addTypenameSelectionDocumentTransform, type ClientPresetConfig } from '@graphql-codegen/client-preset'
import type { CodegenConfig } from '@graphql-codegen/cli'

// Run from the project folder (`npm run examples:codegen`): types from the checked-in schema, no
// server needed. The manifest it also writes (src/gql/persisted-documents.json) is what the server's
// PERSISTED_DOCUMENTS reads.
const presetConfig: ClientPresetConfig = {
  fragmentMasking: false,
  persistedDocuments: { hashAlgorithm: 'sha256' },
}

const config: CodegenConfig = {
  schema: 'schema.graphql',
  documents: ['examples/client/src/operations.ts'],
  generates: {
    'examples/client/src/gql/': {
      preset: 'client',
      presetConfig,
      // Apollo's cache reads __typename: the documents (and so the manifest) carry it as sent.
      documentTransforms: [addTypenameSelectionDocumentTransform],
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
