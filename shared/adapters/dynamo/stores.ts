/**
 * Every DynamoDB-backed port the use cases and the HTTP edge need, built over one document client. The one place
 * that knows which adapter class serves which port: edges call this (through shared/wiring.ts) and never name an
 * adapter class themselves.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoIdempotencyStore } from './idempotency-store';
import { DynamoRepository } from './repository';

export function createDynamoStores(doc: DynamoDBDocumentClient, tableName: string, now: () => Date) {
  return {
    repo: new DynamoRepository(doc, tableName),
    idempotency: new DynamoIdempotencyStore(doc, tableName, now),
  };
}

export type DynamoStores = ReturnType<typeof createDynamoStores>;
