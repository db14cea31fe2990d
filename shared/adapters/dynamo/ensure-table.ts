/**
 * Creates the application table on DynamoDB Local (local server, tests) from the same definition the CDK stack
 * uses. In AWS the table belongs to CloudFormation and this is never called.
 */
import {
  ConditionalCheckFailedException,
  CreateTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  ResourceInUseException,
  ResourceNotFoundException,
  QueryCommand,
  UpdateItemCommand,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
  type DynamoDBClient,
  type QueryCommandInput,
  type TableDescription,
} from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { INDEX, keys } from './keys';
import { createTableInput, TABLE } from './table';

const WAIT_SECONDS = 60;

/**
 * Makes sure `tableName` exists with every index of TABLE and TTL on `TABLE.ttlAttribute`, waiting until it is ACTIVE.
 * Idempotent: a second call (or a concurrent one) changes nothing. An index added to TABLE after a local data
 * directory was created is added to the existing table, so old `.data/` keeps working.
 *
 * @returns `'created'` when this call created the table, `'exists'` otherwise.
 */
export async function ensureTable(client: DynamoDBClient, tableName: string): Promise<'created' | 'exists'> {
  let outcome: 'created' | 'exists' = 'exists';
  let table = await describe(client, tableName);
  if (table === undefined) {
    try {
      await client.send(new CreateTableCommand(createTableInput(tableName)));
      outcome = 'created';
    } catch (error) {
      // Another process (a parallel test file, a second server) created it first: that is fine.
      if (!(error instanceof ResourceInUseException)) throw error;
    }
  }
  // A table found settled (every start on the same data after the first) needs no second look.
  if (table === undefined || !isSettled(table)) table = await waitUntilActive(client, tableName);
  await addMissingIndexes(client, tableName, table);
  await enableTtl(client, tableName);
  if (outcome === 'exists') {
    await backfillUnitIndexes(client, tableName);
    // After the units: it finds the agencies through their entries of pattern 28.
    await backfillDueMonthIndex(client, tableName);
  }
  return outcome;
}

/**
 * Units written before scope resolution read per agency lack their entries in patterns 28 and 29: add them, so a
 * developer's `.data/` keeps answering. Reads the unit list once (pattern 2, only the units still missing them) and
 * writes nothing when none is; each update is conditioned on the unit still being there.
 */
export async function backfillUnitIndexes(client: DynamoDBClient, tableName: string): Promise<number> {
  let updated = 0;
  let start: Record<string, never> | undefined;
  do {
    const page = await client.send(
      new QueryCommand({
        TableName: tableName,
        IndexName: INDEX.lists.indexName,
        KeyConditionExpression: '#pk = :pk',
        FilterExpression: 'attribute_not_exists(#agencyUnits)',
        ProjectionExpression: 'PK, SK, id, agencyId, ancestors',
        ExpressionAttributeNames: { '#pk': INDEX.lists.partitionKey, '#agencyUnits': INDEX.dates.partitionKey },
        ExpressionAttributeValues: { ':pk': { S: keys.unitsPartition() } },
        ExclusiveStartKey: start,
      }),
    );
    for (const raw of page.Items ?? []) {
      const unit = unmarshall(raw) as { PK: string; SK: string; id: string; agencyId: string; ancestors: string[] };
      const entries: Record<string, string> = {
        ...keys.agencyUnitsIndex(unit.agencyId, unit.id),
        ...(unit.id === unit.agencyId ? keys.agenciesIndex([...unit.ancestors, unit.id]) : {}),
      };
      const names = Object.keys(entries);
      await client.send(
        new UpdateItemCommand({
          TableName: tableName,
          Key: { PK: { S: unit.PK }, SK: { S: unit.SK } },
          UpdateExpression: `SET ${names.map((_, i) => `#k${i} = :v${i}`).join(', ')}`,
          ConditionExpression: 'attribute_exists(PK)',
          ExpressionAttributeNames: Object.fromEntries(names.map((n, i) => [`#k${i}`, n])),
          ExpressionAttributeValues: Object.fromEntries(names.map((n, i) => [`:v${i}`, { S: entries[n] }])),
        }),
      );
      updated++;
    }
    start = page.LastEvaluatedKey as typeof start;
  } while (start);
  return updated;
}

/**
 * Status items written before the alert run read by month lack their entry in pattern 30: add it, so a developer's
 * `.data/` keeps being alerted. The items that need it are exactly pattern 6's (a current chain, in service): read
 * each agency's due partition (agencies by pattern 28), keeping only entries still without the month keys, and derive
 * the keys from the entry's own sort key (`dueDate#officialId`). Each update is conditioned on the entry being
 * unchanged and still without them: a status written meanwhile carries its own keys. Writes nothing when none is
 * missing.
 */
export async function backfillDueMonthIndex(client: DynamoDBClient, tableName: string): Promise<number> {
  const agencies: string[] = [];
  await forEachPage(
    client,
    {
      TableName: tableName,
      IndexName: INDEX.groups.indexName,
      KeyConditionExpression: '#pk = :pk',
      ProjectionExpression: 'id',
      ExpressionAttributeNames: { '#pk': INDEX.groups.partitionKey },
      ExpressionAttributeValues: { ':pk': { S: keys.agenciesPartition() } },
    },
    (item) => agencies.push(String(item.id)),
  );
  let updated = 0;
  for (const agencyId of agencies) {
    const missing: { PK: string; SK: string; entry: string }[] = [];
    await forEachPage(
      client,
      {
        TableName: tableName,
        IndexName: INDEX.dates.indexName,
        KeyConditionExpression: '#pk = :pk',
        FilterExpression: 'attribute_not_exists(#month)',
        ProjectionExpression: 'PK, SK, #sk',
        ExpressionAttributeNames: { '#pk': INDEX.dates.partitionKey, '#sk': INDEX.dates.sortKey, '#month': INDEX.lists.partitionKey },
        ExpressionAttributeValues: { ':pk': { S: keys.duePartition(agencyId) } },
      },
      (item) => missing.push({ PK: String(item.PK), SK: String(item.SK), entry: String(item[INDEX.dates.sortKey]) }),
    );
    for (const { PK, SK, entry } of missing) {
      const cut = entry.indexOf('#');
      const month = keys.dueMonthIndex(entry.slice(0, cut), entry.slice(cut + 1));
      try {
        await client.send(
          new UpdateItemCommand({
            TableName: tableName,
            Key: { PK: { S: PK }, SK: { S: SK } },
            UpdateExpression: 'SET #mpk = :mpk, #msk = :msk',
            ConditionExpression: '#sk = :entry AND attribute_not_exists(#mpk)',
            ExpressionAttributeNames: { '#mpk': INDEX.lists.partitionKey, '#msk': INDEX.lists.sortKey, '#sk': INDEX.dates.sortKey },
            ExpressionAttributeValues: { ':mpk': { S: month.GSI1PK }, ':msk': { S: month.GSI1SK }, ':entry': { S: entry } },
          }),
        );
        updated++;
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      }
    }
  }
  return updated;
}

async function forEachPage(client: DynamoDBClient, input: QueryCommandInput, each: (item: Record<string, unknown>) => void) {
  let start: QueryCommandInput['ExclusiveStartKey'];
  do {
    const page = await client.send(new QueryCommand({ ...input, ExclusiveStartKey: start }));
    for (const raw of page.Items ?? []) each(unmarshall(raw));
    start = page.LastEvaluatedKey;
  } while (start);
}

async function describe(client: DynamoDBClient, tableName: string): Promise<TableDescription | undefined> {
  try {
    return (await client.send(new DescribeTableCommand({ TableName: tableName }))).Table;
  } catch (error) {
    if (error instanceof ResourceNotFoundException) return undefined;
    throw error;
  }
}

function isSettled(table: TableDescription): boolean {
  return table.TableStatus === 'ACTIVE' && (table.GlobalSecondaryIndexes ?? []).every((i) => i.IndexStatus === 'ACTIVE');
}

/** Waits until the table and all its indexes are ACTIVE and returns its description. */
async function waitUntilActive(client: DynamoDBClient, tableName: string): Promise<TableDescription> {
  const deadline = Date.now() + WAIT_SECONDS * 1000;
  for (;;) {
    const table = await describe(client, tableName);
    if (table !== undefined && isSettled(table)) return table;
    if (Date.now() > deadline) throw new Error(`Table ${tableName} did not become ACTIVE within ${WAIT_SECONDS} s`);
    // DynamoDB Local settles in milliseconds; the SDK waiter's one-second minimum delay would dominate.
    await new Promise((done) => setTimeout(done, 100));
  }
}

/** DynamoDB accepts one index creation per UpdateTable, so missing ones are added one at a time. */
async function addMissingIndexes(client: DynamoDBClient, tableName: string, table: TableDescription): Promise<void> {
  const present = new Set((table.GlobalSecondaryIndexes ?? []).map((i) => i.IndexName));
  const wanted = createTableInput(tableName);
  for (const index of wanted.GlobalSecondaryIndexes ?? []) {
    if (present.has(index.IndexName)) continue;
    const keyNames = new Set(index.KeySchema?.map((k) => k.AttributeName));
    await client.send(
      new UpdateTableCommand({
        TableName: tableName,
        AttributeDefinitions: wanted.AttributeDefinitions?.filter((a) => keyNames.has(a.AttributeName)),
        GlobalSecondaryIndexUpdates: [{ Create: index }],
      }),
    );
    await waitUntilActive(client, tableName);
  }
}

async function enableTtl(client: DynamoDBClient, tableName: string): Promise<void> {
  const current = await client.send(new DescribeTimeToLiveCommand({ TableName: tableName }));
  const status = current.TimeToLiveDescription?.TimeToLiveStatus;
  // Enabling it twice is a ValidationException, so only a table without TTL gets the update.
  if (status === 'ENABLED' || status === 'ENABLING') return;
  try {
    await client.send(
      new UpdateTimeToLiveCommand({
        TableName: tableName,
        TimeToLiveSpecification: { AttributeName: TABLE.ttlAttribute, Enabled: true },
      }),
    );
  } catch (error) {
    // A concurrent caller enabled it between our describe and update.
    const now = await client.send(new DescribeTimeToLiveCommand({ TableName: tableName }));
    if (now.TimeToLiveDescription?.TimeToLiveStatus !== 'ENABLED') throw error;
  }
}
