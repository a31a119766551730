import { createServer as createHttpServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { loadShippedData } from '../../seed/load.js'
import { ensureExplorerBuilt } from '../../src/server/explorer-build.js'
import { createServer } from '../../src/yoga.js'
import { startTestApi, type TestApi } from '../helpers/api.js'

// The explorer as a browser reaches it: the shipped data in this file's own database, the
// server on a loopback port, and only trusted documents allowed (the explorer's must pass).

export interface ExplorerSite {
  url: string
  api: TestApi
  close(): Promise<void>
}

export async function startExplorerSite(): Promise<ExplorerSite> {
  await ensureExplorerBuilt()
  const api = await startTestApi((prisma) => loadShippedData(prisma))
  const yoga = createServer({
    graphiql: true,
    explorer: true,
    rateLimit: false,
    persistedQueries: { redisPrefix: 'unused', ttlSeconds: 60, maxEntries: 10, manifest: new Map(), only: true },
  })
  const server = createHttpServer(yoga)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    api,
    async close() {
      server.closeAllConnections()
      await new Promise((resolve) => server.close(resolve))
      await yoga.dispose()
      await api.close()
    },
  }
}
