import { describe, expect, it } from 'vitest';
import {
  compareByUrgency,
  computeTenure,
  dueDateFor,
  findChain,
  formatYearsMonths,
  formatYearsMonthsVi,
  latestChain,
  tenureLimit,
  tenureStatus,
  type AssignmentFact,
  type PositionFact,
} from '../../shared/domain/tenure';
import type { AssignmentKind, Tenure } from '../../shared/domain/types';

const positions = new Map<string, PositionFact>(
  (
    [
      { id: 'deputy', unitId: 'office', title: 'Phó Chánh Văn phòng', category: 'leadership' },
      { id: 'deputy-new', unitId: 'office-hcmc', title: 'Phó Chánh Văn phòng', category: 'leadership' },
      { id: 'accountant', unitId: 'finance', title: 'Kế toán', category: 'specialist' },
      { id: 'hr-officer', unitId: 'office', title: 'Chuyên viên tổ chức cán bộ', category: 'specialist', rotationPeriodMonths: 36 },
      { id: 'hr-head', unitId: 'office', title: 'Trưởng phòng Tổ chức', category: 'leadership', rotationPeriodMonths: 36 },
      { id: 'driver', unitId: 'office', title: 'Lái xe', category: 'support' },
    ] satisfies PositionFact[]
  ).map((p) => [p.id, p]),
);

let seq = 0;
function a(
  positionId: string,
  startDate: string,
  endDate?: string,
  kind: AssignmentKind = 'appointment',
  primary = true,
): AssignmentFact {
  seq += 1;
  return { id: `a${seq}`, positionId, startDate, ...(endDate ? { endDate } : {}), kind, primary };
}

function tenure(assignments: AssignmentFact[], asOf: string, warnMonths?: number): Tenure {
  return computeTenure({ officialId: 'o1', asOf, assignments, positions, warnMonths });
}

describe('the exact 10-year due day', () => {
  const since2011 = [a('deputy', '2011-08-16')];
  it.each([
    ['2021-08-17', 'overdue', 10],
    ['2021-08-16', 'overdue', 10],
    ['2021-08-15', 'approaching', 9.91],
    ['2021-02-16', 'approaching', 9.5],
    ['2021-02-15', 'ok', 9.41],
    ['2011-08-16', 'ok', 0],
  ] as const)('on %s the official is %s', (asOf, status, years) => {
    const t = tenure(since2011, asOf);
    expect(t.status).toBe(status);
    expect(t.dueDate).toBe('2021-08-16');
    expect(t.chainStart).toBe('2011-08-16');
    expect(t.limitMonths).toBe(120);
    expect(t.years).toBe(years);
  });
});

describe('29 February start', () => {
  it.each([
    ['2026-02-27', 'approaching'],
    ['2026-02-28', 'overdue'],
    ['2025-08-27', 'ok'],
    ['2025-08-28', 'approaching'],
  ] as const)('start 2016-02-29, due 2026-02-28; on %s %s', (asOf, status) => {
    const t = tenure([a('accountant', '2016-02-29')], asOf);
    expect(t.dueDate).toBe('2026-02-28');
    expect(t.status).toBe(status);
  });
});

describe('chains', () => {
  it.each([
    {
      name: 'a one-day gap restarts the chain',
      assignments: [a('accountant', '2010-01-01', '2015-06-29'), a('accountant', '2015-07-01')],
      chainStart: '2015-07-01',
    },
    {
      name: 'the next day continues the chain',
      assignments: [a('accountant', '2010-01-01', '2015-06-30'), a('accountant', '2015-07-01')],
      chainStart: '2010-01-01',
    },
    {
      name: 'a reappointment to the same position continues',
      assignments: [a('deputy', '2010-01-01', '2014-12-31'), a('deputy', '2015-01-01', undefined, 'reappointment')],
      chainStart: '2010-01-01',
    },
    {
      name: 'a reorganization to another position id continues',
      assignments: [
        a('deputy', '2012-03-01', '2025-06-30'),
        a('deputy-new', '2025-07-01', undefined, 'reorganization'),
      ],
      chainStart: '2012-03-01',
    },
    {
      name: 'a reorganization after a gap still restarts',
      assignments: [
        a('deputy', '2012-03-01', '2025-06-29'),
        a('deputy-new', '2025-07-01', undefined, 'reorganization'),
      ],
      chainStart: '2025-07-01',
    },
    {
      name: 'a different position restarts even without a gap',
      assignments: [a('deputy', '2010-01-01', '2019-12-31'), a('accountant', '2020-01-01', undefined, 'transfer')],
      chainStart: '2020-01-01',
    },
    {
      name: 'a three-link chain is followed back to its first start',
      assignments: [
        a('deputy', '2008-05-01', '2013-04-30'),
        a('deputy', '2013-05-01', '2018-04-30', 'reappointment'),
        a('deputy-new', '2018-05-01', undefined, 'reorganization'),
      ],
      chainStart: '2008-05-01',
    },
    {
      name: 'returning to an earlier position after another one restarts',
      assignments: [
        a('accountant', '2005-01-01', '2009-12-31'),
        a('driver', '2010-01-01', '2010-12-31'),
        a('accountant', '2011-01-01'),
      ],
      chainStart: '2011-01-01',
    },
    {
      name: 'a non-primary assignment neither breaks nor extends the chain',
      assignments: [
        a('accountant', '2010-01-01'),
        a('driver', '2018-01-01', '2018-12-31', 'secondment', false),
      ],
      chainStart: '2010-01-01',
    },
    {
      name: 'input order does not matter',
      assignments: [a('deputy', '2015-01-01', undefined, 'reappointment'), a('deputy', '2010-01-01', '2014-12-31')],
      chainStart: '2010-01-01',
    },
  ])('$name', ({ assignments, chainStart }) => {
    expect(findChain(assignments, '2025-12-31')?.chainStart).toBe(chainStart);
  });

  it('a non-primary assignment held on asOf is not a tenure', () => {
    const assignments = [a('accountant', '2010-01-01', '2014-12-31'), a('driver', '2015-01-01', undefined, 'secondment', false)];
    expect(findChain(assignments, '2020-01-01')).toBeUndefined();
    const t = tenure(assignments, '2020-01-01');
    expect(t).toMatchObject({ positionId: null, status: 'ok', reasons: [] });
  });

  it('picks the assignment held on asOf, counting its end day', () => {
    const first = a('accountant', '2010-01-01', '2015-06-29');
    const second = a('driver', '2015-07-01');
    expect(findChain([first, second], '2015-06-29')).toEqual({ current: first, chainStart: '2010-01-01' });
    expect(findChain([first, second], '2015-06-30')).toBeUndefined();
    expect(findChain([first, second], '2015-07-01')).toEqual({ current: second, chainStart: '2015-07-01' });
  });

  it('latestChain follows the latest assignment whatever the date, and ignores non-primary ones', () => {
    const first = a('deputy', '2010-01-01', '2014-12-31');
    const second = a('deputy', '2015-01-01', '2020-12-31', 'reappointment');
    const side = a('driver', '2022-01-01', undefined, 'secondment', false);
    expect(latestChain([side, second, first])).toEqual({ current: second, chainStart: '2010-01-01' });
    expect(latestChain([side])).toBeUndefined();
    expect(latestChain([])).toBeUndefined();
  });
});

describe('limits', () => {
  it.each([
    ['hr-officer', 36, 'PERIODIC_ROTATION_DUE', 'Luật Phòng, chống tham nhũng 2018, Điều 25; Nghị định 59/2019/NĐ-CP, Điều 36'],
    ['hr-head', 120, 'TENURE_OVER_LIMIT', 'Chỉ thị 10/CT-UBND, mục 1a'],
    ['accountant', 120, 'TENURE_OVER_LIMIT', 'Chỉ thị 10/CT-UBND, mục 1a'],
    ['driver', 120, 'TENURE_OVER_LIMIT', 'Chỉ thị 10/CT-UBND, mục 1a'],
  ])('%s: %i months, %s', (id, months, code, rule) => {
    expect(tenureLimit(positions.get(id)!)).toEqual({ months, code, rule });
  });

  it('a rotation period longer than 10 years does not relax the Directive', () => {
    const p: PositionFact = { id: 'x', unitId: 'u', title: 'X', category: 'specialist', rotationPeriodMonths: 144 };
    expect(tenureLimit(p)).toMatchObject({ months: 120, code: 'TENURE_OVER_LIMIT' });
  });

  it.each([
    ['2011-08-16', 120, '2021-08-16'],
    ['2016-02-29', 120, '2026-02-28'],
    ['2023-01-31', 36, '2026-01-31'],
    ['2023-05-31', 24, '2025-05-31'],
  ])('dueDateFor(%s, %i) = %s', (start, months, due) => {
    expect(dueDateFor(start, months)).toBe(due);
  });

  it.each([
    ['2021-08-16', '2021-08-16', undefined, 'overdue'],
    ['2021-08-15', '2021-08-16', undefined, 'approaching'],
    ['2021-02-16', '2021-08-16', undefined, 'approaching'],
    ['2021-02-15', '2021-08-16', undefined, 'ok'],
    ['2021-05-16', '2021-08-16', 3, 'approaching'],
    ['2021-05-15', '2021-08-16', 3, 'ok'],
    ['2021-08-15', '2021-08-16', 0, 'ok'],
    ['2025-08-31', '2026-02-28', 6, 'approaching'], // 2026-02-28 - 6 months = 2025-08-28
  ] as const)('tenureStatus(%s, due %s, warn %s) = %s', (asOf, due, warn, status) => {
    expect(tenureStatus(asOf, due, warn)).toBe(status);
  });
});

describe('periodic rotation', () => {
  it('a specialist in a 36-month post is due after 36 months with the periodic-rotation reason', () => {
    const assignments = [a('hr-officer', '2022-03-01')];
    expect(tenure(assignments, '2025-03-01')).toMatchObject({
      dueDate: '2025-03-01',
      limitMonths: 36,
      status: 'overdue',
      years: 3,
      reasons: [
        {
          code: 'PERIODIC_ROTATION_DUE',
          rule: 'Luật Phòng, chống tham nhũng 2018, Điều 25; Nghị định 59/2019/NĐ-CP, Điều 36',
          detail: '3 năm ở vị trí Chuyên viên tổ chức cán bộ (3 years in Chuyên viên tổ chức cán bộ)',
        },
      ],
    });
    expect(tenure(assignments, '2024-09-01')).toMatchObject({
      status: 'approaching',
      reasons: [
        {
          code: 'PERIODIC_ROTATION_APPROACHING',
          detail:
            'Đến hạn 01/03/2025; 2 năm 6 tháng ở vị trí Chuyên viên tổ chức cán bộ ' +
            '(due 2025-03-01; 2 years 6 months in Chuyên viên tổ chức cán bộ)',
        },
      ],
    });
    expect(tenure(assignments, '2024-08-31')).toMatchObject({ status: 'ok', reasons: [] });
  });

  it('a leadership post with a rotation period keeps the 10-year limit', () => {
    const t = tenure([a('hr-head', '2022-03-01')], '2025-03-01');
    expect(t).toMatchObject({ dueDate: '2032-03-01', limitMonths: 120, status: 'ok', reasons: [] });
  });
});

describe('computeTenure', () => {
  it('an overdue official gets the Directive reason with years and months held', () => {
    const t = tenure([a('deputy', '2011-08-16')], '2021-12-20');
    expect(t).toEqual({
      officialId: 'o1',
      positionId: 'deputy',
      unitId: 'office',
      chainStart: '2011-08-16',
      dueDate: '2021-08-16',
      limitMonths: 120,
      years: 10.33,
      status: 'overdue',
      reasons: [
        {
          code: 'TENURE_OVER_LIMIT',
          rule: 'Chỉ thị 10/CT-UBND, mục 1a',
          detail: '10 năm 4 tháng ở vị trí Phó Chánh Văn phòng (10 years 4 months in Phó Chánh Văn phòng)',
        },
      ],
      exemptions: [],
    });
  });

  it('an approaching official gets the due date in the detail', () => {
    const t = tenure([a('deputy', '2011-08-16')], '2021-02-16');
    expect(t.reasons).toEqual([
      {
        code: 'TENURE_APPROACHING_LIMIT',
        rule: 'Chỉ thị 10/CT-UBND, mục 1a',
        detail:
          'Đến hạn 16/08/2021; 9 năm 6 tháng ở vị trí Phó Chánh Văn phòng ' +
          '(due 2021-08-16; 9 years 6 months in Phó Chánh Văn phòng)',
      },
    ]);
  });

  // An HR officer reads the detail: Vietnamese first (dates dd/mm/yyyy), the English in parentheses.
  it.each([
    [
      'overdue on the due day: whole years, 0 months',
      a('deputy', '2011-08-16'),
      '2021-08-16',
      6,
      '10 năm ở vị trí Phó Chánh Văn phòng (10 years in Phó Chánh Văn phòng)',
    ],
    [
      'overdue by a month',
      a('deputy', '2011-08-16'),
      '2021-09-16',
      6,
      '10 năm 1 tháng ở vị trí Phó Chánh Văn phòng (10 years 1 month in Phó Chánh Văn phòng)',
    ],
    [
      'approaching after a single year (24 warning months on a 36-month post)',
      a('hr-officer', '2022-03-01'),
      '2023-03-01',
      24,
      'Đến hạn 01/03/2025; 1 năm ở vị trí Chuyên viên tổ chức cán bộ ' +
        '(due 2025-03-01; 1 year in Chuyên viên tổ chức cán bộ)',
    ],
    [
      'approaching, due on a clamped 28 February',
      a('accountant', '2016-02-29'),
      '2025-12-31',
      6,
      'Đến hạn 28/02/2026; 9 năm 10 tháng ở vị trí Kế toán (due 2026-02-28; 9 years 10 months in Kế toán)',
    ],
  ])('%s', (_name, assignment, asOf, warnMonths, detail) => {
    expect(tenure([assignment], asOf, warnMonths).reasons.map((r) => r.detail)).toEqual([detail]);
  });

  it('the unit comes from the current position, after a reorganization too', () => {
    const t = tenure(
      [a('deputy', '2012-03-01', '2025-06-30'), a('deputy-new', '2025-07-01', undefined, 'reorganization')],
      '2025-07-01',
    );
    expect(t).toMatchObject({ positionId: 'deputy-new', unitId: 'office-hcmc', chainStart: '2012-03-01', status: 'overdue' });
  });

  it.each([
    ['before any assignment', [a('accountant', '2015-01-01')], '2014-12-31'],
    ['after the last assignment ended', [a('accountant', '2010-01-01', '2024-12-31')], '2025-01-01'],
    ['with no assignments', [], '2025-01-01'],
  ])('%s: nothing held, nothing flagged', (_name, assignments, asOf) => {
    expect(tenure(assignments, asOf)).toEqual({
      officialId: 'o1',
      positionId: null,
      unitId: null,
      chainStart: null,
      dueDate: null,
      limitMonths: null,
      years: 0,
      status: 'ok',
      reasons: [],
      exemptions: [],
    });
  });

  it('the warning window is configurable', () => {
    expect(tenure([a('deputy', '2011-08-16')], '2021-02-16', 3).status).toBe('ok');
    expect(tenure([a('deputy', '2011-08-16')], '2021-05-16', 3).status).toBe('approaching');
  });

  it('throws when the position of the current assignment was not loaded', () => {
    expect(() => tenure([a('ghost', '2020-01-01')], '2021-01-01')).toThrow(/ghost/);
  });

  it.each([
    [0, 0, '0 months'],
    [0, 1, '1 month'],
    [0, 7, '7 months'],
    [1, 0, '1 year'],
    [1, 1, '1 year 1 month'],
    [10, 0, '10 years'],
    [10, 4, '10 years 4 months'],
  ])('formatYearsMonths(%i, %i) = %s', (years, months, text) => {
    expect(formatYearsMonths(years, months)).toBe(text);
  });

  it.each([
    [0, 0, '0 tháng'],
    [0, 1, '1 tháng'],
    [0, 7, '7 tháng'],
    [1, 0, '1 năm'],
    [1, 1, '1 năm 1 tháng'],
    [10, 0, '10 năm'],
    [10, 4, '10 năm 4 tháng'],
  ])('formatYearsMonthsVi(%i, %i) = %s', (years, months, text) => {
    expect(formatYearsMonthsVi(years, months)).toBe(text);
  });
});

describe('compareByUrgency', () => {
  const base = tenure([], '2025-01-01');
  const t = (officialId: string, dueDate: string | null): Tenure => ({ ...base, officialId, dueDate });

  it('sorts the most overdue first, then by official, officials without a post last', () => {
    const sorted = [t('c', '2022-01-01'), t('z', null), t('b', '2020-05-01'), t('a', '2022-01-01')].sort(
      compareByUrgency,
    );
    expect(sorted.map((x) => x.officialId)).toEqual(['b', 'a', 'c', 'z']);
  });
});
