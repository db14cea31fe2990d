/**
 * Who is flagged as of a date: tenure approaching or past its limit, or not meeting requirements.
 * Reads only flagged officials' status items through two sparse indexes (patterns 6 and 7), never the whole staff,
 * and those of officials who leave service after the date (pattern 16); officials who have left by then (recorded,
 * or past their retirement date) are not flagged.
 */
import { inFlagGroup, type FlagGroup } from '../domain/dashboard';
import { SEVERITY_LABELS_VI, type Severity } from '../domain/flags';
import type { IsoDate, Tenure, TenureStatus } from '../domain/types';
import type { Page } from '../ports';
import { today, type Actor, type UseCaseDeps } from './context';
import { flaggedAsOf } from './flagged';
import { decodeOffset, pageByOffset } from './paging';
import { kindsDisclosed, logSensitiveReads } from './access-log';
import { authorize } from './policy';
import { visibleAgencies } from './scope';

export interface Flag extends Tenure {
  fullName: string;
  unitName: string | null;
  positionTitle: string | null;
  severity: Severity;
  severityLabel: string;
  /** The reason codes, for filtering without reading each reason. */
  reasonCodes: string[];
}

export async function listFlags(
  deps: UseCaseDeps,
  actor: Actor,
  query: { asOf?: IsoDate; unitId?: string; status?: TenureStatus; group?: FlagGroup; limit: number; cursor?: string },
): Promise<Page<Flag> & { asOf: IsoDate }> {
  authorize(actor, 'listFlags');
  const asOf = query.asOf ?? today(deps);
  const offset = decodeOffset(query.cursor);
  const { agencyIds, keep } = await visibleAgencies(deps.organisation, actor.principal, query.unitId);
  const flags = await flaggedAsOf(deps, agencyIds, asOf);
  const unitPaths = new Map(flags.map((f) => [f.tenure.officialId, f.unitPath]));
  const shown = flags
    .filter((f) => keep(f.unitPath))
    .filter((f) => !query.status || f.tenure.status === query.status)
    .filter((f) => !query.group || inFlagGroup(f.tenure, query.group));
  const page = pageByOffset(shown, offset, query.limit);
  // The names of the units that hold a flag on this page, by key (pattern 27): a few items, however large the
  // agencies are, and however many pages the whole list has.
  const unitIds = [...new Set(page.items.map((f) => f.tenure.unitId).filter((id): id is string => !!id))];
  const units = new Map((await deps.organisation.getUnits(unitIds)).map((u) => [u.id, u]));
  const items = page.items.map(
    (f): Flag => ({
      ...f.tenure,
      fullName: f.fullName,
      unitName: (f.tenure.unitId && units.get(f.tenure.unitId)?.name) || null,
      positionTitle: f.positionTitle,
      severity: f.severity,
      severityLabel: SEVERITY_LABELS_VI[f.severity],
      reasonCodes: f.tenure.reasons.map((r) => r.code),
    }),
  );
  await logSensitiveReads(
    deps,
    actor,
    'listFlags',
    items.map((f) => ({
      official: { id: f.officialId, unitPath: unitPaths.get(f.officialId) ?? [], agencyId: f.unitId ? units.get(f.unitId)?.agencyId : undefined },
      kinds: kindsDisclosed(f),
    })),
  );
  return { asOf, items, nextCursor: page.nextCursor };
}
