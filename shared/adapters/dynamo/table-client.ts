/**
 * What every DynamoDB store shares: one table, items parsed on the way out, guarded puts, paging with validated
 * cursors, and transactions whose cancellation becomes a ConflictError naming what moved. The stores
 * (organisation, official, audit, idempotency) are small classes over this.
 */
import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  type DynamoDBDocumentClient,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import type { z } from 'zod';
import { BadRequestError, ConflictError } from '../../domain/errors';
import { personalRetentionEnd, splitPersonal } from '../../domain/personal-data';
import type { AuditRecord, IdempotentResponse } from '../../ports';
import { keys } from './keys';
import { TABLE } from './table';

const PK = TABLE.partitionKey;

export type Item = Record<string, unknown>;
export type TransactItem = NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']>[number];
/** A transaction entry and the conflict to report when its condition fails. */
export interface Entry {
  label: ConflictLabel;
  item: TransactItem;
}

/** BatchGetItem requests of one batchGet in flight at once. */
const BATCH_GETS_AT_ONCE = 4;
/** Attempts for a transaction cancelled only by a conflicting concurrent transaction. */
const TRANSACTION_ATTEMPTS = 5;

export function toItem(entity: string, value: object, keyAttributes: Item): Item {
  // Undefined optional fields are dropped by the marshaller (removeUndefinedValues).
  return { ...value, ...keyAttributes, entity };
}

/** Parse an item read back from the table; key attributes are stripped by the schema. */
export function fromItem<T>(schema: z.ZodType<T>, item: Item): T {
  const parsed = schema.safeParse(item);
  if (!parsed.success)
    throw new Error(
      `Malformed ${String(item.entity ?? 'item')} ${String(item.PK)}/${String(item.SK)}: ` +
        parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
    );
  return parsed.data;
}

/** Guard a put: create only if absent, or replace (or delete) only the version that was read. */
export function guard(create: boolean | undefined, expectedVersion: number | undefined) {
  if (create) return { ConditionExpression: `attribute_not_exists(${PK})` };
  if (expectedVersion !== undefined)
    return {
      ConditionExpression: '#version = :expectedVersion',
      ExpressionAttributeNames: { '#version': 'version' },
      ExpressionAttributeValues: { ':expectedVersion': expectedVersion },
    };
  return { ConditionExpression: `attribute_exists(${PK})` };
}

export function encodeCursor(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

/** A cursor the client sent back, or a 400: never a value that reaches DynamoDB unchecked. */
export function decodeCursor(cursor: string, valid: (value: unknown) => boolean): unknown {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    value = undefined;
  }
  if (value === undefined || !valid(value)) throw invalidCursor();
  return value;
}

export function invalidCursor(): BadRequestError {
  return new BadRequestError(
    'cursor không hợp lệ: hãy dùng nextCursor của trang trước (invalid cursor)',
    [{ path: 'cursor', message: 'Invalid cursor' }],
    'INVALID_CURSOR',
  );
}

/** Labels of the conditions a transaction can fail on, each a stable error code. */
export type ConflictLabel =
  | 'CONCURRENT_UPDATE'
  | 'STALE_VERSION'
  | 'UNIT_EXISTS'
  | 'POSITION_EXISTS'
  | 'OFFICIAL_EXISTS'
  | 'ASSIGNMENT_EXISTS'
  | 'CIRCUMSTANCE_EXISTS'
  | 'ASSESSMENT_EXISTS'
  | 'EMPLOYEE_CODE_TAKEN'
  | 'IDEMPOTENCY_CLAIM_LOST'
  | 'POST_FULL'
  | 'PROPOSAL_EXISTS';

const CONFLICT_MESSAGES: Record<ConflictLabel, string> = {
  CONCURRENT_UPDATE: 'Hồ sơ vừa được người khác cập nhật; hãy đọc lại và thử lại',
  STALE_VERSION: 'Phiên bản đã cũ: bản ghi đã được cập nhật sau khi bạn đọc',
  UNIT_EXISTS: 'Đơn vị với id này đã tồn tại',
  POSITION_EXISTS: 'Vị trí với id này đã tồn tại',
  OFFICIAL_EXISTS: 'Công chức với id này đã tồn tại',
  ASSIGNMENT_EXISTS: 'Quá trình công tác với id này đã tồn tại',
  CIRCUMSTANCE_EXISTS: 'Hoàn cảnh với id này đã tồn tại',
  ASSESSMENT_EXISTS: 'Kỳ đánh giá này đã có kết quả; gửi kèm version để cập nhật',
  EMPLOYEE_CODE_TAKEN: 'Mã công chức đã được dùng cho người khác',
  IDEMPOTENCY_CLAIM_LOST: 'Yêu cầu với Idempotency-Key này đã được xử lý bởi một lần gửi khác',
  PROPOSAL_EXISTS: 'Đề xuất với id này đã tồn tại',
  POST_FULL: 'Vị trí đã đủ biên chế (hoặc vừa đổi biên chế) nên không nhận thêm người (the post is full)',
};

export class TableClient {
  constructor(
    readonly doc: DynamoDBDocumentClient,
    readonly tableName: string,
  ) {}

  async get<T>(schema: z.ZodType<T>, key: Item): Promise<T | undefined> {
    const out = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: true }));
    return out.Item ? fromItem(schema, out.Item) : undefined;
  }

  /** Every item of a query, following LastEvaluatedKey. */
  async queryAll(input: Omit<QueryCommandInput, 'TableName'>): Promise<Item[]> {
    const items: Item[] = [];
    let start: Item | undefined;
    do {
      const out = await this.doc.send(new QueryCommand({ ...input, TableName: this.tableName, ExclusiveStartKey: start }));
      items.push(...((out.Items ?? []) as Item[]));
      start = out.LastEvaluatedKey;
    } while (start);
    return items;
  }

  async query(input: Omit<QueryCommandInput, 'TableName'>) {
    return this.doc.send(new QueryCommand({ ...input, TableName: this.tableName }));
  }

  /** Items by key, 100 keys a request, a few requests at once; the keys DynamoDB left unprocessed asked again. */
  async batchGet(keyList: Item[]): Promise<Item[]> {
    const found: Item[] = [];
    const pages: Item[][] = [];
    for (let i = 0; i < keyList.length; i += 100) pages.push(keyList.slice(i, i + 100));
    const readPage = async (page: Item[]) => {
      let request: Item[] | undefined = page;
      for (let attempt = 0; request?.length; attempt++) {
        if (attempt > 0) await new Promise((r) => setTimeout(r, Math.min(1000, 25 * 2 ** attempt)));
        const out = await this.doc.send(
          new BatchGetCommand({ RequestItems: { [this.tableName]: { Keys: request, ConsistentRead: true } } }),
        );
        found.push(...((out.Responses?.[this.tableName] ?? []) as Item[]));
        request = out.UnprocessedKeys?.[this.tableName]?.Keys as Item[] | undefined;
      }
    };
    for (let i = 0; i < pages.length; i += BATCH_GETS_AT_ONCE) await Promise.all(pages.slice(i, i + BATCH_GETS_AT_ONCE).map(readPage));
    return found;
  }

  /**
   * The audit record of a change, written in the change's transaction. Personal fields of its images
   * (shared/domain/personal-data.ts) go to a second item of their own that expires (TTL) after the retention; the
   * record itself keeps the rest of the images for as long as the audit log.
   */
  auditPut(audit: AuditRecord): Entry[] {
    const before = splitPersonal(audit.entityType, audit.before);
    const after = splitPersonal(audit.entityType, audit.after);
    const hasPersonal = before.personal !== undefined || after.personal !== undefined;
    const expiresAt = hasPersonal ? personalRetentionEnd(audit.at) : undefined;
    const record: AuditRecord = hasPersonal
      ? { ...audit, before: before.kept, after: after.kept, personalExpiresAt: expiresAt }
      : audit;
    const entries: Entry[] = [
      {
        label: 'STALE_VERSION',
        item: {
          Put: {
            TableName: this.tableName,
            Item: toItem('Audit', record, {
              ...keys.audit(audit.entityType, audit.entityId, audit.at, audit.id),
              ...(audit.parentId ? keys.auditParentIndex(audit.parentId, audit.at, audit.id) : {}),
              ...keys.auditActorIndex(audit.actor.sub, audit.at, audit.id),
              ...(audit.agencyId ? keys.auditAgencyIndex(audit.agencyId, audit.at, audit.id) : {}),
            }),
            ConditionExpression: `attribute_not_exists(${PK})`,
          },
        },
      },
    ];
    if (hasPersonal)
      entries.push({
        label: 'STALE_VERSION',
        item: {
          Put: {
            TableName: this.tableName,
            Item: toItem(
              'AuditPersonal',
              { before: before.personal, after: after.personal, [TABLE.ttlAttribute]: expiresAt },
              keys.auditPersonal(audit.id),
            ),
            ConditionExpression: `attribute_not_exists(${PK})`,
          },
        },
      });
    return entries;
  }

  /**
   * Completes an idempotency claim in the transaction of the write it guards, so the write and the response a
   * retry replays are committed together or not at all. Only the claim this request holds may complete it.
   */
  idempotencyComplete(idempotency: IdempotentResponse): Entry {
    return {
      label: 'IDEMPOTENCY_CLAIM_LOST',
      item: {
        Update: {
          TableName: this.tableName,
          Key: keys.idempotency(idempotency.key),
          UpdateExpression: 'SET #status = :completed, #response = :response',
          ConditionExpression: '#status = :inProgress AND claimId = :claimId',
          ExpressionAttributeNames: { '#status': 'status', '#response': 'response' },
          ExpressionAttributeValues: {
            ':completed': 'completed',
            ':inProgress': 'in_progress',
            ':claimId': idempotency.claimId,
            ':response': idempotency.response,
          },
        },
      },
    };
  }

  /**
   * Run a transaction. A cancellation caused only by another transaction touching the same item (two annual
   * ratings of one agency updating its rating counts at once) is retried: every condition is evaluated again, so
   * a retry can never apply half a change or skip a guard. A failed condition is a ConflictError naming it.
   */
  async transact(entries: Entry[], idempotency?: IdempotentResponse): Promise<void> {
    const all = mergeChecks(idempotency ? [...entries, this.idempotencyComplete(idempotency)] : entries).entries;
    for (let attempt = 1; ; attempt++) {
      try {
        await this.doc.send(new TransactWriteCommand({ TransactItems: all.map((e) => e.item) }));
        return;
      } catch (error) {
        if (error instanceof TransactionCanceledException) {
          const reasons = error.CancellationReasons ?? [];
          const failed = reasons
            .map((r, i) => (r.Code === 'ConditionalCheckFailed' ? all[i].label : undefined))
            .filter((label): label is ConflictLabel => label !== undefined);
          if (failed.length) throw conflictFor(failed, error);
          if (reasons.some((r) => r.Code === 'TransactionConflict')) {
            if (attempt < TRANSACTION_ATTEMPTS) {
              await backOff(attempt);
              continue;
            }
            throw concurrentUpdate(error);
          }
        }
        if (error instanceof ConditionalCheckFailedException) throw conflictFor([all[0].label], error);
        throw error;
      }
    }
  }

  /**
   * Several independent changes in one transaction, each whole or not at all: a change whose condition fails is
   * taken out, with its ConflictError, and the others are committed without it; a cancellation caused only by a
   * concurrent transaction is retried as in transact(). `build` gives the entries of the changes still in (indexes
   * into the `count` changes) and, per entry, the changes it belongs to: an entry several share (a counter they all
   * add to) fails each of them.
   *
   * @returns per change: undefined once committed, else why not (a ConflictError, or the database's error, which
   *   fails every change still in).
   */
  async transactEach(count: number, build: (live: readonly number[]) => { entries: Entry[]; owners: number[][] }): Promise<unknown[]> {
    const outcomes: unknown[] = new Array(count).fill(undefined);
    let live = Array.from({ length: count }, (_, i) => i);
    for (let attempt = 1; live.length; ) {
      const { entries, owners } = mergeChecks(...Object.values(build(live)) as [Entry[], number[][]]);
      try {
        await this.doc.send(new TransactWriteCommand({ TransactItems: entries.map((e) => e.item) }));
        return outcomes;
      } catch (error) {
        const reasons = error instanceof TransactionCanceledException ? (error.CancellationReasons ?? []) : [];
        const failed = new Map<number, ConflictLabel[]>();
        reasons.forEach((r, i) => {
          if (r.Code !== 'ConditionalCheckFailed') return;
          for (const change of owners[i] ?? []) failed.set(change, [...(failed.get(change) ?? []), entries[i].label]);
        });
        if (failed.size) {
          for (const [change, labels] of failed) outcomes[change] = conflictFor(labels, error);
          live = live.filter((change) => !failed.has(change));
          continue;
        }
        const conflict = reasons.some((r) => r.Code === 'TransactionConflict');
        if (conflict && attempt < TRANSACTION_ATTEMPTS) {
          await backOff(attempt++);
          continue;
        }
        for (const change of live) outcomes[change] = conflict ? concurrentUpdate(error) : error;
        return outcomes;
      }
    }
    return outcomes;
  }
}

/**
 * A transaction may touch an item once: a ConditionCheck on an item another entry of the same transaction also
 * touches is folded into that entry's condition (both must hold, so nothing is lost), and its owners are added to that
 * entry's. Placeholders are renamed so that folded conditions never share a value name.
 */
export function mergeChecks(entries: Entry[], owners: number[][] = []): { entries: Entry[]; owners: number[][] } {
  const out: Entry[] = [];
  const outOwners: number[][] = [];
  const at = new Map<string, number>();
  let folded = 0;
  const order = entries.map((entry, i) => ({ entry, owners: owners[i] ?? [] }));
  // The other operations first, so each check finds the entry it folds into whatever order the entries came in.
  for (const { entry, owners: who } of [...order.filter((e) => !e.entry.item.ConditionCheck), ...order.filter((e) => e.entry.item.ConditionCheck)]) {
    const key = entryKey(entry);
    const check = entry.item.ConditionCheck;
    const target = at.get(key);
    if (!check || target === undefined) {
      at.set(key, out.length);
      out.push(entry);
      outOwners.push([...who]);
      continue;
    }
    folded += 1;
    const suffix = `_c${folded}`;
    const values = Object.fromEntries(Object.entries(check.ExpressionAttributeValues ?? {}).map(([k, v]) => [`${k}${suffix}`, v]));
    const condition = String(check.ConditionExpression).replace(/:[A-Za-z0-9_]+/g, (name) => `${name}${suffix}`);
    const [kind, op] = Object.entries(out[target].item).find(([, v]) => v !== undefined) as [keyof Entry['item'], Record<string, unknown> & { ConditionExpression?: string }];
    const merged = {
      ...op,
      ConditionExpression: op.ConditionExpression ? `(${op.ConditionExpression}) AND (${condition})` : condition,
      ExpressionAttributeNames: { ...(op.ExpressionAttributeNames as object), ...check.ExpressionAttributeNames },
      ExpressionAttributeValues: { ...(op.ExpressionAttributeValues as object), ...values },
    };
    out[target] = { ...out[target], item: { [kind]: merged } as Entry['item'] };
    outOwners[target] = [...new Set([...outOwners[target], ...who])];
  }
  return { entries: out, owners: outOwners };
}

/** An item's key (partition and sort) as one string, to tell whether two writes touch the same item. */
export function itemKey(key: Item): string {
  return `${String(key[PK])}\u0000${String(key[TABLE.sortKey])}`;
}

/** The key of the item a transaction entry touches. */
export function entryKey(entry: Entry): string {
  const { Put, Update, Delete, ConditionCheck } = entry.item;
  return itemKey((Put?.Item ?? Update?.Key ?? Delete?.Key ?? ConditionCheck?.Key) as Item);
}

/**
 * Several checks can fail at once (creating an existing official fails its status check too): name the most
 * specific one, and the revision guard only when nothing else failed.
 */
function conflictFor(labels: ConflictLabel[], cause: unknown): ConflictError {
  const label = labels.find((l) => l !== 'CONCURRENT_UPDATE') ?? labels[0];
  return new ConflictError(label, CONFLICT_MESSAGES[label], { cause });
}

function concurrentUpdate(cause: unknown): ConflictError {
  return new ConflictError('CONCURRENT_UPDATE', 'Dữ liệu đang được cập nhật đồng thời, vui lòng thử lại', { cause });
}

function backOff(attempt: number): Promise<void> {
  return new Promise((done) => setTimeout(done, Math.random() * 20 * 2 ** attempt));
}
