/** Units and positions (access patterns 1-3): the organisation tree and its posts. */
import type { Position, Unit } from '../../domain/types';
import type { ListQuery, OrganisationStore, Page, WriteOptions } from '../../ports';
import { PositionItem, UnitItem } from './item-schemas';
import { INDEX, keys } from './keys';
import { listAcrossAgencies } from './paging';
import { fromItem, guard, toItem, type TableClient } from './table-client';

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

  async putUnit(unit: Unit, options: WriteOptions): Promise<void> {
    const create = unit.version === 1;
    await this.table.transact(
      [
        {
          label: create ? 'UNIT_EXISTS' : 'STALE_VERSION',
          item: {
            Put: {
              TableName: this.table.tableName,
              Item: toItem('Unit', unit, { ...keys.unit(unit.id), ...keys.unitsIndex(unit.id) }),
              ...guard(create, options.expectedVersion),
            },
          },
        },
        this.table.auditPut(options.audit),
      ],
      options.idempotency,
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

  async putPosition(position: Position, options: WriteOptions): Promise<void> {
    const create = position.version === 1;
    await this.table.transact(
      [
        {
          label: create ? 'POSITION_EXISTS' : 'STALE_VERSION',
          item: {
            Put: {
              TableName: this.table.tableName,
              Item: toItem('Position', position, {
                ...keys.position(position.id),
                ...keys.positionsIndex(position.agencyId, position.unitId, position.id),
              }),
              ...guard(create, options.expectedVersion),
            },
          },
        },
        this.table.auditPut(options.audit),
      ],
      options.idempotency,
    );
  }
}
