/**
 * The documents for signature: a proposal as a list, and the report of the candidates who could
 * not be placed, to send to the People's Committee through the Department of Home Affairs. Both are read from stored
 * proposals, never recomputed: the report lists what the unit's latest proposal found unarranged.
 *
 * They return the table (shared/domain/proposal-documents.ts); writing it as CSV or XLSX is left to the edge.
 */
import { formatDateVi } from '../domain/dates';
import { NotFoundError } from '../domain/errors';
import { proposalDocument, timeHeldVi, unarrangedDocument, type DocumentTable } from '../domain/proposal-documents';
import { ACTION_LABELS_VI, type Proposal, type ProposalHeader, type UnarrangedEntry } from '../domain/proposal';
import type { IsoDate } from '../domain/types';
import { today, type Actor, type UseCaseDeps } from './context';
import { logSensitiveReads, proposalReads } from './access-log';
import { authorize } from './policy';
import { canSee, unitPath } from './scope';

/** Proposal headers read per page while looking for a unit's latest. */
const PAGE = 100;

/** A proposal as a list for signature; missing or out of scope is 404. */
export async function exportProposal(deps: UseCaseDeps, actor: Actor, proposalId: string): Promise<DocumentTable> {
  authorize(actor, 'exportProposal');
  const proposal = await deps.proposals.get(proposalId);
  if (!proposal || !canSee(actor.principal, proposal.scopeUnitPath)) throw new NotFoundError('Đề xuất', proposalId);
  await logSensitiveReads(deps, actor, 'exportProposal', proposalReads(proposal, ['items']));
  return proposalDocument(proposal);
}

export interface UnarrangedReport {
  /** The date the list is true for: the `asOf` of the proposal it comes from. */
  asOf: IsoDate;
  proposalId: string;
  proposalTitle: string;
  proposalStatus: ProposalHeader['status'];
  unitId: string;
  unitName: string;
  items: (UnarrangedEntry & { actionLabel: string; timeHeld: string })[];
  document: DocumentTable;
}

/**
 * The candidates of a unit who could not be placed, as of a date (default today): the `unarranged` list of the most
 * recently created proposal drafted for exactly that unit (`scopeUnitId`) with an `asOf` on or before the date.
 * A unit missing or out of scope is 404; so is a unit with no such proposal, with a message saying to draft one.
 */
export async function reportUnarranged(
  deps: UseCaseDeps,
  actor: Actor,
  query: { unitId: string; asOf?: IsoDate },
): Promise<UnarrangedReport> {
  authorize(actor, 'reportUnarranged');
  const asOf = query.asOf ?? today(deps);
  const unit = await deps.organisation.getUnit(query.unitId);
  if (!unit || !canSee(actor.principal, unitPath(unit))) throw new NotFoundError('Đơn vị', query.unitId);

  let latest: ProposalHeader | undefined;
  let cursor: string | undefined;
  do {
    const page = await deps.proposals.list({
      agencyIds: [unit.agencyId],
      limit: PAGE,
      cursor,
      keep: (h) => h.scopeUnitId === unit.id && h.asOf <= asOf && canSee(actor.principal, h.scopeUnitPath),
    });
    for (const h of page.items) if (!latest || newer(h, latest)) latest = h;
    cursor = page.nextCursor;
  } while (cursor);

  const proposal: Proposal | undefined = latest && (await deps.proposals.get(latest.id));
  if (!proposal) {
    const missing = new NotFoundError('Đề xuất', unit.id);
    missing.message =
      `Chưa có đề xuất nào lập cho đơn vị '${unit.name}' tính đến ngày ${formatDateVi(asOf)}: hãy lập đề xuất trước ` +
      `(POST /v1/proposals với scopeUnitId '${unit.id}'), danh sách chưa bố trí được lấy từ đề xuất mới nhất ` +
      `(no proposal drafted for this unit as of ${asOf}: draft one first)`;
    throw missing;
  }
  await logSensitiveReads(deps, actor, 'reportUnarranged', proposalReads(proposal, ['unarranged']));
  return {
    asOf: proposal.asOf,
    proposalId: proposal.id,
    proposalTitle: proposal.title,
    proposalStatus: proposal.status,
    unitId: unit.id,
    unitName: proposal.scopeUnitName,
    items: proposal.unarranged.map((entry) => ({
      ...entry,
      actionLabel: ACTION_LABELS_VI[entry.action],
      timeHeld: timeHeldVi(entry.chainStart, proposal.asOf),
    })),
    document: unarrangedDocument(proposal),
  };
}

/** Created later; on the same instant, the later id, so the choice never depends on the order read. */
function newer(a: ProposalHeader, b: ProposalHeader): boolean {
  return a.createdAt !== b.createdAt ? a.createdAt > b.createdAt : a.id > b.id;
}
