/**
 * A page across several agencies' partitions of one index, in agency order. The cursor records the agency index and
 * the last key read there, and is checked against the partition it claims to continue: a forged cursor is a 400,
 * never an ExclusiveStartKey DynamoDB would refuse.
 */
import type { Page } from '../../ports';
import { INDEX } from './keys';
import { decodeCursor, encodeCursor, fromItem, invalidCursor, type Item, type TableClient } from './table-client';
import type { z } from 'zod';
import { TABLE } from './table';

interface AgencyCursor {
  a: number;
  k?: Item;
}

const LIST_KEY_ATTRIBUTES = [TABLE.partitionKey, TABLE.sortKey, INDEX.lists.partitionKey, INDEX.lists.sortKey];

export async function listAcrossAgencies<T>(
  table: TableClient,
  schema: z.ZodType<T>,
  query: { agencyIds: string[]; limit: number; cursor?: string; keep: (item: T) => boolean },
  partition: (agencyId: string) => string,
): Promise<Page<T>> {
  const state = query.cursor ? checkCursor(query.cursor, query.agencyIds, partition) : { a: 0 };
  const items: T[] = [];
  let agencyIndex = state.a;
  let start = state.k;
  while (agencyIndex < query.agencyIds.length) {
    const out = await table.query({
      IndexName: INDEX.lists.indexName,
      KeyConditionExpression: `${INDEX.lists.partitionKey} = :pk`,
      ExpressionAttributeValues: { ':pk': partition(query.agencyIds[agencyIndex]) },
      ExclusiveStartKey: start,
      Limit: query.limit - items.length,
    });
    for (const raw of out.Items ?? []) {
      const item = fromItem(schema, raw as Item);
      if (query.keep(item)) items.push(item);
    }
    start = out.LastEvaluatedKey as Item | undefined;
    if (!start) agencyIndex++;
    if (items.length >= query.limit) break;
  }
  const more = agencyIndex < query.agencyIds.length;
  return { items, nextCursor: more ? encodeCursor({ a: agencyIndex, k: start } satisfies AgencyCursor) : undefined };
}

function checkCursor(cursor: string, agencyIds: string[], partition: (agencyId: string) => string): AgencyCursor {
  const value = decodeCursor(cursor, (v) => typeof v === 'object' && v !== null) as Record<string, unknown>;
  const { a, k } = value;
  if (typeof a !== 'number' || !Number.isInteger(a) || a < 0 || a >= agencyIds.length) throw invalidCursor();
  if (k === undefined) return { a };
  if (typeof k !== 'object' || k === null) throw invalidCursor();
  const key = k as Item;
  const names = Object.keys(key);
  const wellFormed =
    names.length === LIST_KEY_ATTRIBUTES.length &&
    LIST_KEY_ATTRIBUTES.every((n) => typeof key[n] === 'string' && (key[n] as string).length <= 1024);
  // The key must continue the partition the cursor names, as this caller sees it.
  if (!wellFormed || key[INDEX.lists.partitionKey] !== partition(agencyIds[a])) throw invalidCursor();
  return { a, k: key };
}
