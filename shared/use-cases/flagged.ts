/**
 * Who is flagged as of a date, read from the sparse indexes only (patterns 6, 7 and 16): shared by the flags list,
 * proposal drafting and the alert job.
 */
import { addDays, addMonths } from '../domain/dates';
import { severityOf, type Severity } from '../domain/flags';
import { hasLeft } from '../domain/leaving';
import { compareByUrgency } from '../domain/tenure';
import type { IsoDate, Tenure } from '../domain/types';
import type { OfficialStatus } from '../ports';
import type { UseCaseDeps } from './context';
import { tenureFromStatus } from './official-aggregate';

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
