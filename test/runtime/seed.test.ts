/**
 * `npm run seed`: the demo data set goes in through the API, a second run writes nothing new, and as of the
 * reference date it shows the cases the demo is for (overdue, approaching, periodic rotation, exemptions, the
 * reorganization carrying a chain over). The script itself runs against a temporary DATA_DIR with no server and
 * leaves no JVM behind.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../scripts/lib/dynamo-local';
import type { ApiCall } from '../../scripts/lib/api-loader';
import { POSITIONS } from '../../scripts/lib/seed/data';
import { seedThrough, type SeedReport } from '../../scripts/lib/seed/load';
import { buildSeedPlan } from '../../scripts/lib/seed/plan';
import { computeTenure } from '../../shared/domain/tenure';
import { createTestApp, type TestApp } from '../support/app';

const ROOT = resolve(import.meta.dirname, '../..');
const TODAY = '2026-11-23';
const plan = buildSeedPlan(TODAY);
const assignmentCount = plan.officials.reduce((n, o) => n + o.assignments.length, 0);

describe('the seed plan', () => {
  it('is the same for every day of a month and different in another month', () => {
    expect(buildSeedPlan('2026-11-02')).toEqual({ ...plan, today: '2026-11-02' });
    expect(buildSeedPlan('2027-01-10').officials[0].assignments).not.toEqual(plan.officials[0].assignments);
  });

  it.each([
    ['on the first day of the month', '2026-11-01'],
    ['on the reference date', TODAY],
    ['on the last day of the month', '2026-11-30'],
    ['in another year, placed against that date', '2028-02-29'],
  ])('keeps the mix of 10 overdue and 5 approaching %s', (_when, asOf) => {
    const positions = new Map(POSITIONS.map((p) => [p.id, p]));
    const statuses = buildSeedPlan(asOf).officials.map((o) =>
      computeTenure({
        officialId: o.official.id,
        asOf,
        assignments: o.assignments.map((a) => ({ ...a, primary: true })),
        positions,
      }),
    );
    expect(statuses.filter((s) => s.status === 'overdue')).toHaveLength(10);
    expect(statuses.filter((s) => s.status === 'approaching')).toHaveLength(5);
    expect(statuses.filter((s) => s.reasons.some((r) => r.code === 'PERIODIC_ROTATION_DUE'))).toHaveLength(1);
  });

  it('never seats more people in a post than its headcount, on any day a seat changes hands', () => {
    const all = plan.officials.flatMap((o) => o.assignments.map((a) => ({ ...a, officialId: o.official.id })));
    const headcount = new Map(POSITIONS.map((p) => [p.id, p.headcount]));
    for (const day of new Set([...all.map((a) => a.startDate), TODAY])) {
      const held = new Map<string, string[]>();
      for (const a of all)
        if (a.startDate <= day && (!a.endDate || a.endDate >= day))
          held.set(a.positionId, [...(held.get(a.positionId) ?? []), a.officialId]);
      for (const [positionId, officials] of held)
        expect(officials.length, `${positionId} on ${day}: ${officials.join(', ')}`).toBeLessThanOrEqual(
          headcount.get(positionId)!,
        );
    }
  });

  it('leaves vacant seats on the reference date, so proposals have somewhere to place people', () => {
    const seated = plan.officials.map((o) => o.assignments.at(-1)!).filter((a) => !a.endDate);
    const seats = POSITIONS.filter((p) => !p.unitId.match(/^(BR|CD|XM)-/)).reduce((n, p) => n + p.headcount, 0);
    expect(seated).toHaveLength(plan.officials.length);
    expect(seats - seated.length).toBeGreaterThanOrEqual(8);
  });
});

describe('seedThrough with a scripted API', () => {
  /** Answers 201 to every write, the given OpenAPI paths, and no flags; records what was sent. */
  function scripted(paths: string[], fail?: (method: string, path: string) => { status: number; body: unknown } | undefined) {
    const sent: string[] = [];
    const call: ApiCall = async ({ method, path }) => {
      sent.push(`${method} ${path}`);
      if (path === '/v1/openapi.json') return { status: 200, body: { paths: Object.fromEntries(paths.map((p) => [p, {}])) } };
      if (path.startsWith('/v1/tenure/flags')) return { status: 200, body: { items: [] } };
      return fail?.(method, path) ?? { status: 201, body: {} };
    };
    return { call, sent };
  }

  it('sends no circumstances or assessments when the API does not list their endpoints, and says so', async () => {
    const { call, sent } = scripted(['/v1/units', '/v1/officials/{officialId}/assignments']);
    const report = await seedThrough(call, { today: TODAY });
    expect(report.circumstances).toBeUndefined();
    expect(report.assessments).toBeUndefined();
    expect(sent.filter((s) => /circumstances|assessments/.test(s))).toEqual([]);
    expect(report.assignments).toEqual({ created: assignmentCount, skipped: 0 });
  });

  it('stops at the first unexpected answer, naming the call and the problem', async () => {
    const { call, sent } = scripted([], (method, path) =>
      path === '/v1/officials/SKHCN-0003/assignments'
        ? { status: 409, body: { status: 409, code: 'ASSIGNMENT_OVERLAP', detail: 'chồng lấn' } }
        : undefined,
    );
    await expect(seedThrough(call, { today: TODAY })).rejects.toThrow(
      'POST /v1/officials/SKHCN-0003/assignments answered 409: chồng lấn',
    );
    expect(sent.some((s) => s.startsWith('GET /v1/tenure/flags'))).toBe(false);
  });
});

describe('seedThrough against the API', () => {
  let t: TestApp;
  let call: ApiCall;
  let first: SeedReport;

  beforeAll(async () => {
    t = await createTestApp();
    call = ({ method, path, body, as }) => t.call(as, method, path, body);
    first = await seedThrough(call, { today: TODAY });
  }, 180_000);

  it('creates every unit, position, official and assignment of the plan', async () => {
    expect(first.units).toEqual({ created: 21, skipped: 0 });
    expect(first.positions).toEqual({ created: POSITIONS.length, skipped: 0 });
    expect(first.officials).toEqual({ created: plan.officials.length, skipped: 0 });
    expect(plan.officials.length).toBeGreaterThanOrEqual(55);
    expect(first.assignments).toEqual({ created: assignmentCount, skipped: 0 });
    const officials = await t.call('hr', 'GET', '/v1/officials?limit=500');
    expect(officials.body.items).toHaveLength(plan.officials.length);
    expect(officials.body.items.map((o: { fullName: string }) => o.fullName)).toContain('Trần Thị Yến');
  });

  it('records the 2025 merger: closed district offices point to successors created on 2025-07-01', async () => {
    const district = await t.call('hr', 'GET', '/v1/units/BR-KT');
    expect(district.body).toMatchObject({ kind: 'office', validTo: '2025-06-30', successorId: 'PBR-KT' });
    const successor = await t.call('hr', 'GET', '/v1/units/PBR-KT');
    expect(successor.body).toMatchObject({ validFrom: '2025-07-01', agencyId: 'PBR' });
    const history = await t.call('hr', 'GET', '/v1/officials/PBR-0003/assignments');
    expect(history.body.items.map((a: { positionId: string; kind: string }) => [a.positionId, a.kind])).toEqual([
      ['BR-KT-CV', 'appointment'],
      ['PBR-KT-CV', 'reorganization'],
    ]);
  });

  it('writes an audit record for each assignment', async () => {
    const audit = await t.call('auditor', 'GET', '/v1/audit?entityId=SKHCN-0020-A2');
    expect(audit.status).toBe(200);
    expect(audit.body.items).toHaveLength(1);
    expect(audit.body.items[0]).toMatchObject({ entityType: 'assignment', action: 'create' });
  });

  it('creates nothing on a second run: every write is an "already there" skip', async () => {
    const again = await seedThrough(call, { today: TODAY });
    for (const key of ['units', 'positions', 'officials', 'assignments', 'circumstances', 'assessments'] as const) {
      const before = first[key];
      if (!before) continue;
      expect(again[key], key).toEqual({ created: 0, skipped: before.created });
    }
    expect(again.flags).toEqual(first.flags);
    const officials = await t.call('hr', 'GET', '/v1/officials?limit=500');
    expect(officials.body.items).toHaveLength(plan.officials.length);
  }, 180_000);

  it('flags overdue and approaching officials as of the reference date, with the reasons and exemptions', async () => {
    expect(first.flags.overdue).toBeGreaterThanOrEqual(8);
    expect(first.flags.overdue).toBeLessThanOrEqual(12);
    expect(first.flags.approaching).toBeGreaterThanOrEqual(4);
    expect(first.flags.approaching).toBeLessThanOrEqual(6);

    const flags = await t.call('leader', 'GET', `/v1/tenure/flags?asOf=${TODAY}&limit=500`);
    expect(flags.status).toBe(200);
    const byId = new Map<string, any>(flags.body.items.map((f: { officialId: string }) => [f.officialId, f]));
    expect([...byId.values()].filter((f) => f.status === 'overdue')).toHaveLength(first.flags.overdue);

    // Kế toán: overdue on its 36-month period, not on the 10-year limit.
    expect(byId.get('SKHCN-0020')).toMatchObject({
      status: 'overdue',
      positionId: 'SKHCN-KHTC-KT',
      limitMonths: 36,
      reasons: [expect.objectContaining({ code: 'PERIODIC_ROTATION_DUE' })],
    });
    // The 48-month post for citizens' complaints is approaching its period.
    expect(byId.get('SKHCN-0016')).toMatchObject({
      status: 'approaching',
      limitMonths: 48,
      reasons: [expect.objectContaining({ code: 'PERIODIC_ROTATION_APPROACHING' })],
    });
    // The reorganization continued the chain begun in the district office.
    const carried = byId.get('PBR-0003');
    expect(carried).toMatchObject({ status: 'overdue', positionId: 'PBR-KT-CV', unitId: 'PBR-KT' });
    expect(carried.chainStart < '2025-07-01').toBe(true);
    // Reappointments continue a leader's chain.
    expect(byId.get('SKHCN-0002')).toMatchObject({ status: 'overdue', positionId: 'SKHCN-PGD' });
    expect(byId.get('SKHCN-0002').chainStart).toBe(plan.officials[1].assignments[2].startDate);
    // Exempt officials stay flagged, with the exemption shown.
    const codes = (id: string) => byId.get(id).exemptions.map((e: { code: string }) => e.code);
    expect(codes('SKHCN-0040')).toContain('RETIREMENT_WITHIN_18_MONTHS');
    if (first.circumstances) {
      expect(codes('SKHCN-0043')).toContain('LONG_TRAINING');
      expect(codes('SKHCN-0035')).toContain('MATERNITY');
    }
    // A gap restarted the chain: back in the same post after full-time study, so not flagged.
    expect(byId.has('SKHCN-0028')).toBe(false);
    const tenure = await t.call('hr', 'GET', `/v1/officials/SKHCN-0028/tenure?asOf=${TODAY}`);
    expect(tenure.body).toMatchObject({ status: 'ok', chainStart: plan.officials[27].assignments[1].startDate });
  });

  it('records assessments, with one official unsatisfactory two years running', async (ctx) => {
    if (!first.assessments) ctx.skip();
    expect(first.assessments!.created).toBeGreaterThan(150);
    const flags = await t.call('leader', 'GET', `/v1/tenure/flags?asOf=${TODAY}&limit=500`);
    const trang = flags.body.items.find((f: { officialId: string }) => f.officialId === 'SKHCN-0027');
    expect(trang.status).toBe('ok');
    expect(trang.reasons.map((r: { code: string }) => r.code)).toContain('NOT_MEETING_REQUIREMENTS');
    expect(first.flags.notMeetingRequirements).toBeGreaterThanOrEqual(3);
    const monthly = await t.call('hr', 'GET', '/v1/officials/SKHCN-0008/assessments?limit=50');
    expect(monthly.body.items.some((a: { period: string; score?: number }) => a.period === '2026-10' && a.score! >= 90)).toBe(
      true,
    );
  });
});

describe('npm run seed', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'luanchuyen-seed-'));
  });
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('with no server running, starts its own DynamoDB Local, loads the data, prints the summary and stops the JVM', async () => {
    const closedPort = await freePort();
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/seed.ts'], {
      cwd: ROOT,
      env: { ...process.env, DATA_DIR: dataDir, BASE_URL: `http://127.0.0.1:${closedPort}`, SEED_TODAY: TODAY },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const code = await new Promise<number | null>((done) => child.once('exit', done));
    expect(code, stderr).toBe(0);
    expect(stdout).toContain('Đơn vị / units:');
    expect(stdout).toMatch(/Quá hạn \/ overdue: +\d+/);
    expect(stdout).toContain(`flags as of ${TODAY}`);
    // The data persisted where the local server will look for it, and the JVM is gone.
    expect(existsSync(join(dataDir, 'dynamodb'))).toBe(true);
    expect(existsSync(join(dataDir, 'dynamodb', 'dynamodb-local.pid'))).toBe(false);
    const jvms = spawnSync('pgrep', ['-f', `DynamoDBLocal.jar.*-dbPath ${join(dataDir, 'dynamodb')}`], { encoding: 'utf8' });
    expect(jvms.stdout.trim()).toBe('');
  }, 300_000);

  it('with DynamoDB Local running on DATA_DIR but no server at BASE_URL, refuses and names the URL it tried', async () => {
    // A live process named in the pid file stands for a server's JVM: the seed must not start a second one there.
    const held = await mkdtemp(join(tmpdir(), 'luanchuyen-seed-held-'));
    try {
      await mkdir(join(held, 'dynamodb'));
      await writeFile(join(held, 'dynamodb', 'dynamodb-local.pid'), `${process.pid}\n`);
      const baseUrl = `http://127.0.0.1:${await freePort()}`;
      const run = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/seed.ts'], {
        cwd: ROOT,
        env: { ...process.env, DATA_DIR: held, BASE_URL: baseUrl, SEED_TODAY: TODAY },
        encoding: 'utf8',
        timeout: 60_000,
      });
      expect(run.status, run.stderr).toBe(1);
      expect(run.stderr).toContain(`DynamoDB Local (pid ${process.pid}) is running on ${join(held, 'dynamodb')}`);
      expect(run.stderr).toContain(`no server answered at ${baseUrl} (BASE_URL)`);
      expect(run.stderr).not.toMatch(/^\s+at /m);
    } finally {
      await rm(held, { recursive: true, force: true });
    }
  }, 120_000);
});
