import { readFileSync } from 'node:fs'
import path from 'node:path'
import { type DocumentNode, Kind, parse } from 'graphql'
import { CHANGES_QUERY, NEIGHBORHOOD_QUERY, PATH_QUERY, Q1_QUERY, Q2_QUERY, Q3_QUERY, SIGNATURE_QUERY } from '../../bench/lib/queries.js'
import { projectRoot } from '../../src/db/setup/project-paths.js'
import { graphiqlTabs } from '../../src/graphiql-examples.js'

/** One read operation a client sends, named by where it comes from. */
export interface ClientQuery {
  name: string
  document: DocumentNode
}

/** The read operations of the README, the GraphiQL tabs and the bench, each on its own. */
export function clientQueries(today: string): ClientQuery[] {
  const readme = readFileSync(path.join(projectRoot, 'README.md'), 'utf8')
  const sources: [string, string][] = [
    ...[...readme.matchAll(/```graphql\n([\s\S]*?)```/g)].map((m, i) => [`README block ${i + 1}`, m[1]!] as [string, string]),
    ...graphiqlTabs(today).map((tab, i) => [`GraphiQL tab ${i + 1}`, tab.query] as [string, string]),
    ['bench signature', SIGNATURE_QUERY],
    ['bench changes', CHANGES_QUERY],
    ['bench path', PATH_QUERY],
    ['bench neighborhood', NEIGHBORHOOD_QUERY],
    ['bench Q1', Q1_QUERY],
    ['bench Q2', Q2_QUERY],
    ['bench Q3', Q3_QUERY],
  ]
  return sources.flatMap(([source, text]) => {
    const { definitions } = parse(text)
    const fragments = definitions.filter((d) => d.kind === Kind.FRAGMENT_DEFINITION)
    // Each operation in a document of its own (with the fragments), as a client sends it.
    return definitions.flatMap((definition) =>
      definition.kind === Kind.OPERATION_DEFINITION && definition.operation === 'query'
        ? [
            {
              name: `${source}${definition.name ? ` (${definition.name.value})` : ''}`,
              document: { kind: Kind.DOCUMENT, definitions: [definition, ...fragments] } as DocumentNode,
            },
          ]
        : [],
    )
  })
}
