/**
 * Personal data (Decree 13/2023/NĐ-CP, docs/personal-data.md): reads of assessments and circumstances leave access
 * records that admins and auditors browse; a read whose record cannot be written is a 503 that tells nothing; an admin
 * reading the audit log sees no images of officials' records; audit images keep personal fields only for 5 years.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app';
import { ORG, addAssignment, addOfficial, seedOrganisation } from '../support/fixtures';
import { ASSESSMENT_HEADERS, OFFICIAL_HEADERS, csvFile, importFile } from '../support/imports';

let t: TestApp;
// A clock the retention test moves; a millisecond per read keeps records in order.
let base = Date.parse('2026-03-02T03:00:00Z');
let tick = 0;

interface Audit {
  id: string;
  at: string;
  entityType: string;
  entityId: string;
  action: string;
  actor: { sub: string; roles: string[] };
  requestId?: string;
  access?: { kinds: string[]; via: string };
  before?: any;
  after?: any;
  personalData?: string;
  imagesWithheld?: true;
}

async function audit(query: string, role: 'auditor' | 'admin' = 'auditor'): Promise<Audit[]> {
  const res = await t.call(role, 'GET', `/v1/audit?${query}&limit=500`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.items;
}

const accessOf = async (officialId: string) => audit(`entityType=access&entityId=${officialId}`);

let official: string;
let quiet: string;

beforeAll(async () => {
  t = await createTestApp({ now: () => new Date(base + tick++) });
  await seedOrganisation(t);
  official = await addOfficial(t, ORG.office, { fullName: 'Lê Thị Riêng Tư', employeeCode: 'RT01', dateOfBirth: '1979-04-12' });
  await addAssignment(t, official, { positionId: 'VP-CV', startDate: '2012-01-01' });
  const assessed = await t.call('hr', 'PUT', `/v1/officials/${official}/assessments/2025`, {
    rating: 'unsatisfactory',
    assessedOn: '2025-12-20',
    comments: 'Nhận xét kín',
  });
  expect(assessed.status, JSON.stringify(assessed.body)).toBe(201);
  const recorded = await t.call('hr', 'POST', `/v1/officials/${official}/circumstances`, { type: 'serious_illness', from: '2025-06-01' });
  expect(recorded.status, JSON.stringify(recorded.body)).toBe(201);
  quiet = await addOfficial(t, ORG.office, { fullName: 'Phạm Văn Lặng', employeeCode: 'RT02' });
});

describe('reads of sensitive data are logged', () => {
  it("an official's assessments: who, roles, which official, what kind, through what, the request id", async () => {
    const res = await t.call('leader', 'GET', `/v1/officials/${official}/assessments`, undefined, {
      sub: 'ld-xem',
      headers: { 'x-request-id': 'req-read-assessments-1' },
    });
    expect(res.status).toBe(200);
    expect(res.body.items[0].comments).toBe('Nhận xét kín');
    const records = (await accessOf(official)).filter((r) => r.requestId === 'req-read-assessments-1');
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      entityType: 'access',
      entityId: official,
      action: 'read',
      actor: { sub: 'ld-xem', roles: ['leader'] },
      access: { kinds: ['assessment'], via: 'listOfficialAssessments' },
    });
    expect(Date.parse(records[0].at)).not.toBeNaN();
  });

  it('circumstances, a period across a unit, tenure and flags that show them, the assessment export', async () => {
    const reads: [string, string, string][] = [
      [`/v1/officials/${official}/circumstances`, 'listCircumstances', 'circumstance'],
      [`/v1/assessments?unitId=${ORG.agency}&period=2025`, 'listAssessmentsForPeriod', 'assessment'],
      [`/v1/officials/${official}/tenure?asOf=2026-03-01`, 'getTenure', 'assessment,circumstance'],
      [`/v1/tenure/flags?asOf=2026-03-01`, 'listFlags', 'assessment,circumstance'],
      [`/v1/exports/assessments?format=csv`, 'exportRows', 'assessment'],
    ];
    for (const [path, via, kinds] of reads) {
      const requestId = `req-${via}`;
      const res = await t.call('auditor', 'GET', path, undefined, { sub: 'tt-xem', headers: { 'x-request-id': requestId } });
      expect(res.status, `${path}: ${JSON.stringify(res.body)}`).toBe(200);
      const logged = (await accessOf(official)).filter((r) => r.requestId === requestId);
      expect(logged, path).toHaveLength(1);
      expect(logged[0].access, path).toEqual({ kinds: kinds.split(','), via });
      expect(logged[0].actor.sub).toBe('tt-xem');
    }
  });

  it('admins browse access records by actor and by date; the lists of changes leave them out', async () => {
    await t.call('hr', 'GET', `/v1/officials/${official}/circumstances`, undefined, { sub: 'cb-doc' });
    const byActor = await audit('entityType=access&actor=cb-doc', 'admin');
    expect(byActor.map((r) => [r.entityId, r.access?.via])).toEqual([[official, 'listCircumstances']]);
    expect(byActor[0].imagesWithheld).toBeUndefined();
    const byDate = await audit('entityType=access&from=2026-03-02&to=2026-03-02', 'admin');
    expect(byDate.some((r) => r.actor.sub === 'cb-doc')).toBe(true);
    expect((await audit('actor=cb-doc', 'admin')).map((r) => r.entityType)).toEqual([]);
    expect((await audit(`entityId=${official}`)).some((r) => r.entityType === 'access')).toBe(false);
    // An official's own type still brings their children's records along, as before access records existed.
    expect(new Set((await audit(`entityId=${official}&entityType=official`)).map((r) => r.entityType))).toEqual(
      new Set(['official', 'assignment', 'assessment', 'circumstance']),
    );
  });

  it('nothing sensitive in the answer, nothing logged; out of scope, a 404 and nothing logged', async () => {
    expect((await t.call('hr', 'GET', `/v1/officials/${quiet}/assessments`)).body.items).toEqual([]);
    expect((await t.call('hr', 'GET', `/v1/officials/${quiet}/tenure`)).status).toBe(200);
    expect(await accessOf(quiet)).toEqual([]);
    const before = (await accessOf(official)).length;
    const outside = await t.call('hr', 'GET', `/v1/officials/${official}/assessments`, undefined, { units: [ORG.otherAgency] });
    expect(outside.status).toBe(404);
    expect(await accessOf(official)).toHaveLength(before);
  });

  it('a proposal shows why its officials are candidates or exempt: drafting and reading it are logged', async () => {
    const draft = await t.call('hr', 'POST', '/v1/proposals', { scopeUnitId: ORG.agency, effectiveDate: '2026-04-01' }, {
      headers: { 'x-request-id': 'req-draft' },
    });
    expect(draft.status, JSON.stringify(draft.body)).toBe(201);
    expect(draft.body.exempt.map((e: { officialId: string }) => e.officialId)).toEqual([official]);
    const read = await t.call('leader', 'GET', `/v1/proposals/${draft.body.id}`, undefined, { headers: { 'x-request-id': 'req-proposal' } });
    expect(read.status).toBe(200);
    const logged = (await accessOf(official)).filter((r) => r.requestId === 'req-draft' || r.requestId === 'req-proposal');
    expect(logged.map((r) => [r.requestId, r.access]).sort()).toEqual([
      ['req-draft', { kinds: ['assessment', 'circumstance'], via: 'createProposal' }],
      ['req-proposal', { kinds: ['assessment', 'circumstance'], via: 'getProposal' }],
    ]);
  });

  it('an auditor reading images of assessments in the audit log is a read too', async () => {
    const records = (await audit(`entityId=${official}`)).filter((r) => r.entityType === 'assessment');
    expect(records[0].after.comments).toBe('Nhận xét kín');
    const reads = (await accessOf(official)).filter((r) => r.access?.via === 'readAudit');
    expect(reads.length).toBeGreaterThan(0);
  });

  it('when the access record cannot be written the read is a 503 that carries none of the data', async () => {
    // On the app's own client (every store's document client shares its middleware), before the SDK sends: the
    // write of an access record fails as a throttled call would, every other call goes through.
    const name = 'fail-access-records';
    t.table.client.middlewareStack.add(
      (next) => async (args) => {
        const input = (args as { input?: { TransactItems?: unknown[] } }).input;
        if (JSON.stringify(input?.TransactItems ?? []).includes('AUDIT#access#')) throw new Error('throttled');
        return next(args);
      },
      { step: 'initialize', name },
    );
    try {
      for (const path of [`/v1/officials/${official}/assessments`, `/v1/officials/${official}/circumstances`, `/v1/exports/assessments`]) {
        const res = await t.call('hr', 'GET', path);
        expect(res.status, path).toBe(503);
        expect(res.headers.get('content-type')).toContain('application/problem+json');
        expect(res.body.code).toBe('ACCESS_LOG_UNAVAILABLE');
        expect(JSON.stringify(res.body)).not.toMatch(/Nhận xét kín|unsatisfactory|serious_illness|RT01/);
      }
    } finally {
      t.table.client.middlewareStack.remove(name);
    }
    expect((await t.call('hr', 'GET', `/v1/officials/${official}/assessments`)).status).toBe(200);
  });
});

describe('imports', () => {
  it('a row compared with the stored assessment is a read of it, logged, also in a dry run', async () => {
    const file = csvFile([ASSESSMENT_HEADERS, ['RT01', '2025', 'HTTNV', '', '', '20/12/2025', '']]);
    const res = await importFile(t, 'hr', 'assessments', file, { dryRun: true, headers: { 'x-request-id': 'req-import-compare' } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.errors[0]).toMatchObject({ row: 2, code: 'ASSESSMENT_EXISTS' });
    const logged = (await accessOf(official)).filter((r) => r.requestId === 'req-import-compare');
    expect(logged.map((r) => r.access)).toEqual([{ kinds: ['assessment'], via: 'importRows' }]);
  });

  it("the import's record keeps where each row failed and why, not what its cells said", async () => {
    const file = csvFile([OFFICIAL_HEADERS, ['RT09', 'Vũ Thị Nhập Sai', 'Nữ', '31/02/1980', ORG.office, 'nhapsai@example.vn', '']]);
    const res = await importFile(t, 'hr', 'officials', file);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(JSON.stringify(res.body.errors)).toContain('31/02/1980'); // the importer is told what was wrong
    const [record] = (await t.call('auditor', 'GET', '/v1/imports')).body.items;
    expect(record.errors).toEqual([expect.objectContaining({ row: 2, column: 'Ngày sinh' })]);
    expect(JSON.stringify(record)).not.toMatch(/Nhập Sai|31\/02\/1980|nhapsai@example\.vn/);
  });
});

describe('each role sees only what it may read', () => {
  const personalReads = [
    () => `/v1/officials/${official}`,
    () => `/v1/officials?unitId=${ORG.office}`,
    () => `/v1/officials/${official}/assessments`,
    () => `/v1/officials/${official}/circumstances`,
    () => `/v1/assessments?period=2025`,
    () => `/v1/exports/officials`,
    () => `/v1/exports/assessments?format=xlsx`,
    () => `/v1/imports/templates/officials`,
  ];

  it('hr, leader and auditor read officials, assessments, circumstances and exports; admin none of them', async () => {
    for (const path of personalReads.map((p) => p())) {
      for (const role of ['hr', 'leader', 'auditor'] as const)
        expect((await t.call(role, 'GET', path)).status, `${role} ${path}`).toBe(200);
      const refused = await t.call('admin', 'GET', path);
      expect(refused.status, `admin ${path}`).toBe(403);
      expect(JSON.stringify(refused.body)).not.toMatch(/Riêng Tư|1979-04-12|Nhận xét kín/);
    }
  });

  it("an admin browsing the audit log sees that officials' records changed, not their data; units in full", async () => {
    const asAdmin = await audit(`entityId=${official}`, 'admin');
    expect(asAdmin.length).toBeGreaterThan(0);
    for (const r of asAdmin) {
      expect(r.imagesWithheld, r.entityType).toBe(true);
      expect(r.before).toBeUndefined();
      expect(r.after).toBeUndefined();
    }
    expect(JSON.stringify(asAdmin)).not.toMatch(/Riêng Tư|1979-04-12|Nhận xét kín|serious_illness|unsatisfactory/);
    const unit = await audit(`entityId=${ORG.office}&entityType=unit`, 'admin');
    expect(unit[0].after.name).toBe('Văn phòng Sở');
    const asAuditor = await audit(`entityId=${official}&entityType=official`);
    expect(asAuditor.at(-1)!.after).toMatchObject({ fullName: 'Lê Thị Riêng Tư', dateOfBirth: '1979-04-12' });
  });
});

describe('audit images keep personal fields for 5 years', () => {
  it('stores them apart with a TTL, shows them until then, and not after, while the rest of the record stays', async () => {
    base = Date.parse('2026-03-10T03:00:00Z');
    const id = await addOfficial(t, ORG.office, { fullName: 'Đỗ Hữu Hạn', employeeCode: 'RT03', dateOfBirth: '1981-09-09' });
    const [created] = await audit(`entityId=${id}&entityType=official`);
    expect(created.personalData).toBe('kept');
    expect(created.after).toMatchObject({ id, employeeCode: 'RT03', fullName: 'Đỗ Hữu Hạn', dateOfBirth: '1981-09-09' });

    // In the table: the record itself holds no personal field and never expires; its personal item does.
    const doc = DynamoDBDocumentClient.from(t.table.client);
    const key = { PK: `AUDIT#official#${id}`, SK: `${created.at}#${created.id}` };
    const stored = (await doc.send(new GetCommand({ TableName: t.table.tableName, Key: key }))).Item!;
    expect(stored.after).not.toHaveProperty('dateOfBirth');
    expect(stored.after).not.toHaveProperty('fullName');
    expect(stored).not.toHaveProperty('expiresAt');
    const personal = (await doc.send(new GetCommand({ TableName: t.table.tableName, Key: { PK: `AUDIT_PERSONAL#${created.id}`, SK: '#META' } }))).Item!;
    expect(personal.after).toMatchObject({ fullName: 'Đỗ Hữu Hạn', dateOfBirth: '1981-09-09' });
    expect(personal.expiresAt).toBe(Math.floor(Date.parse(created.at.replace(/^2026/, '2031')) / 1000));

    // The day before the retention ends they are shown; from its end they are not, though DynamoDB Local keeps the item.
    base = Date.parse('2031-03-09T03:00:00Z');
    tick = 0;
    expect((await audit(`entityId=${id}&entityType=official`))[0].after.dateOfBirth).toBe('1981-09-09');
    base = Date.parse('2031-03-10T03:00:01Z');
    const [expired] = await audit(`entityId=${id}&entityType=official`);
    expect(expired.personalData).toBe('expired');
    expect(expired.after).toMatchObject({ id, employeeCode: 'RT03', unitId: ORG.office });
    expect(JSON.stringify(expired)).not.toMatch(/Đỗ Hữu Hạn|1981-09-09/);
    expect(expired.actor.sub).toBe('hr-user');
  });
});
