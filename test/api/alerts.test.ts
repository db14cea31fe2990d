/**
 * The alert job against DynamoDB Local and the real aws-ses-v2-local, started here on a free port: the mails are read
 * back from its /store. Each test builds its own world (a table, the fixture organisation, a clock it moves), since
 * the job's last completed run is global to a table. Runs are called as the use case (with a fault-injecting mailer
 * where a crash or a refused send is the point) and through the API.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSesLocal, storedMails, type SesLocal, type StoredMail } from '../../scripts/lib/ses-local';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from '../../shared/adapters/dynamo/client';
import { installReadMeter, type MeterReading } from '../../shared/adapters/dynamo/read-meter';
import { addDays, addYears } from '../../shared/domain/dates';
import type { AlertRun, Mailer } from '../../shared/ports';
import type { Actor } from '../../shared/use-cases/context';
import { systemActor } from '../../shared/use-cases/policy';
import { drainRestamps } from '../../shared/use-cases/mail-stamp';
import { runAlerts } from '../../shared/use-cases/run-alerts';
import { createTestApp, type TestApp } from '../support/app';
import { addAssignment, addOfficial, ORG, seedOrganisation } from '../support/fixtures';
import { ASSIGNMENT_HEADERS, csvFile, importFile } from '../support/imports';

const VP_HR = 'tccb@skhcn.example.vn';
const AGENCY_HR = 'tccb.so@skhcn.example.vn';
const LEADERS = 'giamdoc@skhcn.example.vn';

let ses: SesLocal;

beforeAll(async () => {
  ses = await startSesLocal({ port: 0 });
});
afterAll(async () => {
  await ses.close();
});
beforeEach(async () => {
  await fetch(`${ses.endpoint}/clear-store`, { method: 'POST' });
});

interface World {
  t: TestApp;
  /** Move "today" (08:00 in Asia/Ho_Chi_Minh of that date). */
  setToday(date: string): void;
  later(minutes: number): void;
  run(asOf: string, mailer?: Mailer): Promise<AlertRun>;
}

async function world(today: string): Promise<World> {
  let now = at(today);
  const t = await createTestApp({ now: () => now, env: { SES_ENDPOINT: ses.endpoint } });
  await seedOrganisation(t);
  let runs = 0;
  return {
    t,
    setToday: (date) => (now = at(date)),
    later: (minutes) => (now = new Date(now.getTime() + minutes * 60_000)),
    run: (asOf, mailer) => runAlerts(mailer ? { ...t.deps, mailer } : t.deps, job(++runs), { asOf }),
  };
}

function at(date: string): Date {
  return new Date(`${date}T01:00:00Z`);
}

function job(n: number): Actor {
  return systemActor('alerts', `test-run-${n}`);
}

/** An official in `unitId` holding `positionId` since ten years before `dueDate` (so due on that day). */
async function dueOn(t: TestApp, unitId: string, positionId: string, dueDate: string, fullName: string): Promise<string> {
  const id = await addOfficial(t, unitId, { fullName });
  await addAssignment(t, id, { positionId, startDate: addYears(dueDate, -10) });
  return id;
}

async function mails(): Promise<StoredMail[]> {
  return storedMails(ses.endpoint);
}

/** The officials named in a mail's HTML table, one row each. */
function rows(mail: StoredMail): string[] {
  const body = /<tbody>([\s\S]*?)<\/tbody>/.exec(mail.body.html ?? '')?.[1] ?? '';
  return [...body.matchAll(/<tr><td[^>]*>\d+<\/td><td[^>]*>([^<]+)<\/td>/g)].map((m) => m[1]);
}

/** Sends through `inner`, except call number `on`: it throws, or never returns before or after sending (a crash). */
function faultyMailer(inner: Mailer, on: number, mode: 'throw' | 'crash-before-send' | 'crash-after-send') {
  let calls = 0;
  let crashed!: () => void;
  const crash = new Promise<void>((done) => (crashed = done));
  const mailer: Mailer = {
    async send(message) {
      calls += 1;
      if (calls !== on) return inner.send(message);
      if (mode === 'throw') throw Object.assign(new Error('Maximum sending rate exceeded.'), { name: 'TooManyRequestsException' });
      if (mode === 'crash-after-send') await inner.send(message);
      crashed();
      // The process stops here: the run never goes on, as a Lambda killed by its timeout.
      return new Promise<never>(() => {});
    },
  };
  return { mailer, crash };
}

describe('thresholds', () => {
  it('tells each of 90, 30/7 and the due date once: 89, 90 and 91 days before, a threshold passed between runs, the day itself', async () => {
    const w = await world('2026-06-01');
    const a = await dueOn(w.t, ORG.office, 'VP-CV', '2026-08-29', 'Nguyễn Văn An'); // 89 days after 2026-06-01
    const b = await dueOn(w.t, ORG.office, 'VP-CV', '2026-08-30', 'Trần Thị Bình'); // 90
    const c = await dueOn(w.t, ORG.office, 'VP-CV', '2026-08-31', 'Lê Văn Cường'); // 91

    // The first run catches up: as of 2026-05-31 An is 90 days from the due date, the others further.
    const first = await w.run('2026-05-31');
    expect(first).toMatchObject({ status: 'completed', mailsSent: 1, officialsNotified: 1, windows: [{ through: '2026-08-29' }] });
    // As of 2026-06-01: Bình reaches 90 days; An (89) was told, Cường (91) not yet.
    const second = await w.run('2026-06-01');
    expect(second).toMatchObject({ mailsSent: 1, officialsNotified: 1 });
    w.setToday('2026-06-02');
    expect(await w.run('2026-06-02')).toMatchObject({ mailsSent: 1, officialsNotified: 1 });

    let sent = await mails();
    expect(sent.map((m) => rows(m))).toEqual([[`Nguyễn Văn An (${a})`], [`Trần Thị Bình (${b})`], [`Lê Văn Cường (${c})`]]);
    for (const mail of sent) {
      expect(mail.destination.to).toEqual([VP_HR]);
      expect(mail.from).toBe('canh-bao@luanchuyen.example');
      expect(mail.subject).toMatch(/^\[Luân chuyển\] 1 công chức sắp đến hạn chuyển đổi vị trí công tác - Văn phòng Sở/);
      expect(mail.body.html).toContain('Mốc 90 ngày trước hạn');
      expect(mail.body.text).toContain('Mốc cảnh báo: Mốc 90 ngày trước hạn');
    }

    // Nothing runs until An's due date: 30 and 7 days were crossed in between; each is told its most urgent one.
    await fetch(`${ses.endpoint}/clear-store`, { method: 'POST' });
    w.setToday('2026-08-29');
    expect(await w.run('2026-08-29')).toMatchObject({ mailsSent: 1, officialsNotified: 3 });
    sent = await mails();
    expect(sent).toHaveLength(1);
    expect(rows(sent[0])).toEqual([`Nguyễn Văn An (${a})`, `Trần Thị Bình (${b})`, `Lê Văn Cường (${c})`]);
    // An is due that day, the others coming due: the subject says both.
    expect(sent[0].subject).toContain('3 công chức đã đến hoặc sắp đến hạn');
    const text = sent[0].body.text!;
    expect(text).toMatch(/Nguyễn Văn An[\s\S]*Đến hạn: 29\/08\/2026 \(đến hạn hôm nay\)[\s\S]*Mốc cảnh báo: Đã đến hạn/);
    expect(text).toMatch(/Trần Thị Bình[\s\S]*còn 1 ngày[\s\S]*Mốc cảnh báo: Mốc 7 ngày trước hạn/);
    expect(text).toMatch(/Bắt đầu giữ vị trí: 29\/08\/2016/);
    expect(text).toMatch(/Thời gian giữ vị trí: 10 năm/);
    // The steps point to the console; the API call is a short secondary line.
    expect(text).toContain('mở trang «Lập đề xuất trên bảng điều khiển»');
    expect(text).toContain('- Nếu cơ quan lập đề xuất bằng phần mềm kết nối qua API: POST /v1/proposals');
    // Links to the console the local runtime serves: the unit's flags as of the run's date, and the draft form.
    const flags = `http://localhost:3000/console/flags?unitId=${ORG.office}&asOf=2026-08-29`;
    expect(text).toContain(`Danh sách cảnh báo của Văn phòng Sở, tính đến 29/08/2026: ${flags}`);
    expect(sent[0].body.html).toContain(`<a href="${flags.replace('&', '&#38;')}">`);
    expect(text).toContain('Lập đề xuất trên bảng điều khiển: http://localhost:3000/console/proposals/new');

    // Again the same day, and the next: nothing twice.
    expect(await w.run('2026-08-29')).toMatchObject({ mailsSent: 0, windows: [] });
    w.setToday('2026-08-30');
    expect(await w.run('2026-08-30')).toMatchObject({ mailsSent: 1, officialsNotified: 1 }); // Bình's due date
    expect((await mails()).map((m) => rows(m))).toEqual([rows(sent[0]), [`Trần Thị Bình (${b})`]]);
  });

  it('never mails about officials who have left service: a recorded leaving, or a retirement date passed since', async () => {
    const w = await world('2026-06-01');
    const stays = await dueOn(w.t, ORG.office, 'VP-CV', '2025-01-10', 'Phạm Văn Ở');
    const left = await dueOn(w.t, ORG.office, 'VP-CV', '2025-02-10', 'Quách Thị Đi');
    expect((await w.t.call('hr', 'PATCH', `/v1/officials/${left}`, { leftOn: '2026-05-15', leftReason: 'resigned' })).status).toBe(200);
    const retires = await addOfficial(w.t, ORG.office, { fullName: 'Hưu Văn Trí', dateOfBirth: '1966-01-01' });
    expect((await w.t.call('hr', 'PATCH', `/v1/officials/${retires}`, { retirementDate: '2026-06-30' })).status).toBe(200);
    await addAssignment(w.t, retires, { positionId: 'VP-CV', startDate: '2015-03-01' });

    w.setToday('2026-07-02');
    const run = await w.run('2026-07-02');
    expect(run.officialsNotified).toBe(1);
    const sent = await mails();
    expect(sent.flatMap(rows)).toEqual([`Phạm Văn Ở (${stays})`]);
  });
});

describe('once only, whatever happens', () => {
  async function twoUnits(today: string) {
    const w = await world(today);
    // The inspectorate has no address of its own: its mail goes to the agency's.
    expect((await w.t.call('admin', 'PATCH', `/v1/units/${ORG.agency}`, { hrEmails: [AGENCY_HR] })).status).toBe(200);
    const x = await dueOn(w.t, ORG.office, 'VP-CV', '2024-01-01', 'Xuân Văn Phòng');
    const y = await dueOn(w.t, ORG.inspectorate, 'TT-TTV', '2023-05-01', 'Yến Thị Tra');
    return { w, x, y };
  }

  it('a run that crashes after its first mail: the next run sends the rest, and nothing twice', async () => {
    const { w, x, y } = await twoUnits('2026-06-01');
    const { mailer, crash } = faultyMailer(w.t.deps.mailer, 2, 'crash-before-send');
    void w.run('2026-06-01', mailer);
    await crash;
    expect((await mails()).map((m) => m.destination.to)).toEqual([[AGENCY_HR]]);

    // The crashed run is listed, unfinished.
    const listed = await w.t.call('admin', 'GET', '/v1/alerts');
    expect(listed.body.items).toMatchObject([{ status: 'running', asOf: '2026-06-01' }]);
    expect(listed.body.items[0].finishedAt).toBeUndefined();

    // Its claims are held for their lease; the next day's run takes them over.
    w.setToday('2026-06-02');
    const next = await w.run('2026-06-02');
    expect(next).toMatchObject({ mailsSent: 1, officialsNotified: 1, retried: 1, failures: [] });
    const sent = await mails();
    expect(sent.map((m) => [m.destination.to, rows(m)])).toEqual([
      [[AGENCY_HR], [`Yến Thị Tra (${y})`]],
      [[VP_HR], [`Xuân Văn Phòng (${x})`]],
    ]);
    expect(await w.run('2026-06-02')).toMatchObject({ mailsSent: 0 });
  });

  it('a crash between a send and its mark repeats that one mail, and only that one', async () => {
    const { w, x, y } = await twoUnits('2026-06-01');
    const { mailer, crash } = faultyMailer(w.t.deps.mailer, 1, 'crash-after-send');
    void w.run('2026-06-01', mailer);
    await crash;
    w.setToday('2026-06-02');
    expect(await w.run('2026-06-02')).toMatchObject({ mailsSent: 2, retried: 2 });
    const sent = await mails();
    expect(sent.map((m) => rows(m))).toEqual([[`Yến Thị Tra (${y})`], [`Yến Thị Tra (${y})`], [`Xuân Văn Phòng (${x})`]]);
  });

  it('a refused send is counted, kept pending, and sent by the next run', async () => {
    const { w, x } = await twoUnits('2026-06-01');
    const { mailer } = faultyMailer(w.t.deps.mailer, 2, 'throw');
    const failed = await w.run('2026-06-01', mailer);
    expect(failed).toMatchObject({ status: 'completed', mailsSent: 1 });
    expect(failed.failures).toEqual([
      {
        kind: 'threshold',
        unitId: ORG.office,
        recipients: [VP_HR],
        notices: 1,
        reason: 'TooManyRequestsException: Maximum sending rate exceeded.',
      },
    ]);
    // A retry the same day (Lambda's own, or an admin's) may send it at once: a released claim has no lease left.
    w.later(3);
    const retry = await w.run('2026-06-01');
    expect(retry).toMatchObject({ mailsSent: 1, retried: 1, failures: [], windows: [] });
    expect((await mails()).flatMap(rows)).toEqual([expect.stringContaining('Yến Thị Tra'), `Xuân Văn Phòng (${x})`]);
  });
});

describe('addresses', () => {
  it("falls back to the nearest ancestor's hrEmails, and reports a unit with none up its tree until one is recorded", async () => {
    const w = await world('2026-06-10');
    const z = await dueOn(w.t, ORG.inspectorate, 'TT-TTV', '2024-03-01', 'Zương Văn Thanh');
    const far = await dueOn(w.t, ORG.otherOffice, 'SNV-CV', '2024-04-01', 'Nội Thị Vụ');

    const first = await w.run('2026-06-10');
    expect(first.mailsSent).toBe(0);
    expect(first.unitsWithoutAddress).toEqual([
      { unitId: ORG.inspectorate, unitName: 'Thanh tra Sở', kind: 'hr', notices: 1 },
      { unitId: ORG.otherOffice, unitName: 'Văn phòng Sở Nội vụ', kind: 'hr', notices: 1 },
    ]);

    // An address on the agency: the inspectorate's mail goes there on the next run; the other is still reported.
    expect((await w.t.call('admin', 'PATCH', `/v1/units/${ORG.agency}`, { hrEmails: [AGENCY_HR] })).status).toBe(200);
    w.setToday('2026-06-11');
    const second = await w.run('2026-06-11');
    expect(second).toMatchObject({ mailsSent: 1, retried: 1 });
    expect(second.unitsWithoutAddress).toEqual([{ unitId: ORG.otherOffice, unitName: 'Văn phòng Sở Nội vụ', kind: 'hr', notices: 1 }]);
    const sent = await mails();
    expect(sent.map((m) => [m.destination.to, rows(m)])).toEqual([[[AGENCY_HR], [`Zương Văn Thanh (${z})`]]]);

    // The unit's own address wins over its ancestors'.
    expect((await w.t.call('admin', 'PATCH', `/v1/units/${ORG.otherOffice}`, { hrEmails: ['VP@SNV.example.vn', 'vp@snv.example.vn'] })).status).toBe(200);
    w.setToday('2026-06-12');
    expect(await w.run('2026-06-12')).toMatchObject({ mailsSent: 1, unitsWithoutAddress: [] });
    expect((await mails()).at(-1)).toMatchObject({ destination: { to: ['vp@snv.example.vn'] } });
    expect(rows((await mails()).at(-1)!)).toEqual([`Nội Thị Vụ (${far})`]);
  });
});

describe('the monthly digest', () => {
  it("a back-dated run leaves a later month's digest waiting for its address, not closed as stale", async () => {
    const w = await world('2026-11-01');
    await dueOn(w.t, ORG.office, 'VP-CVP', '2025-03-01', 'Chờ Thị Thư');
    const first = await w.run('2026-11-01');
    expect(first).toMatchObject({ digestMonth: '2026-11', digestsSent: 0 });
    expect(first.unitsWithoutAddress).toEqual(
      expect.arrayContaining([{ unitId: ORG.agency, unitName: 'Sở Khoa học và Công nghệ', kind: 'leadership', notices: 1 }]),
    );
    w.setToday('2026-11-20');
    expect(await w.run('2026-10-01')).toMatchObject({ digestsSent: 0 });
    expect((await w.t.call('admin', 'PATCH', `/v1/units/${ORG.agency}`, { leaderEmails: [LEADERS] })).status).toBe(200);
    expect(await w.run('2026-11-20')).toMatchObject({ digestsSent: 1 });
    expect((await mails()).filter((m) => m.destination.to.includes(LEADERS)).map((m) => m.subject)).toEqual([
      expect.stringContaining('Tổng hợp tháng 11/2026 - Sở Khoa học và Công nghệ: 1 công chức quá hạn'),
    ]);
  });

  it("on the 1st tells each agency's leadership who is overdue and not exempt, and the proposals awaiting them, once a month", async () => {
    const w = await world('2026-06-01');
    expect((await w.t.call('admin', 'PATCH', `/v1/units/${ORG.agency}`, { leaderEmails: [LEADERS] })).status).toBe(200);
    const overdue = await dueOn(w.t, ORG.office, 'VP-CVP', '2025-03-01', 'Quá Văn Hạn');
    const exempt = await dueOn(w.t, ORG.office, 'VP-CV', '2025-01-15', 'Miễn Thị Trừ');
    expect(
      (await w.t.call('hr', 'POST', `/v1/officials/${exempt}/circumstances`, { type: 'maternity', from: '2026-01-10', to: '2028-06-30' })).status,
    ).toBe(201);
    await dueOn(w.t, ORG.office, 'VP-CV', '2029-01-15', 'Còn Văn Lâu');
    // The other agency has someone overdue and no leadership address: reported, not skipped.
    await dueOn(w.t, ORG.otherOffice, 'SNV-CV', '2025-05-05', 'Không Địa Chỉ');
    await submittedProposal(w.t, 'P-1', 'Đề xuất luân chuyển quý III');

    const first = await w.run('2026-06-01');
    expect(first).toMatchObject({ digestMonth: '2026-06', digestsSent: 1 });
    expect(first.unitsWithoutAddress).toEqual(
      expect.arrayContaining([{ unitId: ORG.otherAgency, unitName: 'Sở Nội vụ', kind: 'leadership', notices: 1 }]),
    );
    const digests = (await mails()).filter((m) => m.destination.to.includes(LEADERS));
    expect(digests).toHaveLength(1);
    const digest = digests[0];
    expect(digest.subject).toBe(
      '[Luân chuyển] Tổng hợp tháng 06/2026 - Sở Khoa học và Công nghệ: 1 công chức quá hạn, 1 đề xuất chờ quyết định',
    );
    expect(digest.body.html).toContain(`Quá Văn Hạn (${overdue})`);
    expect(digest.body.html).not.toContain('Miễn Thị Trừ');
    expect(digest.body.html).not.toContain('Còn Văn Lâu');
    expect(digest.body.html).toContain('Đề xuất luân chuyển quý III (P-1)');
    // Leaders decide in the console, not through API calls.
    expect(digest.body.text).toContain('chọn Duyệt hoặc Không duyệt cho từng người ngay trên trang đề xuất');
    expect(digest.body.text).not.toContain('/v1/');
    // Links: the proposals awaiting the decision, this one, the overdue list and the agency's dashboard.
    expect(digest.body.text).toContain('Các đề xuất đang chờ lãnh đạo quyết định: http://localhost:3000/console/proposals?status=submitted');
    expect(digest.body.text).toContain('http://localhost:3000/console/proposals/P-1');
    expect(digest.body.text).toContain(`http://localhost:3000/console/flags?unitId=${ORG.agency}&status=overdue&asOf=2026-06-01`);
    expect(digest.body.text).toContain(`http://localhost:3000/console/?unitId=${ORG.agency}&asOf=2026-06-01`);
    expect(digest.body.html).toContain('href="http://localhost:3000/console/proposals?status=submitted"');

    // Not again this month; again on the 1st of the next (and a day late when the 1st's run did not complete).
    w.setToday('2026-06-02');
    expect(await w.run('2026-06-02')).toMatchObject({ digestsSent: 0 });
    w.setToday('2026-07-02');
    const july = await w.run('2026-07-02');
    expect(july).toMatchObject({ digestMonth: '2026-07', digestsSent: 1 });
    expect((await mails()).filter((m) => m.destination.to.includes(LEADERS)).map((m) => m.subject)).toEqual([
      digest.subject,
      expect.stringContaining('Tổng hợp tháng 07/2026'),
    ]);
    // Its lines name each official's unit, read by key for the digest (no crossing official of July's run is there).
    const julyDigest = (await mails()).filter((m) => m.destination.to.includes(LEADERS))[1];
    expect(julyDigest.body.text).toMatch(/Quá Văn Hạn[\s\S]*Văn phòng Sở/);
    expect(julyDigest.body.text).not.toContain(ORG.office);
  });
});

describe('what a run reads', () => {
  /**
   * The same crossing officials (one in an office with its own address, one in the inspectorate, addressed through
   * its agency), with `agencies` more agencies of staff due years later: each run's reads, as (index, partition,
   * items examined) per query and requests per command.
   */
  async function measured(agencies: number) {
    const w = await world('2026-06-02');
    expect((await w.t.call('admin', 'PATCH', `/v1/units/${ORG.agency}`, { hrEmails: [AGENCY_HR] })).status).toBe(200);
    await dueOn(w.t, ORG.office, 'VP-CV', '2026-06-20', 'Xuân Văn Phòng');
    await dueOn(w.t, ORG.inspectorate, 'TT-TTV', '2026-08-30', 'Yến Thị Tra');
    await dueOn(w.t, ORG.office, 'VP-CVP', '2026-09-03', 'Chưa Văn Tới'); // 93 days from 2026-06-02: read on the 5th
    for (let a = 0; a < agencies; a++) {
      const id = `EXTRA${a}`;
      expect((await w.t.call('admin', 'POST', '/v1/units', { id, name: `Sở thêm ${a}`, kind: 'department', parentId: ORG.province, hrEmails: [`tccb@extra${a}.example.vn`] })).status).toBe(201);
      expect((await w.t.call('admin', 'POST', '/v1/units', { id: `${id}-VP`, name: `Văn phòng ${a}`, kind: 'office', parentId: id })).status).toBe(201);
      expect((await w.t.call('admin', 'POST', '/v1/positions', { id: `${id}-CV`, unitId: `${id}-VP`, title: 'Chuyên viên', category: 'specialist', headcount: 5 })).status).toBe(201);
      for (let o = 0; o < 2; o++) await dueOn(w.t, `${id}-VP`, `${id}-CV`, addDays('2030-01-10', 40 * a + o), `Thêm Văn ${a}${o}`);
    }
    const meter = installReadMeter(w.t.table.client);
    const shape = (r: MeterReading) => ({
      queries: r.reads.map((q) => [q.indexName ?? 'table', q.partition, q.scannedCount].join(' ')).sort(),
      byCommand: r.byCommand,
    });
    meter.take();
    // Not the 1st: no digest, whose agency list and per-agency reads are the one part that concerns every agency.
    const first = await w.run('2026-06-02');
    const firstReads = shape(meter.take());
    w.setToday('2026-06-05');
    const daily = await w.run('2026-06-05');
    const dailyReads = shape(meter.take());
    return { first, firstReads, daily, dailyReads };
  }

  it('reads the officials crossing a threshold and its own records: more agencies and staff not due add no read', async () => {
    const small = await measured(0);
    const large = await measured(6);
    expect(small.first).toMatchObject({ mailsSent: 2, officialsNotified: 2, failures: [] });
    expect(small.daily).toMatchObject({ mailsSent: 1, officialsNotified: 1, failures: [] });
    expect(large.first).toMatchObject({ mailsSent: 2, officialsNotified: 2, failures: [] });
    expect(large.daily).toMatchObject({ mailsSent: 1, officialsNotified: 1, failures: [] });
    expect(large.firstReads).toEqual(small.firstReads);
    expect(large.dailyReads).toEqual(small.dailyReads);

    // The due index by month: the two officials crossing on the first run; no agency list, no agency's partition.
    const due = small.firstReads.queries.filter((q) => q.startsWith('GSI1 DUE_MONTH#'));
    expect(due.filter((q) => !q.endsWith(' 0'))).toEqual(['GSI1 DUE_MONTH#2026-06 1', 'GSI1 DUE_MONTH#2026-08 1']);
    // The first run also does the restamp task the agency's new address left (pattern 32): the agencies it covers
    // (itself), their chains, and the units of the one stamp that read it (already fresh: nothing rewritten).
    expect(small.firstReads.queries.filter((q) => !q.startsWith('GSI1 DUE_MONTH#'))).toEqual([
      'GSI1 ALERT_PENDING 0',
      'GSI1 RESTAMP_PENDING 1',
      `GSI2 AGENCY#${ORG.agency}#DUE 3`,
      'GSI3 AGENCIES 1',
    ]);
    expect(small.firstReads.byCommand.BatchGetItemCommand).toBe(2);
    // One update: the task marked done (out of its index); the stamp, already fresh, is not rewritten.
    expect(small.firstReads.byCommand.UpdateItemCommand).toBe(1);
    // The next run reads four three-day ranges, each in the month partitions it spans: Chưa Văn Tới (90 days away),
    // its one empty look for restamp tasks, and no unit: the mail is addressed from the status item's stamp.
    expect(small.dailyReads.queries).toEqual([
      'GSI1 ALERT_PENDING 0',
      'GSI1 DUE_MONTH#2026-06 0',
      'GSI1 DUE_MONTH#2026-06 0',
      'GSI1 DUE_MONTH#2026-07 0',
      'GSI1 DUE_MONTH#2026-09 1',
      'GSI1 RESTAMP_PENDING 0',
    ]);
    expect(small.dailyReads.byCommand.BatchGetItemCommand).toBeUndefined();
    // Its one read by key is its own record: the last completed run.
    expect(small.dailyReads.byCommand.GetItemCommand).toBe(1);
  });
});

describe('mail stamps: the run addresses its mails from the status items', () => {
  const doc = (w: World) => createDocumentClient(w.t.table.client);
  const tasks = async (w: World) => w.t.deps.organisation.listRestampTasks();
  const stampOf = async (w: World, officialId: string) => (await w.t.deps.officials.getStatus(officialId))?.mail;

  it('reads no unit when the stamps are fresh: names, recipients up the tree and units without one, from the stamps', async () => {
    const w = await world('2026-06-01');
    expect((await w.t.call('admin', 'PATCH', `/v1/units/${ORG.agency}`, { hrEmails: [AGENCY_HR] })).status).toBe(200);
    // A first run (nothing due yet) does the agency's restamp task; the officials come after.
    expect(await w.run('2026-06-01')).toMatchObject({ mailsSent: 0 });
    const own = await dueOn(w.t, ORG.office, 'VP-CV', '2026-09-05', 'Riêng Văn Phòng');
    const up = await dueOn(w.t, ORG.inspectorate, 'TT-TTV', '2026-09-06', 'Nhờ Sở Cha');
    const none = await dueOn(w.t, ORG.otherOffice, 'SNV-CV', '2026-09-07', 'Không Ai Nhận');
    expect(await stampOf(w, up)).toMatchObject({
      unitId: ORG.inspectorate,
      unitName: 'Thanh tra Sở',
      recipients: { to: [AGENCY_HR], fromUnitId: ORG.agency },
      units: [{ id: ORG.inspectorate }, { id: ORG.agency }],
    });
    // No address up the tree: the stamp says so, having read every unit to the root.
    const unaddressed = await stampOf(w, none);
    expect(unaddressed?.recipients).toBeUndefined();
    expect(unaddressed?.units.map((u) => u.id)).toEqual([ORG.otherOffice, ORG.otherAgency, ORG.province]);

    const meter = installReadMeter(w.t.table.client);
    meter.take();
    w.setToday('2026-06-10');
    const run = await w.run('2026-06-10');
    const reads = meter.take();
    expect(run).toMatchObject({ mailsSent: 2, officialsNotified: 2, invalidAddresses: [] });
    expect(run.unitsWithoutAddress).toEqual([{ unitId: ORG.otherOffice, unitName: 'Văn phòng Sở Nội vụ', kind: 'hr', notices: 1 }]);
    const sent = await mails();
    expect(sent.map((m) => [m.destination.to, rows(m)]).sort()).toEqual(
      [
        [[AGENCY_HR], [`Nhờ Sở Cha (${up})`]],
        [[VP_HR], [`Riêng Văn Phòng (${own})`]],
      ].sort(),
    );
    expect(sent.find((m) => m.destination.to[0] === AGENCY_HR)!.subject).toContain('- Thanh tra Sở');
    expect(sent.find((m) => m.destination.to[0] === VP_HR)!.subject).toContain('- Văn phòng Sở');
    // Read: its own records, the restamp partition (empty) and the due dates; no unit by key, no agency list.
    expect(reads.byCommand.BatchGetItemCommand).toBeUndefined();
    expect(reads.reads.map((r) => r.partition).filter((p) => !p?.startsWith('DUE_MONTH#')).sort()).toEqual(['ALERT_PENDING', 'RESTAMP_PENDING']);
  });

  it('after a unit is renamed, its address changes, or an official moves to another unit, mails go to the new address with the new name', async () => {
    const w = await world('2026-06-01');
    expect((await w.t.call('admin', 'PATCH', `/v1/units/${ORG.agency}`, { hrEmails: [AGENCY_HR] })).status).toBe(200);
    expect((await w.t.call('admin', 'PATCH', `/v1/units/${ORG.otherOffice}`, { hrEmails: ['vp@snv.example.vn'] })).status).toBe(200);
    const renamed = await dueOn(w.t, ORG.office, 'VP-CV', '2026-09-05', 'Đổi Tên Đơn Vị');
    const readdressed = await dueOn(w.t, ORG.inspectorate, 'TT-TTV', '2026-09-06', 'Đổi Địa Chỉ');
    // Chief of the office until 2020, then the same duty under the other agency's office (a reorganization: the chain
    // goes on, due 2026-09-07).
    const mover = await addOfficial(w.t, ORG.office, { fullName: 'Chuyển Văn Đi' });
    await addAssignment(w.t, mover, { positionId: 'VP-CVP', startDate: '2016-09-07', endDate: '2020-01-01' });
    expect(await stampOf(w, mover)).toMatchObject({ unitId: ORG.office, recipients: { to: [VP_HR] } });
    expect(await w.run('2026-06-01')).toMatchObject({ mailsSent: 0 });

    expect((await w.t.call('admin', 'PATCH', `/v1/units/${ORG.office}`, { name: 'Văn phòng Sở (mới)' })).status).toBe(200);
    expect((await w.t.call('admin', 'PATCH', `/v1/units/${ORG.agency}`, { hrEmails: ['tccb.moi@skhcn.example.vn'] })).status).toBe(200);
    await addAssignment(w.t, mover, { positionId: 'SNV-CV', startDate: '2020-01-02', kind: 'reorganization' });
    expect(await stampOf(w, mover)).toMatchObject({ unitId: ORG.otherOffice, unitName: 'Văn phòng Sở Nội vụ', recipients: { to: ['vp@snv.example.vn'] } });
    expect(await tasks(w)).toHaveLength(2);

    w.setToday('2026-06-10');
    expect(await w.run('2026-06-10')).toMatchObject({ mailsSent: 3, officialsNotified: 3, unitsWithoutAddress: [] });
    expect(await tasks(w)).toEqual([]);
    const sent = await mails();
    expect(sent.map((m) => [m.destination.to, rows(m)]).sort()).toEqual(
      [
        [[VP_HR], [`Đổi Tên Đơn Vị (${renamed})`]],
        [['tccb.moi@skhcn.example.vn'], [`Đổi Địa Chỉ (${readdressed})`]],
        [['vp@snv.example.vn'], [`Chuyển Văn Đi (${mover})`]],
      ].sort(),
    );
    expect(sent.find((m) => m.destination.to[0] === VP_HR)!.subject).toContain('- Văn phòng Sở (mới)');
    expect(sent.find((m) => m.destination.to[0] === 'vp@snv.example.vn')!.subject).toContain('- Văn phòng Sở Nội vụ');
    // The rewritten stamps moved their seq; the mover's fresh one is the office's no more.
    expect(await stampOf(w, renamed)).toMatchObject({ unitName: 'Văn phòng Sở (mới)', seq: 2 });
    expect(await stampOf(w, readdressed)).toMatchObject({ recipients: { to: ['tccb.moi@skhcn.example.vn'] }, seq: 2 });
  });

  it('refuses a status write carrying unit facts that changed between its read and its write (409), and its retry stamps the new ones', async () => {
    const w = await world('2026-06-01');
    const id = await addOfficial(w.t, ORG.office, { fullName: 'Đua Văn Ghi' });
    // Between the read of the post's units (for the stamp) and the write: the office is renamed.
    const organisation = w.t.deps.organisation;
    const getUnits = organisation.getUnits;
    let renamed = false;
    organisation.getUnits = async (ids) => {
      const read = await getUnits.call(organisation, ids);
      if (!renamed && ids.includes(ORG.office)) {
        renamed = true;
        expect((await w.t.call('admin', 'PATCH', `/v1/units/${ORG.office}`, { name: 'Văn phòng Sở (đổi giữa chừng)' })).status).toBe(200);
      }
      return read;
    };
    try {
      const refused = await w.t.call('hr', 'POST', `/v1/officials/${id}/assignments`, { positionId: 'VP-CV', startDate: '2016-09-05', kind: 'appointment' });
      expect(refused).toMatchObject({ status: 409, body: { code: 'CONCURRENT_UPDATE' } });
    } finally {
      organisation.getUnits = getUnits;
    }
    expect(renamed).toBe(true);
    expect((await w.t.deps.officials.getOfficialAggregate(id))?.assignments).toEqual([]);
    await addAssignment(w.t, id, { positionId: 'VP-CV', startDate: '2016-09-05' });
    expect(await stampOf(w, id)).toMatchObject({ unitName: 'Văn phòng Sở (đổi giữa chừng)' });
  });

  it('an import row whose stamp met a unit changed since the import read it is retried with the unit read anew', async () => {
    const w = await world('2026-06-01');
    const id = await addOfficial(w.t, ORG.office, { fullName: 'Nhập Văn Tệp', employeeCode: 'NV-01' });
    const organisation = w.t.deps.organisation;
    const { getUnit, getUnits } = organisation;
    let reads = 0;
    // The first read of the office by the import (its cache keeps it for the rows after): the office is renamed
    // before the row's write, whose stamp was resolved from what was read.
    const renameOnce = async (ids: readonly string[]) => {
      if (ids.includes(ORG.office) && ++reads === 1)
        expect((await w.t.call('admin', 'PATCH', `/v1/units/${ORG.office}`, { name: 'Văn phòng Sở (trong lúc nhập)' })).status).toBe(200);
    };
    organisation.getUnit = async (unitId) => {
      const read = await getUnit.call(organisation, unitId);
      await renameOnce([unitId]);
      return read;
    };
    organisation.getUnits = async (ids) => {
      const read = await getUnits.call(organisation, ids);
      await renameOnce(ids);
      return read;
    };
    try {
      const file = csvFile([ASSIGNMENT_HEADERS, ['NV-01', 'VP-CV', '01/09/2016', '', 'Bổ nhiệm', '', '']]);
      expect((await importFile(w.t, 'hr', 'assignments', file)).body).toMatchObject({ rows: 1, written: 1, failed: 0 });
    } finally {
      delete (organisation as Partial<typeof organisation>).getUnit;
      delete (organisation as Partial<typeof organisation>).getUnits;
    }
    // Read again after the refusal, not served from the import's cache.
    expect(reads).toBeGreaterThan(1);
    expect(await stampOf(w, id)).toMatchObject({ unitName: 'Văn phòng Sở (trong lúc nhập)' });
  });

  it('refuses a write keeping a stamp that a restamp rewrote between its read and its write (409); the retry keeps the new one', async () => {
    const w = await world('2026-06-01');
    const id = await dueOn(w.t, ORG.office, 'VP-CV', '2026-09-05', 'Giữ Nguyên Dấu');
    expect((await w.t.call('admin', 'PATCH', `/v1/units/${ORG.office}`, { name: 'Văn phòng Sở (mới)' })).status).toBe(200);
    const officials = w.t.deps.officials;
    const writeAggregate = officials.writeAggregate;
    let drained = false;
    officials.writeAggregate = async (write) => {
      if (!drained) {
        drained = true;
        expect(write.expectedMailSeq).toBe(1);
        expect(await drainRestamps(w.t.deps)).toEqual({ tasks: 1, restamped: 1 });
      }
      return writeAggregate.call(officials, write);
    };
    try {
      const refused = await w.t.call('hr', 'POST', `/v1/officials/${id}/circumstances`, { type: 'maternity', from: '2026-01-10', to: '2026-07-10' });
      expect(refused).toMatchObject({ status: 409, body: { code: 'CONCURRENT_UPDATE' } });
    } finally {
      officials.writeAggregate = writeAggregate;
    }
    expect((await w.t.call('hr', 'POST', `/v1/officials/${id}/circumstances`, { type: 'maternity', from: '2026-01-10', to: '2026-07-10' })).status).toBe(201);
    expect(await stampOf(w, id)).toMatchObject({ unitName: 'Văn phòng Sở (mới)', seq: 2 });
  });

  it('a task done leaves the pending list, and the next run finds none; a change of what no stamp holds (leaders, validity) leaves none', async () => {
    const w = await world('2026-06-02');
    await dueOn(w.t, ORG.inspectorate, 'TT-TTV', '2030-01-01', 'Chưa Đến Hạn');
    expect((await w.t.call('admin', 'PATCH', `/v1/units/${ORG.agency}`, { leaderEmails: [LEADERS], validFrom: '2000-01-01' })).status).toBe(200);
    expect(await tasks(w)).toEqual([]);
    expect((await w.t.call('admin', 'PATCH', `/v1/units/${ORG.agency}`, { hrEmails: [AGENCY_HR] })).status).toBe(200);
    expect(await tasks(w)).toMatchObject([{ unitId: ORG.agency, version: 3 }]);

    const meter = installReadMeter(w.t.table.client);
    meter.take();
    await w.run('2026-06-02');
    const first = meter.take();
    expect(await tasks(w)).toEqual([]);
    // The stamp that read the agency was rewritten once, at its revision.
    expect(first.byCommand.UpdateItemCommand).toBeGreaterThanOrEqual(1);
    expect((await w.t.deps.officials.getStatus((await w.t.deps.officials.queryDueStatuses([ORG.agency], '2031-01-01'))[0].officialId))?.mail).toMatchObject({
      recipients: { to: [AGENCY_HR] },
      seq: 2,
    });

    w.setToday('2026-06-03');
    meter.take();
    await w.run('2026-06-03');
    const second = meter.take();
    expect(second.reads.filter((r) => r.partition === 'RESTAMP_PENDING').map((r) => r.scannedCount)).toEqual([0]);
    expect(second.reads.filter((r) => r.indexName === 'GSI2' || r.indexName === 'GSI3')).toEqual([]);
    expect(second.byCommand.BatchGetItemCommand).toBeUndefined();
  });

  it('a status item without a stamp (written before stamps) still mails as before, reading its units', async () => {
    const w = await world('2026-06-01');
    expect((await w.t.call('admin', 'PATCH', `/v1/units/${ORG.agency}`, { hrEmails: [AGENCY_HR] })).status).toBe(200);
    expect(await w.run('2026-06-01')).toMatchObject({ mailsSent: 0 });
    const old = await dueOn(w.t, ORG.inspectorate, 'TT-TTV', '2026-09-06', 'Dữ Liệu Cũ');
    await doc(w).send(
      new UpdateCommand({ TableName: w.t.table.tableName, Key: { PK: `OFFICIAL#${old}`, SK: 'STATUS' }, UpdateExpression: 'REMOVE mail' }),
    );
    expect(await stampOf(w, old)).toBeUndefined();

    const meter = installReadMeter(w.t.table.client);
    meter.take();
    w.setToday('2026-06-10');
    expect(await w.run('2026-06-10')).toMatchObject({ mailsSent: 1, officialsNotified: 1, unitsWithoutAddress: [] });
    const sent = await mails();
    expect(sent.map((m) => [m.destination.to, rows(m)])).toEqual([[[AGENCY_HR], [`Dữ Liệu Cũ (${old})`]]]);
    expect(sent[0].subject).toContain('- Thanh tra Sở');
    // The inspectorate, then its agency (the inspectorate has no address of its own).
    expect(meter.take().byCommand.BatchGetItemCommand).toBe(2);
  });
});

describe('the API', () => {
  it('runs the job for an admin (POST /v1/alerts/run) and lists the runs newest first (GET /v1/alerts)', async () => {
    const w = await world('2026-06-01');
    const x = await dueOn(w.t, ORG.office, 'VP-CV', '2024-01-01', 'Xuân Văn Phòng');
    const run = await w.t.call('admin', 'POST', '/v1/alerts/run?asOf=2026-06-01');
    expect(run.status).toBe(200);
    expect(run.body).toMatchObject({ asOf: '2026-06-01', trigger: 'admin-user', status: 'completed', mailsSent: 1, officialsNotified: 1 });
    const sent = await mails();
    expect(sent).toHaveLength(1);
    expect(sent[0].destination.to).toEqual([VP_HR]);
    expect(rows(sent[0])).toEqual([`Xuân Văn Phòng (${x})`]);

    w.later(5);
    const again = await w.t.call('admin', 'POST', '/v1/alerts/run');
    expect(again.body).toMatchObject({ asOf: '2026-06-01', mailsSent: 0 });
    expect(await mails()).toHaveLength(1);

    const listed = await w.t.call('admin', 'GET', '/v1/alerts?limit=1');
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((r: AlertRun) => r.id)).toEqual([again.body.id]);
    const rest = await w.t.call('admin', 'GET', `/v1/alerts?limit=1&cursor=${listed.body.nextCursor}`);
    expect(rest.body.items.map((r: AlertRun) => r.id)).toEqual([run.body.id]);
    expect((await w.t.call('admin', 'GET', '/v1/alerts?cursor=bm9wZQ')).status).toBe(400);
  });

  it('is for admins who see every unit, and never as of a day still to come', async () => {
    const w = await world('2026-06-01');
    for (const role of ['hr', 'leader', 'auditor'] as const) {
      expect((await w.t.call(role, 'POST', '/v1/alerts/run')).status).toBe(403);
      expect((await w.t.call(role, 'GET', '/v1/alerts')).status).toBe(403);
    }
    const scoped = { units: [ORG.agency] };
    expect((await w.t.call('admin', 'POST', '/v1/alerts/run', undefined, scoped)).status).toBe(403);
    expect((await w.t.call('admin', 'GET', '/v1/alerts', undefined, scoped)).status).toBe(403);
    const future = await w.t.call('admin', 'POST', '/v1/alerts/run?asOf=2026-06-02');
    expect(future.status).toBe(422);
    expect(future.body).toMatchObject({ code: 'ALERT_DATE_IN_FUTURE', errors: [{ path: 'query.asOf' }] });
    expect((await w.t.call('admin', 'GET', '/v1/alerts')).body.items).toEqual([]);
  });
});

/** A proposal waiting for the leadership's decision, written through the store as the proposal use cases would. */
async function submittedProposal(t: TestApp, id: string, title: string): Promise<void> {
  const now = '2026-05-20T03:00:00.000Z';
  await t.deps.proposals.create(
    {
      id,
      title,
      scopeUnitId: ORG.agency,
      scopeUnitName: 'Sở Khoa học và Công nghệ',
      scopeUnitPath: [ORG.province, ORG.agency],
      agencyId: ORG.agency,
      asOf: '2026-05-20',
      effectiveDate: addDays('2026-05-20', 60),
      status: 'submitted',
      itemCount: 2,
      pending: 2,
      createdBy: 'hr-user',
      submittedAt: now,
      version: 2,
      createdAt: now,
      updatedAt: now,
      items: [],
      unarranged: [],
      exempt: [],
    },
    {
      audit: {
        id: `audit-${id}`,
        at: now,
        entityType: 'proposal',
        entityId: id,
        action: 'create',
        actor: { sub: 'hr-user', roles: ['hr'] },
        unitPath: [ORG.province, ORG.agency],
        agencyId: ORG.agency,
      },
    },
  );
}
