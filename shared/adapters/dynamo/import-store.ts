/**
 * Import records (access pattern 23): one item per import of a file, in one partition sorted by when it started, so
 * the list reads newest first. The record is written in one transaction with the Idempotency-Key completion of the
 * request that imported the file, when it holds one.
 */
import type { IdempotentResponse, ImportRecord, ImportStore, Page } from '../../ports';
import { ImportRecordItem } from './item-schemas';
import { keys } from './keys';
import { decodeCursor, encodeCursor, fromItem, toItem, type Item, type TableClient } from './table-client';
import { TABLE } from './table';

const PK = TABLE.partitionKey;
const SK = TABLE.sortKey;

export class DynamoImportStore implements ImportStore {
  constructor(private readonly table: TableClient) {}

  async record(record: ImportRecord, options: { idempotency?: IdempotentResponse }): Promise<void> {
    await this.table.transact(
      [
        {
          label: 'CONCURRENT_UPDATE',
          item: {
            Put: {
              TableName: this.table.tableName,
              Item: toItem('Import', record, keys.importRecord(record.startedAt, record.id)),
              ConditionExpression: `attribute_not_exists(${PK})`,
            },
          },
        },
      ],
      options.idempotency,
    );
  }

  /** Newest first; `keep` filters (scope), and pages fill up to `limit` kept records. */
  async list(query: { limit: number; cursor?: string; keep: (record: ImportRecord) => boolean }): Promise<Page<ImportRecord>> {
    const prefix = keys.importPrefix();
    let after = query.cursor
      ? (decodeCursor(query.cursor, (v) => typeof v === 'string' && v.startsWith(prefix) && v.length < 300) as string)
      : undefined;
    const items: ImportRecord[] = [];
    for (;;) {
      const out = await this.table.query({
        KeyConditionExpression: `${PK} = :pk AND begins_with(${SK}, :prefix)`,
        ExpressionAttributeValues: { ':pk': keys.importsPartition(), ':prefix': prefix },
        ScanIndexForward: false,
        Limit: query.limit,
        ...(after ? { ExclusiveStartKey: { [PK]: keys.importsPartition(), [SK]: after } } : {}),
      });
      for (const raw of (out.Items ?? []) as Item[]) {
        after = raw[SK] as string;
        const record = fromItem(ImportRecordItem, raw);
        if (query.keep(record)) items.push(record);
        // Full: the next page starts after the last record looked at.
        if (items.length === query.limit) return { items, nextCursor: encodeCursor(after) };
      }
      if (!out.LastEvaluatedKey) return { items };
      after = out.LastEvaluatedKey[SK] as string;
    }
  }
}
