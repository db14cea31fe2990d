/**
 * Officials' writes sharing a transaction (OfficialStore.writeAggregates, the import's rows): each write is still
 * whole or not at all. A write refused by its conditions is left out and the others committed without it; counters
 * several writes add to (a post's holders) are added up; two writes of one official are committed in turn; a failed
 * database fails the writes it did not commit. Against DynamoDB Local, and with a client that answers as the service
 * would where DynamoDB Local does not: it takes a transaction that touches one item twice, which the service refuses,
 * and never fails a condition on a counter that two writes share.
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { DynamoOfficialStore } from '../../shared/adapters/dynamo/official-store';
import { entryKey, TableClient, type Entry } from '../../shared/adapters/dynamo/table-client';
import { ConflictError } from '../../shared/domain/errors';
import { importedOfficialId } from '../../shared/domain/import-parsing';
import type { AggregateWrite } from '../../shared/ports';
import type { Actor, UseCaseDeps } from '../../shared/use-cases/context';
import { createAssignment } from '../../shared/use-cases/record-assignment';
import { createTestApp, type TestApp } from '../support/app';
import { addOfficial, ORG, seedOrganisation } from '../support/fixtures';
import { csvFile, importFile, OFFICIAL_HEADERS } from '../support/imports';

let t: TestApp;
const hr: Actor = { principal: { sub: 'hr-grouped', roles: ['hr'], scope: '*' }, requestId: 'grouped-1' };

beforeAll(async () => {
  let tick = 0;
  t = await createTestApp({ now: () => new Date(Date.parse('2026-11-20T03:00:00Z') + tick++) });
  await seedOrganisation(t);
});

/** The use cases' writes, kept instead of committed: each built from the table as it is now. */
function capturing(): { deps: UseCaseDeps; writes: AggregateWrite[] } {
  const writes: AggregateWrite[] = [];
  const officials = Object.create(t.deps.officials);
  officials.writeAggregate = async (write: AggregateWrite) => {
    writes.push(write);
  };
  return { deps: { ...t.deps, officials }, writes };
}

describe('an import whose rows share transactions', () => {
  it('writes every row but those refused, each once, and leaves nothing of a refused row', async () => {
    // Codes held in another agency: the importer, scoped to one office, may not take them.
    for (const code of ['HELD-1', 'HELD-2']) await addOfficial(t, ORG.otherOffice, { employeeCode: code, fullName: `Giữ Mã ${code}` });
    const rows = Array.from({ length: 45 }, (_, i) => [`GR${String(i).padStart(3, '0')}`, `Nguyễn Văn Nhóm ${i}`, 'Nam', '01/01/1980', ORG.office]);
    rows[7][0] = 'HELD-1';
    rows[31][0] = 'HELD-2';
    const res = await importFile(t, 'hr', 'officials', csvFile([OFFICIAL_HEADERS, ...rows]), { units: [ORG.office] });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ rows: 45, written: 43, present: 0, failed: 2 });
    expect(res.body.errors.map((e: { row: number; code: string }) => [e.row, e.code])).toEqual([
      [9, 'ID_UNAVAILABLE'],
      [33, 'ID_UNAVAILABLE'],
    ]);
    const listed = await t.call('hr', 'GET', `/v1/officials?unitId=${ORG.office}&limit=500`);
    const codes = listed.body.items.map((o: { employeeCode: string }) => o.employeeCode).filter((c: string) => c.startsWith('GR'));
    expect(codes.sort()).toEqual(rows.map((r) => r[0]).filter((c) => c.startsWith('GR')).sort());
    // One creation audited per written row, as the importer, none for the refused ones.
    const audit = await t.call('auditor', 'GET', `/v1/audit?actor=hr-user&limit=500`);
    const created = audit.body.items.filter((a: { action: string; entityType: string; requestId?: string }) => a.entityType === 'official' && a.action === 'create');
    const ids = listed.body.items.filter((o: { employeeCode: string }) => o.employeeCode.startsWith('GR')).map((o: { id: string }) => o.id);
    for (const id of ids) expect(created.filter((a: { entityId: string }) => a.entityId === id), id).toHaveLength(1);
    for (const code of ['HELD-1', 'HELD-2']) {
      const id = importedOfficialId(code);
      expect(await t.deps.officials.getOfficialAggregate(id)).toBeUndefined();
      expect((await t.call('auditor', 'GET', `/v1/audit?entityId=${id}`)).body.items).toEqual([]);
    }

    const again = await importFile(t, 'hr', 'officials', csvFile([OFFICIAL_HEADERS, ...rows]), { units: [ORG.office] });
    expect(again.body).toMatchObject({ written: 0, present: 43, failed: 2 });
  });

  it('two imports of one file at once write each row once: what one wrote, the other finds present', async () => {
    // Enough rows that both are writing at once: one commits each group first, the other's group is then refused
    // row by row (the official exists, the code is taken) and those rows are found present.
    const TWICE = 300;
    const rows = Array.from({ length: TWICE }, (_, i) => [`TW${String(i).padStart(3, '0')}`, `Trần Văn Đôi ${i}`, 'Nam', '02/02/1982', ORG.inspectorate]);
    const file = csvFile([OFFICIAL_HEADERS, ...rows]);
    const [a, b] = await Promise.all([0, 1].map(() => importFile(t, 'hr', 'officials', file, { sub: 'hr-twice' })));
    for (const res of [a, b]) expect(res.body, JSON.stringify(res.body)).toMatchObject({ rows: TWICE, failed: 0, errors: [] });
    expect(a.body.written + b.body.written).toBe(TWICE);
    expect(a.body.present + b.body.present).toBe(TWICE);
    const audit = await t.call('auditor', 'GET', '/v1/audit?actor=hr-twice&limit=500');
    const created = audit.body.items.filter((e: { entityType: string; action: string }) => e.entityType === 'official' && e.action === 'create');
    expect(new Set(created.map((e: { entityId: string }) => e.entityId)).size).toBe(TWICE);
    expect(created).toHaveLength(TWICE);
  });
});

describe('writeAggregates', () => {
  it('adds up the holders of a post several writes fill, and commits two writes of one official in turn', async () => {
    const people = [];
    for (const name of ['Một', 'Hai', 'Ba']) people.push(await addOfficial(t, ORG.inspectorate, { fullName: `Lê Văn ${name}` }));
    const before = (await t.deps.organisation.getPosition('TT-TTV'))!.holders ?? 0;
    const { deps, writes } = capturing();
    await createAssignment(deps, hr, people[0], { positionId: 'TT-TTV', startDate: '2020-01-01', kind: 'appointment', primary: true });
    await createAssignment(deps, hr, people[1], { positionId: 'TT-TTV', startDate: '2021-01-01', kind: 'appointment', primary: true });
    // Built from the same state as the first write: once that one is in, its revision guard must refuse it.
    await createAssignment(deps, hr, people[0], { positionId: 'VP-KT', startDate: '2015-01-01', endDate: '2019-12-31', kind: 'appointment', primary: true });
    await createAssignment(deps, hr, people[2], { positionId: 'VP-CV', startDate: '2022-01-01', kind: 'appointment', primary: true });

    // The service refuses a transaction touching one item twice (DynamoDB Local does not): as it would answer.
    const transactions: string[][] = [];
    const service = {
      send: async (command: { input: { TransactItems: Entry['item'][] } }) => {
        const keys = command.input.TransactItems.map((item) => entryKey({ label: 'STALE_VERSION', item }));
        transactions.push(keys);
        if (new Set(keys).size < keys.length) throw new Error('Transaction request cannot include multiple operations on one item');
        return {};
      },
    } as unknown as DynamoDBDocumentClient;
    const offline = new DynamoOfficialStore(new TableClient(service, t.table.tableName));
    expect(await offline.writeAggregates(writes)).toEqual([undefined, undefined, undefined, undefined]);
    expect(transactions).toHaveLength(2);

    const outcomes = await t.deps.officials.writeAggregates(writes);
    expect(outcomes[0]).toBeUndefined();
    expect(outcomes[1]).toBeUndefined();
    expect(outcomes[2]).toBeInstanceOf(ConflictError);
    expect(outcomes[2]).toMatchObject({ code: 'CONCURRENT_UPDATE' });
    expect(outcomes[3]).toBeUndefined();
    expect((await t.deps.organisation.getPosition('TT-TTV'))!.holders).toBe(before + 2);
    const first = await t.deps.officials.getOfficialAggregate(people[0]);
    expect(first!.assignments.map((a) => a.positionId)).toEqual(['TT-TTV']);
    expect(first!.status.rev).toBe(2);
    expect((await t.deps.officials.getOfficialAggregate(people[2]))!.assignments.map((a) => a.positionId)).toEqual(['VP-CV']);
  });
});

function cancelled(codes: string[]) {
  return new TransactionCanceledException({ message: 'Transaction cancelled', $metadata: {}, CancellationReasons: codes.map((Code) => ({ Code })) });
}

function clientAnswering(answers: (Error | undefined)[]) {
  const sent: { TransactItems: unknown[] }[] = [];
  const doc = {
    send: async (command: { input: { TransactItems: unknown[] } }) => {
      sent.push(command.input);
      const answer = answers.shift();
      if (answer) throw answer;
      return {};
    },
  } as unknown as DynamoDBDocumentClient;
  return { table: new TableClient(doc, 'table'), sent };
}

const put = (pk: string): Entry => ({ label: 'OFFICIAL_EXISTS', item: { Put: { TableName: 'table', Item: { PK: pk, SK: '#META' } } } });

/** Changes 0-2 with an item each, and a counter that changes 0 and 2 both add to. */
function build(live: readonly number[]) {
  const entries = live.map((change) => put(`C#${change}`));
  const owners = live.map((change) => [change]);
  const sharing = live.filter((change) => change !== 1);
  if (sharing.length) {
    entries.push({ label: 'CONCURRENT_UPDATE', item: { Update: { TableName: 'table', Key: { PK: 'COUNTER', SK: '#META' }, UpdateExpression: 'ADD n :one' } } });
    owners.push(sharing);
  }
  return { entries, owners };
}

describe('a transaction of several changes (TableClient.transactEach)', () => {
  it('refuses every change adding to a counter whose condition failed, and commits the others without them', async () => {
    const { table, sent } = clientAnswering([cancelled(['None', 'None', 'None', 'ConditionalCheckFailed'])]);
    const outcomes = await table.transactEach(3, build);
    expect(outcomes[0]).toMatchObject({ code: 'CONCURRENT_UPDATE' });
    expect(outcomes[1]).toBeUndefined();
    expect(outcomes[2]).toMatchObject({ code: 'CONCURRENT_UPDATE' });
    expect(sent).toHaveLength(2);
    expect(sent[1].TransactItems).toEqual([put('C#1').item]);
  });

  it('names the change whose own item failed, and retries the whole after a concurrent transaction', async () => {
    const { table, sent } = clientAnswering([cancelled(['None', 'None', 'None', 'TransactionConflict']), cancelled(['None', 'ConditionalCheckFailed', 'None', 'None'])]);
    const outcomes = await table.transactEach(3, build);
    expect(outcomes).toEqual([undefined, expect.objectContaining({ code: 'OFFICIAL_EXISTS' }), undefined]);
    expect(sent.map((s) => s.TransactItems.length)).toEqual([4, 4, 3]);
  });

  it('fails every change with the database error when the database fails', async () => {
    const down = new Error('connection reset');
    const { table, sent } = clientAnswering([down]);
    expect(await table.transactEach(3, build)).toEqual([down, down, down]);
    expect(sent).toHaveLength(1);
  });
});
