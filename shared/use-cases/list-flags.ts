/**
 * Who is flagged as of a date: tenure approaching or past its limit, or not meeting requirements.
 * Reads only flagged officials' status items through two sparse indexes (patterns 6 and 7), never the whole staff.
 */
import { addDays, addMonths } from '../domain/dates';
import { compareByUrgency } from '../domain/tenure';
import type { IsoDate, Tenure, TenureStatus } from '../domain/types';
import type { OfficialStatus, Page } from '../ports';
import { today, type Actor, type UseCaseDeps } from './context';
import { tenureFromStatus } from './official-aggregate';
import { decodeOffset, pageByOffset } from './paging';
import { visibleAgencies } from './scope';

export interface Flag extends Tenure {
  fullName: string;
}

export async function listFlags(
  deps: UseCaseDeps,
  actor: Actor,
  query: { asOf?: IsoDate; unitId?: string; status?: TenureStatus; limit: number; cursor?: string },
): Promise<Page<Flag> & { asOf: IsoDate }> {
  const asOf = query.asOf ?? today(deps);
  const offset = decodeOffset(query.cursor);
  const { agencyIds, keep } = await visibleAgencies(deps.repo, actor.principal, query.unitId);
  const flags = await flaggedAsOf(deps, agencyIds, asOf);
  const filtered = flags
    .filter((f) => keep(f.unitPath))
    .filter((f) => !query.status || f.tenure.status === query.status)
    .map((f) => ({ ...f.tenure, fullName: f.fullName }));
  return { asOf, ...pageByOffset(filtered, offset, query.limit) };
}

/**
 * Every flagged official of the agencies as of a date, most overdue first. Shared with the alert job.
 * The due-date query reaches a few days past `asOf + warnMonths`, since subtracting months clamps month ends
 * (2021-08-31 minus 6 months is 2021-02-28); the exact status is then computed per item.
 */
export async function flaggedAsOf(
  deps: UseCaseDeps,
  agencyIds: string[],
  asOf: IsoDate,
): Promise<{ tenure: Tenure; unitPath: string[]; fullName: string }[]> {
  const bound = addDays(addMonths(asOf, deps.warnMonths), 3);
  const [due, unsatisfactory] = await Promise.all([
    deps.repo.queryDueStatuses(agencyIds, bound),
    deps.repo.queryUnsatisfactoryStatuses(agencyIds),
  ]);
  const byOfficial = new Map<string, OfficialStatus>();
  for (const status of [...due, ...unsatisfactory]) byOfficial.set(status.officialId, status);
  const flagged = [];
  for (const status of byOfficial.values()) {
    const tenure = tenureFromStatus(status, asOf, deps.warnMonths);
    if (tenure.status === 'ok' && tenure.reasons.length === 0) continue;
    flagged.push({ tenure, unitPath: status.unitPath, fullName: status.fullName });
  }
  return flagged.sort((a, b) => compareByUrgency(a.tenure, b.tenure));
}
