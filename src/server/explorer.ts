import { readFileSync } from 'node:fs'
import type { Plugin } from 'graphql-yoga'
import { type ExplorerManifest, explorerAssetFile, readExplorerManifest } from './explorer-build.js'
import type { PersistedQueryOptions } from './persisted-queries.js'
import { EXPLORER_ASSETS_PREFIX, GRAPHQL_PATH, routeOf } from './routes.js'
import { type StaticFile, serveStaticFile, staticFile, textResponse } from './static-files.js'

// The web explorer (explorer/): one page at / whose views are its query strings, and its two
// files under EXPLORER_ASSETS_PREFIX, named by content and cached for good. It calls the public
// GraphQL API only, by the hashes of its persisted documents.

export interface ExplorerOptions {
  enabled: boolean
  /** Whether GraphiQL is served: the page offers "open in GraphiQL" links only then. */
  graphiql: boolean
  /** The built files; default: explorer/dist/ as the last build left it. */
  manifest?: ExplorerManifest | null
}

/** No CDN, no inline script, nothing but this server: styles inline only for the graph library's element styles. */
const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ')

function page(script: string, style: string, graphiql: boolean): string {
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>AI partnerships explorer</title>
    <link rel="icon" href="data:," />
    <link rel="stylesheet" href="${style}" />
    <script type="module" src="${script}"></script>
  </head>
  <body data-graphql="${GRAPHQL_PATH}" data-graphiql="${graphiql ? GRAPHQL_PATH : ''}">
    <div id="app"><header class="bar"><h1 class="brand">AI partnerships explorer</h1></header><p class="loading">Loading…</p></div>
    <noscript>The explorer needs JavaScript; the GraphQL API is at ${GRAPHQL_PATH}.</noscript>
  </body>
</html>
`
}

interface Files {
  page: StaticFile
  byPath: Map<string, StaticFile>
}

function filesOf(manifest: ExplorerManifest, graphiql: boolean): Files {
  const asset = (name: string, contentType: string) =>
    staticFile(`${EXPLORER_ASSETS_PREFIX}${name}`, contentType, readFileSync(explorerAssetFile(name)))
  const script = asset(manifest.script, 'text/javascript; charset=utf-8')
  const style = asset(manifest.style, 'text/css; charset=utf-8')
  return {
    page: staticFile('/', 'text/html; charset=utf-8', Buffer.from(page(script.path, style.path, graphiql))),
    byPath: new Map([script, style].map((file) => [file.path, file])),
  }
}

/** The explorer's documents join the trusted ones, so it works where only those may run. */
export function withExplorerDocuments(options: PersistedQueryOptions, manifest: ExplorerManifest | null): PersistedQueryOptions {
  if (!manifest) return options
  return { ...options, manifest: new Map([...(options.manifest ?? []), ...Object.entries(manifest.documents)]) }
}

export function explorer(options: ExplorerOptions): Plugin {
  const manifest = options.enabled ? (options.manifest ?? readExplorerManifest()) : null
  let files: Files | undefined
  return {
    async onRequest({ request, url, fetchAPI, endResponse }) {
      const route = routeOf(url)
      if (route !== 'explorer' && route !== 'explorer-asset') return
      if (!options.enabled)
        return endResponse(textResponse(fetchAPI, 404, `Nothing at ${url.pathname}: the explorer is off on this server (EXPLORER=false).`))
      if (!manifest)
        return endResponse(
          textResponse(fetchAPI, 503, "The explorer's files are not built: `npm start` builds them, or run `npm run explorer:build`."),
        )
      files ??= filesOf(manifest, options.graphiql)
      if (route === 'explorer')
        // The page names the current files, so it is revalidated each time (a 304 when unchanged).
        return endResponse(
          await serveStaticFile(request, files.page, fetchAPI, { 'cache-control': 'no-cache', 'content-security-policy': CONTENT_SECURITY_POLICY }),
        )
      const file = files.byPath.get(url.pathname)
      if (!file) return endResponse(textResponse(fetchAPI, 404, `Nothing at ${url.pathname}.`))
      endResponse(await serveStaticFile(request, file, fetchAPI))
    },
  }
}
