import { GraphQLError } from 'graphql'
import type { PrismaClient } from '../generated/prisma/client.js'
import { findApiKey } from './api-keys.js'
import type { EntityType, Tx } from './write.js'

// Idempotent writes (README "Writing"; IETF draft-ietf-httpapi-idempotency-key-header). A request
// sent with an Idempotency-Key records, in the transaction of each of its writes, which record
// that write returned. A retry of the request with the same key (from the same API key) gets
// those records back instead of writing again, so a write whose answer was lost can be retried.

/** How long a key is remembered after its first write. */
export const KEY_LIFETIME_MS = 24 * 60 * 60 * 1000

/** A request sent with an Idempotency-Key: the key, a hash of the request, and its writes so far. */
export class IdempotentRequest {
  /** True once a write of this request was answered from its record instead of being made. */
  replayed = false
  private writes = 0

  constructor(
    readonly key: string,
    readonly requestHash: string,
  ) {}

  /**
   * The next write of the request. Root mutation fields run one after another, each asking for
   * its writer once, so the n-th write is the same field on every retry of the same request.
   */
  nextWrite(): IdempotentWrite {
    this.writes += 1
    return { request: this, step: this.writes }
  }
}

export interface IdempotentWrite {
  request: IdempotentRequest
  /** 1 for the request's first mutation field, 2 for the second, … */
  step: number
}

interface RecordedWrite {
  step: number
  entityType: EntityType
  entityId: string
}

/** What each kind of record a write returns is read back as (the row, or the key without its hash). */
const readRecord: Record<EntityType, (tx: Tx, id: string) => Promise<unknown>> = {
  Company: (tx, id) => tx.company.findUniqueOrThrow({ where: { id } }),
  CloudProvider: (tx, id) => tx.cloudProvider.findUniqueOrThrow({ where: { id } }),
  Asset: (tx, id) => tx.asset.findUniqueOrThrow({ where: { id } }),
  Source: (tx, id) => tx.source.findUniqueOrThrow({ where: { id } }),
  Agreement: (tx, id) => tx.agreement.findUniqueOrThrow({ where: { id } }),
  Clause: (tx, id) => tx.clause.findUniqueOrThrow({ where: { id } }),
  Deal: (tx, id) => tx.deal.findUniqueOrThrow({ where: { id } }),
  ApiKey: (tx, id) => findApiKey(tx, id),
}

export function keyReused(key: string): GraphQLError {
  return new GraphQLError(
    `The Idempotency-Key ${JSON.stringify(key)} was already used for a different request (another operation or other variables). Use a new key for a new request.`,
    { extensions: { code: 'IDEMPOTENCY_KEY_REUSED', http: { status: 422 } } },
  )
}

/** Forgets the API key's idempotency keys whose day is over (run before its next keyed write). */
export async function forgetExpiredKeys(db: Pick<PrismaClient, 'idempotencyKey'>, apiKeyId: string, now = new Date()): Promise<void> {
  await db.idempotencyKey.deleteMany({ where: { apiKeyId, expiresAt: { lte: now } } })
}

/**
 * Takes the key's row for this transaction (creating it on first use) and returns the record
 * this write returned before, or null when it has not committed yet. A duplicate running at the
 * same time waits here until the first one commits or rolls back. The same key with another
 * request is IDEMPOTENCY_KEY_REUSED.
 */
export async function recordedResult(tx: Tx, apiKeyId: string, write: IdempotentWrite): Promise<{ record: unknown } | null> {
  const { key, requestHash } = write.request
  // ON CONFLICT DO UPDATE (a no-op) locks the existing row and returns it as last committed,
  // after waiting for a transaction that holds it.
  const [row] = await tx.$queryRaw<{ requestHash: string; writes: RecordedWrite[] }[]>`
    INSERT INTO "IdempotencyKey" ("apiKeyId", "key", "requestHash", "expiresAt")
    VALUES (${apiKeyId}::uuid, ${key}, ${requestHash}, ${new Date(Date.now() + KEY_LIFETIME_MS)})
    ON CONFLICT ("apiKeyId", "key") DO UPDATE SET "expiresAt" = "IdempotencyKey"."expiresAt"
    RETURNING "requestHash", "writes"`
  if (row!.requestHash !== requestHash) throw keyReused(key)
  const earlier = row!.writes.find((w) => w.step === write.step)
  if (!earlier) return null
  write.request.replayed = true
  return { record: await readRecord[earlier.entityType](tx, earlier.entityId) }
}

/** Adds this write's record to the key's row, in the write's transaction (recordedResult locked the row). */
export async function recordWrite(tx: Tx, apiKeyId: string, write: IdempotentWrite, entityType: EntityType, entityId: string): Promise<void> {
  const entry: RecordedWrite = { step: write.step, entityType, entityId }
  await tx.$executeRaw`
    UPDATE "IdempotencyKey" SET "writes" = "writes" || ${JSON.stringify([entry])}::jsonb
    WHERE "apiKeyId" = ${apiKeyId}::uuid AND "key" = ${write.request.key}`
}
