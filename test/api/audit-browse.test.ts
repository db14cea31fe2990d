/**
 * Browsing the audit log (issue 6.7): by actor and by date range across the caller's scope, without an entityId,
 * newest first and paged. Days are Asia/Ho_Chi_Minh days (UTC+7). Also issue 7.5: a unit and an official with the
 * same id do not mix.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app';
import { ORG, seedOrganisation } from '../support/fixtures';

let t: TestApp;

// A clock that can be moved between writes; it ticks a millisecond per read so records keep their order.
let base = Date.parse('2026-02-27T03:00:00Z');
let tick = 0;
let frozen = false;
const setClock = (iso: string) => {
  base = Date.parse(iso);
  tick = 0;
};

interface Audit {
  id: string;
  at: string;
  entityType: string;
  entityId: string;
  action: string;
  actor: { sub: string };
  unitPath: string[];
  agencyId?: string;
  before?: any;
  after?: any;
}

async function write(sub: string, method: string, path: string, body: unknown, expected: number) {
  const res = await t.call('hr', method, path, body, { sub });
  expect(res.status, JSON.stringify(res.body)).toBe(expected);
  return res.body;
}

beforeAll(async () => {
  t = await createTestApp({ now: () => new Date(base + (frozen ? 0 : tick++)) });
  await seedOrganisation(t); // by admin-user, on 2026-02-27
  const official = (id: string, unitId: string) => ({ id, fullName: `Công chức ${id}`, gender: 'male', dateOfBirth: '1980-01-01', unitId });

  setClock('2026-03-01T03:00:00Z'); // 10:00 on 1 March in Vietnam
  await write('hr-an', 'POST', '/v1/officials', official('O1', ORG.office), 201);
  setClock('2026-03-01T03:01:00Z');
  await write('hr-binh', 'POST', '/v1/officials', official('O2', ORG.otherOffice), 201);
  setClock('2026-03-01T16:59:59.000Z'); // 23:59:59 on 1 March in Vietnam
  await write('hr-an', 'PATCH', '/v1/officials/O1', { email: 'o1@example.vn', version: 1 }, 200);
  setClock('2026-03-01T17:00:00.000Z'); // midnight: 2 March in Vietnam
  await write('hr-an', 'PATCH', '/v1/officials/O1', { fullName: 'Công chức Một', version: 2 }, 200);
  setClock('2026-03-01T18:00:00Z'); // 01:00 on 2 March in Vietnam
  await write('hr-binh', 'POST', '/v1/officials', official('O4', ORG.inspectorate), 201);
  setClock('2026-03-03T03:00:00Z');
  await write('hr-an', 'POST', '/v1/officials/O1/assignments', { positionId: 'VP-CV', startDate: '2020-01-01', kind: 'appointment' }, 201);
  setClock('2026-03-03T04:00:00Z');
  await write('hr-binh', 'POST', '/v1/officials/O2/assignments', { positionId: 'SNV-CV', startDate: '2020-01-01', kind: 'appointment' }, 201);
  setClock('2026-03-05T03:00:00Z');
  await write('hr-an', 'POST', '/v1/officials', official('O3', ORG.otherOffice), 201);
  setClock('2026-03-05T04:00:00Z');
  await write('hr-an', 'POST', '/v1/officials/O1/circumstances', { type: 'seconded', from: '2026-03-01' }, 201);
});

async function audit(query: string, options: { units?: string[] | '*'; role?: 'auditor' | 'admin' } = {}) {
  const res = await t.call(options.role ?? 'auditor', 'GET', `/v1/audit?${query}`, undefined, { units: options.units ?? '*' });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as { items: Audit[]; nextCursor?: string };
}

/** Every page of a query with limit=`limit`, in order. */
async function pages(query: string, limit: number, options: { units?: string[] | '*' } = {}) {
  const out: Audit[][] = [];
  let cursor: string | undefined;
  do {
    const page = await audit(`${query}&limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, options);
    out.push(page.items);
    cursor = page.nextCursor;
    expect(out.length, 'too many pages').toBeLessThan(100);
  } while (cursor);
  return out;
}

const sortKey = (r: Audit) => `${r.at}#${r.id}`;
const summary = (items: Audit[]) => items.map((r) => `${r.entityType}:${r.entityId}:${r.action}`);

function expectNewestFirst(items: Audit[]) {
  for (let i = 1; i < items.length; i++) expect(sortKey(items[i - 1]) > sortKey(items[i]), `${i}`).toBe(true);
}

function expectPagesPartition(all: Audit[], paged: Audit[][], limit: number) {
  for (const page of paged) expect(page.length).toBeLessThanOrEqual(limit);
  const flat = paged.flat();
  expect(new Set(flat.map((r) => r.id)).size).toBe(flat.length);
  expect(flat.map((r) => r.id)).toEqual(all.map((r) => r.id));
}

describe('by actor', () => {
  it("lists one actor's records only, newest first", async () => {
    const { items, nextCursor } = await audit('actor=hr-an&limit=500');
    expect(nextCursor).toBeUndefined();
    expect(items.every((r) => r.actor.sub === 'hr-an')).toBe(true);
    expectNewestFirst(items);
    expect(summary(items)).toEqual([
      expect.stringMatching(/^circumstance:.*:create$/),
      'official:O3:create',
      expect.stringMatching(/^assignment:.*:create$/),
      'official:O1:update',
      'official:O1:update',
      'official:O1:create',
    ]);
    const binh = await audit('actor=hr-binh&limit=500');
    expect(summary(binh.items)).toEqual([expect.stringMatching(/^assignment:.*:create$/), 'official:O4:create', 'official:O2:create']);
    expect((await audit('actor=nobody')).items).toEqual([]);
  });

  it('pages with limit=2: disjoint pages that together are every record, in order', async () => {
    const all = (await audit('actor=hr-an&limit=500')).items;
    const paged = await pages('actor=hr-an', 2);
    expect(paged.map((p) => p.length)).toEqual([2, 2, 2]);
    expectPagesPartition(all, paged, 2);
  });

  it('filters by Vietnamese calendar days', async () => {
    const first = await audit('actor=hr-an&from=2026-03-01&to=2026-03-01');
    expect(summary(first.items)).toEqual(['official:O1:update', 'official:O1:create']);
    expect(first.items[0].after.email).toBe('o1@example.vn');
    // 2026-03-01T17:00Z is midnight of 2 March in Vietnam.
    const second = await audit('actor=hr-an&from=2026-03-02&to=2026-03-02');
    expect(summary(second.items)).toEqual(['official:O1:update']);
    expect(second.items[0].after.fullName).toBe('Công chức Một');
    const fromThird = await audit('actor=hr-an&from=2026-03-03');
    expect(summary(fromThird.items)).toEqual([
      expect.stringMatching(/^circumstance:/),
      'official:O3:create',
      expect.stringMatching(/^assignment:/),
    ]);
    const untilSecond = await audit('actor=hr-an&to=2026-03-02');
    expect(untilSecond.items).toHaveLength(3);
    expect((await audit('actor=hr-an&from=2026-03-04&to=2026-03-04')).items).toEqual([]);
  });

  it('pages within a date range', async () => {
    const paged = await pages('actor=hr-an&from=2026-03-01&to=2026-03-03', 1);
    expect(paged.map(summary)).toEqual([
      [expect.stringMatching(/^assignment:/)],
      ['official:O1:update'],
      ['official:O1:update'],
      ['official:O1:create'],
    ]);
  });
});

describe('by date range across the scope', () => {
  it('lists every agency record in the range, newest first', async () => {
    const second = await audit('from=2026-03-02&to=2026-03-02');
    expect(summary(second.items)).toEqual(['official:O4:create', 'official:O1:update']);
    const fromThird = await audit('from=2026-03-03');
    expectNewestFirst(fromThird.items);
    expect(fromThird.items.map((r) => r.actor.sub)).toEqual(['hr-an', 'hr-an', 'hr-binh', 'hr-an']);
    const seedDays = await audit('to=2026-02-28&limit=500');
    expect(seedDays.items.length).toBeGreaterThan(0);
    expect(seedDays.items.every((r) => r.actor.sub === 'admin-user')).toBe(true);
    expect((await audit('from=2026-03-04&to=2026-03-04')).items).toEqual([]);
  });

  it('pages with limit=2: disjoint pages that together are every record, in order', async () => {
    const all = (await audit('limit=500')).items;
    expectNewestFirst(all);
    // The seed's records and the nine writes above.
    expect(all.filter((r) => r.actor.sub.startsWith('hr-'))).toHaveLength(9);
    const paged = await pages('from=2026-01-01', 2);
    expect(paged.length).toBe(Math.ceil(all.length / 2));
    expectPagesPartition(all, paged, 2);
  });

  it('answers an admin too', async () => {
    expect((await audit('from=2026-03-02&to=2026-03-02', { role: 'admin' })).items).toHaveLength(2);
  });
});

describe("an auditor scoped to one agency sees that agency's records only", () => {
  const scoped = { units: [ORG.agency] };

  it('by date range', async () => {
    const { items } = await audit('limit=500', scoped);
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((r) => r.unitPath.includes(ORG.agency))).toBe(true);
    const ids = items.map((r) => r.entityId);
    expect(ids).toEqual(expect.arrayContaining(['O1', 'O4']));
    for (const hidden of ['O2', 'O3', ORG.otherAgency, ORG.otherOffice, ORG.province, 'SNV-CV']) expect(ids).not.toContain(hidden);
    expectPagesPartition(items, await pages('from=2026-01-01', 2, scoped), 2);
  });

  it('by actor', async () => {
    const binh = await audit('actor=hr-binh', scoped);
    expect(summary(binh.items)).toEqual(['official:O4:create']);
    const an = await audit('actor=hr-an&limit=500', scoped);
    expect(an.items).toHaveLength(5);
    expect(summary(an.items)).not.toContain('official:O3:create');
    const paged = await pages('actor=hr-an', 2, scoped);
    expectPagesPartition(an.items, paged, 2);
  });
});

describe('refusals', () => {
  it.each(['hr', 'leader'] as const)('%s gets 403 in both forms', async (role) => {
    for (const query of ['actor=hr-an', 'from=2026-03-01&to=2026-03-05']) {
      const res = await t.call(role, 'GET', `/v1/audit?${query}`);
      expect(res.status, query).toBe(403);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
    }
  });

  const forged = [
    ['a JSON string that is no sort key', Buffer.from('"2099"').toString('base64url')],
    ['a JSON object', Buffer.from('{"x":1}').toString('base64url')],
    ['not base64', 'not-base64!'],
  ];
  describe.each([
    ['by actor', 'actor=hr-an'],
    ['by date range', 'from=2026-01-01'],
    ['by entity', 'entityId=O1'],
  ])('a forged cursor %s', (_, query) => {
    it.each(forged)('%s is a 400 INVALID_CURSOR on query.cursor', async (_label, cursor) => {
      const res = await t.call('auditor', 'GET', `/v1/audit?${query}&limit=2&cursor=${encodeURIComponent(cursor)}`);
      expect(res.status, JSON.stringify(res.body)).toBe(400);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(res.body.code).toBe('INVALID_CURSOR');
      expect(res.body.errors[0].path).toBe('query.cursor');
    });
  });

  it('a cursor taken outside the requested range is a 400', async () => {
    const first = await audit('actor=hr-an&limit=2');
    expect(first.nextCursor).toBeDefined();
    const res = await t.call('auditor', 'GET', `/v1/audit?actor=hr-an&to=2026-03-02&limit=2&cursor=${encodeURIComponent(first.nextCursor!)}`);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('INVALID_CURSOR');
  });

  it.each(['actor=hr-an&', ''])('from after to is a 422 RANGE_REVERSED (%s)', async (prefix) => {
    const res = await t.call('auditor', 'GET', `/v1/audit?${prefix}from=2026-03-05&to=2026-03-01`);
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('RANGE_REVERSED');
    expect(res.body.errors[0].path).toBe('query.to');
  });
});

describe('records written in the same millisecond', () => {
  it('page by actor and by date without loss or repeat', async () => {
    setClock('2026-03-20T03:00:00Z');
    frozen = true;
    try {
      for (let i = 0; i < 5; i++)
        await write('hr-tie', 'POST', '/v1/officials', { id: `T${i}`, fullName: `Đồng Thời ${i}`, gender: 'male', dateOfBirth: '1980-01-01', unitId: ORG.office }, 201);
    } finally {
      frozen = false;
    }
    const all = (await audit('actor=hr-tie&limit=500')).items;
    expect(all).toHaveLength(5);
    expect(new Set(all.map((r) => r.at)).size).toBe(1);
    expectNewestFirst(all);
    expectPagesPartition(all, await pages('actor=hr-tie', 2), 2);
    const day = (await audit('from=2026-03-20&to=2026-03-20&limit=500')).items;
    expect(day.map((r) => r.id)).toEqual(all.map((r) => r.id));
    expectPagesPartition(day, await pages('from=2026-03-20&to=2026-03-20', 2), 2);
    expectPagesPartition(day, await pages('from=2026-03-20&to=2026-03-20', 1), 1);
  });
});

describe('a unit and an official with the same id (issue 7.5)', () => {
  it('do not mix in GET /v1/audit?entityId=&entityType=', async () => {
    setClock('2026-03-10T03:00:00Z');
    const unit = await t.call('admin', 'POST', '/v1/units', { id: 'TRUNG', name: 'Phòng Trùng', kind: 'office', parentId: ORG.agency });
    expect(unit.status, JSON.stringify(unit.body)).toBe(201);
    const renamed = await t.call('admin', 'PATCH', '/v1/units/TRUNG', { name: 'Phòng Trùng Tên', version: 1 });
    expect(renamed.status, JSON.stringify(renamed.body)).toBe(200);
    await write('hr-an', 'POST', '/v1/officials', { id: 'TRUNG', fullName: 'Nguyễn Trùng', gender: 'female', dateOfBirth: '1990-01-01', unitId: ORG.office }, 201);

    const asUnit = await audit('entityId=TRUNG&entityType=unit');
    expect(asUnit.items.map((r) => [r.entityType, r.action])).toEqual([
      ['unit', 'update'],
      ['unit', 'create'],
    ]);
    expect(asUnit.items[0].after.name).toBe('Phòng Trùng Tên');
    const asOfficial = await audit('entityId=TRUNG&entityType=official');
    expect(asOfficial.items.map((r) => [r.entityType, r.action])).toEqual([['official', 'create']]);
    expect(asOfficial.items[0].after.fullName).toBe('Nguyễn Trùng');
    const both = await audit('entityId=TRUNG');
    expect(both.items.map((r) => r.entityType).sort()).toEqual(['official', 'unit', 'unit']);
  });
});
