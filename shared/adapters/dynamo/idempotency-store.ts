/**
 * Idempotency records (access pattern 13). A key is claimed with a conditional put; a completed record replays the
 * first response; an in-progress record older than its lease can be taken over (the first attempt died).
 * Records expire after 24 hours through the table's TTL attribute.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { IdempotencyRecord, IdempotencyStore } from '../../ports';
import { keys } from './keys';

const RETENTION_SECONDS = 24 * 60 * 60;

export class DynamoIdempotencyStore implements IdempotencyStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly now: () => Date,
  ) {}

  async begin(key: string, requestHash: string, inProgressSeconds: number): Promise<IdempotencyRecord | undefined> {
    const nowSeconds = Math.floor(this.now().getTime() / 1000);
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...keys.idempotency(key),
            entity: 'Idempotency',
            requestHash,
            status: 'in_progress',
            leaseUntil: nowSeconds + inProgressSeconds,
            expiresAt: nowSeconds + RETENTION_SECONDS,
          },
          // Free, expired (TTL deletion is lazy), or an abandoned in-progress claim.
          ConditionExpression:
            'attribute_not_exists(PK) OR expiresAt < :now OR (#status = :inProgress AND leaseUntil < :now)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':now': nowSeconds, ':inProgress': 'in_progress' },
        }),
      );
      return undefined;
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      const existing = await this.doc.send(
        new GetCommand({ TableName: this.tableName, Key: keys.idempotency(key), ConsistentRead: true }),
      );
      const item = existing.Item;
      if (!item) return this.begin(key, requestHash, inProgressSeconds);
      return { requestHash: item.requestHash, status: item.status, response: item.response };
    }
  }

  async complete(key: string, response: NonNullable<IdempotencyRecord['response']>): Promise<void> {
    await this.doc.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.idempotency(key),
        UpdateExpression: 'SET #status = :completed, #response = :response',
        ExpressionAttributeNames: { '#status': 'status', '#response': 'response' },
        ExpressionAttributeValues: { ':completed': 'completed', ':response': response },
      }),
    );
  }

  async release(key: string): Promise<void> {
    await this.doc.send(new DeleteCommand({ TableName: this.tableName, Key: keys.idempotency(key) }));
  }
}
