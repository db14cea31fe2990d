/**
 * The audit log (access patterns 8, 9, 14, 15, 25, 26). Records of changes are written by the other stores inside the
 * transaction of the change they describe (TableClient.auditPut); this store reads them, writes the access records
 * of sensitive reads, and reads back the personal images kept apart until their retention ends.
 */
import { ServiceUnavailableError } from '../../domain/errors';
import type { AuditEntityType, AuditLog, AuditQuery, AuditRecord, Page, PersonalImages } from '../../ports';
import { AuditItem, AuditPersonalItem } from './item-schemas';
import { INDEX, keys } from './keys';
import { decodeCursor, encodeCursor, fromItem, invalidCursor, type Item, type TableClient } from './table-client';
import { TABLE } from './table';

const PK = TABLE.partitionKey;

/** A sort key `at#id` of an audit record, as a cursor carries it. */
const SORT_KEY = /^\d{4}-\d{2}-\d{2}T[0-9:.]+Z#[A-Za-z0-9._:-]{1,100}$/;

/** Access records per transaction (DynamoDB's limit is 100 entries). */
const ACCESS_RECORDS_PER_WRITE = 100;

export class DynamoAuditLog implements AuditLog {
  constructor(private readonly table: TableClient) {}

  /**
   * Each chunk is one transaction of conditional puts (never a silent partial batch). Any failure, after the
   * client's own retries, is a 503: the read is refused. A refused read may leave the chunks already written: an
   * access logged for a read that was then refused, never a read answered without its log.
   */
  async recordReads(records: AuditRecord[]): Promise<void> {
    try {
      for (let i = 0; i < records.length; i += ACCESS_RECORDS_PER_WRITE)
        await this.table.transact(records.slice(i, i + ACCESS_RECORDS_PER_WRITE).flatMap((r) => this.table.auditPut(r)));
    } catch (error) {
      throw new ServiceUnavailableError(
        'ACCESS_LOG_UNAVAILABLE',
        'Không ghi được nhật ký truy cập dữ liệu cá nhân nhạy cảm nên chưa thể trả kết quả; hãy thử lại sau ' +
          '(the access log could not be written, so the sensitive data was not returned)',
        { cause: error },
      );
    }
  }

  async personalImages(records: AuditRecord[]): Promise<Map<string, PersonalImages>> {
    const ids = [...new Set(records.filter((r) => r.personalExpiresAt !== undefined).map((r) => r.id))];
    const found = new Map<string, PersonalImages>();
    if (!ids.length) return found;
    const prefix = keys.auditPersonal('').PK;
    for (const item of await this.table.batchGet(ids.map(keys.auditPersonal)))
      found.set(String(item[PK]).slice(prefix.length), fromItem(AuditPersonalItem, item));
    return found;
  }

  async listForEntity(entityType: AuditEntityType, entityId: string): Promise<AuditRecord[]> {
    const [own, children] = await Promise.all([
      this.table.queryAll({
        KeyConditionExpression: `${PK} = :pk`,
        ExpressionAttributeValues: { ':pk': keys.auditPK(entityType, entityId) },
      }),
      entityType === 'official'
        ? this.table.queryAll({
            IndexName: INDEX.groups.indexName,
            KeyConditionExpression: `${INDEX.groups.partitionKey} = :pk`,
            ExpressionAttributeValues: { ':pk': keys.auditParentPartition(entityId) },
          })
        : Promise.resolve([]),
    ]);
    const seen = new Set<string>();
    return [...own, ...children]
      .map((i) => fromItem(AuditItem, i))
      .filter((r) => (seen.has(r.id) ? false : (seen.add(r.id), true)))
      .sort(newestFirst);
  }

  async listByActor(
    sub: string,
    range: { from: string; to: string },
    page: AuditQuery & { keep: (record: AuditRecord) => boolean },
  ): Promise<Page<AuditRecord>> {
    return this.merged(INDEX.lists, [keys.auditActorPartition(sub)], range, page);
  }

  async listByAgencies(
    agencyIds: string[],
    range: { from: string; to: string },
    page: AuditQuery & { keep: (record: AuditRecord) => boolean },
  ): Promise<Page<AuditRecord>> {
    return this.merged(INDEX.dates, agencyIds.map(keys.auditAgencyPartition), range, page);
  }

  /**
   * Newest first across partitions of one index. The cursor is the sort key of the last record returned; the next
   * page reads each partition from just below it, so pages never skip or repeat a record.
   */
  private async merged(
    index: { indexName: string; partitionKey: string; sortKey: string },
    partitions: string[],
    range: { from: string; to: string },
    page: AuditQuery & { keep: (record: AuditRecord) => boolean },
  ): Promise<Page<AuditRecord>> {
    const bounds = keys.auditRange(range.from, range.to);
    const before = page.cursor
      ? (decodeCursor(page.cursor, (v) => typeof v === 'string' && SORT_KEY.test(v)) as string)
      : undefined;
    if (before !== undefined && (before < bounds.from || before > bounds.to)) throw invalidCursor();
    const upper = before ?? bounds.to;
    const perPartition = await Promise.all(
      partitions.map((pk) => this.readPartition(index, pk, bounds.from, upper, before, page.limit + 1, page.keep)),
    );
    const all = perPartition.flat().sort((a, b) => sortKeyOf(b).localeCompare(sortKeyOf(a)));
    const items = all.slice(0, page.limit).map((x) => x.record);
    const more = all.length > page.limit;
    return { items, nextCursor: more ? encodeCursor(sortKeyOf(all[page.limit - 1])) : undefined };
  }

  /** Up to `want` kept records of one partition, newest first, strictly below `before` when given. */
  private async readPartition(
    index: { indexName: string; partitionKey: string; sortKey: string },
    pk: string,
    from: string,
    upper: string,
    before: string | undefined,
    want: number,
    keep: (record: AuditRecord) => boolean,
  ): Promise<{ record: AuditRecord; sk: string }[]> {
    const found: { record: AuditRecord; sk: string }[] = [];
    let start: Item | undefined;
    do {
      const out = await this.table.query({
        IndexName: index.indexName,
        KeyConditionExpression: `${index.partitionKey} = :pk AND ${index.sortKey} BETWEEN :from AND :to`,
        ExpressionAttributeValues: { ':pk': pk, ':from': from, ':to': upper },
        ScanIndexForward: false,
        ExclusiveStartKey: start,
        Limit: want + 1,
      });
      for (const raw of (out.Items ?? []) as Item[]) {
        const sk = String(raw[index.sortKey]);
        if (sk === before) continue;
        const record = fromItem(AuditItem, raw);
        if (keep(record)) found.push({ record, sk });
      }
      start = out.LastEvaluatedKey as Item | undefined;
    } while (start && found.length < want);
    return found.slice(0, want);
  }
}

function sortKeyOf(x: { sk: string }): string {
  return x.sk;
}

function newestFirst(a: AuditRecord, b: AuditRecord): number {
  return a.at === b.at ? b.id.localeCompare(a.id) : a.at < b.at ? 1 : -1;
}
