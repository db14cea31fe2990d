/** The alert job's rules and mails, table-driven: thresholds, the due dates a run reads, the digest day, addresses. */
import { describe, expect, it } from 'vitest';
import { digestMail, escapeHtml, thresholdMail } from '../../shared/domain/alert-mail';
import {
  digestMonth,
  dueWindows,
  hrRecipients,
  isMailAddress,
  leaderRecipients,
  mailStamp,
  newThreshold,
  sameStamp,
  type AlertLine,
} from '../../shared/domain/alerts';
import type { Unit } from '../../shared/domain/types';

describe('newThreshold', () => {
  it.each([
    // due date, last run, this run, told
    ['2026-08-30', undefined, '2026-05-31', undefined], // 91 days left
    ['2026-08-30', undefined, '2026-06-01', 90], // 90
    ['2026-08-30', undefined, '2026-06-02', 90], // 89, first run: catches up
    ['2026-08-30', '2026-05-31', '2026-06-01', 90],
    ['2026-08-30', '2026-06-01', '2026-06-02', undefined], // 89: told at 90
    ['2026-08-30', '2026-07-30', '2026-07-31', 30],
    ['2026-08-30', '2026-07-31', '2026-08-22', undefined], // 8 days left: still within 30
    ['2026-08-30', '2026-07-31', '2026-08-25', 7], // 30 told, 7 crossed in between
    ['2026-08-30', '2026-05-01', '2026-08-25', 7], // 90, 30 and 7 all crossed since: the most urgent only
    ['2026-08-30', '2026-08-29', '2026-08-30', 0], // the due date
    ['2026-08-30', '2026-08-30', '2026-08-31', undefined], // told on the day
    ['2020-01-01', undefined, '2026-06-01', 0], // long overdue, never told: the first run says so
    ['2020-01-01', '2026-05-31', '2026-06-01', undefined],
  ] as const)('due %s, last run %s, run %s -> %s', (due, last, asOf, told) => {
    expect(newThreshold(due, last, asOf)).toBe(told);
  });
});

describe('dueWindows', () => {
  it('reads one day per threshold on a daily run', () => {
    expect(dueWindows('2026-05-31', '2026-06-01')).toEqual([
      { after: '2026-05-31', through: '2026-06-01' },
      { after: '2026-06-07', through: '2026-06-08' },
      { after: '2026-06-30', through: '2026-07-01' },
      { after: '2026-08-29', through: '2026-08-30' },
    ]);
  });

  it('merges ranges that overlap after a pause, reads up to 90 days ahead on the first run, nothing when not later', () => {
    expect(dueWindows('2026-05-01', '2026-06-01')).toEqual([
      { after: '2026-05-01', through: '2026-07-01' },
      { after: '2026-07-30', through: '2026-08-30' },
    ]);
    expect(dueWindows(undefined, '2026-06-01')).toEqual([{ through: '2026-08-30' }]);
    expect(dueWindows('2026-06-01', '2026-06-01')).toEqual([]);
    expect(dueWindows('2026-06-02', '2026-06-01')).toEqual([]);
  });

  it('contains every due date newThreshold tells, and no other', () => {
    const last = '2026-05-20';
    const asOf = '2026-06-01';
    const windows = dueWindows(last, asOf);
    for (let day = 0; day < 140; day++) {
      const due = new Date(Date.UTC(2026, 4, 1 + day)).toISOString().slice(0, 10);
      const inside = windows.some((w) => (!w.after || due > w.after) && due <= w.through);
      expect(inside, due).toBe(newThreshold(due, last, asOf) !== undefined);
    }
  });
});

describe('digestMonth', () => {
  it.each([
    [undefined, '2026-06-01', '2026-06'],
    [undefined, '2026-06-02', undefined],
    ['2026-05-31', '2026-06-01', '2026-06'],
    ['2026-06-01', '2026-06-01', undefined],
    ['2026-06-01', '2026-06-02', undefined],
    ['2026-05-31', '2026-06-02', '2026-06'], // the 1st's run did not complete
    ['2026-04-20', '2026-06-05', '2026-06'], // only the current month's
  ] as const)('last %s, run %s -> %s', (last, asOf, month) => {
    expect(digestMonth(last, asOf)).toBe(month);
  });
});

describe('recipients', () => {
  const unit = (id: string, ancestors: string[], hrEmails: string[], leaderEmails: string[] = []): Unit => ({
    id,
    name: id,
    kind: 'office',
    hrEmails,
    leaderEmails,
    ancestors,
    agencyId: ancestors[1] ?? id,
    version: 1,
    createdAt: '',
    updatedAt: '',
  });
  const units = new Map(
    [
      unit('P', [], ['so@p.example']),
      unit('A', ['P'], [], ['gd@a.example']),
      unit('A1', ['P', 'A'], ['Hr@A1.example', 'hr@a1.example', 'not an address']),
      unit('A2', ['P', 'A'], ['also wrong']),
      unit('B', ['P'], [], ['nope']),
      unit('B1', ['P', 'B'], []),
    ].map((u) => [u.id, u]),
  );

  it("uses the unit's own valid addresses, lower-cased once each, and names the invalid ones", () => {
    expect(hrRecipients('A1', units)).toEqual({
      recipients: { to: ['hr@a1.example'], fromUnitId: 'A1' },
      invalid: [{ unitId: 'A1', address: 'not an address' }],
    });
  });

  it('falls back to the nearest ancestor with an address', () => {
    expect(hrRecipients('A2', units).recipients).toEqual({ to: ['so@p.example'], fromUnitId: 'P' });
    expect(hrRecipients('B1', units).recipients).toEqual({ to: ['so@p.example'], fromUnitId: 'P' });
    expect(hrRecipients('gone', units)).toEqual({ invalid: [] });
    const orphan = new Map([['X', unit('X', [], [])]]);
    expect(hrRecipients('X', orphan).recipients).toBeUndefined();
  });

  it("reads the digest's addresses on the agency alone", () => {
    expect(leaderRecipients(units.get('A')!).recipients).toEqual({ to: ['gd@a.example'], fromUnitId: 'A' });
    expect(leaderRecipients(units.get('B')!)).toEqual({ recipients: undefined, invalid: [{ unitId: 'B', address: 'nope' }] });
  });

  it("stamps what hrRecipients answers, with the units it walked to the one that answered, or none when one is missing", () => {
    for (const id of ['A1', 'A2', 'B1', 'P']) {
      const stamp = mailStamp(id, units, 7)!;
      const check = hrRecipients(id, units);
      expect({ recipients: stamp.recipients, invalid: stamp.invalid }).toEqual({ recipients: check.recipients, invalid: check.invalid });
      expect(stamp).toMatchObject({ unitId: id, unitName: id, seq: 7 });
    }
    expect(mailStamp('A1', units, 1)!.units).toEqual([{ id: 'A1', version: 1 }]);
    // A2's own address is invalid, A has none: the walk reads both before P answers.
    expect(mailStamp('A2', units, 1)!.units.map((u) => u.id)).toEqual(['A2', 'A', 'P']);
    const orphan = new Map([['X', unit('X', [], [])]]);
    expect(mailStamp('X', orphan, 1)).toMatchObject({ units: [{ id: 'X' }], invalid: [] });
    expect(mailStamp('X', orphan, 1)!.recipients).toBeUndefined();
    // A unit of the walk is missing (here A): no stamp, the run reads the units itself.
    const gap = new Map([...units].filter(([id]) => id !== 'A'));
    expect(mailStamp('A2', gap, 1)).toBeUndefined();
    expect(mailStamp('gone', units, 1)).toBeUndefined();
    // Only the facts count when comparing: not the seq, nor the versions read.
    const moved = { ...mailStamp('A2', units, 1)!, seq: 2, units: mailStamp('A2', units, 1)!.units.map((u) => ({ ...u, version: 5 })) };
    expect(sameStamp(moved, mailStamp('A2', units, 1)!)).toBe(true);
    expect(sameStamp({ ...moved, unitName: 'renamed' }, mailStamp('A2', units, 1)!)).toBe(false);
  });

  it.each(['a@b.vn', 'tccb.skhcn@tphcm.example', 'x+y@sub.domain.gov.vn'])('takes %s', (a) => expect(isMailAddress(a)).toBe(true));
  it.each(['a@b', 'a b@c.vn', '<a@b.vn>', 'a@b.vn, c@d.vn', '@b.vn', 'a@.vn'])('refuses %s', (a) => expect(isMailAddress(a)).toBe(false));
});

describe('mails', () => {
  const line: AlertLine = {
    officialId: 'CC<1>',
    fullName: 'Nguyễn <script>alert(1)</script> "An" & Co',
    positionTitle: 'Phó Chánh Văn phòng',
    unitId: 'VP',
    unitName: 'Văn phòng Sở',
    agencyId: 'SKHCN',
    chainStart: '2016-08-29',
    dueDate: '2026-08-29',
    asOf: '2026-06-01',
    threshold: 90,
    reasons: [{ code: 'TENURE_APPROACHING_LIMIT', rule: 'Chỉ thị 10/CT-UBND, mục 1a', detail: 'Đến hạn 29/08/2026' }],
    exemptions: [{ code: 'MATERNITY', rule: 'r', detail: 'Nuôi con dưới 36 tháng tuổi', from: '2026-01-10', to: '2028-06-30' }],
  };

  it('escapes every value in the HTML and keeps the text as it is', () => {
    const mail = thresholdMail({ lines: [line], asOf: '2026-06-01' });
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).toContain('Nguyễn &#60;script&#62;alert(1)&#60;/script&#62; &#34;An&#34; &#38; Co (CC&#60;1&#62;)');
    expect(mail.text).toContain('1. Nguyễn <script>alert(1)</script> "An" & Co (CC<1>)');
    expect(escapeHtml(`<a href='x'>`)).toBe('&#60;a href=&#39;x&#39;&#62;');
  });

  it('shows the columns HR needs, in Vietnamese, dates as dd/mm/yyyy, and what to do next', () => {
    const mail = thresholdMail({ lines: [line], asOf: '2026-06-01' });
    expect(mail.subject).toBe('[Luân chuyển] 1 công chức sắp đến hạn chuyển đổi vị trí công tác - Văn phòng Sở (ngày 01/06/2026)');
    for (const header of ['Công chức', 'Vị trí', 'Đơn vị', 'Bắt đầu giữ vị trí', 'Đến hạn', 'Thời gian giữ vị trí', 'Mốc cảnh báo', 'Lý do, miễn và hoãn'])
      expect(mail.html).toContain(`>${header}</th>`);
    expect(mail.text).toContain('Bắt đầu giữ vị trí: 29/08/2016');
    expect(mail.text).toContain('Đến hạn: 29/08/2026 (còn 89 ngày)');
    expect(mail.text).toContain('Thời gian giữ vị trí: 9 năm 9 tháng');
    expect(mail.text).toContain('Miễn/hoãn: Nuôi con dưới 36 tháng tuổi (từ 10/01/2026 đến 30/06/2028)');
    expect(mail.text).toContain('POST /v1/proposals với {"scopeUnitId": "SKHCN"');
  });

  it('says in the subject whether the officials are due, coming due, or some of each', () => {
    const due = { ...line, officialId: 'o3', threshold: 0 as const };
    const subject = (lines: AlertLine[]) => thresholdMail({ lines, asOf: '2026-06-01' }).subject;
    expect(subject([due])).toMatch(/^\[Luân chuyển\] 1 công chức đã đến hạn chuyển đổi/);
    expect(subject([line, { ...line, officialId: 'o2' }])).toMatch(/^\[Luân chuyển\] 2 công chức sắp đến hạn chuyển đổi/);
    expect(subject([line, due])).toMatch(/^\[Luân chuyển\] 2 công chức đã đến hoặc sắp đến hạn chuyển đổi/);
  });

  it("links HR to each unit's flags as of the run's date and to the draft form, only given the console's address", () => {
    const other = { ...line, officialId: 'o2', fullName: 'Trần Thị Bình', unitId: 'SKHCN-TT', unitName: 'Thanh tra Sở' };
    const linked = thresholdMail({ lines: [line, other], asOf: '2026-06-01', consoleUrl: 'https://api.example.vn/console' });
    expect(linked.text).toContain(
      `Danh sách cảnh báo của Văn phòng Sở, tính đến 01/06/2026: https://api.example.vn/console/flags?unitId=${line.unitId}&asOf=2026-06-01`,
    );
    expect(linked.text).toContain('https://api.example.vn/console/flags?unitId=SKHCN-TT&asOf=2026-06-01');
    expect(linked.text).toContain('Lập đề xuất trên bảng điều khiển: https://api.example.vn/console/proposals/new');
    expect(linked.html).toContain(`<a href="https://api.example.vn/console/flags?unitId=${line.unitId}&#38;asOf=2026-06-01">`);
    // The steps send HR to the console's pages; the API call stays as one short line for an office's own software.
    const steps = linked.text.slice(linked.text.indexOf('Việc cần làm:'));
    expect(steps).toContain('- Lập đề xuất chuyển đổi vị trí công tác, điều động, luân chuyển cho những người không thuộc diện miễn, hoãn: ' +
      'mở trang «Lập đề xuất trên bảng điều khiển» ở mục «Mở trên bảng điều khiển», chọn cơ quan (mã SKHCN)');
    expect(steps).toContain('- Nếu cơ quan lập đề xuất bằng phần mềm kết nối qua API: POST /v1/proposals với {"scopeUnitId": "SKHCN"');
    expect(steps.match(/\/v1\//g)).toHaveLength(1);
    expect(steps).not.toContain('GET /v1/tenure/flags');
    expect(linked.html).toContain('<li>Nếu cơ quan lập đề xuất bằng phần mềm kết nối qua API: POST /v1/proposals với {&#34;scopeUnitId&#34;: &#34;SKHCN&#34;');
    expect(linked.html).toContain('mở trang «Lập đề xuất trên bảng điều khiển»');
    const bare = thresholdMail({ lines: [line, other], asOf: '2026-06-01' });
    expect(bare.html).not.toContain('<a ');
    expect(bare.text).not.toContain('http');
    expect(bare.text).not.toContain('bảng điều khiển');
    expect(bare.text).toContain('- Danh sách đầy đủ: GET /v1/tenure/flags?asOf=2026-06-01.');
  });

  it('links the leadership to the proposals awaiting their decision, each proposal, the overdue and the dashboard', () => {
    const proposal = { id: 'P 1', title: 'Đề xuất quý III', scopeUnitName: 'Sở', effectiveDate: '2026-09-01', itemCount: 3, pending: 3 };
    const mail = digestMail({
      agencyName: 'Sở Khoa học và Công nghệ',
      agencyId: 'SKHCN',
      month: '2026-06',
      asOf: '2026-06-01',
      overdue: [{ ...line, threshold: 0, dueDate: '2026-05-01' }],
      proposals: [proposal],
      consoleUrl: 'http://localhost:3000/console/',
    });
    expect(mail.text).toContain('Các đề xuất đang chờ lãnh đạo quyết định: http://localhost:3000/console/proposals?status=submitted');
    expect(mail.text).toContain('Xem và quyết định: Đề xuất quý III: http://localhost:3000/console/proposals/P%201');
    expect(mail.text).toContain('Danh sách công chức quá hạn: http://localhost:3000/console/flags?unitId=SKHCN&status=overdue&asOf=2026-06-01');
    expect(mail.text).toContain('Tổng quan của Sở Khoa học và Công nghệ: http://localhost:3000/console/?unitId=SKHCN&asOf=2026-06-01');
    // Leaders decide on the console's proposal page: no API call in their steps, in the text or the HTML.
    const steps = mail.text.slice(mail.text.indexOf('Việc cần làm:'));
    expect(steps).toContain('chọn Duyệt hoặc Không duyệt cho từng người ngay trên trang đề xuất');
    expect(steps).toContain('bấm «Thực hiện đề xuất» với số quyết định');
    expect(steps).toContain('lập đề xuất trên bảng điều khiển');
    expect(mail.text).not.toContain('/v1/');
    expect(mail.html).not.toContain('/v1/');
    expect(mail.html).toContain('<li>Mở từng đề xuất trên bảng điều khiển (các đường dẫn ở mục «Mở trên bảng điều khiển»)');
    const bare = digestMail({ agencyName: 'Sở', month: '2026-06', asOf: '2026-06-01', overdue: [], proposals: [proposal] });
    expect(bare.html).not.toContain('<a ');
    // Without the console's address the API calls are the only way, so they are named.
    expect(bare.text).toContain('POST /v1/proposals/{id}/decisions');
    expect(bare.text).not.toContain('bảng điều khiển');
  });

  it('sums up the month for the leadership, saying so when a part is empty', () => {
    const mail = digestMail({ agencyName: 'Sở <KHCN>', month: '2026-06', asOf: '2026-06-01', overdue: [], proposals: [] });
    expect(mail.subject).toBe('[Luân chuyển] Tổng hợp tháng 06/2026 - Sở <KHCN>: 0 công chức quá hạn, 0 đề xuất chờ quyết định');
    expect(mail.html).toContain('Sở &#60;KHCN&#62;');
    expect(mail.text.match(/Không có\./g)).toHaveLength(2);
  });
});
