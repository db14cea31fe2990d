/**
 * GET /v1/dashboard against DynamoDB Local: each figure equals the flags list for the same unit and filter, the scope
 * shows only the caller's units (a unit out of scope answers as a missing one), and the 24 monthly buckets hold the
 * officials due in them.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { INDEX } from '../../shared/adapters/dynamo/keys';
import { installReadMeter, type MeterReading } from '../../shared/adapters/dynamo/read-meter';
import { createTestApp, type TestApp } from '../support/app';
import { DASHBOARD_AS_OF, DASHBOARD_NOW, seedDashboardData, type DashboardOfficials } from '../support/dashboard-data';
import { addAssignment, addOfficial, ORG } from '../support/fixtures';

let t: TestApp;
let ids: DashboardOfficials;

beforeAll(async () => {
  t = await createTestApp({ now: () => new Date(DASHBOARD_NOW) });
  ids = await seedDashboardData(t);
});

type Counts = Record<'overdue' | 'approaching' | 'rotationDue' | 'notMeetingRequirements' | 'exempt' | 'flagged', number>;

/** The figures read off the flags list: the list filtered by status, and its lines read for the reason groups. */
async function countsFromFlags(unitId?: string, units: string[] | '*' = '*'): Promise<Counts> {
  const q = (extra: string) => `/v1/tenure/flags?asOf=${DASHBOARD_AS_OF}&limit=500${unitId ? `&unitId=${unitId}` : ''}${extra}`;
  const all = await t.call('hr', 'GET', q(''), undefined, { units });
  const overdue = await t.call('hr', 'GET', q('&status=overdue'), undefined, { units });
  const approaching = await t.call('hr', 'GET', q('&status=approaching'), undefined, { units });
  const items = all.body.items as { reasonCodes: string[]; exemptions: unknown[] }[];
  return {
    overdue: overdue.body.items.length,
    approaching: approaching.body.items.length,
    rotationDue: items.filter((f) => f.reasonCodes.includes('PERIODIC_ROTATION_DUE')).length,
    notMeetingRequirements: items.filter((f) =>
      f.reasonCodes.some((c) => ['NOT_MEETING_REQUIREMENTS', 'DISMISSAL_REVIEW', 'DEMOTION_REVIEW'].includes(c)),
    ).length,
    exempt: items.filter((f) => f.exemptions.length > 0).length,
    flagged: items.length,
  };
}

describe('GET /v1/dashboard', () => {
  it('counts each figure per unit subtree and in total, as the flags list does', async () => {
    const res = await t.call('leader', 'GET', `/v1/dashboard?asOf=${DASHBOARD_AS_OF}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.asOf).toBe(DASHBOARD_AS_OF);
    expect(res.body.totals).toEqual({ overdue: 4, approaching: 2, rotationDue: 1, notMeetingRequirements: 1, exempt: 1, flagged: 7 });
    const byUnit = Object.fromEntries(res.body.units.map((u: { unitId: string; counts: Counts }) => [u.unitId, u.counts]));
    expect(byUnit[ORG.office]).toEqual({ overdue: 2, approaching: 1, rotationDue: 1, notMeetingRequirements: 1, exempt: 0, flagged: 4 });
    expect(byUnit[ORG.inspectorate]).toEqual({ overdue: 1, approaching: 0, rotationDue: 0, notMeetingRequirements: 0, exempt: 1, flagged: 1 });
    expect(byUnit[ORG.otherOffice]).toEqual({ overdue: 1, approaching: 1, rotationDue: 0, notMeetingRequirements: 0, exempt: 0, flagged: 2 });
    // Rows nest as the units do, each agency under the province, each office under its agency.
    expect(res.body.units.map((u: { unitId: string; depth: number }) => `${u.depth}:${u.unitId}`)).toEqual([
      `0:${ORG.province}`,
      `1:${ORG.agency}`,
      `2:${ORG.inspectorate}`,
      `2:${ORG.office}`,
      `1:${ORG.otherAgency}`,
      `2:${ORG.otherOffice}`,
    ]);
    for (const row of res.body.units) expect(row.counts, row.unitId).toEqual(await countsFromFlags(row.unitId));
    expect(res.body.totals).toEqual(await countsFromFlags());
  });

  it("shows an HR officer of one office that office alone, and a unit out of scope as a missing one", async () => {
    const units = [ORG.office];
    const res = await t.call('hr', 'GET', '/v1/dashboard', undefined, { units });
    expect(res.status).toBe(200);
    expect(res.body.asOf).toBe(DASHBOARD_AS_OF); // today in Ho Chi Minh City
    expect(res.body.units.map((u: { unitId: string }) => u.unitId)).toEqual([ORG.office]);
    expect(res.body.totals).toEqual(await countsFromFlags(undefined, units));
    expect(res.body.totals.flagged).toBe(4);
    const seen = res.body.dueByMonth.flatMap((b: { officials: { officialId: string }[] }) => b.officials.map((o) => o.officialId));
    expect(seen.sort()).toEqual([ids.approaching, ids.dueLater].sort());

    const outside = await t.call('hr', 'GET', `/v1/dashboard?unitId=${ORG.otherOffice}`, undefined, { units });
    const missing = await t.call('hr', 'GET', '/v1/dashboard?unitId=NO-SUCH-UNIT', undefined, { units });
    // The agency above the office is outside the scope too: it is not told that it exists.
    const above = await t.call('hr', 'GET', `/v1/dashboard?unitId=${ORG.agency}`, undefined, { units });
    for (const answer of [outside, missing, above]) {
      expect(answer.status).toBe(404);
      expect(answer.headers.get('content-type')).toMatch(/application\/problem\+json/);
      expect(answer.body.code).toBe('NOT_FOUND');
    }
    const shape = (body: { title: string; detail: string }, id: string) => ({ title: body.title, detail: body.detail.replace(id, '?') });
    expect(shape(outside.body, ORG.otherOffice)).toEqual(shape(missing.body, 'NO-SUCH-UNIT'));
  });

  it('narrows to a unit subtree, keeping that unit even with nothing flagged', async () => {
    const res = await t.call('auditor', 'GET', `/v1/dashboard?asOf=${DASHBOARD_AS_OF}&unitId=${ORG.agency}`);
    expect(res.status).toBe(200);
    expect(res.body.units.map((u: { unitId: string }) => u.unitId)).toEqual([ORG.agency, ORG.inspectorate, ORG.office]);
    expect(res.body.totals).toEqual(await countsFromFlags(ORG.agency));
    // Before anyone was flagged: the unit is there with zeros.
    const early = await t.call('auditor', 'GET', `/v1/dashboard?asOf=2016-01-01&unitId=${ORG.inspectorate}`);
    expect(early.status).toBe(200);
    expect(early.body.units).toEqual([
      expect.objectContaining({ unitId: ORG.inspectorate, counts: { overdue: 0, approaching: 0, rotationDue: 0, notMeetingRequirements: 0, exempt: 0, flagged: 0 } }),
    ]);
  });

  it('buckets the due dates of the next 24 months by month, with the officials due in each', async () => {
    const res = await t.call('hr', 'GET', `/v1/dashboard?asOf=${DASHBOARD_AS_OF}`);
    const buckets = res.body.dueByMonth as { month: string; count: number; officials: { officialId: string; dueDate: string }[] }[];
    expect(buckets).toHaveLength(24);
    expect(buckets[0].month).toBe('2026-06');
    expect(buckets[23].month).toBe('2028-05');
    expect(res.body.horizon).toEqual({ from: DASHBOARD_AS_OF, through: '2028-05-31' });
    const filled = Object.fromEntries(buckets.filter((b) => b.count > 0).map((b) => [b.month, b.officials.map((o) => `${o.officialId}@${o.dueDate}`)]));
    expect(filled).toEqual({
      '2026-09': [`${ids.approaching}@2026-09-01`],
      '2026-12': [`${ids.otherApproaching}@2026-12-01`],
      '2027-01': [`${ids.dueNextYear}@2027-01-05`],
      '2028-02': [`${ids.dueLater}@2028-02-10`],
    });
    for (const b of buckets) expect(b.count).toBe(b.officials.length);
    // Bùi Văn Khoa is due 2027-06-01 but retires on 2026-12-31: no rotation to plan.
    expect(buckets.find((b) => b.month === '2027-06')?.count).toBe(0);

    // A year later the chart has moved on: the one due 2028-02 is still there, the earlier ones are overdue.
    const later = await t.call('hr', 'GET', '/v1/dashboard?asOf=2027-06-15');
    const laterFilled = later.body.dueByMonth.filter((b: { count: number }) => b.count > 0).map((b: { month: string }) => b.month);
    expect(laterFilled).toEqual(['2028-02']);
  });

  it('refuses a bad date, an unknown parameter value and a role without the right, in problem+json', async () => {
    const badDate = await t.call('hr', 'GET', '/v1/dashboard?asOf=2026-02-30');
    expect(badDate.status).toBe(400);
    expect(badDate.body.code).toBe('VALIDATION_FAILED');
    expect(badDate.body.errors[0].path).toBe('query.asOf');
    const badUnit = await t.call('hr', 'GET', '/v1/dashboard?unitId=a%23b');
    expect(badUnit.status).toBe(400);
    const admin = await t.call('admin', 'GET', '/v1/dashboard');
    expect(admin.status).toBe(403);
    expect(admin.body.code).toBe('FORBIDDEN');
  });

  it('reads only the sparse indexes, so officials neither flagged nor due within 24 months cost nothing', async () => {
    const meter = installReadMeter(t.table.client);
    const read = async (): Promise<MeterReading> => {
      meter.take();
      expect((await t.call('hr', 'GET', `/v1/dashboard?asOf=${DASHBOARD_AS_OF}`)).status).toBe(200);
      return meter.take();
    };
    const sparse = (r: MeterReading) =>
      r.reads.filter((q) => q.indexName === INDEX.dates.indexName || q.indexName === INDEX.groups.indexName).reduce((n, q) => n + q.scannedCount, 0);
    // Every item any query read (the unit list included): unchanged by staff who are neither flagged nor due.
    const indexItems = (r: MeterReading) => r.reads.reduce((n, q) => n + q.scannedCount, 0);
    const before = await read();
    expect(before.byCommand.ScanCommand ?? 0).toBe(0);

    expect((await t.call('admin', 'POST', '/v1/positions', { id: 'VP-NV', unitId: ORG.office, title: 'Nhân viên', category: 'support', headcount: 6 })).status).toBe(201);
    for (let i = 0; i < 6; i++) {
      const id = await addOfficial(t, ORG.office, { fullName: `Nhân viên ${i}`, dateOfBirth: '1995-01-01' });
      await addAssignment(t, id, { positionId: 'VP-NV', startDate: '2025-01-01' }); // due 2035
    }
    const after = await read();
    expect(after.byCommand.ScanCommand ?? 0).toBe(0);
    expect(indexItems(after)).toBe(indexItems(before));
    expect(sparse(before)).toBeGreaterThan(0);
  });
});
