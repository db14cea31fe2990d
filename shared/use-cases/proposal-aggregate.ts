/**
 * A proposal as its use cases read and write it: visible only in the caller's scope, its header apart from its
 * items, and the audit record of each step. Shared by ./manage-proposals.ts and ./apply-proposal.ts.
 */
import { NotFoundError } from '../domain/errors';
import type { Proposal, ProposalHeader } from '../domain/proposal';
import { auditRecord, type Actor, type UseCaseDeps } from './context';
import { canSee } from './scope';

/** A proposal the caller may see: missing or out of scope is the same 404. */
export async function loadVisible(deps: UseCaseDeps, actor: Actor, id: string): Promise<Proposal> {
  const proposal = await deps.proposals.get(id);
  if (!proposal || !canSee(actor.principal, proposal.scopeUnitPath)) throw new NotFoundError('Đề xuất', id);
  return proposal;
}

export function headerOf(proposal: Proposal): ProposalHeader {
  const { items: _items, unarranged: _unarranged, exempt: _exempt, ...header } = proposal;
  return header;
}

export function proposalAudit(
  deps: UseCaseDeps,
  actor: Actor,
  proposal: ProposalHeader,
  action: 'create' | 'update' | 'decide' | 'apply',
  before: unknown,
  after: unknown,
) {
  return auditRecord(deps, actor, {
    entityType: 'proposal',
    entityId: proposal.id,
    action,
    unitPath: proposal.scopeUnitPath,
    agencyId: proposal.agencyId,
    before,
    after,
  });
}
