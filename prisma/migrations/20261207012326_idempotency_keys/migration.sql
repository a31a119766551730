-- CreateTable
CREATE TABLE "IdempotencyKey" (
    "apiKeyId" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "requestHash" TEXT NOT NULL,
    "writes" JSONB NOT NULL DEFAULT '[]',
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "IdempotencyKey_pkey" PRIMARY KEY ("apiKeyId","key")
);

-- CreateIndex
CREATE INDEX "IdempotencyKey_expiresAt_idx" ON "IdempotencyKey"("expiresAt");

-- AddForeignKey
ALTER TABLE "IdempotencyKey" ADD CONSTRAINT "IdempotencyKey_apiKeyId_fkey" FOREIGN KEY ("apiKeyId") REFERENCES "ApiKey"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Hand-written below this line (see the first migration for the pattern).
-- ---------------------------------------------------------------------------------------------

-- The key as the header carried it (1–255 printable ASCII characters), a SHA-256 hex digest of
-- the request, a list of writes, and an expiry after the row was made.
ALTER TABLE "IdempotencyKey"
  ADD CONSTRAINT "IdempotencyKey_key_check" CHECK ("key" ~ '^[ -~]{1,255}$'),
  ADD CONSTRAINT "IdempotencyKey_requestHash_check" CHECK ("requestHash" ~ '^[0-9a-f]{64}$'),
  ADD CONSTRAINT "IdempotencyKey_writes_check" CHECK (jsonb_typeof("writes") = 'array'),
  ADD CONSTRAINT "IdempotencyKey_expires_check" CHECK ("expiresAt" > "createdAt");
