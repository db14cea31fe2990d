/**
 * Performance assessments (đánh giá, xếp loại chất lượng), one per official per period, upserted by period.
 * The rating is derived from the score from 2026 (Decree 335/2025), forced by discipline, and checked against
 * a given rating; the agency's excellent-rating quota is counted in the same transaction and warned about.
 */
import {
  parsePeriod,
  PERIOD_FORMS,
  quotaWarning,
  RATING_LABELS_VI,
  resolveRating,
  type Period,
} from '../domain/assessment';
import { endOfMonth } from '../domain/dates';
import { BadRequestError, ConflictError, RuleViolationError } from '../domain/errors';
import type { Assessment, Rating } from '../domain/types';
import type { AggregateWrite, Page } from '../ports';
import { auditRecord, staleVersion, type Actor, type UseCaseDeps } from './context';
import { commit, loadForRead, loadForWrite } from './official-aggregate';
import { decodeOffset, pageByOffset } from './paging';

export interface AssessmentInput {
  rating?: Rating;
  score?: number;
  disciplined?: boolean;
  assessedOn: string;
  comments?: string;
}

export type QuotaWarning = NonNullable<ReturnType<typeof quotaWarning>> & { agencyId: string; year: number };

export function presentAssessment(a: Assessment) {
  return { ...a, ratingLabel: RATING_LABELS_VI[a.rating] };
}

/** Parse a period or answer 400 naming the accepted forms. */
export function requirePeriod(period: string): Period {
  const parsed = parsePeriod(period);
  if (!parsed)
    throw new BadRequestError(`Kỳ đánh giá '${period}' không hợp lệ; dùng ${PERIOD_FORMS}`, [
      { path: 'path.period', message: 'Expected YYYY, YYYY-Qn (n = 1-4) or YYYY-MM' },
    ]);
  return parsed;
}

function monthStart(year: number, month: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-01`;
}

/** The first day of a period: an assessment cannot be given before it. */
export function periodStart(period: Period): string {
  const month = period.kind === 'year' ? 1 : period.kind === 'quarter' ? period.index! * 3 - 2 : period.index!;
  return monthStart(period.year, month);
}

/** The last day of a period: the order assessments are listed in, newest first. */
export function periodEnd(period: Period): string {
  const month = period.kind === 'year' ? 12 : period.kind === 'quarter' ? period.index! * 3 : period.index!;
  return endOfMonth(monthStart(period.year, month));
}

export async function putAssessment(
  deps: UseCaseDeps,
  actor: Actor,
  officialId: string,
  periodText: string,
  input: AssessmentInput,
  expected?: number,
): Promise<{ assessment: Assessment; created: boolean; warnings: QuotaWarning[] }> {
  const period = requirePeriod(periodText);
  const current = await loadForWrite(deps, actor, officialId);
  const before = current.assessments.find((a) => a.period === periodText);
  if (before && expected === undefined)
    throw new ConflictError(
      'ASSESSMENT_EXISTS',
      `Kỳ ${periodText} đã có kết quả đánh giá (version ${before.version}); gửi kèm version (hoặc If-Match) để cập nhật`,
    );
  if (before && expected !== before.version) throw staleVersion(before.version, expected!);
  if (!before && expected !== undefined)
    throw new ConflictError('STALE_VERSION', `Kỳ ${periodText} chưa có kết quả đánh giá nào để cập nhật (version ${expected})`);

  const start = periodStart(period);
  if (input.assessedOn < start)
    throw new RuleViolationError(
      'ASSESSED_BEFORE_PERIOD',
      `Ngày đánh giá ${input.assessedOn} trước khi kỳ ${periodText} bắt đầu (${start})`,
      [{ path: 'body.assessedOn', message: `Must be on or after ${start}` }],
    );
  const resolved = withBodyPaths(() =>
    resolveRating({
      period: periodText,
      rating: input.rating,
      score: input.score,
      disciplined: input.disciplined,
      subperiodScores: period.kind === 'year' ? subperiodScores(current.assessments, period.year) : undefined,
    }),
  );
  const official = current.official;
  const now = deps.clock.now().toISOString();
  const assessment: Assessment = {
    id: before?.id ?? `${officialId}:${periodText}`,
    officialId,
    period: periodText,
    rating: resolved.rating,
    score: resolved.score,
    derivedFrom: resolved.derivedFrom,
    disciplined: input.disciplined,
    assessedOn: input.assessedOn,
    comments: input.comments,
    agencyId: official.agencyId,
    unitId: official.unitId,
    version: (before?.version ?? 0) + 1,
    createdAt: before?.createdAt ?? now,
    updatedAt: now,
  };

  const ratingCounts: NonNullable<AggregateWrite['ratingCounts']> = [];
  if (period.kind === 'year') {
    if (before?.agencyId) ratingCounts.push({ agencyId: before.agencyId, year: period.year, delta: { [before.rating]: -1 } });
    if (assessment.agencyId) ratingCounts.push({ agencyId: assessment.agencyId, year: period.year, delta: { [assessment.rating]: 1 } });
  }
  await commit(
    deps,
    current,
    {
      ...current,
      assessments: before
        ? current.assessments.map((a) => (a.period === periodText ? assessment : a))
        : [...current.assessments, assessment],
    },
    {
      assessment: { item: assessment, create: !before, expectedVersion: before?.version },
      ratingCounts,
      audit: [
        auditRecord(deps, actor, {
          entityType: 'assessment',
          entityId: assessment.id,
          parentId: officialId,
          action: before ? 'update' : 'create',
          unitPath: official.unitPath,
          before,
          after: assessment,
        }),
      ],
    },
  );

  const warnings: QuotaWarning[] = [];
  if (period.kind === 'year' && assessment.rating === 'excellent' && assessment.agencyId) {
    const warning = quotaWarning(await deps.repo.getRatingCounts(assessment.agencyId, period.year));
    if (warning) warnings.push({ ...warning, agencyId: assessment.agencyId, year: period.year });
  }
  return { assessment, created: !before, warnings };
}

/** The year's monthly scores, or else its quarterly ones, for deriving an annual rating (Decree 335/2025). */
function subperiodScores(assessments: Assessment[], year: number): number[] {
  const scored = assessments
    .map((a) => ({ period: parsePeriod(a.period), score: a.score }))
    .filter((a) => a.period?.year === year && a.score !== undefined);
  const months = scored.filter((a) => a.period!.kind === 'month');
  return (months.length ? months : scored.filter((a) => a.period!.kind === 'quarter')).map((a) => a.score!);
}

/** Domain errors name fields as `rating`, `score`; the API names them by where they came from. */
function withBodyPaths<T>(fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (error instanceof RuleViolationError || error instanceof BadRequestError)
      error.errors.forEach((e) => (e.path = e.path.startsWith('body.') ? e.path : `body.${e.path}`));
    throw error;
  }
}

export async function listOfficialAssessments(
  deps: UseCaseDeps,
  actor: Actor,
  officialId: string,
  query: { limit: number; cursor?: string },
): Promise<Page<Assessment>> {
  const { assessments } = await loadForRead(deps, actor, officialId);
  const sorted = [...assessments].sort((a, b) => {
    const byEnd = periodEnd(parsePeriod(b.period)!).localeCompare(periodEnd(parsePeriod(a.period)!));
    // A year and its December end together: the year first.
    return byEnd || a.period.length - b.period.length;
  });
  return pageByOffset(sorted, decodeOffset(query.cursor), query.limit);
}
