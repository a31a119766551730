import { PrismaPg } from '@prisma/adapter-pg'
import { PrismaClient } from '../generated/prisma/client.js'

export type Db = PrismaClient

export interface PrismaClientOptions {
  /** Called with each SQL statement Prisma sends (tests count statements per request). */
  onQuery?: (sql: string) => void
}

/** A Prisma client over the pg driver adapter, for any PostgreSQL URL (embedded or external). */
export function createPrismaClient(connectionString: string, options: PrismaClientOptions = {}): PrismaClient {
  const adapter = new PrismaPg({ connectionString })
  if (!options.onQuery) return new PrismaClient({ adapter })
  const client = new PrismaClient({ adapter, log: [{ emit: 'event', level: 'query' }] })
  const onQuery = options.onQuery
  client.$on('query', (event) => onQuery(event.query))
  return client
}
