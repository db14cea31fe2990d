/**
 * The whole table as items, for tests that compare what is stored before and after: a full Scan (every page),
 * keyed by PK and SK, each item serialised with sorted attributes so two snapshots compare item by item.
 */
import { BatchWriteCommand, DynamoDBDocumentClient, GetCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { createTestClient, type TestTable } from './dynamo';

/**
 * Snapshots read through a client of their own, never the app's: a fault injected into (or a write counted on) the
 * app's client must not see them.
 */
const readers = new Map<string, DynamoDBDocumentClient>();

export type Snapshot = Map<string, Record<string, unknown>>;

export async function snapshotTable(table: Pick<TestTable, 'endpoint' | 'tableName'>): Promise<Snapshot> {
  const items: Snapshot = new Map();
  let documents = readers.get(table.endpoint);
  if (!documents) readers.set(table.endpoint, (documents = DynamoDBDocumentClient.from(createTestClient(table.endpoint))));
  let start: Record<string, unknown> | undefined;
  do {
    const page = await documents.send(new ScanCommand({ TableName: table.tableName, ExclusiveStartKey: start, ConsistentRead: true }));
    for (const item of page.Items ?? []) {
      items.set(`${String(item.PK)} | ${String(item.SK)}`, item);
    }
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}

/** Canonical JSON: object keys sorted at every depth, sets as sorted arrays. */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v) => {
    if (v instanceof Set) return [...v].sort();
    if (v && typeof v === 'object' && !Array.isArray(v))
      return Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    return v;
  });
}

/** Differences between two snapshots, one readable line per added, removed or changed item; empty when equal. */
export function diffSnapshots(
  before: Snapshot,
  after: Snapshot,
  ignore: (key: string, item: Record<string, unknown>) => boolean = () => false,
): string[] {
  const lines: string[] = [];
  for (const [key, item] of after) {
    if (ignore(key, item)) continue;
    const old = before.get(key);
    if (!old) lines.push(`added   ${key}: ${canonical(item).slice(0, 400)}`);
    else if (canonical(old) !== canonical(item))
      lines.push(`changed ${key}: ${canonical(old).slice(0, 300)} -> ${canonical(item).slice(0, 300)}`);
  }
  for (const [key, item] of before) if (!after.has(key) && !ignore(key, item)) lines.push(`removed ${key}: ${canonical(item).slice(0, 400)}`);
  return lines;
}

/** Ids the test runtimes generate (`newId` counters in the tests, random UUIDs elsewhere) and instants. */
const VOLATILE: [RegExp, string][] = [
  [/\bid-\d+\b/g, '<id>'],
  [/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, '<uuid>'],
  [/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z/g, '<instant>'],
];

/**
 * The items of a snapshot as sorted canonical lines, with generated ids, random ids and instants replaced by
 * placeholders, so that two runs of the same work compare item by item (as a multiset: a duplicate stays visible).
 * `skip` leaves items out (what a run may legitimately write once per attempt, such as its own run record);
 * `drop` names attributes to leave out of every item (an expiry computed from the clock).
 */
export function normalizedItems(
  snapshot: Snapshot,
  options: { skip?: (item: Record<string, unknown>) => boolean; drop?: readonly string[] } = {},
): string[] {
  const lines: string[] = [];
  for (const item of snapshot.values()) {
    if (options.skip?.(item)) continue;
    const copy = { ...item };
    for (const attribute of options.drop ?? []) delete copy[attribute];
    let line = canonical(copy);
    for (const [pattern, placeholder] of VOLATILE) line = line.replace(pattern, placeholder);
    lines.push(line);
  }
  return lines.sort();
}

/**
 * Puts the table back to `snapshot`: deletes what was added, rewrites what changed or was removed. Through the
 * snapshot reader's client, so an injected fault never touches it.
 */
export async function restoreTable(table: Pick<TestTable, 'endpoint' | 'tableName'>, snapshot: Snapshot): Promise<void> {
  const current = await snapshotTable(table);
  const documents = readers.get(table.endpoint)!;
  const writes: Record<string, unknown>[] = [];
  for (const [key, item] of current)
    if (!snapshot.has(key)) writes.push({ DeleteRequest: { Key: { PK: item.PK, SK: item.SK } } });
  for (const [key, item] of snapshot)
    if (canonical(current.get(key)) !== canonical(item)) writes.push({ PutRequest: { Item: item } });
  for (let i = 0; i < writes.length; i += 25) {
    let pending: Record<string, unknown>[] | undefined = writes.slice(i, i + 25);
    while (pending && pending.length) {
      const out = await documents.send(new BatchWriteCommand({ RequestItems: { [table.tableName]: pending as never } }));
      pending = out.UnprocessedItems?.[table.tableName] as Record<string, unknown>[] | undefined;
    }
  }
}

/** One item by its key, read consistently through the snapshot reader's client; undefined when absent. */
export async function readItem(
  table: Pick<TestTable, 'endpoint' | 'tableName'>,
  key: { PK: string; SK: string },
): Promise<Record<string, unknown> | undefined> {
  let documents = readers.get(table.endpoint);
  if (!documents) readers.set(table.endpoint, (documents = DynamoDBDocumentClient.from(createTestClient(table.endpoint))));
  const out = await documents.send(new GetCommand({ TableName: table.tableName, Key: key, ConsistentRead: true }));
  return out.Item;
}

/**
 * The keys a write command names (PutItem, UpdateItem, DeleteItem, TransactWriteItems, BatchWriteItem), from its
 * input as the document client or the low-level client gives it.
 */
export function keysWritten(commandName: string, input: any): { PK: string; SK: string }[] {
  const plain = (v: any): string => (v && typeof v === 'object' && 'S' in v ? String(v.S) : String(v));
  const key = (k: any) => ({ PK: plain(k?.PK), SK: plain(k?.SK) });
  if (/^Put/.test(commandName)) return [key(input.Item)];
  if (/^(Update|Delete)/.test(commandName)) return [key(input.Key)];
  if (/^TransactWrite/.test(commandName))
    return (input.TransactItems ?? [])
      .map((t: any) => t.Put?.Item ?? t.Update?.Key ?? t.Delete?.Key)
      .filter(Boolean)
      .map(key);
  if (/^BatchWrite/.test(commandName))
    return Object.values(input.RequestItems ?? {})
      .flat()
      .map((r: any) => r.PutRequest?.Item ?? r.DeleteRequest?.Key)
      .filter(Boolean)
      .map(key);
  return [];
}
