/** Units and positions (access patterns 1-3, 27-29, 32): the organisation tree, its posts, and restamp tasks. */
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Position, Unit } from '../../domain/types';
import type { ListQuery, OfficialStatus, OrganisationStore, Page, RestampTask, WriteOptions } from '../../ports';
import { PositionItem, RestampTaskItem, UnitItem } from './item-schemas';
import { INDEX, keys } from './keys';
import { statusEntry } from './official-store';
import { listAcrossAgencies } from './paging';
import { fromItem, guard, toItem, type Entry, type TableClient } from './table-client';
import { TABLE } from './table';

/** How long a restamp task done is kept (out of every index) before DynamoDB's TTL deletes it: a trace, no more. */
const DONE_TASK_DAYS = 7;

export class DynamoOrganisationStore implements OrganisationStore {
  constructor(private readonly table: TableClient) {}

  async getUnit(id: string): Promise<Unit | undefined> {
    return this.table.get(UnitItem, keys.unit(id));
  }

  async listAllUnits(): Promise<Unit[]> {
    const items = await this.table.queryAll({
      IndexName: INDEX.lists.indexName,
      KeyConditionExpression: `${INDEX.lists.partitionKey} = :pk`,
      ExpressionAttributeValues: { ':pk': keys.unitsPartition() },
    });
    return items.map((i) => fromItem(UnitItem, i));
  }

  async getUnits(ids: readonly string[]): Promise<Unit[]> {
    const items = await this.table.batchGet([...new Set(ids)].map((id) => keys.unit(id)));
    return items.map((i) => fromItem(UnitItem, i));
  }

  async listAgencies(under?: readonly string[]): Promise<Unit[]> {
    const items = await this.table.queryAll({
      IndexName: INDEX.groups.indexName,
      KeyConditionExpression:
        under === undefined
          ? `${INDEX.groups.partitionKey} = :pk`
          : `${INDEX.groups.partitionKey} = :pk AND begins_with(${INDEX.groups.sortKey}, :path)`,
      ExpressionAttributeValues: {
        ':pk': keys.agenciesPartition(),
        ...(under === undefined ? {} : { ':path': keys.agencyPathKey(under) }),
      },
    });
    return items.map((i) => fromItem(UnitItem, i));
  }

  async listAgencyUnits(agencyIds: readonly string[]): Promise<Unit[]> {
    const pages = await Promise.all(
      [...new Set(agencyIds)].map((agencyId) =>
        this.table.queryAll({
          IndexName: INDEX.dates.indexName,
          KeyConditionExpression: `${INDEX.dates.partitionKey} = :pk`,
          ExpressionAttributeValues: { ':pk': keys.agencyUnitsPartition(agencyId) },
        }),
      ),
    );
    return pages.flat().map((i) => fromItem(UnitItem, i));
  }

  async putUnit(unit: Unit, options: WriteOptions & { restamp?: boolean }): Promise<void> {
    const create = unit.version === 1;
    const task: RestampTask = { unitId: unit.id, version: unit.version, at: unit.updatedAt };
    await this.table.transact(
      [
        {
          label: create ? 'UNIT_EXISTS' : 'STALE_VERSION',
          item: {
            Put: {
              TableName: this.table.tableName,
              Item: toItem('Unit', unit, unitKeys(unit)),
              ...guard(create, options.expectedVersion),
            },
          },
        },
        ...(options.restamp
          ? [
              {
                label: 'CONCURRENT_UPDATE' as const,
                item: {
                  Put: {
                    TableName: this.table.tableName,
                    Item: toItem('RestampTask', task, {
                      ...keys.restampTask(task.unitId, task.version),
                      ...keys.restampPendingIndex(task.at, task.unitId, task.version),
                    }),
                  },
                },
              },
            ]
          : []),
        ...this.table.auditPut(options.audit),
      ],
      options.idempotency,
    );
  }

  async listRestampTasks(): Promise<RestampTask[]> {
    const items = await this.table.queryAll({
      IndexName: INDEX.lists.indexName,
      KeyConditionExpression: `${INDEX.lists.partitionKey} = :pk`,
      ExpressionAttributeValues: { ':pk': keys.restampPendingPartition() },
    });
    return items.map((i) => fromItem(RestampTaskItem, i));
  }

  async finishRestampTask(task: RestampTask, now: string): Promise<void> {
    await this.table.doc.send(
      new UpdateCommand({
        TableName: this.table.tableName,
        Key: keys.restampTask(task.unitId, task.version),
        UpdateExpression: `REMOVE #pk, #sk SET #ttl = :expires`,
        ExpressionAttributeNames: {
          '#pk': INDEX.lists.partitionKey,
          '#sk': INDEX.lists.sortKey,
          '#ttl': TABLE.ttlAttribute,
        },
        ExpressionAttributeValues: { ':expires': Math.floor(Date.parse(now) / 1000) + DONE_TASK_DAYS * 86_400 },
      }),
    );
  }

  async getPosition(id: string): Promise<Position | undefined> {
    return this.table.get(PositionItem, keys.position(id));
  }

  async getPositions(ids: string[]): Promise<Position[]> {
    const items = await this.table.batchGet([...new Set(ids)].map((id) => keys.position(id)));
    return items.map((i) => fromItem(PositionItem, i));
  }

  async listPositions(query: ListQuery<Position>): Promise<Page<Position>> {
    return listAcrossAgencies(this.table, PositionItem, query, keys.positionsPartition);
  }

  /**
   * Create a position, or update its described fields. An update never writes `holders`: that count belongs to the
   * officials' writes, which may change it at any moment without bumping the position's version.
   */
  async putPosition(
    position: Position,
    options: WriteOptions & { restamp?: { status: OfficialStatus; expectedRev: number }[] },
  ): Promise<void> {
    const create = position.version === 1;
    const write: Entry = create
      ? {
          label: 'POSITION_EXISTS',
          item: {
            Put: {
              TableName: this.table.tableName,
              Item: toItem('Position', position, {
                ...keys.position(position.id),
                ...keys.positionsIndex(position.agencyId, position.unitId, position.id),
              }),
              ...guard(true, undefined),
            },
          },
        }
      : { label: 'STALE_VERSION', item: { Update: updateFields(this.table.tableName, position, options.expectedVersion) } };
    // Each holder's item as read: the same revision, and the same mail stamp (a restamp of it since refuses this).
    const restamp = (options.restamp ?? []).map((r) => statusEntry(this.table.tableName, r.status, r.expectedRev, r.status.mail?.seq));
    await this.table.transact([write, ...restamp, ...this.table.auditPut(options.audit)], options.idempotency);
  }
}

/** Every key a unit item carries: its own, the full list (2), its agency's units (29), the agencies (28) if it is one. */
export function unitKeys(unit: Pick<Unit, 'id' | 'agencyId' | 'ancestors'>) {
  return {
    ...keys.unit(unit.id),
    ...keys.unitsIndex(unit.id),
    ...keys.agencyUnitsIndex(unit.agencyId, unit.id),
    ...(unit.id === unit.agencyId ? keys.agenciesIndex([...unit.ancestors, unit.id]) : {}),
  };
}

/** SET every described field of a position (REMOVE the cleared ones), guarded by the version read; never `holders`. */
function updateFields(tableName: string, position: Position, expectedVersion: number | undefined) {
  const { holders: _holders, id, ...fields } = position;
  const names: Record<string, string> = { '#version': 'version' };
  const values: Record<string, unknown> = {};
  const sets: string[] = [];
  for (const [name, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    names[`#${name}`] = name;
    values[`:${name}`] = value;
    sets.push(`#${name} = :${name}`);
  }
  const cleared = (['rotationPeriodMonths'] as const).filter((name) => position[name] === undefined);
  for (const name of cleared) names[`#${name}`] = name;
  const guardVersion = expectedVersion ?? position.version - 1;
  values[':expectedVersion'] = guardVersion;
  return {
    TableName: tableName,
    Key: keys.position(id),
    UpdateExpression: `SET ${sets.join(', ')}${cleared.length ? ` REMOVE ${cleared.map((n) => `#${n}`).join(', ')}` : ''}`,
    ConditionExpression: '#version = :expectedVersion',
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
  };
}
