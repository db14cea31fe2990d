/**
 * Assessment of civil servants (đánh giá, xếp loại chất lượng): Decree 90/2020/NĐ-CP as amended by Decree
 * 48/2023/NĐ-CP; from 2026 the 0-100 scoring of Decree 335/2025/NĐ-CP; the consequences of repeated
 * "unsatisfactory" ratings under the Law on Cadres and Civil Servants (amended 2019).
 */
import { RuleViolationError, BadRequestError } from './errors';
import { endOfMonth, MAX_YEAR, MIN_YEAR, parseIsoDate } from './dates';
import type { IsoDate, Rating, Reason } from './types';

/** The official Vietnamese name of each rating, as printed on assessment forms. */
export const RATING_LABELS_VI: Record<Rating, string> = {
  excellent: 'Hoàn thành xuất sắc nhiệm vụ',
  good: 'Hoàn thành tốt nhiệm vụ',
  satisfactory: 'Hoàn thành nhiệm vụ',
  unsatisfactory: 'Không hoàn thành nhiệm vụ',
};

/** An assessment period: a year, a quarter (index 1-4) or a month (index 1-12). */
export interface Period {
  kind: 'year' | 'quarter' | 'month';
  year: number;
  index?: number;
}

/** Human description of the accepted period forms, for error messages. */
export const PERIOD_FORMS = `năm YYYY (2025), quý YYYY-Qn với n = 1-4 (2026-Q3), tháng YYYY-MM (2026-07); năm từ ${MIN_YEAR} đến ${MAX_YEAR}`;

const YEAR = /^(\d{4})$/;
const QUARTER = /^(\d{4})-Q([1-4])$/;
const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/**
 * Parses `2025` (year), `2026-Q3` (quarter Q1-Q4, upper-case Q) or `2026-07` (month 01-12); anything else, including
 * `2026-q1`, `2026-1` or `26`, is undefined, and so is a year outside MIN_YEAR-MAX_YEAR (1900-2199), the years a
 * date may have: a period's start and end are dates.
 */
export function parsePeriod(s: string): Period | undefined {
  let m = YEAR.exec(s);
  let period: Period | undefined;
  if (m) period = { kind: 'year', year: Number(m[1]) };
  else if ((m = QUARTER.exec(s))) period = { kind: 'quarter', year: Number(m[1]), index: Number(m[2]) };
  else if ((m = MONTH.exec(s))) period = { kind: 'month', year: Number(m[1]), index: Number(m[2]) };
  return period && period.year >= MIN_YEAR && period.year <= MAX_YEAR ? period : undefined;
}

/** Parse a period or throw a 400 naming the accepted forms. */
export function requirePeriod(period: string): Period {
  const parsed = parsePeriod(period);
  if (!parsed)
    throw new BadRequestError(`Kỳ đánh giá '${period}' không hợp lệ; dùng ${PERIOD_FORMS}`, [
      { path: 'period', message: 'Expected YYYY, YYYY-Qn (n = 1-4) or YYYY-MM' },
    ]);
  return parsed;
}

function monthStart(year: number, month: number): IsoDate {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-01`;
}

/** The first day of a period: an assessment cannot be given before it. */
export function periodStart(period: Period): IsoDate {
  const month = period.kind === 'year' ? 1 : period.kind === 'quarter' ? period.index! * 3 - 2 : period.index!;
  return monthStart(period.year, month);
}

/** The last day of a period: the order assessments are listed in, newest first. */
export function periodEnd(period: Period): IsoDate {
  const month = period.kind === 'year' ? 12 : period.kind === 'quarter' ? period.index! * 3 : period.index!;
  return endOfMonth(monthStart(period.year, month));
}

/** First year scored 0-100 (Decree 335/2025/NĐ-CP). */
export const SCORING_FROM_YEAR = 2026;

/** Score bands from 2026, highest first: a score at or above `min` earns `rating`. */
export const SCORE_BANDS: readonly { rating: Rating; min: number; label: string }[] = [
  { rating: 'excellent', min: 90, label: '90-100' },
  { rating: 'good', min: 70, label: '70-89.99' },
  { rating: 'satisfactory', min: 50, label: '50-69.99' },
  { rating: 'unsatisfactory', min: 0, label: '0-49.99' },
];

function assertScore(score: number, path: string): void {
  if (!Number.isFinite(score) || score < 0 || score > 100) {
    throw new RuleViolationError('SCORE_OUT_OF_RANGE', `Điểm phải từ 0 đến 100 / Score must be 0-100, got ${score}`, [
      { path, message: 'must be a number from 0 to 100' },
    ]);
  }
}

/** The band of a 0-100 score: >= 90 excellent, >= 70 good, >= 50 satisfactory, else unsatisfactory. */
export function ratingFromScore(score: number): Rating {
  assertScore(score, 'score');
  return SCORE_BANDS.find((band) => score >= band.min)!.rating;
}

function bandOf(rating: Rating): string {
  return SCORE_BANDS.find((band) => band.rating === rating)!.label;
}

/** Rounds to two decimals, the precision scores are recorded with. */
function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

/**
 * Decides the rating of one assessment record.
 *
 * - A score (0-100) is only accepted for periods from 2026 (SCORE_BEFORE_2026); it decides the rating, and a given
 *   rating that disagrees is RATING_CONTRADICTS_SCORE.
 * - For an annual period from 2026 with neither score nor rating, the score is the average of `subperiodScores`
 *   (monthly or quarterly), rounded to 2 decimals, and the rating follows from it.
 * - A disciplinary sanction forces `unsatisfactory` (the score, if any, is kept); any other given rating is
 *   RATING_CONTRADICTS_DISCIPLINE.
 * - Otherwise a rating must be given (RATING_REQUIRED).
 *
 * Throws RuleViolationError (422) for those codes and SCORE_OUT_OF_RANGE, BadRequestError for an unparseable period.
 */
export function resolveRating(input: {
  period: string;
  rating?: Rating;
  score?: number;
  disciplined?: boolean;
  subperiodScores?: number[];
}): { rating: Rating; score?: number; derivedFrom?: 'score' | 'subperiods' | 'discipline' } {
  const period = parsePeriod(input.period);
  if (!period) {
    throw new BadRequestError(`Kỳ đánh giá không hợp lệ / Invalid period '${input.period}'`, [
      { path: 'period', message: `expected ${PERIOD_FORMS}` },
    ]);
  }
  const { rating } = input;

  let score = input.score;
  let scoreSource: 'score' | 'subperiods' | undefined;
  if (score !== undefined) {
    assertScore(score, 'score');
    if (period.year < SCORING_FROM_YEAR) {
      throw new RuleViolationError(
        'SCORE_BEFORE_2026',
        `Chấm điểm theo Nghị định 335/2025/NĐ-CP chỉ áp dụng từ năm ${SCORING_FROM_YEAR}; kỳ ${input.period} chỉ ghi xếp loại / ` +
          `Scores apply from ${SCORING_FROM_YEAR} (Decree 335/2025); give only a rating for ${input.period}`,
        [{ path: 'score', message: `not allowed before ${SCORING_FROM_YEAR}` }],
      );
    }
    scoreSource = 'score';
  } else if (
    rating === undefined &&
    period.kind === 'year' &&
    period.year >= SCORING_FROM_YEAR &&
    input.subperiodScores !== undefined &&
    input.subperiodScores.length > 0
  ) {
    input.subperiodScores.forEach((s, i) => assertScore(s, `subperiodScores.${i}`));
    score = round2(input.subperiodScores.reduce((sum, s) => sum + s, 0) / input.subperiodScores.length);
    scoreSource = 'subperiods';
  }

  if (input.disciplined) {
    if (rating !== undefined && rating !== 'unsatisfactory') {
      throw new RuleViolationError(
        'RATING_CONTRADICTS_DISCIPLINE',
        `Công chức bị xử lý kỷ luật trong năm phải xếp loại '${RATING_LABELS_VI.unsatisfactory}', không phải ` +
          `'${RATING_LABELS_VI[rating]}' / A disciplined official must be rated unsatisfactory, not ${rating}`,
        [{ path: 'rating', message: 'must be unsatisfactory when disciplined' }],
      );
    }
    return score === undefined
      ? { rating: 'unsatisfactory', derivedFrom: 'discipline' }
      : { rating: 'unsatisfactory', score, derivedFrom: 'discipline' };
  }

  if (score !== undefined && scoreSource !== undefined) {
    const derived = ratingFromScore(score);
    if (rating !== undefined && rating !== derived) {
      throw new RuleViolationError(
        'RATING_CONTRADICTS_SCORE',
        `Điểm ${score} thuộc mức '${RATING_LABELS_VI[derived]}' (${bandOf(derived)}), không phải ` +
          `'${RATING_LABELS_VI[rating]}' / Score ${score} is in the ${derived} band (${bandOf(derived)}), not ${rating}`,
        [{ path: 'rating', message: `score ${score} means ${derived}` }],
      );
    }
    return { rating: derived, score, derivedFrom: scoreSource };
  }

  if (rating !== undefined) return { rating };

  throw new RuleViolationError(
    'RATING_REQUIRED',
    period.kind === 'year' && period.year >= SCORING_FROM_YEAR
      ? `Cần xếp loại, điểm hoặc điểm các tháng/quý của năm ${period.year} / A rating, a score or the year's monthly or quarterly scores are required`
      : `Cần xếp loại cho kỳ ${input.period} / A rating is required for ${input.period}`,
    [{ path: 'rating', message: 'required' }],
  );
}

export const NOT_MEETING_RULE = 'Chỉ thị 10/CT-UBND, mục 1a; Nghị định 90/2020/NĐ-CP, Điều 11';
export const DISMISSAL_RULE = 'Luật Cán bộ, công chức (sửa đổi 2019), Điều 58 khoản 3';
export const DEMOTION_RULE = 'Luật Cán bộ, công chức (sửa đổi 2019), Điều 58';

/**
 * Years ascending, joined with `and` ("và" in Vietnamese): "2025", "2024 and 2025", "2023, 2024 and 2025".
 */
function listYears(years: number[], and: 'and' | 'và'): string {
  const sorted = [...years].sort((a, b) => a - b).map(String);
  return sorted.length <= 1 ? sorted.join('') : `${sorted.slice(0, -1).join(', ')} ${and} ${sorted[sorted.length - 1]}`;
}

/**
 * Flags from annual ratings, considering only years up to the year of `asOf` (Y = the latest rated such year):
 * NOT_MEETING_REQUIREMENTS when Y is unsatisfactory; DISMISSAL_REVIEW when Y and Y-1 both are; DEMOTION_REVIEW for
 * a non-leader when at least two of Y, Y-1, Y-2 are. A year missing from `annual` counts as not unsatisfactory.
 * Each detail names the years, Vietnamese first with the English in parentheses: "Xếp loại Không hoàn thành nhiệm
 * vụ năm 2025 (rated unsatisfactory in 2025)".
 */
export function requirementReasons(input: {
  annual: { year: number; rating: Rating }[];
  asOf: IsoDate;
  isLeader: boolean;
}): Reason[] {
  const asOfYear = parseIsoDate(input.asOf).year;
  const byYear = new Map<number, Rating>();
  for (const { year, rating } of input.annual) {
    // One record per official per year is the invariant; if it is broken, the worse rating is the safer reading.
    if (year <= asOfYear && (byYear.get(year) === undefined || rating === 'unsatisfactory')) byYear.set(year, rating);
  }
  if (byYear.size === 0) return [];

  const latest = Math.max(...byYear.keys());
  const unsatisfactory = (year: number) => byYear.get(year) === 'unsatisfactory';
  // Read by an HR officer: Vietnamese first, the English in parentheses.
  const unsatisfactoryIn = (years: number[]) =>
    `Xếp loại ${RATING_LABELS_VI.unsatisfactory} năm ${listYears(years, 'và')} ` +
    `(rated unsatisfactory in ${listYears(years, 'and')})`;
  const reasons: Reason[] = [];

  if (unsatisfactory(latest)) {
    reasons.push({
      code: 'NOT_MEETING_REQUIREMENTS',
      rule: NOT_MEETING_RULE,
      detail: unsatisfactoryIn([latest]),
    });
    if (unsatisfactory(latest - 1)) {
      reasons.push({
        code: 'DISMISSAL_REVIEW',
        rule: DISMISSAL_RULE,
        detail: unsatisfactoryIn([latest - 1, latest]),
      });
    }
  }
  if (!input.isLeader) {
    const failed = [latest - 2, latest - 1, latest].filter(unsatisfactory);
    if (failed.length >= 2) {
      reasons.push({
        code: 'DEMOTION_REVIEW',
        rule: DEMOTION_RULE,
        detail: unsatisfactoryIn(failed),
      });
    }
  }
  return reasons;
}

/** Share of "good or better" that may be rated excellent (Decree 90/2020/NĐ-CP as amended by Decree 48/2023/NĐ-CP). */
export const EXCELLENT_QUOTA_PERCENT = 20;

/**
 * Warning (never a block) when an agency's excellent ratings for a year exceed 20% of those rated good or better
 * (excellent + good). `limit` is the largest number of excellent ratings within the quota.
 */
export function quotaWarning(counts: {
  excellent: number;
  good: number;
  satisfactory: number;
  unsatisfactory: number;
}):
  | { code: 'EXCELLENT_QUOTA_EXCEEDED'; message: string; excellent: number; goodOrBetter: number; limit: number }
  | undefined {
  const goodOrBetter = counts.excellent + counts.good;
  // Integer comparison (excellent / goodOrBetter > 20 / 100) so 1 of 5 is exactly at the quota, not over it.
  if (counts.excellent * 100 <= goodOrBetter * EXCELLENT_QUOTA_PERCENT) return undefined;
  const limit = Math.floor((goodOrBetter * EXCELLENT_QUOTA_PERCENT) / 100);
  return {
    code: 'EXCELLENT_QUOTA_EXCEEDED',
    message:
      `Số công chức xếp loại '${RATING_LABELS_VI.excellent}' (${counts.excellent}) vượt quá ${EXCELLENT_QUOTA_PERCENT}% ` +
      `số xếp loại '${RATING_LABELS_VI.good}' trở lên (${goodOrBetter}, tối đa ${limit}) / ` +
      `Excellent ratings (${counts.excellent}) exceed ${EXCELLENT_QUOTA_PERCENT}% of those rated good or better ` +
      `(${goodOrBetter}; at most ${limit})`,
    excellent: counts.excellent,
    goodOrBetter,
    limit,
  };
}

/** A quota warning as the API shows it: the agency and year it counts. */
export type QuotaWarning = NonNullable<ReturnType<typeof quotaWarning>> & { agencyId: string; year: number };

/**
 * The requirement reasons a rearrangement (sắp xếp, bố trí lại) already answered: an official moved by a
 * rearrangement that started after the ratings behind NOT_MEETING_REQUIREMENTS and DEMOTION_REVIEW were given has had
 * the measure those reasons call for, so they no longer flag them until a new unsatisfactory rating comes. A
 * DISMISSAL_REVIEW stays: a dismissal review is a procedure of its own, which a new post does not settle.
 */
export function withoutAnsweredReasons(
  reasons: Reason[],
  facts: { rearrangedOn?: IsoDate; annual: { rating: Rating; assessedOn: IsoDate }[] },
): Reason[] {
  if (!facts.rearrangedOn) return reasons;
  const rearrangedOn = facts.rearrangedOn;
  const ratedSince = facts.annual.some((a) => a.rating === 'unsatisfactory' && a.assessedOn >= rearrangedOn);
  if (ratedSince) return reasons;
  return reasons.filter((r) => r.code !== 'NOT_MEETING_REQUIREMENTS' && r.code !== 'DEMOTION_REVIEW');
}
