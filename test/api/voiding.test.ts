/**
 * Voiding records entered by mistake (issue 6.6): DELETE an assignment, a circumstance or an assessment with the
 * version read in If-Match. The record goes, the before image is audited, and the official's status (flags,
 * exemptions, sparse indexes, the agency's rating counts) is recomputed in the same write.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app';
import { addAssignment, addOfficial, ORG, seedOrganisation } from '../support/fixtures';

let t: TestApp;

// Today is 2027-01-15 in Asia/Ho_Chi_Minh; the clock ticks so audit records keep their order.
beforeAll(async () => {
  let tick = 0;
  t = await createTestApp({ now: () => new Date(Date.parse('2027-01-15T03:00:00Z') + tick++) });
  await seedOrganisation(t);
});

const ifMatch = (version: number | string) => ({ headers: { 'if-match': String(version) } });

const auditOf = async (officialId: string) =>
  (await t.call('auditor', 'GET', `/v1/audit?entityId=${officialId}&limit=500`)).body.items as any[];

const flagFor = async (officialId: string, asOf = '2027-01-15') => {
  const res = await t.call('hr', 'GET', `/v1/tenure/flags?asOf=${asOf}&limit=500`);
  expect(res.status).toBe(200);
  return res.body.items.find((f: { officialId: string }) => f.officialId === officialId);
};

interface Voidable {
  /** The DELETE path of the record. */
  path: string;
  /** Whether the official's list still shows it. */
  listed: () => Promise<boolean>;
  /** Change the record once, so its version becomes 2. */
  bump: () => Promise<void>;
  /** The official's audit records of a deletion. */
  deletions: () => Promise<any[]>;
}

const deletionsOf = (officialId: string) => async () => (await auditOf(officialId)).filter((r) => r.action === 'delete');

/** One record of each kind on a new official in the agency's office. */
const kinds: { kind: string; make: () => Promise<Voidable> }[] = [
  {
    kind: 'assignment',
    make: async () => {
      const id = await addOfficial(t, ORG.office);
      const a = await addAssignment(t, id, { positionId: 'VP-CV', startDate: '2015-01-01' });
      return {
        path: `/v1/officials/${id}/assignments/${a.id}`,
        deletions: deletionsOf(id),
        listed: async () =>
          (await t.call('hr', 'GET', `/v1/officials/${id}/assignments`)).body.items.some((x: { id: string }) => x.id === a.id),
        bump: async () => {
          const res = await t.call('hr', 'PATCH', `/v1/officials/${id}/assignments/${a.id}`, { decisionNo: '2/QĐ', version: 1 });
          expect(res.status).toBe(200);
        },
      };
    },
  },
  {
    kind: 'circumstance',
    make: async () => {
      const id = await addOfficial(t, ORG.office);
      const c = await t.call('hr', 'POST', `/v1/officials/${id}/circumstances`, { type: 'long_training', from: '2026-09-01', to: '2027-12-31' });
      expect(c.status, JSON.stringify(c.body)).toBe(201);
      return {
        path: `/v1/officials/${id}/circumstances/${c.body.id}`,
        deletions: deletionsOf(id),
        listed: async () =>
          (await t.call('hr', 'GET', `/v1/officials/${id}/circumstances`)).body.items.some((x: { id: string }) => x.id === c.body.id),
        bump: async () => {
          const res = await t.call('hr', 'PATCH', `/v1/officials/${id}/circumstances/${c.body.id}`, { note: 'sửa', version: 1 });
          expect(res.status).toBe(200);
        },
      };
    },
  },
  {
    kind: 'assessment',
    make: async () => {
      const id = await addOfficial(t, ORG.office);
      const a = await t.call('hr', 'PUT', `/v1/officials/${id}/assessments/2024`, { rating: 'good', assessedOn: '2024-12-20' });
      expect(a.status, JSON.stringify(a.body)).toBe(201);
      return {
        path: `/v1/officials/${id}/assessments/2024`,
        deletions: deletionsOf(id),
        listed: async () =>
          (await t.call('hr', 'GET', `/v1/officials/${id}/assessments`)).body.items.some((x: { period: string }) => x.period === '2024'),
        bump: async () => {
          const res = await t.call('hr', 'PUT', `/v1/officials/${id}/assessments/2024`, { rating: 'satisfactory', assessedOn: '2024-12-21' }, ifMatch(1));
          expect(res.status).toBe(200);
        },
      };
    },
  },
];

describe.each(kinds)('voiding an $kind', ({ kind, make }) => {
  it('a stale If-Match is a 409 STALE_VERSION and nothing is deleted; the current version is a 204', async () => {
    const record = await make();
    await record.bump();
    const stale = await t.call('hr', 'DELETE', record.path, undefined, ifMatch(1));
    expect(stale.status, JSON.stringify(stale.body)).toBe(409);
    expect(stale.body.code).toBe('STALE_VERSION');
    expect(await record.listed()).toBe(true);
    expect(await record.deletions()).toHaveLength(0);
    const fresh = await t.call('hr', 'DELETE', record.path, undefined, ifMatch('"2"'));
    expect(fresh.status, JSON.stringify(fresh.body)).toBe(204);
    expect(await record.listed()).toBe(false);
    const [deleted] = await record.deletions();
    expect(deleted).toMatchObject({ entityType: kind, before: { version: 2 } });
  });

  it('without If-Match is a 400 VERSION_REQUIRED and nothing is deleted', async () => {
    const record = await make();
    const res = await t.call('hr', 'DELETE', record.path);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VERSION_REQUIRED');
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(await record.listed()).toBe(true);
    expect(await record.deletions()).toHaveLength(0);
  });

  it('an unknown id is a 404 (and so is an unknown official)', async () => {
    const record = await make();
    const unknown = record.path.replace(/\/[^/]+$/, kind === 'assessment' ? '/2019' : '/nope');
    expect((await t.call('hr', 'DELETE', unknown, undefined, ifMatch(1))).status).toBe(404);
    const noOfficial = record.path.replace(/^\/v1\/officials\/[^/]+/, '/v1/officials/nobody');
    expect((await t.call('hr', 'DELETE', noOfficial, undefined, ifMatch(1))).status).toBe(404);
    expect(await record.listed()).toBe(true);
  });

  it('a leader or an auditor gets 403, an hr user scoped to another agency 404 (as for a missing official), and nothing is deleted', async () => {
    const record = await make();
    for (const role of ['leader', 'auditor'] as const) {
      const res = await t.call(role, 'DELETE', record.path, undefined, ifMatch(1));
      expect(res.status, role).toBe(403);
    }
    const elsewhere = await t.call('hr', 'DELETE', record.path, undefined, { ...ifMatch(1), units: [ORG.otherAgency] });
    expect(elsewhere.status).toBe(404);
    expect(await record.listed()).toBe(true);
    expect(await record.deletions()).toHaveLength(0);
  });

  it('a DELETE replayed with its Idempotency-Key answers 204 again, marked as replayed', async () => {
    const record = await make();
    const headers = { 'if-match': '1', 'idempotency-key': `void-${kind}` };
    const first = await t.call('hr', 'DELETE', record.path, undefined, { headers });
    expect(first.status).toBe(204);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    const again = await t.call('hr', 'DELETE', record.path, undefined, { headers });
    expect(again.status).toBe(204);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await record.listed()).toBe(false);
    expect(await record.deletions()).toHaveLength(1);
    // Without the key, the second DELETE is a real one: the record is gone.
    expect((await t.call('hr', 'DELETE', record.path, undefined, ifMatch(1))).status).toBe(404);
  });
});

describe('voiding recomputes the status in the same write', () => {
  it('voiding the assignment that made an official overdue removes them from flags; audited with its before image', async () => {
    const id = await addOfficial(t, ORG.office);
    const a = await addAssignment(t, id, { positionId: 'VP-CV', startDate: '2012-01-01' });
    expect((await flagFor(id))?.reasonCodes).toContain('TENURE_OVER_LIMIT');
    const [listed] = (await t.call('hr', 'GET', `/v1/officials/${id}/assignments`)).body.items;

    const res = await t.call('hr', 'DELETE', `/v1/officials/${id}/assignments/${a.id}`, undefined, ifMatch(1));
    expect(res.status).toBe(204);
    expect(res.body).toBeUndefined();
    expect((await t.call('hr', 'GET', `/v1/officials/${id}/assignments`)).body.items).toHaveLength(0);
    expect(await flagFor(id)).toBeUndefined();
    expect((await t.call('hr', 'GET', `/v1/officials/${id}/tenure`)).body.positionId).toBeNull();
    const due = await t.deps.officials.queryDueStatuses([ORG.agency], '2099-12-31');
    expect(due.map((s) => s.officialId)).not.toContain(id);

    const deleted = (await auditOf(id)).filter((r) => r.action === 'delete');
    expect(deleted).toHaveLength(1);
    expect(deleted[0]).toMatchObject({ entityType: 'assignment', entityId: a.id, parentId: id, actor: { sub: 'hr-user' } });
    expect(deleted[0].before).toEqual(listed);
    expect(deleted[0].after).toBeUndefined();
  });

  it('voiding the unsatisfactory annual rating removes NOT_MEETING_REQUIREMENTS from flags', async () => {
    const id = await addOfficial(t, ORG.office);
    // Overdue too, so the official stays flagged and the line shows what changed.
    await addAssignment(t, id, { positionId: 'VP-CV', startDate: '2012-01-01' });
    const rated = await t.call('hr', 'PUT', `/v1/officials/${id}/assessments/2025`, { rating: 'unsatisfactory', assessedOn: '2025-12-20' });
    expect(rated.status).toBe(201);
    expect((await flagFor(id))?.reasonCodes).toEqual(expect.arrayContaining(['TENURE_OVER_LIMIT', 'NOT_MEETING_REQUIREMENTS']));
    expect((await t.deps.officials.queryUnsatisfactoryStatuses([ORG.agency])).map((s) => s.officialId)).toContain(id);

    const res = await t.call('hr', 'DELETE', `/v1/officials/${id}/assessments/2025`, undefined, ifMatch(1));
    expect(res.status).toBe(204);
    const flag = await flagFor(id);
    expect(flag?.reasonCodes).toContain('TENURE_OVER_LIMIT');
    expect(flag?.reasonCodes).not.toContain('NOT_MEETING_REQUIREMENTS');
    expect((await t.deps.officials.queryUnsatisfactoryStatuses([ORG.agency])).map((s) => s.officialId)).not.toContain(id);
    expect((await t.call('hr', 'GET', `/v1/officials/${id}/assessments`)).body.items).toHaveLength(0);

    const deleted = (await auditOf(id)).find((r) => r.action === 'delete');
    expect(deleted).toMatchObject({ entityType: 'assessment', before: { period: '2025', rating: 'unsatisfactory', version: 1 } });
  });

  it('voiding a maternity circumstance removes the exemption from tenure and flags', async () => {
    const id = await addOfficial(t, ORG.office);
    await addAssignment(t, id, { positionId: 'VP-CV', startDate: '2012-01-01' });
    const c = await t.call('hr', 'POST', `/v1/officials/${id}/circumstances`, { type: 'maternity', from: '2026-01-10', to: '2028-06-30' });
    expect(c.status).toBe(201);
    const codes = (list: { code: string }[]) => list.map((e) => e.code);
    const before = await t.call('hr', 'GET', `/v1/officials/${id}/tenure`);
    expect(codes(before.body.exemptions)).toContain('MATERNITY');
    expect(codes((await flagFor(id)).exemptions)).toContain('MATERNITY');

    const res = await t.call('hr', 'DELETE', `/v1/officials/${id}/circumstances/${c.body.id}`, undefined, ifMatch(1));
    expect(res.status).toBe(204);
    const after = await t.call('hr', 'GET', `/v1/officials/${id}/tenure`);
    expect(codes(after.body.exemptions)).not.toContain('MATERNITY');
    expect(after.body.reasons.map((r: { code: string }) => r.code)).toContain('TENURE_OVER_LIMIT');
    expect(codes((await flagFor(id)).exemptions)).not.toContain('MATERNITY');
    expect((await t.call('hr', 'GET', `/v1/officials/${id}/circumstances`)).body.items).toHaveLength(0);

    const deleted = (await auditOf(id)).find((r) => r.action === 'delete');
    expect(deleted).toMatchObject({
      entityType: 'circumstance',
      entityId: c.body.id,
      before: { type: 'maternity', from: '2026-01-10', to: '2028-06-30', version: 1 },
    });
  });

  it("voiding an annual 'excellent' rating decreases the agency's rating count", async () => {
    const id = await addOfficial(t, ORG.office);
    const countsBefore = await t.deps.officials.getRatingCounts(ORG.agency, 2023);
    const rated = await t.call('hr', 'PUT', `/v1/officials/${id}/assessments/2023`, { rating: 'excellent', assessedOn: '2023-12-20' });
    expect(rated.status).toBe(201);
    const countsRated = await t.deps.officials.getRatingCounts(ORG.agency, 2023);
    expect(countsRated.excellent).toBe(countsBefore.excellent + 1);

    const res = await t.call('hr', 'DELETE', `/v1/officials/${id}/assessments/2023`, undefined, ifMatch(1));
    expect(res.status).toBe(204);
    const countsAfter = await t.deps.officials.getRatingCounts(ORG.agency, 2023);
    expect(countsAfter).toEqual(countsBefore);
    const period = await t.call('hr', 'GET', '/v1/assessments?period=2023');
    expect(period.body.items.map((a: { officialId: string }) => a.officialId)).not.toContain(id);
  });
});
