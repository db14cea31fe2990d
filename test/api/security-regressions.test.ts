/**
 * What a security probe of the first version found, each kept as a regression test: a scope bypass by every path
 * that places an official, 500s from input that passed validation, an idempotency record not atomic with its write,
 * and answers that told what exists outside the caller's scope.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../shared/http/app';
import type { OfficialStore } from '../../shared/ports';
import { createTestApp, type TestApp } from '../support/app';
import { addAssignment, addOfficial, ORG, seedOrganisation } from '../support/fixtures';

let t: TestApp;
/** An hr user of the Department of Science and Technology only. */
const skhcn = { units: [ORG.agency] };

beforeAll(async () => {
  t = await createTestApp();
  await seedOrganisation(t);
});

async function assignmentsOf(id: string) {
  return (await t.call('hr', 'GET', `/v1/officials/${id}/assignments`)).body.items as { id: string; positionId: string }[];
}

describe('scope bypass: no write places an official in a post outside the caller scope', () => {
  it('refuses an open assignment, a closed past one and a far endDate in another agency, and writes nothing', async () => {
    const id = await addOfficial(t, ORG.office);
    for (const body of [
      { positionId: 'SNV-CV', startDate: '2020-01-01' },
      { positionId: 'SNV-CV', startDate: '2020-01-01', endDate: '2099-12-31' },
      { positionId: 'SNV-CV', startDate: '2010-01-01', endDate: '2012-12-31' },
    ]) {
      const res = await t.call('hr', 'POST', `/v1/officials/${id}/assignments`, { kind: 'transfer', ...body }, skhcn);
      const missing = await t.call('hr', 'POST', `/v1/officials/${id}/assignments`, { kind: 'transfer', ...body, positionId: 'NO-SUCH' }, skhcn);
      // Refused exactly as a post that does not exist: the answer tells nothing about the other agency.
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(res.body.code).toBe('POSITION_NOT_FOUND');
      expect(missing.body.code).toBe('POSITION_NOT_FOUND');
      expect(res.body.detail.replace('SNV-CV', 'X')).toBe(missing.body.detail.replace('NO-SUCH', 'X'));
    }
    expect(await assignmentsOf(id)).toEqual([]);
  });

  it('refuses a PATCH that moves an assignment to a post of another agency, open or closed', async () => {
    const id = await addOfficial(t, ORG.office);
    const a = await addAssignment(t, id, { positionId: 'VP-CV', startDate: '2015-01-01' });
    for (const patch of [{ positionId: 'SNV-CV' }, { positionId: 'SNV-CV', endDate: '2099-12-31' }, { positionId: 'SNV-CV', endDate: '2016-01-01' }]) {
      const res = await t.call('hr', 'PATCH', `/v1/officials/${id}/assignments/${a.id}`, { ...patch, version: 1 }, skhcn);
      expect(res.status, JSON.stringify(patch)).toBe(422);
      expect(res.body.code).toBe('POSITION_NOT_FOUND');
    }
    expect((await assignmentsOf(id)).map((x) => x.positionId)).toEqual(['VP-CV']);
  });

  it('refuses a PATCH of an assignment whose post is outside the scope (the official, now serving there, reads as missing)', async () => {
    const id = await addOfficial(t, ORG.office);
    // Recorded by someone whose scope covers both agencies.
    const a = await addAssignment(t, id, { positionId: 'SNV-CV', startDate: '2010-01-01', endDate: '2012-12-31' });
    const res = await t.call('hr', 'PATCH', `/v1/officials/${id}/assignments/${a.id}`, { positionId: 'VP-CV', version: 1 }, skhcn);
    expect(res.status).toBe(404);
    expect((await t.call('hr', 'GET', `/v1/officials/${id}`, undefined, skhcn)).status).toBe(404);
    expect((await assignmentsOf(id)).map((x) => x.positionId)).toEqual(['SNV-CV']);
  });

  it('lets the same writes through when the scope covers both units', async () => {
    const id = await addOfficial(t, ORG.office);
    const both = { units: [ORG.agency, ORG.otherAgency] };
    const res = await t.call('hr', 'POST', `/v1/officials/${id}/assignments`, { positionId: 'SNV-CV', startDate: '2010-01-01', endDate: '2012-12-31', kind: 'transfer' }, both);
    expect(res.status).toBe(201);
  });
});

describe('no 5xx from input that passed the edge', () => {
  it.each(['0000-01-01', '9999-12-31', '1899-12-31', '2200-01-01'])('refuses the date %s with a 400, never a 500', async (date) => {
    const id = await addOfficial(t, ORG.office);
    const reads = [
      await t.call('hr', 'GET', `/v1/tenure/flags?asOf=${date}`),
      await t.call('hr', 'GET', `/v1/officials/${id}/tenure?asOf=${date}`),
    ];
    const writes = [
      await t.call('hr', 'POST', '/v1/officials', { fullName: 'A', gender: 'male', dateOfBirth: date, unitId: ORG.office }),
      await t.call('hr', 'POST', `/v1/officials/${id}/assignments`, { positionId: 'VP-CV', startDate: date, kind: 'appointment' }),
    ];
    for (const res of [...reads, ...writes]) {
      expect(res.status, JSON.stringify(res.body)).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
    }
    expect(await assignmentsOf(id)).toEqual([]);
  });

  it.each([
    ['not base64', 'not-base64!'],
    ['a string', Buffer.from('"x"').toString('base64url')],
    ['an agency index out of range', Buffer.from(JSON.stringify({ a: 99 })).toString('base64url')],
    ['a key of another partition', Buffer.from(JSON.stringify({ a: 0, k: { PK: 'OFFICIAL#x', SK: '#META', GSI1PK: 'UNITS', GSI1SK: 'x' } })).toString('base64url')],
    ['a key with extra attributes', Buffer.from(JSON.stringify({ a: 0, k: { PK: 'a', SK: 'b', GSI1PK: 'AGENCY#SKHCN#OFFICIALS', GSI1SK: 'x', Z: 1 } })).toString('base64url')],
    ['a key with a number', Buffer.from(JSON.stringify({ a: 0, k: { PK: 1, SK: 'b', GSI1PK: 'AGENCY#SKHCN#OFFICIALS', GSI1SK: 'x' } })).toString('base64url')],
  ])('answers a forged list cursor (%s) with a 400 naming query.cursor', async (_, cursor) => {
    for (const path of ['/v1/officials', '/v1/positions', '/v1/tenure/flags', '/v1/units']) {
      const res = await t.call('hr', 'GET', `${path}?cursor=${cursor}`);
      expect(res.status, path).toBe(400);
      expect(res.body).toMatchObject({ code: 'INVALID_CURSOR', errors: [{ path: 'query.cursor' }] });
    }
  });

  it('follows a genuine cursor to the next page', async () => {
    const first = await t.call('hr', 'GET', '/v1/officials?limit=1');
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await t.call('hr', 'GET', `/v1/officials?limit=1&cursor=${first.body.nextCursor}`);
    expect(second.status).toBe(200);
    expect(second.body.items[0].id).not.toBe(first.body.items[0].id);
  });

  it('keeps an Idempotency-Key of the longest subject within DynamoDB key limits', async () => {
    const sub = 'u'.repeat(128);
    const body = { fullName: 'Lâm Văn Dài', gender: 'male', dateOfBirth: '1980-01-01', unitId: ORG.office };
    const headers = { 'idempotency-key': 'k'.repeat(128) };
    const first = await t.call('hr', 'POST', '/v1/officials', body, { sub, headers });
    expect(first.status).toBe(201);
    const again = await t.call('hr', 'POST', '/v1/officials', body, { sub, headers });
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body.id).toBe(first.body.id);
  });
});

describe('idempotency is atomic with the write it guards', () => {
  /**
   * The app over a store whose write commits and then fails, as a Lambda would if it died between the write and
   * the reply. The retry must replay the committed response, never write again.
   */
  function appCrashingAfterWrite() {
    const officials: OfficialStore = Object.create(t.deps.officials);
    let crashes = 1;
    officials.writeAggregate = async (write) => {
      await t.deps.officials.writeAggregate(write);
      if (crashes-- > 0) throw new Error('simulated crash after the write');
    };
    return createApp({ ...t.deps, officials });
  }

  it('replays a circumstance written before a crash instead of recording a second one', async () => {
    const id = await addOfficial(t, ORG.office);
    const app = appCrashingAfterWrite();
    const bearer = await t.token('hr', '*');
    const send = () =>
      app.request(`/v1/officials/${id}/circumstances`, {
        method: 'POST',
        headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json', 'idempotency-key': 'retry-1' },
        body: JSON.stringify({ type: 'maternity', from: '2026-01-10' }),
      });
    const crashed = await send();
    expect(crashed.status).toBe(500);
    const retry = await send();
    expect(retry.status).toBe(201);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    const list = await t.call('hr', 'GET', `/v1/officials/${id}/circumstances`);
    expect(list.body.items).toHaveLength(1);
    expect(((await retry.json()) as { id: string }).id).toBe(list.body.items[0].id);
  });

  it('applies a PATCH once when the reply was lost', async () => {
    const id = await addOfficial(t, ORG.office);
    const a = await addAssignment(t, id, { positionId: 'VP-CV', startDate: '2015-01-01' });
    const app = appCrashingAfterWrite();
    const bearer = await t.token('hr', '*');
    const send = () =>
      app.request(`/v1/officials/${id}/assignments/${a.id}`, {
        method: 'PATCH',
        headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json', 'idempotency-key': 'patch-1' },
        body: JSON.stringify({ decisionNo: '7/QĐ' }),
      });
    expect((await send()).status).toBe(500);
    const retry = await send();
    expect(retry.status).toBe(200);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    const [stored] = (await t.call('hr', 'GET', `/v1/officials/${id}/assignments`)).body.items;
    expect(stored).toMatchObject({ decisionNo: '7/QĐ', version: 2 });
  });

  it('lets a retry write when the first attempt failed before writing', async () => {
    const id = await addOfficial(t, ORG.office);
    const headers = { 'idempotency-key': 'fails-first' };
    const bad = await t.call('hr', 'POST', `/v1/officials/${id}/circumstances`, { type: 'maternity', from: '2026-01-10', to: '2025-01-01' }, { headers });
    expect(bad.status).toBe(400);
    // Another body under the same key after a failure is a new request, not a reuse.
    const good = await t.call('hr', 'POST', `/v1/officials/${id}/circumstances`, { type: 'maternity', from: '2026-01-10' }, { headers });
    expect(good.status).toBe(201);
  });
});

describe('no answer tells what exists outside the caller scope', () => {
  it('answers the same ID_UNAVAILABLE for a taken id and employee code held by another agency', async () => {
    await addOfficial(t, ORG.otherOffice, { id: 'SNV-0001', employeeCode: 'MA-SNV-1' });
    const takenId = await t.call('hr', 'POST', '/v1/officials', { id: 'SNV-0001', fullName: 'A', gender: 'male', dateOfBirth: '1980-01-01', unitId: ORG.office }, skhcn);
    const takenCode = await t.call('hr', 'POST', '/v1/officials', { employeeCode: 'MA-SNV-1', fullName: 'A', gender: 'male', dateOfBirth: '1980-01-01', unitId: ORG.office }, skhcn);
    for (const res of [takenId, takenCode]) {
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('ID_UNAVAILABLE');
      expect(res.body.detail).not.toMatch(/SNV|Nội vụ|công chức/i);
    }
    // Within scope the conflict names what holds it, as before.
    await addOfficial(t, ORG.office, { id: 'SKHCN-0001' });
    const own = await t.call('hr', 'POST', '/v1/officials', { id: 'SKHCN-0001', fullName: 'A', gender: 'male', dateOfBirth: '1980-01-01', unitId: ORG.office }, skhcn);
    expect(own.body.code).toBe('OFFICIAL_EXISTS');
  });

  it('answers ID_UNAVAILABLE for units and positions held by another agency', async () => {
    const admin = { units: [ORG.agency] };
    const unit = await t.call('admin', 'POST', '/v1/units', { id: ORG.otherOffice, name: 'X', kind: 'office', parentId: ORG.agency }, admin);
    const position = await t.call('admin', 'POST', '/v1/positions', { id: 'SNV-CV', unitId: ORG.office, title: 'X', category: 'specialist' }, admin);
    expect([unit.body.code, position.body.code]).toEqual(['ID_UNAVAILABLE', 'ID_UNAVAILABLE']);
  });

  it('treats a successor in another agency as one that does not exist', async () => {
    const admin = { units: [ORG.agency] };
    const outside = await t.call('admin', 'PATCH', `/v1/units/${ORG.inspectorate}`, { successorId: ORG.otherOffice }, admin);
    const missing = await t.call('admin', 'PATCH', `/v1/units/${ORG.inspectorate}`, { successorId: 'NO-SUCH' }, admin);
    expect(outside.status).toBe(422);
    expect(outside.body.code).toBe('SUCCESSOR_NOT_FOUND');
    expect(missing.body.code).toBe('SUCCESSOR_NOT_FOUND');
    expect((await t.call('admin', 'GET', `/v1/units/${ORG.inspectorate}`)).body.successorId).toBeUndefined();
  });

  it('shows the excellent-quota warning only to callers who see the whole agency', async () => {
    const year = '2024';
    for (let i = 0; i < 3; i++) {
      const id = await addOfficial(t, ORG.inspectorate);
      const res = await t.call('hr', 'PUT', `/v1/officials/${id}/assessments/${year}`, { rating: 'excellent', assessedOn: '2024-12-20' });
      expect(res.status).toBe(201);
    }
    const whole = await t.call('leader', 'GET', `/v1/assessments?period=${year}&unitId=${ORG.agency}`, undefined, skhcn);
    expect(whole.body.warnings).toHaveLength(1);
    const office = await t.call('leader', 'GET', `/v1/assessments?period=${year}`, undefined, { units: [ORG.inspectorate] });
    expect(office.body.items.length).toBeGreaterThan(0);
    expect(office.body.warnings).toEqual([]);
    const id = await addOfficial(t, ORG.inspectorate);
    const narrowWrite = await t.call('hr', 'PUT', `/v1/officials/${id}/assessments/${year}`, { rating: 'excellent', assessedOn: '2024-12-20' }, { units: [ORG.inspectorate] });
    expect(narrowWrite.status).toBe(201);
    expect(narrowWrite.body.warnings).toEqual([]);
  });
});
