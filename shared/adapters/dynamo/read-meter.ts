/**
 * Counts what DynamoDB did for the app (the bench reads it): every HTTP request the SDK sent, and for Query / Scan
 * the items it returned (`Count`) and the items it had to read to find them (`ScannedCount`, what DynamoDB bills).
 * It sits in the SDK's deserialize step, below the retry layer, so a retried request is counted as the two requests
 * it was. An adapter helper because it hooks into the SDK's middleware, which only adapters may touch.
 */
import { ScanCommand, type AttributeValue, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { TABLE } from './table';

export interface MeteredRequest {
  command: string;
  /** The GSI a Query or Scan used; undefined for the base table and for non-query commands. */
  indexName?: string;
  /** The partition key value a Query named (`KeyConditionExpression` `<partition key> = :value`); undefined for Scan. */
  partition?: string;
  count: number;
  scannedCount: number;
}

export interface MeterReading {
  requests: number;
  byCommand: Record<string, number>;
  /** Query and Scan requests only, one entry each, in the order they completed. */
  reads: MeteredRequest[];
}

export interface ReadMeter {
  /** Returns what was counted since the last take() (or since install) and starts counting afresh. */
  take(): MeterReading;
}

/**
 * Adds the counting middleware to `client` (and so to every DynamoDBDocumentClient built from it, which shares
 * the client's middleware stack). Counting is process-wide for that client: take() only around work that runs
 * alone, or the figures mix.
 */
export function installReadMeter(client: DynamoDBClient): ReadMeter {
  let current = emptyReading();
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const result = await next(args);
      const command = context.commandName ?? 'unknown';
      current.requests++;
      current.byCommand[command] = (current.byCommand[command] ?? 0) + 1;
      if (command === 'QueryCommand' || command === 'ScanCommand') {
        const input = args.input as QueryInput;
        const output = result.output as { Count?: number; ScannedCount?: number };
        current.reads.push({
          command,
          indexName: input.IndexName,
          partition: partitionOf(input),
          count: output.Count ?? 0,
          scannedCount: output.ScannedCount ?? 0,
        });
      }
      return result;
    },
    // High priority puts it outside the SDK's own deserializer in this step, so `result.output` is parsed.
    { step: 'deserialize', priority: 'high', name: 'benchReadMeter', override: true },
  );
  return {
    take() {
      const reading = current;
      current = emptyReading();
      return reading;
    },
  };
}

interface QueryInput {
  IndexName?: string;
  KeyConditionExpression?: string;
  ExpressionAttributeNames?: Record<string, string>;
  /** Marshalled (`{ S: ... }`) below the document client, plain above it. */
  ExpressionAttributeValues?: Record<string, unknown>;
}

/** The value the key condition binds to the table's or the index's partition key, when it is a string. */
function partitionOf(input: QueryInput): string | undefined {
  const keyName =
    input.IndexName === undefined
      ? TABLE.partitionKey
      : TABLE.indexes.find((i) => i.indexName === input.IndexName)?.partitionKey;
  for (const m of (input.KeyConditionExpression ?? '').matchAll(/(#?\w+)\s*=\s*(:\w+)/g)) {
    const name = m[1].startsWith('#') ? input.ExpressionAttributeNames?.[m[1]] : m[1];
    if (name !== keyName) continue;
    const value = input.ExpressionAttributeValues?.[m[2]];
    if (typeof value === 'string') return value;
    if (value && typeof value === 'object' && typeof (value as { S?: unknown }).S === 'string') return (value as { S: string }).S;
  }
  return undefined;
}

/** Sums Count and ScannedCount of the Query requests whose partition key value starts with one of `prefixes`. */
export function itemsReadIn(reading: MeterReading, prefixes: string[]): { count: number; scanned: number; requests: number } {
  const matching = reading.reads.filter((r) => r.partition !== undefined && prefixes.some((p) => r.partition!.startsWith(p)));
  return {
    count: matching.reduce((sum, r) => sum + r.count, 0),
    scanned: matching.reduce((sum, r) => sum + r.scannedCount, 0),
    requests: matching.length,
  };
}

function emptyReading(): MeterReading {
  return { requests: 0, byCommand: {}, reads: [] };
}

/** Sums Count and ScannedCount of the Query/Scan requests that used one of `indexNames`. */
export function itemsRead(reading: MeterReading, indexNames: string[]): { count: number; scanned: number; requests: number } {
  const matching = reading.reads.filter((r) => r.indexName !== undefined && indexNames.includes(r.indexName));
  return {
    count: matching.reduce((sum, r) => sum + r.count, 0),
    scanned: matching.reduce((sum, r) => sum + r.scannedCount, 0),
    requests: matching.length,
  };
}

/** Every item in the table (a paginated Select COUNT scan), to show how much a query leaves unread. */
export async function countItems(client: DynamoDBClient, tableName: string): Promise<number> {
  let total = 0;
  let start: Record<string, AttributeValue> | undefined;
  do {
    const out = await client.send(new ScanCommand({ TableName: tableName, Select: 'COUNT', ExclusiveStartKey: start }));
    total += out.Count ?? 0;
    start = out.LastEvaluatedKey;
  } while (start);
  return total;
}
