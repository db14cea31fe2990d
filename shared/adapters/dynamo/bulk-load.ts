/**
 * Bulk loading for the benchmark: fully formed aggregates written with BatchWriteItem, through the same item builders
 * the stores use (`unitKeys`, `aggregateEntries`), so the items are exactly those the app writes, only without the
 * per-write transaction and its conditions (a fresh table has nothing to guard against). Not for application data:
 * nothing here checks a rule, and audit records are the caller's to include or not.
 */
import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Position, Unit } from '../../domain/types';
import type { AggregateWrite } from '../../ports';
import { createDocumentClient, type DynamoClient } from './client';
import { keys } from './keys';
import { aggregateEntries } from './official-store';
import { unitKeys } from './organisation-store';
import { toItem, TableClient, type Item } from './table-client';

const BATCH = 25;

export interface BulkLoader {
  /** Units with every index entry a unit carries. */
  putUnits(units: Unit[]): Promise<void>;
  /** Positions as created, with `holders` as given (the caller counts the open primary assignments it loads). */
  putPositions(positions: Position[]): Promise<void>;
  /** The Put entries of each aggregate write (status, official, children, employee-code claim, audit records). */
  putAggregates(writes: AggregateWrite[]): Promise<number>;
}

export function createBulkLoader(client: DynamoClient, tableName: string, concurrency = 8): BulkLoader {
  const doc = createDocumentClient(client);
  const table = new TableClient(doc, tableName);
  const write = (items: Item[]) => batchWrite(doc, tableName, items, concurrency);
  return {
    putUnits: (units) => write(units.map((u) => toItem('Unit', u, unitKeys(u)))),
    putPositions: (positions) =>
      write(
        positions.map((p) =>
          toItem('Position', p, { ...keys.position(p.id), ...keys.positionsIndex(p.agencyId, p.unitId, p.id) }),
        ),
      ),
    async putAggregates(writes) {
      const items: Item[] = [];
      for (const w of writes)
        for (const entry of aggregateEntries(table, w)) {
          const put = entry.item.Put;
          // A create's other entries are holder-count updates (the caller writes positions with their counts) and
          // the unit checks of its mail stamp (nothing to guard on a fresh table).
          if (put) items.push(put.Item as Item);
        }
      await write(items);
      return items.length;
    },
  };
}

/** BatchWriteItem in chunks of 25 with `concurrency` in flight, retrying unprocessed items with back-off. */
async function batchWrite(doc: DynamoDBDocumentClient, tableName: string, items: Item[], concurrency: number) {
  let next = 0;
  const worker = async () => {
    for (;;) {
      const start = next;
      next += BATCH;
      if (start >= items.length) return;
      let pending = items.slice(start, start + BATCH).map((Item) => ({ PutRequest: { Item } }));
      for (let attempt = 0; pending.length; attempt++) {
        if (attempt > 0) await new Promise((r) => setTimeout(r, Math.min(2000, 20 * 2 ** attempt)));
        const out = await doc.send(new BatchWriteCommand({ RequestItems: { [tableName]: pending } }));
        pending = (out.UnprocessedItems?.[tableName] ?? []) as typeof pending;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}
