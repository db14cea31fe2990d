/**
 * One period's assessments across a unit subtree: the officials currently in the subtree (pattern 4), then their
 * assessments for the period by key (pattern 10). Following the officials rather than where each assessment was
 * written means an official's history moves with them: the new unit's HR sees it. Officials who left before the
 * period began are not read for it.
 */
import { periodStart, quotaWarning, requirePeriod, type QuotaWarning } from '../domain/assessment';
import type { Assessment, Official } from '../domain/types';
import type { Page } from '../ports';
import type { Actor, UseCaseDeps } from './context';
import { logSensitiveReads } from './access-log';
import { authorize } from './policy';
import { visibleAgencies } from './scope';

export async function listAssessmentsForPeriod(
  deps: UseCaseDeps,
  actor: Actor,
  query: { unitId?: string; period: string; limit: number; cursor?: string },
): Promise<Page<Assessment> & { warnings: QuotaWarning[] }> {
  authorize(actor, 'listAssessmentsForPeriod');
  const period = requirePeriod(query.period);
  const start = periodStart(period);
  const { agencyIds, keep, wholeAgencies } = await visibleAgencies(deps.organisation, actor.principal, query.unitId);
  let cursor = query.cursor;
  let items: Assessment[] = [];
  const read = new Map<string, Official>();
  // Officials without an assessment for the period leave gaps; read on rather than answer an empty page.
  do {
    const officials = await deps.officials.listOfficials({
      agencyIds,
      limit: query.limit,
      cursor,
      keep: (o) => keep(o.unitPath) && !(o.leftOn !== undefined && o.leftOn < start),
    });
    cursor = officials.nextCursor;
    for (const o of officials.items) read.set(o.id, o);
    items = await deps.officials.getAssessmentsForPeriod(
      officials.items.map((o) => o.id),
      query.period,
    );
  } while (items.length === 0 && cursor);
  items.sort((a, b) => a.officialId.localeCompare(b.officialId));

  // The quota counts a whole agency: it is shown only to callers who see all of that agency.
  const warnings: QuotaWarning[] = [];
  if (period.kind === 'year') {
    const shown = agencyIds.filter((id) => wholeAgencies.has(id));
    const counts = await Promise.all(shown.map((id) => deps.officials.getRatingCounts(id, period.year)));
    shown.forEach((agencyId, i) => {
      const warning = quotaWarning(counts[i]);
      if (warning) warnings.push({ ...warning, agencyId, year: period.year });
    });
  }
  await logSensitiveReads(
    deps,
    actor,
    'listAssessmentsForPeriod',
    items.map((a) => ({ official: read.get(a.officialId)!, kinds: ['assessment'] })),
  );
  return { items, nextCursor: cursor, warnings };
}
