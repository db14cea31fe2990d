/**
 * One period's assessments across a unit subtree: the officials currently in the subtree (pattern 4), then their
 * assessments for the period by key (pattern 10). Following the officials rather than where each assessment was
 * written means an official's history moves with them: the new unit's HR sees it.
 */
import { quotaWarning } from '../domain/assessment';
import type { Assessment } from '../domain/types';
import type { Page } from '../ports';
import type { Actor, UseCaseDeps } from './context';
import { requirePeriod, type QuotaWarning } from './record-assessment';
import { visibleAgencies } from './scope';

export async function listAssessmentsForPeriod(
  deps: UseCaseDeps,
  actor: Actor,
  query: { unitId?: string; period: string; limit: number; cursor?: string },
): Promise<Page<Assessment> & { warnings: QuotaWarning[] }> {
  const period = requirePeriod(query.period);
  const { agencyIds, keep } = await visibleAgencies(deps.repo, actor.principal, query.unitId);
  let cursor = query.cursor;
  let items: Assessment[] = [];
  // Officials without an assessment for the period leave gaps; read on rather than answer an empty page.
  do {
    const officials = await deps.repo.listOfficials({ agencyIds, limit: query.limit, cursor, keep: (o) => keep(o.unitPath) });
    cursor = officials.nextCursor;
    items = await deps.repo.getAssessmentsForPeriod(
      officials.items.map((o) => o.id),
      query.period,
    );
  } while (items.length === 0 && cursor);
  items.sort((a, b) => a.officialId.localeCompare(b.officialId));

  const warnings: QuotaWarning[] = [];
  if (period.kind === 'year') {
    const counts = await Promise.all(agencyIds.map((id) => deps.repo.getRatingCounts(id, period.year)));
    agencyIds.forEach((agencyId, i) => {
      const warning = quotaWarning(counts[i]);
      if (warning) warnings.push({ ...warning, agencyId, year: period.year });
    });
  }
  return { items, nextCursor: cursor, warnings };
}
