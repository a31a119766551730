import {
  type DefinitionNode,
  type DocumentNode,
  type FieldNode,
  type GraphQLField,
  type GraphQLSchema,
  TypeInfo,
  visit,
  visitWithTypeInfo,
} from 'graphql'

// The fields of a document that take arguments, with their definitions: what the argument checks
// and the slug check read at every request. Found once per parsed document, which Yoga reuses for
// a query text it has seen, instead of walking the document with type information each time.

export interface FieldSite {
  /** The operation or fragment the field is written in. */
  definition: DefinitionNode
  node: FieldNode
  field: GraphQLField<unknown, unknown>
}

const sitesOf = new WeakMap<DocumentNode, { schema: GraphQLSchema; sites: readonly FieldSite[] }>()

/** The fields of `document` whose definitions take arguments, in the order a visit meets them. */
export function fieldSites(schema: GraphQLSchema, document: DocumentNode): readonly FieldSite[] {
  const known = sitesOf.get(document)
  if (known?.schema === schema) return known.sites
  const sites: FieldSite[] = []
  const typeInfo = new TypeInfo(schema)
  for (const definition of document.definitions) {
    visit(
      definition,
      visitWithTypeInfo(typeInfo, {
        Field(node) {
          const field = typeInfo.getFieldDef()
          if (field && field.args.length > 0) sites.push({ definition, node, field })
        },
      }),
    )
  }
  sitesOf.set(document, { schema, sites })
  return sites
}
