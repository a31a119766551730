import type { PrismaClient } from '../../generated/prisma/client.js'

// The one Prisma client of the process. It is set once the database URL is known (the embedded
// server starts asynchronously) and imported by resolvers; it never travels in the GraphQL context.
let current: PrismaClient | undefined

export function usePrisma(client: PrismaClient): void {
  current = client
}

export function prisma(): PrismaClient {
  if (!current) throw new Error('Prisma client used before the database was connected')
  return current
}
