import { createRequire } from 'node:module'
import type { GraphiQLOptions, Plugin } from 'graphql-yoga'
import { GRAPHIQL_ASSETS_PREFIX, routeOf } from './routes.js'
import { contentNamedFile, type StaticFile, serveStaticFile, textResponse } from './static-files.js'

// GraphiQL as a small page and separate files named by their content (no CDN: it works offline).
// @graphql-yoga/render-graphiql inlines its whole bundle into the page; served apart, the files
// are compressed once and cached by browsers for good, so a reload fetches the page alone.

type Asset = StaticFile

const asset = (name: string, extension: string, contentType: string, body: Buffer): Asset =>
  contentNamedFile(GRAPHIQL_ASSETS_PREFIX, name, extension, contentType, body)

const javascript = (name: string, source: string) => asset(name, 'js', 'text/javascript; charset=utf-8', Buffer.from(source))

type Bundle = typeof import('@graphql-yoga/render-graphiql/graphiql')
const BUNDLE = '@graphql-yoga/render-graphiql/graphiql'

/**
 * The package's 9 MB of strings, read on first use and then dropped from the module cache: a
 * server without GraphiQL never loads them, and one with it keeps only the Buffers made here.
 */
function readBundle(): Bundle {
  const require = createRequire(import.meta.url)
  const file = require.resolve(BUNDLE)
  try {
    return require(file) as Bundle
  } finally {
    delete require.cache[file]
  }
}

/** Built on first use, not on import: hashing 9 MB is work a server without GraphiQL never does. */
let built: { app: Asset; css: Asset; favicon: Asset; workers: Record<string, Asset>; byPath: Map<string, Asset> } | undefined
function assets() {
  if (built) return built
  const bundle = readBundle()
  const [, favicon = ''] = /^data:image\/x-icon;base64,(.*)$/s.exec(bundle.favicon) ?? []
  // Monaco asks for each worker by these labels (see render-graphiql's page).
  const workers = {
    editorWorkerService: javascript('editor.worker', bundle.editorWorkerService),
    json: javascript('json.worker', bundle.jsonWorker),
    graphql: javascript('graphql.worker', bundle.graphqlWorker),
  }
  const files = {
    app: javascript('graphiql', bundle.js),
    css: asset('graphiql', 'css', 'text/css; charset=utf-8', Buffer.from(bundle.css)),
    favicon: asset('favicon', 'ico', 'image/x-icon', Buffer.from(favicon, 'base64')),
  }
  const all = [...Object.values(files), ...Object.values(workers)]
  built = { ...files, workers, byPath: new Map(all.map((file) => [file.path, file])) }
  return built
}

/** Every file the page refers to, by path. */
export const graphiqlAssetPaths = (): string[] => [...assets().byPath.keys()]

/** `<` escaped so no string in the options can end the script element. */
const scriptJson = (value: unknown) => JSON.stringify(value ?? {}).replace(/</g, '\\u003c')
const escapeHtml = (text: string) => text.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`)

/** The page Yoga serves at /graphql to a browser: render-graphiql's, with the bundle by reference. */
export function renderGraphiQLPage(options: GraphiQLOptions): string {
  const { app, css, favicon, workers } = assets()
  const workerPaths = Object.fromEntries(Object.entries(workers).map(([label, file]) => [label, file.path]))
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>${escapeHtml(options.title || 'GraphiQL')}</title>
    <link rel="icon" href="${favicon.path}" />
    <link rel="stylesheet" href="${css.path}" />
  </head>
  <body id="body" class="no-focus-outline">
    <noscript>You need to enable JavaScript to run this app.</noscript>
    <div id="root"></div>
    <script>
      const workers = ${scriptJson(workerPaths)};
      self.MonacoEnvironment = { globalAPI: false, getWorkerUrl: (moduleId, label) => workers[label] };
    </script>
    <script src="${app.path}"></script>
    <script>
      YogaGraphiQL.renderYogaGraphiQL(document.querySelector('#root'), ${scriptJson(options)});
    </script>
  </body>
</html>
`
}

/** Serves the files under GRAPHIQL_ASSETS_PREFIX by their exact names; with GraphiQL off, none. */
export function graphiqlAssets(enabled: boolean): Plugin {
  return {
    async onRequest({ request, url, fetchAPI, endResponse }) {
      if (routeOf(url) !== 'graphiql-asset') return
      const file = enabled ? assets().byPath.get(url.pathname) : undefined
      if (!file) return endResponse(textResponse(fetchAPI, 404, `Nothing at ${url.pathname}${enabled ? '' : ': GraphiQL is off on this server'}.`))
      endResponse(await serveStaticFile(request, file, fetchAPI))
    },
  }
}
