import { AsyncLocalStorage } from 'node:async_hooks'
import type { PrismaClient } from '../../generated/prisma/client.js'

// The one Prisma client of the process. It is set once the database URL is known (the embedded
// server starts asynchronously) and imported by resolvers; it never travels in the GraphQL context.
// This file is also the one answer to "which pool answers": the primary, except inside a read
// (readingFrom), which gets the client readClient() chose for it.
let current: PrismaClient | undefined
let reads: ReadSource | undefined

/** Where reads may go besides the primary (read-replica.ts): it picks, per read, the client that is fresh enough. */
export interface ReadSource {
  choose(primary: PrismaClient): Promise<PrismaClient>
  /** A read on the client it chose failed to reach it: leave it alone for a while. */
  failed(error: unknown): void
}

const readScope = new AsyncLocalStorage<PrismaClient>()

export function usePrisma(client: PrismaClient, readSource?: ReadSource): void {
  current = client
  reads = readSource
}

/** The client of the code running now: the read's chosen one inside readingFrom, else the primary. */
export function prisma(): PrismaClient {
  return readScope.getStore() ?? primaryPrisma()
}

/** Writes, the data version that keys the response cache, API keys, readiness: always the primary. */
export function primaryPrisma(): PrismaClient {
  if (!current) throw new Error('Prisma client used before the database was connected')
  return current
}

/** Whether reads may go anywhere but the primary (DATABASE_READ_URL). */
export function readsElsewhere(): boolean {
  return reads !== undefined
}

/** The client a read starting now should use: a replica that has every acknowledged write, else the primary. */
export async function readClient(): Promise<PrismaClient> {
  const primary = primaryPrisma()
  return reads ? reads.choose(primary) : primary
}

/** Tells the read source that `client`, which it chose, could not be reached during a read. */
export function readFailed(client: PrismaClient, error: unknown): void {
  if (client !== current) reads?.failed(error)
}

/** Runs `run` with prisma() answering from `client` (a GraphQL query's execution). */
export function readingFrom<T>(client: PrismaClient, run: () => T): T {
  return readScope.run(client, run)
}
