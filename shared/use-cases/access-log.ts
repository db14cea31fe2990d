/**
 * Reads of sensitive personal data (assessments, circumstances: shared/domain/personal-data.ts) are logged: one
 * access record per official whose sensitive records an answer carries, in the audit log under the entity type
 * `access` (who, roles, the official, what kinds, through which action, the request id, when).
 *
 * Write before answer: a use case calls `logSensitiveReads` after it has read and before it returns, so no edge
 * can skip it, and a log that cannot be written fails the read with a 503 (`ACCESS_LOG_UNAVAILABLE`) rather than
 * answer unlogged. Answers that carry nothing sensitive write nothing.
 */
import type { SensitiveKind } from '../domain/personal-data';
import type { Proposal } from '../domain/proposal';
import type { Exemption, Reason } from '../domain/types';
import { auditRecord, type Actor, type UseCaseDeps } from './context';
import type { Action } from './policy';

/**
 * The actions whose answers may carry sensitive data, so log their reads (and may answer 503). A use case names its
 * own action when it logs, so this list and the calls cannot drift apart; the HTTP layer documents the 503 from it.
 */
export const LOGGED_ACTIONS = [
  'listOfficialAssessments',
  'listAssessmentsForPeriod',
  'listCircumstances',
  'getTenure',
  'listFlags',
  'createProposal',
  'getProposal',
  'updateProposalItem',
  'submitProposal',
  'decideProposal',
  'applyProposal',
  'exportProposal',
  'reportUnarranged',
  'exportRows',
  'importRows',
  'readAudit',
] as const satisfies readonly Action[];
export type LoggedAction = (typeof LOGGED_ACTIONS)[number];

/** An official whose sensitive records an answer carries. */
export interface SensitiveRead {
  official: { id: string; unitPath: string[]; agencyId?: string };
  kinds: SensitiveKind[];
}

export async function logSensitiveReads(
  deps: UseCaseDeps,
  actor: Actor,
  via: LoggedAction,
  reads: SensitiveRead[],
): Promise<void> {
  const byOfficial = new Map<string, SensitiveRead>();
  for (const read of reads) {
    if (!read.kinds.length) continue;
    const seen = byOfficial.get(read.official.id);
    byOfficial.set(read.official.id, {
      official: read.official,
      kinds: [...new Set([...(seen?.kinds ?? []), ...read.kinds])].sort() as SensitiveKind[],
    });
  }
  if (!byOfficial.size) return;
  await deps.auditLog.recordReads(
    [...byOfficial.values()].map(({ official, kinds }) =>
      auditRecord(deps, actor, {
        entityType: 'access',
        entityId: official.id,
        action: 'read',
        unitPath: official.unitPath,
        agencyId: official.agencyId,
        access: { kinds, via },
      }),
    ),
  );
}

/** Reason codes that come from assessments (their rating is told in the detail). */
const ASSESSMENT_REASONS = new Set(['NOT_MEETING_REQUIREMENTS', 'DISMISSAL_REVIEW', 'DEMOTION_REVIEW']);
/** The exemption that comes from the retirement date, not from a recorded circumstance. */
const NOT_A_CIRCUMSTANCE = 'RETIREMENT_WITHIN_18_MONTHS';

/** The sensitive kinds a line of reasons and exemptions (a tenure, a flag, a proposal entry) discloses. */
export function kindsDisclosed(line: { reasons?: Reason[]; exemptions?: Exemption[] }): SensitiveKind[] {
  const kinds: SensitiveKind[] = [];
  if (line.reasons?.some((r) => ASSESSMENT_REASONS.has(r.code))) kinds.push('assessment');
  if (line.exemptions?.some((e) => e.code !== NOT_A_CIRCUMSTANCE)) kinds.push('circumstance');
  return kinds;
}

/**
 * What a proposal discloses: its items', unarranged and exempt entries' reasons and exemptions. Each access record is
 * filed under the proposal's scope unit (where the official was when it was drafted).
 */
export function proposalReads(proposal: Proposal, parts: ('items' | 'unarranged' | 'exempt')[]): SensitiveRead[] {
  const official = (id: string) => ({ id, unitPath: proposal.scopeUnitPath, agencyId: proposal.agencyId });
  const lines: { officialId: string; reasons?: Reason[]; exemptions?: Exemption[] }[] = [
    ...(parts.includes('items') ? proposal.items : []),
    ...(parts.includes('unarranged') ? proposal.unarranged : []),
    ...(parts.includes('exempt') ? proposal.exempt : []),
  ];
  return lines.map((line) => ({ official: official(line.officialId), kinds: kindsDisclosed(line) }));
}
