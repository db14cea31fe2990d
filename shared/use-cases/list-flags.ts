/**
 * Who is flagged as of a date: tenure approaching or past its limit, or not meeting requirements.
 * Reads only flagged officials' status items through two sparse indexes (patterns 6 and 7), never the whole staff,
 * and those of officials who leave service after the date (pattern 16); officials who have left by then (recorded,
 * or past their retirement date) are not flagged.
 */
import { addDays, addMonths } from '../domain/dates';
import { severityOf, SEVERITY_LABELS_VI, type Severity } from '../domain/flags';
import { hasLeft } from '../domain/leaving';
import { compareByUrgency } from '../domain/tenure';
import type { IsoDate, Tenure, TenureStatus } from '../domain/types';
import type { OfficialStatus, Page } from '../ports';
import { today, type Actor, type UseCaseDeps } from './context';
import { tenureFromStatus } from './official-aggregate';
import { decodeOffset, pageByOffset } from './paging';
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
  query: { asOf?: IsoDate; unitId?: string; status?: TenureStatus; limit: number; cursor?: string },
): Promise<Page<Flag> & { asOf: IsoDate }> {
  authorize(actor, 'listFlags');
  const asOf = query.asOf ?? today(deps);
  const offset = decodeOffset(query.cursor);
  const { agencyIds, keep, units } = await visibleAgencies(deps.organisation, actor.principal, query.unitId);
  const flags = await flaggedAsOf(deps, agencyIds, asOf);
  const filtered = flags
    .filter((f) => keep(f.unitPath))
    .filter((f) => !query.status || f.tenure.status === query.status)
    .map(
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
  return { asOf, ...pageByOffset(filtered, offset, query.limit) };
}

export interface FlaggedOfficial {
  tenure: Tenure;
  unitPath: string[];
  fullName: string;
  positionTitle: string | null;
  severity: Severity;
}

/**
 * Every flagged official of the agencies as of a date, most overdue first. The due-date query reaches a few days
 * past `asOf + warnMonths`, since subtracting months clamps month ends (2021-08-31 minus 6 months is 2021-02-28);
 * the exact status is then computed per item.
 */
export async function flaggedAsOf(deps: UseCaseDeps, agencyIds: string[], asOf: IsoDate): Promise<FlaggedOfficial[]> {
  const bound = addDays(addMonths(asOf, deps.warnMonths), 3);
  const [due, unsatisfactory, leaving] = await Promise.all([
    deps.officials.queryDueStatuses(agencyIds, bound),
    deps.officials.queryUnsatisfactoryStatuses(agencyIds),
    deps.officials.queryLeaversInService(agencyIds, asOf),
  ]);
  const byOfficial = new Map<string, OfficialStatus>();
  for (const status of [...due, ...unsatisfactory, ...leaving]) byOfficial.set(status.officialId, status);
  const flagged: FlaggedOfficial[] = [];
  for (const status of byOfficial.values()) {
    if (hasLeft({ leftOn: status.left?.on, retirementDate: status.retirementDate }, asOf)) continue;
    const tenure = tenureFromStatus(status, asOf, deps.warnMonths);
    const severity = severityOf(tenure.reasons);
    if (!severity) continue;
    const positionTitle = status.chain && tenure.positionId === status.chain.positionId ? status.chain.positionTitle : null;
    flagged.push({ tenure, unitPath: status.unitPath, fullName: status.fullName, positionTitle, severity });
  }
  return flagged.sort((a, b) => compareByUrgency(a.tenure, b.tenure));
}
