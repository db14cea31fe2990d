/**
 * The official aggregate (access patterns 1, 4-7, 10-12, 16, 19, 30, 31): the official, their status item, assignments,
 * circumstances and assessments, all under PK = OFFICIAL#id and written together in one transaction guarded by the
 * status revision. The status item feeds the sparse flag indexes while the official is in service.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { MailStamp } from '../../domain/alerts';
import { ConflictError } from '../../domain/errors';
import type { Assessment, Official, Rating } from '../../domain/types';
import { RATINGS } from '../../domain/types';
import type {
  AggregateWrite,
  ChildWrite,
  HolderDelta,
  ListQuery,
  OfficialAggregate,
  OfficialStatus,
  PositionFacts,
  OfficialStore,
  Page,
} from '../../ports';
import {
  AssessmentItem,
  AssignmentItem,
  CircumstanceItem,
  EmployeeCodeItem,
  OfficialItem,
  RatingCountsItem,
  StatusItem,
} from './item-schemas';
import { CHILD_PREFIX, INDEX, keys, META, STATUS_SK } from './keys';
import { listAcrossAgencies } from './paging';
import { entryKey, fromItem, guard, itemKey, toItem, type Entry, type Item, type TableClient } from './table-client';
import { TABLE } from './table';

const PK = TABLE.partitionKey;
const SK = TABLE.sortKey;
/** Month partitions of pattern 30 read at once. */
const DUE_MONTH_CONCURRENCY = 8;
/** Aggregates read whole (pattern 5) at once by getOfficialAggregates. */
const AGGREGATE_QUERIES = 16;

export class DynamoOfficialStore implements OfficialStore {
  constructor(private readonly table: TableClient) {}

  async getOfficial(id: string): Promise<Official | undefined> {
    return this.table.get(OfficialItem, keys.official(id));
  }

  async getStatus(id: string): Promise<OfficialStatus | undefined> {
    return this.table.get(StatusItem, keys.status(id));
  }

  async getOfficialAggregate(id: string): Promise<OfficialAggregate | undefined> {
    const items = await this.table.queryAll({
      KeyConditionExpression: `${PK} = :pk`,
      ExpressionAttributeValues: { ':pk': keys.officialPK(id) },
      ConsistentRead: true,
    });
    const official = items.find((i) => i[SK] === META);
    const status = items.find((i) => i[SK] === STATUS_SK);
    if (!official || !status) return undefined;
    const children = (prefix: string) => items.filter((i) => String(i[SK]).startsWith(prefix));
    return {
      official: fromItem(OfficialItem, official),
      status: fromItem(StatusItem, status),
      assignments: children(CHILD_PREFIX.assignment).map((i) => fromItem(AssignmentItem, i)),
      circumstances: children(CHILD_PREFIX.circumstance).map((i) => fromItem(CircumstanceItem, i)),
      assessments: children(CHILD_PREFIX.assessment).map((i) => fromItem(AssessmentItem, i)),
    };
  }

  async getOfficialAggregates(ids: readonly string[]): Promise<Map<string, OfficialAggregate>> {
    const unique = [...new Set(ids)];
    const items = await this.table.batchGet(unique.flatMap((id) => [keys.official(id), keys.status(id)]));
    const byKey = new Map(items.map((item) => [itemKey(item), item]));
    const found = new Map<string, OfficialAggregate>();
    const whole: string[] = [];
    for (const id of unique) {
      const official = byKey.get(itemKey(keys.official(id)));
      const status = byKey.get(itemKey(keys.status(id)));
      if (!official || !status) continue;
      const read = fromItem(StatusItem, status);
      // Every write to an aggregate moves its revision; the first, which created the official, wrote no child. So at
      // revision 1 the two items are the whole aggregate, and only a later one needs the partition read.
      if (read.rev === 1)
        found.set(id, { official: fromItem(OfficialItem, official), status: read, assignments: [], circumstances: [], assessments: [] });
      else whole.push(id);
    }
    for (let i = 0; i < whole.length; i += AGGREGATE_QUERIES) {
      const read = await Promise.all(whole.slice(i, i + AGGREGATE_QUERIES).map((id) => this.getOfficialAggregate(id)));
      for (const aggregate of read) if (aggregate) found.set(aggregate.official.id, aggregate);
    }
    return found;
  }

  async listOfficials(query: ListQuery<Official>): Promise<Page<Official>> {
    return listAcrossAgencies(this.table, OfficialItem, query, keys.officialsPartition);
  }

  async findByEmployeeCode(code: string): Promise<string | undefined> {
    return (await this.table.get(EmployeeCodeItem, keys.employeeCode(code)))?.officialId;
  }

  async findByEmployeeCodes(codes: readonly string[]): Promise<Map<string, string>> {
    const unique = [...new Set(codes)];
    const codeOf = new Map(unique.map((code) => [keys.employeeCode(code).PK, code]));
    const items = await this.table.batchGet(unique.map((code) => keys.employeeCode(code)));
    return new Map(items.map((item) => [codeOf.get(item[PK] as string)!, fromItem(EmployeeCodeItem, item).officialId]));
  }

  async restampMail(officialId: string, expectedRev: number, stamp: MailStamp): Promise<boolean> {
    try {
      await this.table.doc.send(
        new UpdateCommand({
          TableName: this.table.tableName,
          Key: keys.status(officialId),
          UpdateExpression: 'SET #mail = :mail',
          ConditionExpression: '#rev = :rev',
          ExpressionAttributeNames: { '#mail': 'mail', '#rev': 'rev' },
          ExpressionAttributeValues: { ':mail': stamp, ':rev': expectedRev },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async writeAggregate(write: AggregateWrite): Promise<void> {
    await this.table.transact(aggregateEntries(this.table, write), write.idempotency);
  }

  async writeAggregates(writes: readonly AggregateWrite[]): Promise<unknown[]> {
    const outcomes: unknown[] = new Array(writes.length).fill(undefined);
    let broken: unknown;
    for (const group of packTransactions(this.table, writes)) {
      if (broken !== undefined) {
        // The database failed the transaction before: the rest are not tried, and fail with the same error.
        for (const index of group) outcomes[index] = broken;
        continue;
      }
      const results = await this.table.transactEach(group.length, (live) =>
        groupEntries(this.table, live.map((k) => writes[group[k]])),
      );
      results.forEach((result, k) => {
        outcomes[group[k]] = result;
        if (result !== undefined && !(result instanceof ConflictError)) broken ??= result;
      });
    }
    return outcomes;
  }

  async queryDueStatuses(agencyIds: string[], dueOnOrBefore: string): Promise<OfficialStatus[]> {
    const { indexName, partitionKey, sortKey } = INDEX.dates;
    const pages = await Promise.all(
      agencyIds.map((agencyId) =>
        this.table.queryAll({
          IndexName: indexName,
          KeyConditionExpression: `${partitionKey} = :pk AND ${sortKey} <= :bound`,
          ExpressionAttributeValues: { ':pk': keys.duePartition(agencyId), ':bound': keys.dueBound(dueOnOrBefore) },
        }),
      ),
    );
    return pages.flat().map((i) => fromItem(StatusItem, i));
  }

  async queryDueBetween(agencyIds: string[], window: { after?: string; through: string }): Promise<OfficialStatus[]> {
    const { indexName, partitionKey, sortKey } = INDEX.dates;
    const { from, to } = keys.dueRange(window.after, window.through);
    const pages = await Promise.all(
      agencyIds.map((agencyId) =>
        this.table.queryAll({
          IndexName: indexName,
          KeyConditionExpression:
            from === undefined ? `${partitionKey} = :pk AND ${sortKey} <= :to` : `${partitionKey} = :pk AND ${sortKey} BETWEEN :from AND :to`,
          ExpressionAttributeValues: { ':pk': keys.duePartition(agencyId), ':to': to, ...(from === undefined ? {} : { ':from': from }) },
        }),
      ),
    );
    return pages.flat().map((i) => fromItem(StatusItem, i));
  }

  async queryDueInWindow(window: { after?: string; through: string }): Promise<OfficialStatus[]> {
    const { indexName, partitionKey, sortKey } = INDEX.lists;
    const { from, to } = keys.dueRange(window.after, window.through);
    const partitions = keys.dueMonthPartitions(window.after, window.through);
    const found: Item[][] = [];
    // Bounded: a first run (no lower bound) spans every month since 2000 (and one partition before), a daily run a few.
    let next = 0;
    const worker = async () => {
      for (let i = next++; i < partitions.length; i = next++)
        found[i] = await this.table.queryAll({
          IndexName: indexName,
          KeyConditionExpression:
            from === undefined ? `${partitionKey} = :pk AND ${sortKey} <= :to` : `${partitionKey} = :pk AND ${sortKey} BETWEEN :from AND :to`,
          ExpressionAttributeValues: { ':pk': partitions[i], ':to': to, ...(from === undefined ? {} : { ':from': from }) },
        });
    };
    await Promise.all(Array.from({ length: Math.min(DUE_MONTH_CONCURRENCY, partitions.length) }, worker));
    return found.flat().map((i) => fromItem(StatusItem, i));
  }

  async queryUnsatisfactoryStatuses(agencyIds: string[]): Promise<OfficialStatus[]> {
    const { indexName, partitionKey } = INDEX.groups;
    const pages = await Promise.all(
      agencyIds.map((agencyId) =>
        this.table.queryAll({
          IndexName: indexName,
          KeyConditionExpression: `${partitionKey} = :pk`,
          ExpressionAttributeValues: { ':pk': keys.unsatisfactoryPartition(agencyId) },
        }),
      ),
    );
    return pages.flat().map((i) => fromItem(StatusItem, i));
  }

  async queryLeaversInService(agencyIds: string[], asOf: string): Promise<OfficialStatus[]> {
    const { indexName, partitionKey, sortKey } = INDEX.dates;
    const pages = await Promise.all(
      agencyIds.map((agencyId) =>
        this.table.queryAll({
          IndexName: indexName,
          KeyConditionExpression: `${partitionKey} = :pk AND ${sortKey} > :bound`,
          ExpressionAttributeValues: { ':pk': keys.leaversPartition(agencyId), ':bound': keys.leaversBound(asOf) },
        }),
      ),
    );
    return pages.flat().map((i) => fromItem(StatusItem, i));
  }

  async queryStatusesOfPosition(agencyId: string, positionId: string, servingAfter: string): Promise<string[]> {
    const { indexName, partitionKey, sortKey } = INDEX.dates;
    const filter = {
      IndexName: indexName,
      FilterExpression: '#chain.#positionId = :positionId',
      ProjectionExpression: '#officialId',
      ExpressionAttributeNames: { '#chain': 'chain', '#positionId': 'positionId', '#officialId': 'officialId' },
    };
    // Those in service (pattern 6's partition) and the leavers still serving after the day (pattern 16's).
    const pages = await Promise.all([
      this.table.queryAll({
        ...filter,
        KeyConditionExpression: `${partitionKey} = :pk`,
        ExpressionAttributeValues: { ':pk': keys.duePartition(agencyId), ':positionId': positionId },
      }),
      this.table.queryAll({
        ...filter,
        KeyConditionExpression: `${partitionKey} = :pk AND ${sortKey} > :bound`,
        ExpressionAttributeValues: { ':pk': keys.leaversPartition(agencyId), ':bound': keys.leaversBound(servingAfter), ':positionId': positionId },
      }),
    ]);
    return [...new Set(pages.flat().map((i) => String(i.officialId)))];
  }

  async getStatuses(ids: readonly string[]): Promise<OfficialStatus[]> {
    const items = await this.table.batchGet([...new Set(ids)].map((id) => keys.status(id)));
    return items.map((i) => fromItem(StatusItem, i));
  }

  async getAssessmentsForPeriod(officialIds: string[], period: string): Promise<Assessment[]> {
    const items = await this.table.batchGet(officialIds.map((id) => keys.assessment(id, period)));
    return items.map((i) => fromItem(AssessmentItem, i));
  }

  async getRatingCounts(agencyId: string, year: number): Promise<Record<Rating, number>> {
    const item = await this.table.get(RatingCountsItem, keys.ratingCounts(agencyId, year));
    return Object.fromEntries(RATINGS.map((r) => [r, Number(item?.[r] ?? 0)])) as Record<Rating, number>;
  }
}

/**
 * The put of a status item with its index keys, guarded by the revision read (0: the item must not exist yet) and,
 * when the write keeps the mail stamp it read, by that stamp's `seq` (a restamp since, which keeps the revision,
 * refuses it).
 */
export function statusEntry(tableName: string, status: OfficialStatus, expectedRev: number, expectedMailSeq?: number): Entry {
  return {
    label: 'CONCURRENT_UPDATE',
    item: {
      Put: {
        TableName: tableName,
        Item: toItem('OfficialStatus', status, { ...keys.status(status.officialId), ...statusIndexKeys(status) }),
        ...(expectedRev === 0
          ? { ConditionExpression: `attribute_not_exists(${PK})` }
          : expectedMailSeq === undefined
            ? {
                ConditionExpression: '#rev = :rev',
                ExpressionAttributeNames: { '#rev': 'rev' },
                ExpressionAttributeValues: { ':rev': expectedRev },
              }
            : {
                ConditionExpression: '#rev = :rev AND #mail.#seq = :seq',
                ExpressionAttributeNames: { '#rev': 'rev', '#mail': 'mail', '#seq': 'seq' },
                ExpressionAttributeValues: { ':rev': expectedRev, ':seq': expectedMailSeq },
              }),
      },
    },
  };
}

/**
 * The check that a post still has the facts a status item copies from it (title, category, rotation period), so that
 * a write computed from facts read before the post changed cannot land after it (the post's update re-stamped its
 * holders). Merged by `mergeChecks` into another operation on the post in the same transaction.
 */
function positionCheckEntry(tableName: string, facts: PositionFacts): Entry {
  const period = facts.rotationPeriodMonths;
  return {
    label: 'CONCURRENT_UPDATE',
    item: {
      ConditionCheck: {
        TableName: tableName,
        Key: keys.position(facts.positionId),
        ConditionExpression:
          '#title = :title AND #category = :category AND ' +
          (period === undefined ? 'attribute_not_exists(#rotationPeriodMonths)' : '#rotationPeriodMonths = :rotationPeriodMonths'),
        ExpressionAttributeNames: { '#title': 'title', '#category': 'category', '#rotationPeriodMonths': 'rotationPeriodMonths' },
        ExpressionAttributeValues: {
          ':title': facts.title,
          ':category': facts.category,
          ...(period === undefined ? {} : { ':rotationPeriodMonths': period }),
        },
      },
    },
  };
}

/**
 * The transaction entries of one write to an official's aggregate: the status item (guarded by its revision), the
 * changed children, counters, holder counts, the employee-code claim and the audit records. Exported so a proposal's
 * apply can commit several officials' writes in one transaction.
 */
export function aggregateEntries(table: TableClient, write: AggregateWrite): Entry[] {
  const tableName = table.tableName;
  const entries: Entry[] = [statusEntry(tableName, write.status, write.expectedRev, write.expectedMailSeq), ...checkEntries(tableName, write)];
  const child = <T extends object>(entity: string, w: ChildWrite<T> | undefined, key: Item, indexKeys: Item = {}) => {
    if (!w) return;
    if (w.delete) {
      entries.push({
        label: 'STALE_VERSION',
        item: { Delete: { TableName: tableName, Key: key, ...guard(false, w.expectedVersion) } },
      });
      return;
    }
    const label = w.create ? (`${entity.toUpperCase()}_EXISTS` as Entry['label']) : 'STALE_VERSION';
    entries.push({
      label,
      item: { Put: { TableName: tableName, Item: toItem(entity, w.item, { ...key, ...indexKeys }), ...guard(w.create, w.expectedVersion) } },
    });
  };
  const { official } = write;
  if (official)
    child('Official', official, keys.official(official.item.id), {
      ...(official.item.agencyId ? keys.officialsIndex(official.item.agencyId, official.item.fullName, official.item.id) : {}),
    });
  for (const assignment of write.assignments ?? [])
    child('Assignment', assignment, keys.assignment(write.officialId, assignment.item.id));
  if (write.circumstance)
    child('Circumstance', write.circumstance, keys.circumstance(write.officialId, write.circumstance.item.id));
  if (write.assessment)
    child('Assessment', write.assessment, keys.assessment(write.officialId, write.assessment.item.period));

  for (const counts of mergeCounts(write.ratingCounts ?? [])) {
    const entry = ratingCountsEntry(tableName, counts);
    if (entry) entries.push(entry);
  }
  for (const holders of write.holders ?? []) entries.push(holderEntry(tableName, holders));
  if (write.claimEmployeeCode) {
    entries.push({
      label: 'EMPLOYEE_CODE_TAKEN',
      item: {
        Put: {
          TableName: tableName,
          Item: { ...keys.employeeCode(write.claimEmployeeCode), entity: 'EmployeeCode', officialId: write.officialId },
          ConditionExpression: `attribute_not_exists(${PK})`,
        },
      },
    });
  }
  if (write.releaseEmployeeCode) {
    entries.push({
      label: 'CONCURRENT_UPDATE',
      item: {
        Delete: {
          TableName: tableName,
          Key: keys.employeeCode(write.releaseEmployeeCode),
          ConditionExpression: 'officialId = :officialId',
          ExpressionAttributeValues: { ':officialId': write.officialId },
        },
      },
    });
  }
  for (const audit of write.audit) entries.push(...table.auditPut(audit));
  return entries;
}

/** DynamoDB's limit on the items of one transaction. */
const TRANSACTION_ITEMS = 100;
/** Well under the 4 MB one transaction may carry. */
const TRANSACTION_BYTES = 3_000_000;

/**
 * Several officials' writes in one transaction: each write's own items, then the posts' holder counts and the
 * agencies' rating counts they change, one update per item with the deltas added up (a transaction may touch an item
 * only once), each failing all the writes that add to it. Guarded holder changes stay the write's own.
 */
function groupEntries(table: TableClient, writes: readonly AggregateWrite[]): { entries: Entry[]; owners: number[][] } {
  const entries: Entry[] = [];
  const owners: number[][] = [];
  const holders = new Map<string, { delta: number; owners: number[] }>();
  const counts = new Map<string, { counts: RatingCountsDelta; owners: number[] }>();
  writes.forEach((write, k) => {
    for (const entry of ownEntries(table, write)) {
      entries.push(entry);
      owners.push([k]);
    }
    for (const change of write.holders ?? []) {
      if (change.guard) continue;
      const merged = holders.get(change.positionId) ?? { delta: 0, owners: [] };
      merged.delta += change.delta;
      merged.owners.push(k);
      holders.set(change.positionId, merged);
    }
    for (const change of mergeCounts(write.ratingCounts ?? [])) {
      const key = `${change.agencyId}#${change.year}`;
      const merged = counts.get(key) ?? { counts: { agencyId: change.agencyId, year: change.year, delta: {} }, owners: [] };
      for (const [rating, delta] of Object.entries(change.delta))
        merged.counts.delta[rating as Rating] = (merged.counts.delta[rating as Rating] ?? 0) + (delta ?? 0);
      merged.owners.push(k);
      counts.set(key, merged);
    }
  });
  for (const merged of counts.values()) {
    const entry = ratingCountsEntry(table.tableName, merged.counts);
    if (!entry) continue;
    entries.push(entry);
    owners.push(merged.owners);
  }
  for (const [positionId, merged] of holders) {
    if (merged.delta === 0) continue;
    entries.push(holderEntry(table.tableName, { positionId, delta: merged.delta }));
    owners.push(merged.owners);
  }
  // Each write's checks, its own: the transaction folds those on one item into one operation (mergeChecks), with the
  // owners of all of them, and into any other operation on that item (a post's holder count).
  writes.forEach((write, k) => {
    for (const entry of checkEntries(table.tableName, write)) {
      entries.push(entry);
      owners.push([k]);
    }
  });
  return { entries, owners };
}

/**
 * A write's entries but what it shares with others (counters it adds to, the check of the post its chain moves to):
 * its guarded holder changes stay, and its idempotency.
 */
function ownEntries(table: TableClient, write: AggregateWrite): Entry[] {
  const own = aggregateEntries(table, {
    ...write,
    holders: (write.holders ?? []).filter((h) => h.guard),
    ratingCounts: [],
    positionCheck: undefined,
    unitChecks: [],
  });
  return write.idempotency ? [...own, table.idempotencyComplete(write.idempotency)] : own;
}

/**
 * The writes (by index) packed in order into transactions: each takes writes while their items fit, counting a
 * shared counter once. A write touching an item that a write already packed touches (another write of the same
 * official) waits for a later transaction, and so do the writes of its official after it: an official's writes are
 * committed in the order given.
 */
function packTransactions(table: TableClient, writes: readonly AggregateWrite[]): number[][] {
  const groups: number[][] = [];
  let pending = writes.map((_, index) => index);
  while (pending.length) {
    const group: number[] = [];
    const own = new Set<string>();
    const shared = new Set<string>();
    const waiting = new Set<string>();
    const later: number[] = [];
    let items = 0;
    let bytes = 0;
    for (const index of pending) {
      const write = writes[index];
      const entries = ownEntries(table, write);
      const ownKeys = entries.map(entryKey);
      const sharedKeys = [
        ...(write.holders ?? []).filter((h) => !h.guard).map((h) => itemKey(keys.position(h.positionId))),
        ...(write.ratingCounts ?? []).map((c) => itemKey(keys.ratingCounts(c.agencyId, c.year))),
        ...(write.positionCheck ? [itemKey(keys.position(write.positionCheck.positionId))] : []),
        ...(write.unitChecks ?? []).map((c) => itemKey(keys.unit(c.unitId))),
      ];
      const added = entries.length + new Set(sharedKeys.filter((key) => !shared.has(key))).size;
      const size = entries.reduce((sum, e) => sum + JSON.stringify(e.item).length, 0);
      const clash =
        waiting.has(write.officialId) ||
        ownKeys.some((key) => own.has(key) || shared.has(key)) ||
        sharedKeys.some((key) => own.has(key));
      const full = group.length > 0 && (items + added > TRANSACTION_ITEMS || bytes + size > TRANSACTION_BYTES);
      if (clash || full) {
        later.push(index);
        waiting.add(write.officialId);
        continue;
      }
      group.push(index);
      for (const key of ownKeys) own.add(key);
      for (const key of sharedKeys) shared.add(key);
      items += added;
      bytes += size;
    }
    groups.push(group);
    pending = later;
  }
  return groups;
}

/**
 * The sparse index keys of a status item: due date while a chain is held (by agency, pattern 6, and by month across
 * agencies, pattern 30); the latest unsatisfactory year while one
 * falls in the last three rated years (the only ones the requirement rules read, so an old rating long followed by
 * better ones costs no read); once the official is known to leave, only the leavers' index, keyed by the first day
 * out, so flag reads as of today never grow with leavers.
 */
function statusIndexKeys(status: OfficialStatus): Item {
  if (!status.agencyId) return {};
  if (status.outFrom) return keys.leaversIndex(status.agencyId, status.outFrom, status.officialId);
  const latestRated = Math.max(...status.annual.map((a) => a.year));
  const years = status.annual
    .filter((a) => a.rating === 'unsatisfactory' && a.year >= latestRated - 2)
    .map((a) => a.year);
  return {
    ...(status.chain
      ? { ...keys.dueIndex(status.agencyId, status.chain.dueDate, status.officialId), ...keys.dueMonthIndex(status.chain.dueDate, status.officialId) }
      : {}),
    ...(years.length ? keys.unsatisfactoryIndex(status.agencyId, Math.max(...years), status.officialId) : {}),
  };
}

/**
 * A change to a post's holder count. With a guard (applying a proposal), the post must still have the headcount
 * the plan was made with and room for the change: the count then never exceeds the headcount, whatever else is
 * applied at the same moment.
 */
export function holderEntry(tableName: string, change: HolderDelta): Entry {
  const base = {
    TableName: tableName,
    Key: keys.position(change.positionId),
    UpdateExpression: 'ADD #holders :delta',
  };
  if (!change.guard)
    return {
      label: 'CONCURRENT_UPDATE',
      item: {
        Update: {
          ...base,
          ConditionExpression: `attribute_exists(${PK})`,
          ExpressionAttributeNames: { '#holders': 'holders' },
          ExpressionAttributeValues: { ':delta': change.delta },
        },
      },
    };
  return {
    label: 'POST_FULL',
    item: {
      Update: {
        ...base,
        ConditionExpression: '#headcount = :headcount AND (attribute_not_exists(#holders) OR #holders <= :most)',
        ExpressionAttributeNames: { '#holders': 'holders', '#headcount': 'headcount' },
        ExpressionAttributeValues: {
          ':delta': change.delta,
          ':headcount': change.guard.headcount,
          ':most': change.guard.headcount - change.delta,
        },
      },
    },
  };
}

type UnitCheck = NonNullable<AggregateWrite['unitChecks']>[number];

/**
 * A write's checks of what its status item copied: its chain's post's facts, and the units its mail stamp was resolved
 * from. ConditionChecks: several on one item in a transaction (officials of one post or unit) are folded into one by
 * the table client's `mergeChecks`, and into any other operation on that item.
 */
export function checkEntries(tableName: string, write: Pick<AggregateWrite, 'positionCheck' | 'unitChecks'>): Entry[] {
  return [
    ...(write.positionCheck ? [positionCheckEntry(tableName, write.positionCheck)] : []),
    ...(write.unitChecks ?? []).map((check) => unitCheckEntry(tableName, check)),
  ];
}

/** A unit still at the version a mail stamp was resolved from (ConditionCheck: nothing written). */
function unitCheckEntry(tableName: string, check: UnitCheck): Entry {
  return {
    label: 'CONCURRENT_UPDATE',
    item: {
      ConditionCheck: {
        TableName: tableName,
        Key: keys.unit(check.unitId),
        ConditionExpression: '#version = :version',
        ExpressionAttributeNames: { '#version': 'version' },
        ExpressionAttributeValues: { ':version': check.version },
      },
    },
  };
}

type RatingCountsDelta = NonNullable<AggregateWrite['ratingCounts']>[number];

/** Adds to an agency's rating counts of a year; none when every delta is zero. */
function ratingCountsEntry(tableName: string, counts: RatingCountsDelta): Entry | undefined {
  const names: Record<string, string> = {};
  const values: Record<string, number> = {};
  const adds: string[] = [];
  for (const [rating, delta] of Object.entries(counts.delta)) {
    if (!delta) continue;
    names[`#${rating}`] = rating;
    values[`:${rating}`] = delta;
    adds.push(`#${rating} :${rating}`);
  }
  if (!adds.length) return undefined;
  return {
    label: 'CONCURRENT_UPDATE',
    item: {
      Update: {
        TableName: tableName,
        Key: keys.ratingCounts(counts.agencyId, counts.year),
        UpdateExpression: `ADD ${adds.join(', ')}`,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      },
    },
  };
}

function mergeCounts(list: NonNullable<AggregateWrite['ratingCounts']>): RatingCountsDelta[] {
  const merged = new Map<string, RatingCountsDelta>();
  for (const c of list) {
    const key = `${c.agencyId}#${c.year}`;
    const m = merged.get(key) ?? { agencyId: c.agencyId, year: c.year, delta: {} };
    for (const [r, d] of Object.entries(c.delta)) m.delta[r as Rating] = (m.delta[r as Rating] ?? 0) + (d ?? 0);
    merged.set(key, m);
  }
  return [...merged.values()];
}
