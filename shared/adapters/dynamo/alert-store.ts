/**
 * The alert job's records (access patterns 20-22): the outbox of notices, each claimed with a conditional put before
 * its mail goes out and marked sent after it; the sparse index of notices still pending; the run records and the date
 * of the last completed run. The due-date reads of a run are the official store's (pattern 19).
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ConflictError } from '../../domain/errors';
import type { AlertNotice, AlertRun, AlertStore, Page } from '../../ports';
import { AlertMarkerItem, AlertNoticeItem, AlertRunItem } from './item-schemas';
import { INDEX, keys } from './keys';
import { decodeCursor, encodeCursor, fromItem, toItem, type Entry, type Item, type TableClient } from './table-client';
import { TABLE } from './table';

const PK = TABLE.partitionKey;
const SK = TABLE.sortKey;
/** A transaction holds at most 100 entries. */
const TRANSACTION_LIMIT = 100;

function noticeKey(notice: AlertNotice): { PK: string; SK: string } {
  return notice.kind === 'threshold'
    ? keys.alertNotice(notice.officialId, notice.dueDate, notice.threshold)
    : keys.alertDigest(notice.agencyId, notice.month);
}

/** Held by `runId` and still pending: the condition of every change a run makes to its claims. */
const HELD = {
  ConditionExpression: 'runId = :runId AND #status = :pending',
  names: { '#status': 'status' },
};

export class DynamoAlertStore implements AlertStore {
  constructor(private readonly table: TableClient) {}

  async claim(notice: AlertNotice): Promise<boolean> {
    const key = noticeKey(notice);
    try {
      await this.table.doc.send(
        new PutCommand({
          TableName: this.table.tableName,
          Item: toItem('AlertNotice', notice, { ...key, ...keys.alertPendingIndex(notice.claimedAt, key) }),
          ConditionExpression: `attribute_not_exists(${PK})`,
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async listPending(): Promise<AlertNotice[]> {
    const items = await this.table.queryAll({
      IndexName: INDEX.lists.indexName,
      KeyConditionExpression: `${INDEX.lists.partitionKey} = :pk`,
      ExpressionAttributeValues: { ':pk': keys.alertPendingPartition() },
    });
    return items.map((i) => fromItem(AlertNoticeItem, i)).filter((n) => n.status === 'pending');
  }

  async takeOver(notice: AlertNotice, runId: string, leaseUntil: string, now: string): Promise<boolean> {
    return this.conditional(
      new UpdateCommand({
        TableName: this.table.tableName,
        Key: noticeKey(notice),
        UpdateExpression: 'SET runId = :runId, leaseUntil = :leaseUntil',
        ConditionExpression: 'runId = :heldBy AND #status = :pending AND leaseUntil <= :now',
        ExpressionAttributeNames: HELD.names,
        ExpressionAttributeValues: {
          ':runId': runId,
          ':heldBy': notice.runId,
          ':pending': 'pending',
          ':leaseUntil': leaseUntil,
          ':now': now,
        },
      }),
    );
  }

  async markSent(
    notices: AlertNotice[],
    runId: string,
    sent: { at: string; messageId: string; recipients: string[] },
  ): Promise<void> {
    const entries: Entry[] = notices.map((notice) => ({
      label: 'CONCURRENT_UPDATE',
      item: {
        Update: {
          TableName: this.table.tableName,
          Key: noticeKey(notice),
          UpdateExpression:
            `SET #status = :sent, sentAt = :at, messageId = :messageId, recipients = :recipients, attempts = attempts + :one ` +
            `REMOVE ${INDEX.lists.partitionKey}, ${INDEX.lists.sortKey}, lastError`,
          ConditionExpression: HELD.ConditionExpression,
          ExpressionAttributeNames: HELD.names,
          ExpressionAttributeValues: {
            ':sent': 'sent',
            ':at': sent.at,
            ':messageId': sent.messageId,
            ':recipients': sent.recipients,
            ':one': 1,
            ':runId': runId,
            ':pending': 'pending',
          },
        },
      },
    }));
    // One mail's notices are marked together; a mail to a unit with more than 100 officials crossing a threshold on
    // one day is marked in several transactions.
    for (let i = 0; i < entries.length; i += TRANSACTION_LIMIT) await this.table.transact(entries.slice(i, i + TRANSACTION_LIMIT));
  }

  async release(notices: AlertNotice[], runId: string, release: { now: string; error?: string; countAttempt: boolean }): Promise<void> {
    await Promise.all(
      notices.map((notice) =>
        this.conditional(
          new UpdateCommand({
            TableName: this.table.tableName,
            Key: noticeKey(notice),
            UpdateExpression: `SET leaseUntil = :now, attempts = attempts + :n${release.error === undefined ? '' : ', lastError = :error'}`,
            ConditionExpression: HELD.ConditionExpression,
            ExpressionAttributeNames: HELD.names,
            ExpressionAttributeValues: {
              ':now': release.now,
              ':n': release.countAttempt ? 1 : 0,
              ':runId': runId,
              ':pending': 'pending',
              ...(release.error === undefined ? {} : { ':error': release.error.slice(0, 1000) }),
            },
          }),
        ),
      ),
    );
  }

  async close(notice: AlertNotice, runId: string, now: string): Promise<void> {
    await this.conditional(
      new UpdateCommand({
        TableName: this.table.tableName,
        Key: noticeKey(notice),
        UpdateExpression: `SET #status = :closed, sentAt = :now REMOVE ${INDEX.lists.partitionKey}, ${INDEX.lists.sortKey}`,
        ConditionExpression: HELD.ConditionExpression,
        ExpressionAttributeNames: HELD.names,
        ExpressionAttributeValues: { ':closed': 'closed', ':now': now, ':runId': runId, ':pending': 'pending' },
      }),
    );
  }

  async putRun(run: AlertRun): Promise<void> {
    await this.table.doc.send(
      new PutCommand({ TableName: this.table.tableName, Item: toItem('AlertRun', run, keys.alertRun(run.startedAt, run.id)) }),
    );
  }

  async completeRun(run: AlertRun): Promise<void> {
    const record: Entry = {
      label: 'CONCURRENT_UPDATE',
      item: { Put: { TableName: this.table.tableName, Item: toItem('AlertRun', run, keys.alertRun(run.startedAt, run.id)) } },
    };
    const marker: Entry = {
      label: 'STALE_VERSION',
      item: {
        Put: {
          TableName: this.table.tableName,
          Item: { ...keys.alertLastCompleted(), entity: 'AlertMarker', asOf: run.asOf, runId: run.id },
          // A run as of an earlier date (a manual re-run) never moves the date back.
          ConditionExpression: `attribute_not_exists(${PK}) OR asOf <= :asOf`,
          ExpressionAttributeValues: { ':asOf': run.asOf },
        },
      },
    };
    try {
      await this.table.transact([record, marker]);
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      await this.putRun(run);
    }
  }

  async listRuns(query: { limit: number; cursor?: string }): Promise<Page<AlertRun>> {
    const prefix = keys.alertRunPrefix();
    const after = query.cursor
      ? (decodeCursor(query.cursor, (v) => typeof v === 'string' && v.startsWith(prefix) && v.length < 300) as string)
      : undefined;
    const out = await this.table.query({
      KeyConditionExpression: `${PK} = :pk AND begins_with(${SK}, :prefix)`,
      ExpressionAttributeValues: { ':pk': keys.alertRunsPartition(), ':prefix': prefix },
      ScanIndexForward: false,
      Limit: query.limit,
      ...(after ? { ExclusiveStartKey: { [PK]: keys.alertRunsPartition(), [SK]: after } } : {}),
    });
    const items = ((out.Items ?? []) as Item[]).map((i) => fromItem(AlertRunItem, i));
    const last = out.LastEvaluatedKey?.[SK];
    return { items, ...(last ? { nextCursor: encodeCursor(last) } : {}) };
  }

  async lastCompleted(): Promise<{ asOf: string; runId: string } | undefined> {
    return this.table.get(AlertMarkerItem, keys.alertLastCompleted());
  }

  /** A conditional write; false when its condition failed (another run holds or finished the notice). */
  private async conditional(command: PutCommand | UpdateCommand): Promise<boolean> {
    try {
      await this.table.doc.send(command as UpdateCommand);
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }
}
