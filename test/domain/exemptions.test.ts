import { describe, expect, it } from 'vitest';
import { CIRCUMSTANCE_LABELS_VI, activeExemptions, type CircumstanceFact } from '../../shared/domain/exemptions';
import { CIRCUMSTANCE_TYPES, type CircumstanceType } from '../../shared/domain/types';

const RULE = 'Nghị định 59/2019/NĐ-CP, Điều 38';

describe('circumstance windows', () => {
  // A long_training window of 10 months would not exempt at all, so it is checked separately below.
  const types = CIRCUMSTANCE_TYPES.filter((t) => t !== 'long_training');

  describe.each(types)('%s from 2026-01-10 to 2026-11-30', (type) => {
    const circumstances: CircumstanceFact[] = [{ type, from: '2026-01-10', to: '2026-11-30' }];
    it.each([
      ['2026-01-09', false],
      ['2026-01-10', true],
      ['2026-06-15', true],
      ['2026-11-30', true],
      ['2026-12-01', false],
    ])('on %s active: %s', (asOf, active) => {
      const exemptions = activeExemptions({ circumstances, asOf });
      expect(exemptions.map((e) => e.code)).toEqual(active ? [type.toUpperCase()] : []);
    });
  });

  it.each(CIRCUMSTANCE_TYPES)('%s without an end stays active', (type) => {
    const exemptions = activeExemptions({ circumstances: [{ type, from: '2020-01-01' }], asOf: '2030-01-01' });
    expect(exemptions).toEqual([expect.objectContaining({ code: type.toUpperCase(), from: '2020-01-01' })]);
    expect(exemptions[0]).not.toHaveProperty('to');
  });

  it('has a Vietnamese label for every circumstance', () => {
    for (const type of CIRCUMSTANCE_TYPES) expect(CIRCUMSTANCE_LABELS_VI[type]).toMatch(/^Đang /);
  });
});

describe('long training', () => {
  it.each([
    ['12 months', '2025-09-01', '2026-08-31', true],
    ['12 months less a day', '2025-09-01', '2026-08-30', false],
    ['11 months', '2025-09-01', '2026-07-31', false],
    ['two years', '2025-09-01', '2027-08-31', true],
    ['open-ended', '2025-09-01', undefined, true],
    ['12 months from 29 February', '2024-02-29', '2025-02-27', true], // 2024-02-29 + 12 months = 2025-02-28
  ])('%s (%s to %s) exempts: %s', (_name, from, to, exempt) => {
    const circumstances: CircumstanceFact[] = [{ type: 'long_training', from, ...(to ? { to } : {}) }];
    // asOf = from: the first day is always inside the window, so only the length decides.
    expect(activeExemptions({ circumstances, asOf: from }).map((e) => e.code)).toEqual(exempt ? ['LONG_TRAINING'] : []);
  });
});

describe('retirement within 18 months', () => {
  it.each([
    ['2027-06-30', '2025-12-30', false],
    ['2027-06-30', '2025-12-31', false], // + 18 months clamps to 2027-06-30: exactly 18 months left
    ['2027-06-30', '2026-01-01', true],
    ['2027-06-30', '2027-06-29', true],
    ['2027-06-30', '2027-06-30', false], // the retirement day itself: retired, not exempt
    ['2027-06-30', '2027-07-01', false],
    ['2027-03-31', '2025-09-30', false],
    ['2027-03-31', '2025-10-01', true],
  ])('retiring %s, on %s exempt: %s', (retirementDate, asOf, exempt) => {
    const exemptions = activeExemptions({ circumstances: [], retirementDate, asOf });
    expect(exemptions.map((e) => e.code)).toEqual(exempt ? ['RETIREMENT_WITHIN_18_MONTHS'] : []);
  });

  it('carries the window and the retirement date', () => {
    expect(activeExemptions({ circumstances: [], retirementDate: '2027-06-30', asOf: '2026-05-01' })).toEqual([
      {
        code: 'RETIREMENT_WITHIN_18_MONTHS',
        rule: RULE,
        detail:
          'Nghỉ hưu ngày 30/06/2027, còn dưới 18 tháng tính từ ngày 01/05/2026 ' +
          '(retires on 2027-06-30, less than 18 months after 2026-05-01)',
        from: '2025-12-30',
        to: '2027-06-30',
      },
    ]);
  });

  it('no retirement date, no retirement exemption', () => {
    expect(activeExemptions({ circumstances: [], asOf: '2026-05-01' })).toEqual([]);
  });
});

describe('exemption content', () => {
  // The detail is read by an HR officer: Vietnamese first (dates dd/mm/yyyy), the English in parentheses.
  it.each([
    [
      'maternity',
      '2026-01-10',
      undefined,
      RULE,
      'Đang mang thai hoặc nuôi con dưới 36 tháng tuổi từ ngày 10/01/2026 ' +
        '(on maternity leave or raising a child under 36 months since 2026-01-10)',
    ],
    [
      'discipline_review',
      '2026-01-10',
      '2026-04-30',
      RULE,
      'Đang trong thời gian bị xem xét, xử lý kỷ luật từ ngày 10/01/2026 đến ngày 30/04/2026 ' +
        '(under disciplinary review from 2026-01-10 to 2026-04-30)',
    ],
    [
      'investigation',
      '2026-01-10',
      undefined,
      RULE,
      'Đang bị thanh tra, kiểm tra, điều tra, truy tố, xét xử từ ngày 10/01/2026 ' +
        '(under inspection, investigation, prosecution or trial since 2026-01-10)',
    ],
    [
      'serious_illness',
      '2026-01-10',
      undefined,
      RULE,
      'Đang điều trị bệnh hiểm nghèo có xác nhận của cơ quan y tế từ ngày 10/01/2026 ' +
        '(under treatment for a serious illness since 2026-01-10)',
    ],
    [
      'long_training',
      '2026-01-10',
      '2027-01-09',
      RULE,
      'Đang đi học tập trung từ 12 tháng trở lên từ ngày 10/01/2026 đến ngày 09/01/2027 ' +
        '(in full-time training of 12 months or more from 2026-01-10 to 2027-01-09)',
    ],
    [
      'seconded',
      '2026-01-10',
      undefined,
      'Nghị định 59/2019/NĐ-CP, Điều 38; Nghị định 138/2020/NĐ-CP',
      'Đang được biệt phái từ ngày 10/01/2026 (seconded to another agency since 2026-01-10)',
    ],
  ] satisfies [CircumstanceType, string, string | undefined, string, string][])(
    '%s',
    (type, from, to, rule, detail) => {
      const [exemption] = activeExemptions({
        circumstances: [{ type, from, ...(to ? { to } : {}) }],
        asOf: '2026-02-01',
      });
      expect(exemption).toEqual({ code: type.toUpperCase(), rule, detail, from, ...(to ? { to } : {}) });
    },
  );

  it('lists every active exemption, circumstances in input order then retirement', () => {
    const exemptions = activeExemptions({
      circumstances: [
        { type: 'serious_illness', from: '2026-01-01' },
        { type: 'seconded', from: '2024-01-01', to: '2025-12-31' }, // ended
        { type: 'investigation', from: '2025-11-01' },
      ],
      retirementDate: '2027-01-31',
      asOf: '2026-02-01',
    });
    expect(exemptions.map((e) => e.code)).toEqual([
      'SERIOUS_ILLNESS',
      'INVESTIGATION',
      'RETIREMENT_WITHIN_18_MONTHS',
    ]);
  });
});
