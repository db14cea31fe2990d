import { describe, expect, it } from 'vitest';
import {
  withoutAnsweredReasons,
  RATING_LABELS_VI,
  parsePeriod,
  quotaWarning,
  ratingFromScore,
  requirementReasons,
  resolveRating,
} from '../../shared/domain/assessment';
import { BadRequestError, RuleViolationError } from '../../shared/domain/errors';
import type { Rating } from '../../shared/domain/types';

type RatingInput = Parameters<typeof resolveRating>[0];
type RatingResult = ReturnType<typeof resolveRating>;

/** Runs `fn` and returns the RuleViolationError it throws, failing the test when it throws nothing else. */
function violation(fn: () => unknown): RuleViolationError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(RuleViolationError);
    return e as RuleViolationError;
  }
  throw new Error('expected a RuleViolationError');
}

describe('RATING_LABELS_VI', () => {
  it('names each rating as on the official form', () => {
    expect(RATING_LABELS_VI).toEqual({
      excellent: 'Hoàn thành xuất sắc nhiệm vụ',
      good: 'Hoàn thành tốt nhiệm vụ',
      satisfactory: 'Hoàn thành nhiệm vụ',
      unsatisfactory: 'Không hoàn thành nhiệm vụ',
    });
  });
});

describe('parsePeriod', () => {
  it.each([
    ['2025', { kind: 'year', year: 2025 }],
    ['2026-Q1', { kind: 'quarter', year: 2026, index: 1 }],
    ['2026-Q4', { kind: 'quarter', year: 2026, index: 4 }],
    ['2026-01', { kind: 'month', year: 2026, index: 1 }],
    ['2026-07', { kind: 'month', year: 2026, index: 7 }],
    ['2026-12', { kind: 'month', year: 2026, index: 12 }],
  ])('%s is %j', (s, expected) => {
    expect(parsePeriod(s)).toEqual(expected);
  });

  it.each([
    '2026-Q5',
    '2026-Q0',
    '2026-q1',
    '2026-13',
    '2026-00',
    '2026-1',
    '26',
    '20256',
    '0000',
    '2026-Q',
    '2026-07-01',
    ' 2025',
    '2025 ',
    'năm 2025',
    '',
  ])('%j is not a period', (s) => {
    expect(parsePeriod(s)).toBeUndefined();
  });
});

describe('ratingFromScore', () => {
  it.each([
    [100, 'excellent'],
    [90, 'excellent'],
    [89.99, 'good'],
    [70, 'good'],
    [69.99, 'satisfactory'],
    [50, 'satisfactory'],
    [49.99, 'unsatisfactory'],
    [0, 'unsatisfactory'],
  ] as const)('%d -> %s', (score, rating) => {
    expect(ratingFromScore(score)).toBe(rating);
  });

  it.each([-0.01, 100.01, Number.NaN, Number.POSITIVE_INFINITY])('%d is out of range', (score) => {
    expect(violation(() => ratingFromScore(score)).code).toBe('SCORE_OUT_OF_RANGE');
  });
});

describe('resolveRating', () => {
  it.each([
    ['a rating alone, before scoring', { period: '2025', rating: 'good' }, { rating: 'good' }],
    ['a rating alone, in 2026', { period: '2026', rating: 'satisfactory' }, { rating: 'satisfactory' }],
    ['a score decides', { period: '2026', score: 91.5 }, { rating: 'excellent', score: 91.5, derivedFrom: 'score' }],
    ['a monthly score', { period: '2026-07', score: 69.99 }, { rating: 'satisfactory', score: 69.99, derivedFrom: 'score' }],
    ['a quarterly score', { period: '2026-Q3', score: 70 }, { rating: 'good', score: 70, derivedFrom: 'score' }],
    [
      'a rating that agrees with the score',
      { period: '2026', score: 49.99, rating: 'unsatisfactory' },
      { rating: 'unsatisfactory', score: 49.99, derivedFrom: 'score' },
    ],
    [
      'discipline overrides an excellent score, keeping it',
      { period: '2026', score: 95, disciplined: true },
      { rating: 'unsatisfactory', score: 95, derivedFrom: 'discipline' },
    ],
    [
      'discipline with the matching rating',
      { period: '2024', rating: 'unsatisfactory', disciplined: true },
      { rating: 'unsatisfactory', derivedFrom: 'discipline' },
    ],
    [
      'discipline alone decides',
      { period: '2025', disciplined: true },
      { rating: 'unsatisfactory', derivedFrom: 'discipline' },
    ],
    [
      'subperiod scores are averaged for a 2026 year',
      { period: '2026', subperiodScores: [92, 88, 90, 91] },
      { rating: 'excellent', score: 90.25, derivedFrom: 'subperiods' },
    ],
    [
      'the average is rounded to 2 decimals before the band is read',
      { period: '2027', subperiodScores: [90, 90, 89.99] }, // 89.9966... -> 90
      { rating: 'excellent', score: 90, derivedFrom: 'subperiods' },
    ],
    [
      'an average just under a band',
      { period: '2026', subperiodScores: [70, 69.97] }, // 69.985 -> 69.99
      { rating: 'satisfactory', score: 69.99, derivedFrom: 'subperiods' },
    ],
    [
      'a given annual score wins over subperiods',
      { period: '2026', score: 60, subperiodScores: [95, 95] },
      { rating: 'satisfactory', score: 60, derivedFrom: 'score' },
    ],
    [
      'a given rating wins over subperiods',
      { period: '2026', rating: 'good', subperiodScores: [95, 95] },
      { rating: 'good' },
    ],
    [
      'discipline keeps the subperiod average as the score',
      { period: '2026', disciplined: true, subperiodScores: [80, 90] },
      { rating: 'unsatisfactory', score: 85, derivedFrom: 'discipline' },
    ],
  ] satisfies [string, RatingInput, RatingResult][])('%s', (_name, input, expected) => {
    expect(resolveRating(input)).toEqual(expected);
  });

  it.each([
    ['a score before 2026', { period: '2025', score: 80 }, 'SCORE_BEFORE_2026'],
    ['a quarterly score before 2026', { period: '2025-Q4', score: 80, rating: 'good' }, 'SCORE_BEFORE_2026'],
    ['a rating above the score', { period: '2026', score: 89.99, rating: 'excellent' }, 'RATING_CONTRADICTS_SCORE'],
    ['a rating below the score', { period: '2026', score: 50, rating: 'unsatisfactory' }, 'RATING_CONTRADICTS_SCORE'],
    ['discipline with a good rating', { period: '2026', rating: 'good', disciplined: true }, 'RATING_CONTRADICTS_DISCIPLINE'],
    [
      'discipline with an excellent rating and score',
      { period: '2026', score: 95, rating: 'excellent', disciplined: true },
      'RATING_CONTRADICTS_DISCIPLINE',
    ],
    ['nothing to decide from', { period: '2025' }, 'RATING_REQUIRED'],
    ['nothing to decide from in 2026', { period: '2026' }, 'RATING_REQUIRED'],
    ['subperiod scores are not used for a quarter', { period: '2026-Q1', subperiodScores: [90] }, 'RATING_REQUIRED'],
    ['subperiod scores are not used before 2026', { period: '2025', subperiodScores: [90] }, 'RATING_REQUIRED'],
    ['empty subperiod scores', { period: '2026', subperiodScores: [] }, 'RATING_REQUIRED'],
    ['a score above 100', { period: '2026', score: 101 }, 'SCORE_OUT_OF_RANGE'],
    ['a negative score', { period: '2026', score: -1 }, 'SCORE_OUT_OF_RANGE'],
    ['a subperiod score out of range', { period: '2026', subperiodScores: [80, 120] }, 'SCORE_OUT_OF_RANGE'],
  ] satisfies [string, RatingInput, string][])('rejects %s', (_name, input, code) => {
    expect(violation(() => resolveRating(input)).code).toBe(code);
  });

  it('a contradiction names the band in Vietnamese first', () => {
    const e = violation(() => resolveRating({ period: '2026', score: 85, rating: 'excellent' }));
    expect(e.message).toMatch(/^Điểm 85 thuộc mức 'Hoàn thành tốt nhiệm vụ' \(70-89\.99\)/);
    expect(e.message).toContain('good band');
    expect(e.errors).toEqual([{ path: 'rating', message: 'score 85 means good' }]);
  });

  it('an unparseable period is a bad request', () => {
    expect(() => resolveRating({ period: '2026-Q5', rating: 'good' })).toThrow(BadRequestError);
  });
});

describe('requirementReasons', () => {
  const NOT_MEETING = { code: 'NOT_MEETING_REQUIREMENTS', rule: 'Chỉ thị 10/CT-UBND, mục 1a; Nghị định 90/2020/NĐ-CP, Điều 11' };
  const DISMISSAL = { code: 'DISMISSAL_REVIEW', rule: 'Luật Cán bộ, công chức (sửa đổi 2019), Điều 58 khoản 3' };
  const DEMOTION = { code: 'DEMOTION_REVIEW', rule: 'Luật Cán bộ, công chức (sửa đổi 2019), Điều 58' };
  const U: Rating = 'unsatisfactory';
  const S: Rating = 'satisfactory';
  const G: Rating = 'good';
  // The detail is read by an HR officer: Vietnamese first, the English in parentheses.
  const IN_2025 = 'Xếp loại Không hoàn thành nhiệm vụ năm 2025 (rated unsatisfactory in 2025)';
  const IN_2024_2025 = 'Xếp loại Không hoàn thành nhiệm vụ năm 2024 và 2025 (rated unsatisfactory in 2024 and 2025)';

  it.each([
    ['no ratings', {}, false, []],
    ['latest year fine', { 2024: U, 2025: G }, false, []],
    ['latest year unsatisfactory', { 2024: S, 2025: U }, false, [{ ...NOT_MEETING, detail: IN_2025 }]],
    [
      'two consecutive years, non-leader',
      { 2023: G, 2024: U, 2025: U },
      false,
      [
        { ...NOT_MEETING, detail: IN_2025 },
        { ...DISMISSAL, detail: IN_2024_2025 },
        { ...DEMOTION, detail: IN_2024_2025 },
      ],
    ],
    [
      'two consecutive years, leader: no demotion review',
      { 2024: U, 2025: U },
      true,
      [
        { ...NOT_MEETING, detail: IN_2025 },
        { ...DISMISSAL, detail: IN_2024_2025 },
      ],
    ],
    [
      'two of three years, non-leader',
      { 2023: U, 2024: G, 2025: U },
      false,
      [
        { ...NOT_MEETING, detail: IN_2025 },
        { ...DEMOTION, detail: 'Xếp loại Không hoàn thành nhiệm vụ năm 2023 và 2025 (rated unsatisfactory in 2023 and 2025)' },
      ],
    ],
    ['two of three years, leader', { 2023: U, 2024: G, 2025: U }, true, [{ ...NOT_MEETING, detail: IN_2025 }]],
    [
      'two of three years with the latest fine still calls for demotion review',
      { 2023: U, 2024: U, 2025: S },
      false,
      [{ ...DEMOTION, detail: 'Xếp loại Không hoàn thành nhiệm vụ năm 2023 và 2024 (rated unsatisfactory in 2023 and 2024)' }],
    ],
    [
      'three years in a row names all three',
      { 2023: U, 2024: U, 2025: U },
      false,
      [
        { ...NOT_MEETING, detail: IN_2025 },
        { ...DISMISSAL, detail: IN_2024_2025 },
        {
          ...DEMOTION,
          detail: 'Xếp loại Không hoàn thành nhiệm vụ năm 2023, 2024 và 2025 (rated unsatisfactory in 2023, 2024 and 2025)',
        },
      ],
    ],
    [
      'unsatisfactory four years back is outside the window',
      { 2022: U, 2023: G, 2024: G, 2025: U },
      false,
      [{ ...NOT_MEETING, detail: IN_2025 }],
    ],
    [
      'a missing year breaks "consecutive"',
      { 2023: U, 2025: U },
      true,
      [{ ...NOT_MEETING, detail: IN_2025 }],
    ],
  ] as const)('%s', (_name, ratings, isLeader, expected) => {
    const annual = Object.entries(ratings).map(([year, rating]) => ({ year: Number(year), rating: rating as Rating }));
    expect(requirementReasons({ annual, asOf: '2026-03-01', isLeader })).toEqual(expected);
  });

  it('reads a duplicated year as its worse rating, whatever the order', () => {
    const twice = (first: Rating, second: Rating) => [
      { year: 2025, rating: first },
      { year: 2025, rating: second },
    ];
    const expected = [{ ...NOT_MEETING, detail: IN_2025 }];
    expect(requirementReasons({ annual: twice('unsatisfactory', 'good'), asOf: '2026-01-01', isLeader: true })).toEqual(expected);
    expect(requirementReasons({ annual: twice('good', 'unsatisfactory'), asOf: '2026-01-01', isLeader: true })).toEqual(expected);
  });

  it('ignores years after the year of asOf', () => {
    const annual = [
      { year: 2024, rating: 'good' as Rating },
      { year: 2025, rating: 'unsatisfactory' as Rating },
      { year: 2026, rating: 'unsatisfactory' as Rating },
    ];
    expect(requirementReasons({ annual, asOf: '2025-12-31', isLeader: false })).toEqual([
      { ...NOT_MEETING, detail: IN_2025 },
    ]);
    expect(requirementReasons({ annual, asOf: '2024-12-31', isLeader: false })).toEqual([]);
    expect(requirementReasons({ annual, asOf: '2026-01-01', isLeader: false }).map((r) => r.code)).toEqual([
      'NOT_MEETING_REQUIREMENTS',
      'DISMISSAL_REVIEW',
      'DEMOTION_REVIEW',
    ]);
  });
});

describe('quotaWarning', () => {
  it.each([
    [{ excellent: 0, good: 0, satisfactory: 3, unsatisfactory: 1 }, undefined],
    [{ excellent: 2, good: 8, satisfactory: 5, unsatisfactory: 0 }, undefined], // exactly 20% of 10
    [{ excellent: 1, good: 4, satisfactory: 0, unsatisfactory: 0 }, undefined], // exactly 20% of 5
    [{ excellent: 3, good: 8, satisfactory: 0, unsatisfactory: 0 }, { excellent: 3, goodOrBetter: 11, limit: 2 }],
    [{ excellent: 2, good: 7, satisfactory: 20, unsatisfactory: 0 }, { excellent: 2, goodOrBetter: 9, limit: 1 }],
    [{ excellent: 1, good: 0, satisfactory: 0, unsatisfactory: 0 }, { excellent: 1, goodOrBetter: 1, limit: 0 }],
  ])('%j', (counts, expected) => {
    const warning = quotaWarning(counts);
    if (expected === undefined) {
      expect(warning).toBeUndefined();
    } else {
      expect(warning).toMatchObject({ code: 'EXCELLENT_QUOTA_EXCEEDED', ...expected });
    }
  });

  it('warns in Vietnamese first', () => {
    expect(quotaWarning({ excellent: 3, good: 8, satisfactory: 0, unsatisfactory: 0 })?.message).toMatch(
      /^Số công chức xếp loại 'Hoàn thành xuất sắc nhiệm vụ' \(3\) vượt quá 20%/,
    );
  });
});

describe('a rearrangement answers the requirement reasons behind it', () => {
  const reasons = ['NOT_MEETING_REQUIREMENTS', 'DISMISSAL_REVIEW', 'DEMOTION_REVIEW'].map((code) => ({ code, rule: 'r', detail: 'd' }));
  const annual = [
    { rating: 'unsatisfactory' as Rating, assessedOn: '2024-12-20' },
    { rating: 'unsatisfactory' as Rating, assessedOn: '2025-12-20' },
  ];
  it.each([
    ['no rearrangement: all stay', undefined, annual, ['NOT_MEETING_REQUIREMENTS', 'DISMISSAL_REVIEW', 'DEMOTION_REVIEW']],
    ['rearranged after the ratings: only the dismissal review stays', '2026-03-01', annual, ['DISMISSAL_REVIEW']],
    ['rearranged on the day of the last rating: that rating came with it', '2025-12-20', annual, ['NOT_MEETING_REQUIREMENTS', 'DISMISSAL_REVIEW', 'DEMOTION_REVIEW']],
    [
      'a new unsatisfactory rating after the rearrangement brings them back',
      '2026-03-01',
      [...annual, { rating: 'unsatisfactory' as Rating, assessedOn: '2026-12-20' }],
      ['NOT_MEETING_REQUIREMENTS', 'DISMISSAL_REVIEW', 'DEMOTION_REVIEW'],
    ],
  ] as [string, string | undefined, { rating: Rating; assessedOn: string }[], string[]][])('%s', (_, rearrangedOn, ratings, codes) => {
    expect(withoutAnsweredReasons(reasons, { rearrangedOn, annual: ratings }).map((r) => r.code)).toEqual(codes);
  });
});
