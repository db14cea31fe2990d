/**
 * The DynamoDB implementation of Repository. Items are mapped with toItem / fromItem; a lost conditional write
 * becomes a ConflictError naming what moved; a missing item is `undefined`.
 */
import {
  ConditionalCheckFailedException,
  TransactionCanceledException,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { BadRequestError, ConflictError } from '../../domain/errors';
import type { Assessment, Assignment, Circumstance, Official, Position, Rating, Unit } from '../../domain/types';
import { RATINGS } from '../../domain/types';
import type {
  AggregateWrite,
  AuditRecord,
  ListQuery,
  OfficialAggregate,
  OfficialStatus,
  Page,
  Repository,
} from '../../ports';
import { keys, META } from './keys';

type Item = Record<string, unknown>;
type TransactItem = NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']>[number];

/** Attempts for a transaction cancelled only by a conflicting concurrent transaction. */
const TRANSACTION_ATTEMPTS = 5;

const KEY_ATTRIBUTES = ['PK', 'SK', 'GSI1PK', 'GSI1SK', 'GSI2PK', 'GSI2SK', 'GSI3PK', 'GSI3SK', 'entity', 'expiresAt'];

function fromItem<T>(item: Item | undefined): T | undefined {
  if (!item) return undefined;
  const out: Item = {};
  for (const [k, v] of Object.entries(item)) if (!KEY_ATTRIBUTES.includes(k)) out[k] = v;
  return out as T;
}

function toItem(entity: string, value: object, keyAttributes: Item): Item {
  // Undefined optional fields are dropped by the marshaller (removeUndefinedValues).
  return { ...value, ...keyAttributes, entity };
}

export function encodeCursor(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

export function decodeCursor<T>(cursor: string | undefined): T | undefined {
  if (!cursor) return undefined;
  try {
    return JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as T;
  } catch (cause) {
    throw new BadRequestError('cursor không hợp lệ', [{ path: 'cursor', message: 'Invalid cursor' }]);
  }
}

/** Guard a put: create only if absent, or replace only the version that was read. */
function guard(create: boolean | undefined, expectedVersion: number | undefined) {
  if (create) return { ConditionExpression: 'attribute_not_exists(PK)' };
  if (expectedVersion !== undefined)
    return {
      ConditionExpression: '#version = :expectedVersion',
      ExpressionAttributeNames: { '#version': 'version' },
      ExpressionAttributeValues: { ':expectedVersion': expectedVersion },
    };
  return { ConditionExpression: 'attribute_exists(PK)' };
}

export function createDocumentClient(client: DynamoDBClient): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
}

export class DynamoRepository implements Repository {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  // ---- units (patterns 1, 2)

  async getUnit(id: string): Promise<Unit | undefined> {
    return this.get<Unit>(keys.unit(id));
  }

  async listAllUnits(): Promise<Unit[]> {
    return this.queryAll<Unit>({
      IndexName: 'GSI1',
      KeyConditionExpression: 'GSI1PK = :pk',
      ExpressionAttributeValues: { ':pk': 'UNITS' },
    });
  }

  async putUnit(unit: Unit, options: { expectedVersion?: number; audit: AuditRecord }): Promise<void> {
    const create = unit.version === 1;
    await this.transact([
      {
        label: create ? 'UNIT_EXISTS' : 'STALE_VERSION',
        item: {
          Put: {
            TableName: this.tableName,
            Item: toItem('Unit', unit, { ...keys.unit(unit.id), ...keys.unitsIndex(unit.id) }),
            ...guard(create, options.expectedVersion),
          },
        },
      },
      this.auditPut(options.audit),
    ]);
  }

  // ---- positions (patterns 1, 3)

  async getPosition(id: string): Promise<Position | undefined> {
    return this.get<Position>(keys.position(id));
  }

  async getPositions(ids: string[]): Promise<Position[]> {
    const items = await this.batchGet([...new Set(ids)].map((id) => keys.position(id)));
    return items.map((i) => fromItem<Position>(i)!);
  }

  async listPositions(query: ListQuery<Position>): Promise<Page<Position>> {
    return this.listAcrossAgencies(query, keys.positionsPartition);
  }

  async putPosition(position: Position, options: { expectedVersion?: number; audit: AuditRecord }): Promise<void> {
    const create = position.version === 1;
    await this.transact([
      {
        label: create ? 'POSITION_EXISTS' : 'STALE_VERSION',
        item: {
          Put: {
            TableName: this.tableName,
            Item: toItem('Position', position, {
              ...keys.position(position.id),
              ...keys.positionsIndex(position.agencyId, position.unitId, position.id),
            }),
            ...guard(create, options.expectedVersion),
          },
        },
      },
      this.auditPut(options.audit),
    ]);
  }

  // ---- officials and their aggregate (patterns 1, 4, 5)

  async getOfficial(id: string): Promise<Official | undefined> {
    return this.get<Official>(keys.official(id));
  }

  async getOfficialAggregate(id: string): Promise<OfficialAggregate | undefined> {
    const items = await this.queryAll<Item>(
      {
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': keys.officialPK(id) },
        ConsistentRead: true,
      },
      { raw: true },
    );
    const official = items.find((i) => i.SK === META);
    const status = items.find((i) => i.SK === 'STATUS');
    if (!official || !status) return undefined;
    const bySk = (prefix: string) => items.filter((i) => String(i.SK).startsWith(prefix));
    return {
      official: fromItem<Official>(official)!,
      status: fromItem<OfficialStatus>(status)!,
      assignments: bySk('ASSIGNMENT#').map((i) => fromItem<Assignment>(i)!),
      circumstances: bySk('CIRCUMSTANCE#').map((i) => fromItem<Circumstance>(i)!),
      assessments: bySk('ASSESSMENT#').map((i) => fromItem<Assessment>(i)!),
    };
  }

  async listOfficials(query: ListQuery<Official>): Promise<Page<Official>> {
    return this.listAcrossAgencies(query, keys.officialsPartition);
  }

  async writeAggregate(write: AggregateWrite): Promise<void> {
    const { status } = write;
    const statusItem = toItem('OfficialStatus', status, {
      ...keys.status(status.officialId),
      ...(status.chain && status.agencyId ? keys.dueIndex(status.agencyId, status.chain.dueDate, status.officialId) : {}),
      ...unsatisfactoryKeys(status),
    });
    const entries: { label: string; item: TransactItem }[] = [
      {
        label: 'CONCURRENT_UPDATE',
        item: {
          Put: {
            TableName: this.tableName,
            Item: statusItem,
            ...(write.expectedRev === 0
              ? { ConditionExpression: 'attribute_not_exists(PK)' }
              : {
                  ConditionExpression: '#rev = :rev',
                  ExpressionAttributeNames: { '#rev': 'rev' },
                  ExpressionAttributeValues: { ':rev': write.expectedRev },
                }),
          },
        },
      },
    ];
    const { official, assignment, circumstance, assessment } = write;
    const children = [
      official && {
        ...official,
        entity: 'Official',
        keys: {
          ...keys.official(official.item.id),
          ...(official.item.agencyId
            ? keys.officialsIndex(official.item.agencyId, official.item.fullName, official.item.id)
            : {}),
        },
      },
      assignment && { ...assignment, entity: 'Assignment', keys: keys.assignment(write.officialId, assignment.item.id) },
      circumstance && { ...circumstance, entity: 'Circumstance', keys: keys.circumstance(write.officialId, circumstance.item.id) },
      assessment && { ...assessment, entity: 'Assessment', keys: keys.assessment(write.officialId, assessment.item.period) },
    ];
    for (const child of children) {
      if (!child) continue;
      entries.push({
        label: child.create ? `${child.entity.toUpperCase()}_EXISTS` : 'STALE_VERSION',
        item: {
          Put: {
            TableName: this.tableName,
            Item: toItem(child.entity, child.item, child.keys),
            ...guard(child.create, child.expectedVersion),
          },
        },
      });
    }
    for (const counts of mergeCounts(write.ratingCounts ?? [])) {
      const names: Record<string, string> = {};
      const values: Record<string, number> = {};
      const adds: string[] = [];
      for (const [rating, delta] of Object.entries(counts.delta)) {
        if (!delta) continue;
        names[`#${rating}`] = rating;
        values[`:${rating}`] = delta;
        adds.push(`#${rating} :${rating}`);
      }
      if (!adds.length) continue;
      entries.push({
        label: 'RATING_COUNTS',
        item: {
          Update: {
            TableName: this.tableName,
            Key: keys.ratingCounts(counts.agencyId, counts.year),
            UpdateExpression: `ADD ${adds.join(', ')}`,
            ExpressionAttributeNames: names,
            ExpressionAttributeValues: values,
          },
        },
      });
    }
    if (write.claimEmployeeCode) {
      entries.push({
        label: 'EMPLOYEE_CODE_TAKEN',
        item: {
          Put: {
            TableName: this.tableName,
            Item: { ...keys.employeeCode(write.claimEmployeeCode), entity: 'EmployeeCode', officialId: write.officialId },
            ConditionExpression: 'attribute_not_exists(PK)',
          },
        },
      });
    }
    if (write.releaseEmployeeCode) {
      entries.push({
        label: 'EMPLOYEE_CODE_RELEASE',
        item: {
          Delete: {
            TableName: this.tableName,
            Key: keys.employeeCode(write.releaseEmployeeCode),
            ConditionExpression: 'officialId = :officialId',
            ExpressionAttributeValues: { ':officialId': write.officialId },
          },
        },
      });
    }
    for (const audit of write.audit) entries.push(this.auditPut(audit));
    await this.transact(entries);
  }

  // ---- flags (patterns 6, 7)

  async queryDueStatuses(agencyIds: string[], dueOnOrBefore: string): Promise<OfficialStatus[]> {
    const pages = await Promise.all(
      agencyIds.map((agencyId) =>
        this.queryAll<OfficialStatus>({
          IndexName: 'GSI2',
          KeyConditionExpression: 'GSI2PK = :pk AND GSI2SK <= :bound',
          ExpressionAttributeValues: { ':pk': keys.duePartition(agencyId), ':bound': keys.dueBound(dueOnOrBefore) },
        }),
      ),
    );
    return pages.flat();
  }

  async queryUnsatisfactoryStatuses(agencyIds: string[]): Promise<OfficialStatus[]> {
    const pages = await Promise.all(
      agencyIds.map((agencyId) =>
        this.queryAll<OfficialStatus>({
          IndexName: 'GSI3',
          KeyConditionExpression: 'GSI3PK = :pk',
          ExpressionAttributeValues: { ':pk': keys.unsatisfactoryPartition(agencyId) },
        }),
      ),
    );
    return pages.flat();
  }

  // ---- assessments (patterns 10, 11)

  async getAssessmentsForPeriod(officialIds: string[], period: string): Promise<Assessment[]> {
    const items = await this.batchGet(officialIds.map((id) => keys.assessment(id, period)));
    return items.map((i) => fromItem<Assessment>(i)!);
  }

  async getRatingCounts(agencyId: string, year: number): Promise<Record<Rating, number>> {
    const item = await this.get<Record<string, number>>(keys.ratingCounts(agencyId, year));
    return Object.fromEntries(RATINGS.map((r) => [r, Number(item?.[r] ?? 0)])) as Record<Rating, number>;
  }

  // ---- audit (patterns 8, 9)

  async listAudit(entityId: string): Promise<AuditRecord[]> {
    const [own, children] = await Promise.all([
      this.queryAll<AuditRecord>({
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': keys.auditPK(entityId) },
      }),
      this.queryAll<AuditRecord>({
        IndexName: 'GSI3',
        KeyConditionExpression: 'GSI3PK = :pk',
        ExpressionAttributeValues: { ':pk': keys.auditParentPartition(entityId) },
      }),
    ]);
    const seen = new Set<string>();
    return [...own, ...children]
      .filter((r) => (seen.has(r.id) ? false : (seen.add(r.id), true)))
      .sort((a, b) => (a.at === b.at ? a.id.localeCompare(b.id) : a.at < b.at ? 1 : -1));
  }

  // ---- helpers

  private auditPut(audit: AuditRecord): { label: string; item: TransactItem } {
    return {
      label: 'AUDIT_EXISTS',
      item: {
        Put: {
          TableName: this.tableName,
          Item: toItem('Audit', audit, {
            ...keys.audit(audit.entityId, audit.at, audit.id),
            ...(audit.parentId ? keys.auditParentIndex(audit.parentId, audit.at, audit.id) : {}),
          }),
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      },
    };
  }

  private async get<T>(key: Item): Promise<T | undefined> {
    const out = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: true }));
    return fromItem<T>(out.Item);
  }

  private async queryAll<T>(input: Omit<QueryCommandInput, 'TableName'>, options: { raw?: boolean } = {}): Promise<T[]> {
    const items: T[] = [];
    let start: Item | undefined;
    do {
      const out = await this.doc.send(
        new QueryCommand({ ...input, TableName: this.tableName, ExclusiveStartKey: start }),
      );
      for (const i of out.Items ?? []) items.push(options.raw ? (i as T) : fromItem<T>(i)!);
      start = out.LastEvaluatedKey;
    } while (start);
    return items;
  }

  private async batchGet(keyList: Item[]): Promise<Item[]> {
    const found: Item[] = [];
    for (let i = 0; i < keyList.length; i += 100) {
      let request: Item[] | undefined = keyList.slice(i, i + 100);
      for (let attempt = 0; request?.length; attempt++) {
        if (attempt > 0) await new Promise((r) => setTimeout(r, Math.min(1000, 25 * 2 ** attempt)));
        const out = await this.doc.send(
          new BatchGetCommand({ RequestItems: { [this.tableName]: { Keys: request, ConsistentRead: true } } }),
        );
        found.push(...(out.Responses?.[this.tableName] ?? []));
        request = out.UnprocessedKeys?.[this.tableName]?.Keys as Item[] | undefined;
      }
    }
    return found;
  }

  /**
   * A page across several agencies' partitions, in agency order. The cursor records the agency index and the
   * last key read there; items failing `keep` are skipped without ending the page early.
   */
  private async listAcrossAgencies<T>(
    query: ListQuery<T>,
    partition: (agencyId: string) => string,
  ): Promise<Page<T>> {
    const state = decodeCursor<{ a: number; k?: Item }>(query.cursor) ?? { a: 0 };
    if (typeof state.a !== 'number') throw new BadRequestError('cursor không hợp lệ');
    const items: T[] = [];
    let agencyIndex = state.a;
    let start = state.k;
    while (agencyIndex < query.agencyIds.length) {
      const out = await this.doc.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: 'GSI1',
          KeyConditionExpression: 'GSI1PK = :pk',
          ExpressionAttributeValues: { ':pk': partition(query.agencyIds[agencyIndex]) },
          ExclusiveStartKey: start,
          Limit: query.limit - items.length,
        }),
      );
      for (const raw of out.Items ?? []) {
        const item = fromItem<T>(raw)!;
        if (query.keep(item)) items.push(item);
      }
      start = out.LastEvaluatedKey;
      if (!start) agencyIndex++;
      if (items.length >= query.limit) break;
    }
    const more = agencyIndex < query.agencyIds.length;
    return { items, nextCursor: more ? encodeCursor({ a: agencyIndex, k: start }) : undefined };
  }

  /**
   * Run a transaction. A cancellation caused only by another transaction touching the same item (two annual
   * ratings of one agency updating its rating counts at once) is retried: every condition is evaluated again, so
   * a retry can never apply half a change or skip a guard. A failed condition is a ConflictError naming it.
   */
  private async transact(entries: { label: string; item: TransactItem }[]): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.doc.send(new TransactWriteCommand({ TransactItems: entries.map((e) => e.item) }));
        return;
      } catch (error) {
        if (error instanceof TransactionCanceledException) {
          const reasons = error.CancellationReasons ?? [];
          // Several checks can fail at once (creating an existing official fails its status check too): name the
          // most specific one, and the revision guard only when nothing else failed.
          const failed = reasons
            .map((r, i) => (r.Code === 'ConditionalCheckFailed' ? entries[i].label : undefined))
            .filter((label): label is string => label !== undefined);
          if (failed.length) throw conflictFor(failed.find((l) => l !== 'CONCURRENT_UPDATE') ?? failed[0], error);
          if (reasons.some((r) => r.Code === 'TransactionConflict')) {
            if (attempt < TRANSACTION_ATTEMPTS) {
              await new Promise((done) => setTimeout(done, Math.random() * 20 * 2 ** attempt));
              continue;
            }
            throw new ConflictError('CONCURRENT_UPDATE', 'Dữ liệu đang được cập nhật đồng thời, vui lòng thử lại', {
              cause: error,
            });
          }
        }
        if (error instanceof ConditionalCheckFailedException) throw conflictFor(entries[0].label, error);
        throw error;
      }
    }
  }
}

function conflictFor(label: string, cause: unknown): ConflictError {
  const messages: Record<string, string> = {
    CONCURRENT_UPDATE: 'Hồ sơ vừa được người khác cập nhật; hãy đọc lại và thử lại',
    STALE_VERSION: 'Phiên bản đã cũ: bản ghi đã được cập nhật sau khi bạn đọc',
    UNIT_EXISTS: 'Đơn vị với id này đã tồn tại',
    POSITION_EXISTS: 'Vị trí với id này đã tồn tại',
    OFFICIAL_EXISTS: 'Công chức với id này đã tồn tại',
    ASSIGNMENT_EXISTS: 'Quá trình công tác với id này đã tồn tại',
    CIRCUMSTANCE_EXISTS: 'Hoàn cảnh với id này đã tồn tại',
    ASSESSMENT_EXISTS: 'Kỳ đánh giá này đã có kết quả; gửi kèm version để cập nhật',
    EMPLOYEE_CODE_TAKEN: 'Mã công chức đã được dùng cho người khác',
  };
  return new ConflictError(label, messages[label] ?? 'Xung đột dữ liệu', { cause });
}

function unsatisfactoryKeys(status: OfficialStatus): Item {
  const years = status.annual.filter((a) => a.rating === 'unsatisfactory').map((a) => a.year);
  if (!years.length || !status.agencyId) return {};
  return keys.unsatisfactoryIndex(status.agencyId, Math.max(...years), status.officialId);
}

function mergeCounts(list: NonNullable<AggregateWrite['ratingCounts']>) {
  const merged = new Map<string, { agencyId: string; year: number; delta: Partial<Record<Rating, number>> }>();
  for (const c of list) {
    const key = `${c.agencyId}#${c.year}`;
    const m = merged.get(key) ?? { agencyId: c.agencyId, year: c.year, delta: {} };
    for (const [r, d] of Object.entries(c.delta)) m.delta[r as Rating] = (m.delta[r as Rating] ?? 0) + (d ?? 0);
    merged.set(key, m);
  }
  return [...merged.values()];
}

