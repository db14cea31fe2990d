/**
 * Idempotency records (access pattern 13). A key is claimed with a conditional put by one attempt (its claimId); the
 * write the key guards completes the record in its own transaction (TableClient.idempotencyComplete), so a retry
 * after a crash replays the committed response instead of writing again. An in-progress claim older than its lease
 * can be taken over (the first attempt died before writing). Records expire after 24 hours (TTL attribute).
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { IdempotencyRecord, IdempotencyStore, StoredResponse } from '../../ports';
import { IdempotencyItem } from './item-schemas';
import { keys } from './keys';
import { TABLE } from './table';
import type { TableClient } from './table-client';

const PK = TABLE.partitionKey;

const RETENTION_SECONDS = 24 * 60 * 60;

export class DynamoIdempotencyStore implements IdempotencyStore {
  constructor(
    private readonly table: TableClient,
    private readonly now: () => Date,
  ) {}

  async begin(key: string, claimId: string, requestHash: string, leaseSeconds: number): Promise<IdempotencyRecord | undefined> {
    const nowSeconds = Math.floor(this.now().getTime() / 1000);
    try {
      await this.table.doc.send(
        new PutCommand({
          TableName: this.table.tableName,
          Item: {
            ...keys.idempotency(key),
            entity: 'Idempotency',
            requestHash,
            claimId,
            status: 'in_progress',
            leaseUntil: nowSeconds + leaseSeconds,
            [TABLE.ttlAttribute]: nowSeconds + RETENTION_SECONDS,
          },
          // Free, expired (TTL deletion is lazy), or an abandoned in-progress claim.
          ConditionExpression:
            `attribute_not_exists(${PK}) OR #ttl < :now OR (#status = :inProgress AND leaseUntil < :now)`,
          ExpressionAttributeNames: { '#status': 'status', '#ttl': TABLE.ttlAttribute },
          ExpressionAttributeValues: { ':now': nowSeconds, ':inProgress': 'in_progress' },
        }),
      );
      return undefined;
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      const existing = await this.table.get(IdempotencyItem, keys.idempotency(key));
      if (!existing) return this.begin(key, claimId, requestHash, leaseSeconds);
      return { requestHash: existing.requestHash, status: existing.status, response: existing.response };
    }
  }

  async complete(key: string, claimId: string, response: StoredResponse): Promise<void> {
    try {
      await this.table.doc.send(
        new UpdateCommand({
          TableName: this.table.tableName,
          Key: keys.idempotency(key),
          UpdateExpression: 'SET #status = :completed, #response = :response',
          // Already completed by the write's transaction: nothing to do.
          ConditionExpression: '#status = :inProgress AND claimId = :claimId',
          ExpressionAttributeNames: { '#status': 'status', '#response': 'response' },
          ExpressionAttributeValues: { ':completed': 'completed', ':inProgress': 'in_progress', ':claimId': claimId, ':response': response },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }

  async release(key: string, claimId: string): Promise<void> {
    try {
      await this.table.doc.send(
        new DeleteCommand({
          TableName: this.table.tableName,
          Key: keys.idempotency(key),
          // Never drop a record a committed write completed, nor another attempt's claim.
          ConditionExpression: '#status = :inProgress AND claimId = :claimId',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':inProgress': 'in_progress', ':claimId': claimId },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }
}
