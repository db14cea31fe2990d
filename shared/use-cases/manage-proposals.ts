/**
 * Proposals: drafted by the service from the flags as of a date, edited by HR in draft, submitted, decided item by
 * item by a leader (docs/rules.md, "Proposals"). Applying them is ./apply-proposal.ts.
 */
import { addMonths, daysBetween, formatDateVi } from '../domain/dates';
import { BadRequestError, ConflictError, NotFoundError, RuleViolationError } from '../domain/errors';
import {
  feasibleTargets,
  placeCandidates,
  targetRuleViolations,
  vacanciesOf,
  type CandidateFacts,
  type PlacementPosition,
  type TargetRule,
} from '../domain/placement';
import {
  ACTION_LABELS_VI,
  allowedAgencies,
  assertTransition,
  candidateReasons,
  checkAction,
  explainTarget,
  secondmentEnd,
  STATUS_LABELS_VI,
  suggestAction,
  UNARRANGED_LABELS_VI,
  type Decision,
  type ExemptEntry,
  type Proposal,
  type ProposalAction,
  type ProposalHeader,
  type ProposalItem,
  type ProposalStatus,
  type UnarrangedEntry,
} from '../domain/proposal';
import { latestChain } from '../domain/tenure';
import type { IsoDate, Position, Unit } from '../domain/types';
import type { Page } from '../ports';
import { idempotentResponse, today, type Actor, type UseCaseDeps } from './context';
import { flaggedAsOf } from './flagged';
import { loadForRead, type LoadedAggregate } from './official-aggregate';
import { headerOf, loadVisible, proposalAudit } from './proposal-aggregate';
import { logSensitiveReads, proposalReads } from './access-log';
import { authorize } from './policy';
import { assertCanWrite, canSee, unitPath, visibleAgencies } from './scope';

/** Aggregates read at once while drafting: enough to hide latency, few enough to stay under the table's limits. */
const READ_CONCURRENCY = 16;
/** Items decided in one call: one transaction holds at most 100 writes. */
export const MAX_DECISIONS_PER_CALL = 90;

export interface DraftInput {
  scopeUnitId: string;
  asOf?: IsoDate;
  effectiveDate: IsoDate;
  title?: string;
}

/** The proposal as the API shows it: labels beside the codes. */
export function presentProposal(proposal: Proposal) {
  return {
    ...proposal,
    statusLabel: STATUS_LABELS_VI[proposal.status],
    items: proposal.items.map(presentItem),
    unarranged: proposal.unarranged.map((u) => ({ ...u, actionLabel: ACTION_LABELS_VI[u.action] })),
  };
}

export function presentItem(item: ProposalItem) {
  return { ...item, actionLabel: ACTION_LABELS_VI[item.action] };
}

export function presentHeader(header: ProposalHeader) {
  return { ...header, statusLabel: STATUS_LABELS_VI[header.status] };
}

/**
 * Draft a proposal for a unit's subtree as of a date: every official past a tenure limit, due for periodic
 * rotation, or not meeting requirements, with a suggested action and, when one is free, a target post (swaps and
 * chains included); the exempt are listed apart, those with no place are `unarranged`.
 */
export async function draftProposal(deps: UseCaseDeps, actor: Actor, input: DraftInput): Promise<Proposal> {
  authorize(actor, 'createProposal');
  const asOf = input.asOf ?? today(deps);
  if (input.effectiveDate < asOf)
    throw new RuleViolationError(
      'EFFECTIVE_BEFORE_AS_OF',
      `Ngày hiệu lực ${formatDateVi(input.effectiveDate)} trước ngày xét ${formatDateVi(asOf)} (effectiveDate before asOf)`,
      [{ path: 'effectiveDate', message: `Must be on or after ${asOf}` }],
    );
  const latestEffective = addMonths(today(deps), 12);
  if (input.effectiveDate > latestEffective)
    throw new RuleViolationError(
      'ASSIGNMENT_TOO_FAR_AHEAD',
      `Ngày hiệu lực ${formatDateVi(input.effectiveDate)} quá xa: tối đa 12 tháng tới (${formatDateVi(latestEffective)})`,
      [{ path: 'effectiveDate', message: `Must be on or before ${latestEffective}` }],
    );
  const scopeUnit = await deps.organisation.getUnit(input.scopeUnitId);
  if (!scopeUnit || !canSee(actor.principal, unitPath(scopeUnit)))
    throw new RuleViolationError('SCOPE_UNIT_NOT_FOUND', `Đơn vị '${input.scopeUnitId}' không tồn tại`, [
      { path: 'scopeUnitId', message: 'Unknown unit' },
    ]);
  assertCanWrite(actor.principal, unitPath(scopeUnit), 'Đơn vị');

  const { agencyIds, keep, loadUnits } = await visibleAgencies(deps.organisation, actor.principal, scopeUnit.id);
  const units = await loadUnits();
  const [flagged, positions] = await Promise.all([
    flaggedAsOf(deps, agencyIds, asOf),
    // Only posts of units that exist on the effective date: a unit dissolved in a merger takes no one.
    allPositions(deps, agencyIds, (p) => keep(p.unitPath) && unitValidOn(units.get(p.unitId), input.effectiveDate)),
  ]);
  const inScope = flagged.filter((f) => keep(f.unitPath) && candidateReasons(f.tenure.reasons).length > 0);
  const exempt: ExemptEntry[] = [];
  const candidates = [];
  for (const f of inScope) {
    if (f.tenure.exemptions.length > 0)
      exempt.push({
        officialId: f.tenure.officialId,
        fullName: f.fullName,
        positionTitle: f.positionTitle ?? '',
        unitName: nameOf(units, f.tenure.unitId),
        reasons: candidateReasons(f.tenure.reasons),
        exemptions: f.tenure.exemptions,
      });
    else candidates.push(f);
  }

  const aggregates = await readAggregates(deps, actor, candidates.map((c) => c.tenure.officialId));
  const positionById = new Map(positions.map((p) => [p.id, p]));
  const placementPositions: PlacementPosition[] = positions.map((p) => toPlacement(p, units));

  interface Drafted {
    item: Omit<ProposalItem, 'itemId' | 'explanation' | 'version' | 'decision' | 'applied'>;
    facts: CandidateFacts;
    urgency: number;
  }
  const drafted: Drafted[] = [];
  for (const flag of candidates) {
    const aggregate = aggregates.get(flag.tenure.officialId);
    const chain = aggregate && latestChain(aggregate.assignments);
    const current = chain && aggregate.assignments.find((a) => a.id === chain.current.id);
    const position = current && (positionById.get(current.positionId) ?? aggregate!.positions.get(current.positionId));
    // Holding no open post on the effective date (the assignment already ends), nothing to move.
    if (!aggregate || !current || !position || (current.endDate !== undefined && current.endDate < input.effectiveDate)) continue;
    const reasons = candidateReasons(flag.tenure.reasons);
    const retirementDate = aggregate.status.retirementDate;
    const { action, demote } = suggestAction({ category: position.category, reasons, retirementDate, effectiveDate: input.effectiveDate });
    const facts: CandidateFacts = {
      currentPositionId: position.id,
      category: position.category,
      demote,
      allowedAgencyIds: allowedAgencies(action, position.agencyId, agencyIds),
      primaryAssignments: aggregate.assignments.filter((a) => a.primary),
    };
    drafted.push({
      facts,
      urgency: flag.tenure.dueDate ? daysBetween(flag.tenure.dueDate, asOf) : 0,
      item: {
        officialId: flag.tenure.officialId,
        fullName: flag.fullName,
        fromAssignmentId: current.id,
        fromPositionId: position.id,
        fromPositionTitle: position.title,
        fromUnitId: position.unitId,
        fromUnitName: nameOf(units, position.unitId),
        fromAgencyId: position.agencyId,
        category: position.category,
        chainStart: flag.tenure.chainStart ?? current.startDate,
        years: flag.tenure.years,
        dueDate: flag.tenure.dueDate,
        retirementDate,
        action,
        demote,
        plannedEnd: action === 'secondment' ? secondmentEnd(input.effectiveDate) : undefined,
        reasons,
      },
    });
  }
  // Candidates sit in their posts: a count written before holders were kept must not read as fewer than them.
  for (const d of drafted) {
    const p = placementPositions.find((x) => x.id === d.item.fromPositionId);
    if (p) p.holders = Math.max(p.holders, drafted.filter((x) => x.item.fromPositionId === p.id).length);
    else
      placementPositions.push({
        ...toPlacement(positionById.get(d.item.fromPositionId) ?? aggregates.get(d.item.officialId)!.positions.get(d.item.fromPositionId)!, units),
        holders: drafted.filter((x) => x.item.fromPositionId === d.item.fromPositionId).length,
      });
  }

  const result = placeCandidates({
    effectiveDate: input.effectiveDate,
    positions: placementPositions,
    candidates: drafted.map((d) => ({
      officialId: d.item.officialId,
      fullName: d.item.fullName,
      currentPositionId: d.item.fromPositionId,
      urgency: d.urgency,
      allowedTargets: feasibleTargets(d.facts, placementPositions, { effectiveDate: input.effectiveDate }),
    })),
  });

  const byOfficial = new Map(drafted.map((d) => [d.item.officialId, d]));
  const items: ProposalItem[] = result.placements.map((placement, index) => {
    const d = byOfficial.get(placement.officialId)!;
    const target = placementPositions.find((p) => p.id === placement.targetPositionId)!;
    const via = placement.via === 'vacancy' ? 'vacancy' : { vacatedBy: placement.via.vacatedBy };
    return {
      ...d.item,
      itemId: itemIdOf(index),
      targetPositionId: target.id,
      targetPositionTitle: target.title,
      targetUnitId: target.unitId,
      targetUnitName: target.unitName,
      via,
      explanation: explainTarget({
        via: via === 'vacancy' ? 'vacancy' : { vacatedByName: byOfficial.get(via.vacatedBy)?.item.fullName ?? via.vacatedBy },
        targetUnitName: target.unitName,
        category: target.category,
        demote: d.item.demote,
      }),
      decision: 'pending',
      applied: false,
      version: 1,
    };
  });
  const unarranged: UnarrangedEntry[] = result.unarranged.map((u) => {
    const d = byOfficial.get(u.officialId)!;
    return {
      officialId: d.item.officialId,
      fullName: d.item.fullName,
      positionTitle: d.item.fromPositionTitle,
      unitName: d.item.fromUnitName,
      chainStart: d.item.chainStart,
      years: d.item.years,
      reasons: d.item.reasons,
      // A transfer with no other agency in scope has nowhere to go: say so rather than "no feasible post".
      why: d.item.action === 'transfer' && d.facts.allowedAgencyIds.length === 0 ? 'NO_AGENCY_FOR_TRANSFER' : u.why,
      whyLabel:
        UNARRANGED_LABELS_VI[d.item.action === 'transfer' && d.facts.allowedAgencyIds.length === 0 ? 'NO_AGENCY_FOR_TRANSFER' : u.why],
      action: d.item.action,
    };
  });

  const now = deps.clock.now().toISOString();
  const scopeName = scopeUnit.name;
  const proposal: Proposal = {
    id: deps.newId(),
    title:
      input.title ??
      `Đề xuất chuyển đổi vị trí công tác, điều động, luân chuyển - ${scopeName} - hiệu lực ${formatDateVi(input.effectiveDate)}`,
    scopeUnitId: scopeUnit.id,
    scopeUnitName: scopeName,
    scopeUnitPath: unitPath(scopeUnit),
    agencyId: scopeUnit.agencyId,
    asOf,
    effectiveDate: input.effectiveDate,
    status: 'draft',
    itemCount: items.length,
    pending: items.length,
    createdBy: actor.principal.sub,
    version: 1,
    createdAt: now,
    updatedAt: now,
    items,
    unarranged,
    exempt,
  };
  // Logged before the write: a write answered 503 after its commit would leave the client unsure it happened.
  await logSensitiveReads(deps, actor, 'createProposal', proposalReads(proposal, ['items', 'unarranged', 'exempt']));
  await deps.proposals.create(proposal, {
    audit: proposalAudit(deps, actor, proposal, 'create', undefined, summary(proposal)),
    idempotency: idempotentResponse(actor, proposal),
  });
  return proposal;
}

export async function getProposal(deps: UseCaseDeps, actor: Actor, id: string): Promise<Proposal> {
  authorize(actor, 'getProposal');
  const proposal = await loadVisible(deps, actor, id);
  await logSensitiveReads(deps, actor, 'getProposal', proposalReads(proposal, ['items', 'unarranged', 'exempt']));
  return proposal;
}

export async function listProposals(
  deps: UseCaseDeps,
  actor: Actor,
  query: { unitId?: string; status?: ProposalStatus; limit: number; cursor?: string },
): Promise<Page<ProposalHeader>> {
  authorize(actor, 'listProposals');
  const { agencyIds } = await visibleAgencies(deps.organisation, actor.principal, query.unitId);
  return deps.proposals.list({
    agencyIds,
    status: query.status,
    limit: query.limit,
    cursor: query.cursor,
    keep: (h) => canSee(actor.principal, h.scopeUnitPath) && (!query.unitId || h.scopeUnitPath.includes(query.unitId)),
  });
}

export interface ItemPatch {
  action?: ProposalAction;
  targetPositionId?: string | null;
  note?: string | null;
}

/**
 * HR edits an item in draft: the action (checked against its rules), the target post (checked against the placement
 * rules and for a free place), the note. Clearing a target, or moving it away, may take the place other items were
 * counting on: those items lose their target and are reported as `affected`.
 */
export async function updateProposalItem(
  deps: UseCaseDeps,
  actor: Actor,
  proposalId: string,
  itemId: string,
  patch: ItemPatch,
  expected?: number,
): Promise<{ proposal: Proposal; item: ProposalItem; affected: { itemId: string; officialId: string; change: string }[] }> {
  authorize(actor, 'updateProposalItem');
  const proposal = await loadVisible(deps, actor, proposalId);
  assertCanWrite(actor.principal, proposal.scopeUnitPath, 'Đề xuất');
  assertTransition('edit', proposal.status);
  if (expected !== undefined && expected !== proposal.version)
    throw staleProposal(proposal.version, expected);
  const before = proposal.items.find((i) => i.itemId === itemId);
  if (!before) throw new NotFoundError('Mục đề xuất', itemId);

  let item: ProposalItem = { ...before };
  if (patch.note !== undefined) item.note = patch.note ?? undefined;
  if (patch.action !== undefined && patch.action !== before.action) {
    checkAction(patch.action, {
      category: before.category,
      reasons: before.reasons,
      retirementDate: before.retirementDate,
      effectiveDate: proposal.effectiveDate,
    });
    item.action = patch.action;
    item.demote = patch.action === 'rearrangement' && before.reasons.some((r) => r.code === 'DEMOTION_REVIEW');
    item.plannedEnd = patch.action === 'secondment' ? secondmentEnd(proposal.effectiveDate) : undefined;
  }
  const others = proposal.items.filter((i) => i.itemId !== itemId);
  const targetId = patch.targetPositionId === undefined ? before.targetPositionId : (patch.targetPositionId ?? undefined);
  if (targetId === undefined) {
    item = clearTarget(item);
  } else if (targetId !== before.targetPositionId || item.action !== before.action) {
    const target = await deps.organisation.getPosition(targetId);
    if (!target || !canSee(actor.principal, target.unitPath))
      throw new RuleViolationError('POSITION_NOT_FOUND', `Vị trí '${targetId}' không tồn tại`, [
        { path: 'targetPositionId', message: 'Unknown position' },
      ]);
    const { agencyIds } = await visibleAgencies(deps.organisation, actor.principal, proposal.scopeUnitId);
    const aggregate = await loadForRead(deps, actor, item.officialId);
    const broken = targetRuleViolations(
      {
        currentPositionId: item.fromPositionId,
        category: item.category,
        demote: item.demote,
        allowedAgencyIds: allowedAgencies(item.action, item.fromAgencyId, agencyIds),
        primaryAssignments: aggregate.assignments.filter((a) => a.primary),
      },
      target,
      { effectiveDate: proposal.effectiveDate },
    );
    if (!target.unitPath.includes(proposal.scopeUnitId)) broken.push('AGENCY_NOT_ALLOWED');
    const targetUnit = await deps.organisation.getUnit(target.unitId);
    if (!unitValidOn(targetUnit, proposal.effectiveDate))
      throw new RuleViolationError(
        'TARGET_NOT_ALLOWED',
        `Đơn vị của vị trí '${target.title}' không còn (hoặc chưa có) hiệu lực vào ngày ${formatDateVi(proposal.effectiveDate)}`,
        [{ path: 'targetPositionId', message: 'The unit does not exist on the effective date' }],
      );
    if (broken.length)
      throw new RuleViolationError(
        'TARGET_NOT_ALLOWED',
        `Vị trí '${target.title}' không phù hợp: ${[...new Set(broken)].map((r) => TARGET_RULE_VI[r]).join('; ')}`,
        [{ path: 'targetPositionId', message: [...new Set(broken)].join(', ') }],
      );
    const via = freePlace(target, others, item.officialId);
    if (!via)
      throw new RuleViolationError(
        'TARGET_FULL',
        `Vị trí '${target.title}' đã đủ biên chế (${target.holders}/${target.headcount}) và không có ai trong đề xuất rời vị trí này`,
        [{ path: 'targetPositionId', message: 'No free place' }],
      );
    const units = new Map((await deps.organisation.getUnits([target.unitId])).map((u) => [u.id, u]));
    const vacatedByName = via === 'vacancy' ? undefined : others.find((o) => o.officialId === via.vacatedBy)?.fullName;
    item = {
      ...item,
      targetPositionId: target.id,
      targetPositionTitle: target.title,
      targetUnitId: target.unitId,
      targetUnitName: nameOf(units, target.unitId),
      via,
      explanation: explainTarget({
        via: via === 'vacancy' ? 'vacancy' : { vacatedByName: vacatedByName ?? via.vacatedBy },
        targetUnitName: nameOf(units, target.unitId),
        category: target.category,
        demote: item.demote,
      }),
    };
  }
  item.version = before.version + 1;

  // Items that took the place this official leaves lose it when they no longer leave.
  const affected: { itemId: string; officialId: string; change: string }[] = [];
  const changed: ProposalItem[] = [item];
  if (before.targetPositionId && !item.targetPositionId) {
    for (const other of others)
      if (typeof other.via === 'object' && other.via.vacatedBy === item.officialId) {
        changed.push({ ...clearTarget(other), version: other.version + 1 });
        affected.push({
          itemId: other.itemId,
          officialId: other.officialId,
          change: `Mất vị trí dự kiến: ${item.fullName} không còn rời vị trí '${item.fromPositionTitle}' (target cleared)`,
        });
      }
  }
  const now = deps.clock.now().toISOString();
  const nextItems = proposal.items.map((i) => changed.find((c) => c.itemId === i.itemId) ?? i);
  const header = { ...headerOf(proposal), version: proposal.version + 1, updatedAt: now };
  const result = { proposal: { ...proposal, ...header, items: nextItems }, item, affected };
  await logSensitiveReads(deps, actor, 'updateProposalItem', proposalReads(result.proposal, ['items', 'unarranged', 'exempt']));
  await deps.proposals.update(header, changed, {
    expectedVersion: proposal.version,
    audit: [proposalAudit(deps, actor, proposal, 'update', before, item)],
    idempotency: idempotentResponse(actor, result),
  });
  return result;
}

/** HR submits the draft for decision: every item must have a target. */
export async function submitProposal(deps: UseCaseDeps, actor: Actor, id: string, expected?: number): Promise<Proposal> {
  authorize(actor, 'submitProposal');
  const proposal = await loadVisible(deps, actor, id);
  assertCanWrite(actor.principal, proposal.scopeUnitPath, 'Đề xuất');
  assertTransition('submit', proposal.status);
  if (expected !== undefined && expected !== proposal.version) throw staleProposal(proposal.version, expected);
  const untargeted = proposal.items.filter((i) => !i.targetPositionId);
  if (untargeted.length)
    throw new RuleViolationError(
      'ITEM_WITHOUT_TARGET',
      `Còn ${untargeted.length} mục chưa có vị trí dự kiến: ${untargeted.map((i) => i.fullName).join(', ')}; hãy chọn vị trí trước khi trình`,
      untargeted.map((i) => ({ path: `items.${i.itemId}.targetPositionId`, message: 'Required before submitting' })),
    );
  const now = deps.clock.now().toISOString();
  const header: ProposalHeader = { ...headerOf(proposal), status: 'submitted', submittedAt: now, version: proposal.version + 1, updatedAt: now };
  await logSensitiveReads(deps, actor, 'submitProposal', proposalReads(proposal, ['items', 'unarranged', 'exempt']));
  await deps.proposals.update(header, [], {
    expectedVersion: proposal.version,
    audit: [proposalAudit(deps, actor, proposal, 'update', headerOf(proposal), header)],
    idempotency: idempotentResponse(actor, { ...proposal, ...header }),
  });
  return { ...proposal, ...header };
}

export interface DecisionInput {
  itemId: string;
  decision: Exclude<Decision, 'pending'>;
  note?: string;
}

/**
 * A leader decides items of a submitted proposal. An approval records the official's revision and the target's
 * version as they are now: apply refuses an item whose official or target changed since. When no item is pending
 * the proposal is `decided`.
 */
export async function decideProposal(
  deps: UseCaseDeps,
  actor: Actor,
  id: string,
  decisions: DecisionInput[],
): Promise<Proposal> {
  authorize(actor, 'decideProposal');
  const proposal = await loadVisible(deps, actor, id);
  assertCanWrite(actor.principal, proposal.scopeUnitPath, 'Đề xuất');
  assertTransition('decide', proposal.status);
  const now = deps.clock.now().toISOString();
  const changed: ProposalItem[] = [];
  for (const d of decisions) {
    const item = proposal.items.find((i) => i.itemId === d.itemId);
    if (!item) throw new NotFoundError('Mục đề xuất', d.itemId);
    if (changed.some((c) => c.itemId === d.itemId))
      throw new BadRequestError(`Mục '${d.itemId}' được quyết định hai lần trong một yêu cầu (an item decided twice)`, [
        { path: 'items', message: `${d.itemId} appears twice` },
      ]);
    let decidedOfficialRev: number | undefined;
    let decidedTargetVersion: number | undefined;
    if (d.decision === 'approved') {
      const [aggregate, target] = await Promise.all([
        deps.officials.getOfficialAggregate(item.officialId),
        deps.organisation.getPosition(item.targetPositionId!),
      ]);
      decidedOfficialRev = aggregate?.status.rev;
      decidedTargetVersion = target?.version;
    }
    changed.push({
      ...item,
      decision: d.decision,
      note: d.note ?? item.note,
      decidedBy: actor.principal.sub,
      decidedAt: now,
      decidedOfficialRev,
      decidedTargetVersion,
      version: item.version + 1,
    });
  }
  const items = proposal.items.map((i) => changed.find((c) => c.itemId === i.itemId) ?? i);
  const pending = items.filter((i) => i.decision === 'pending').length;
  const header: ProposalHeader = {
    ...headerOf(proposal),
    pending,
    ...(pending === 0 ? { status: 'decided' as const, decidedAt: now } : {}),
    version: proposal.version + 1,
    updatedAt: now,
  };
  await logSensitiveReads(deps, actor, 'decideProposal', proposalReads(proposal, ['items', 'unarranged', 'exempt']));
  await deps.proposals.update(header, changed, {
    expectedVersion: proposal.version,
    audit: [
      proposalAudit(
        deps,
        actor,
        proposal,
        'decide',
        undefined,
        changed.map((c) => ({ itemId: c.itemId, officialId: c.officialId, decision: c.decision, note: c.note })),
      ),
    ],
    idempotency: idempotentResponse(actor, { ...proposal, ...header, items }),
  });
  return { ...proposal, ...header, items };
}

function staleProposal(current: number, sent: number) {
  return new ConflictError(
    'STALE_VERSION',
    `Phiên bản đã cũ: bạn gửi version ${sent} nhưng đề xuất đang ở version ${current}; hãy đọc lại`,
  );
}

const TARGET_RULE_VI: Record<TargetRule, string> = {
  CURRENT_POSITION: 'là vị trí hiện tại của công chức',
  CATEGORY: 'khác nhóm vị trí (cần cùng nhóm, hoặc nhóm thấp hơn khi bố trí vị trí thấp hơn)',
  UNIT_SERVED_RECENTLY: 'công chức đã công tác tại đơn vị này trong 5 năm trước ngày hiệu lực',
  AGENCY_NOT_ALLOWED: 'ngoài phạm vi được chuyển của hình thức này',
};

/**
 * A place for one more mover in `target`, given the other items: a vacancy not yet taken by another item, else the
 * post another item's official leaves and no one else takes.
 */
function freePlace(target: Position, others: ProposalItem[], officialId: string): ProposalItem['via'] | undefined {
  const incoming = others.filter((o) => o.targetPositionId === target.id);
  const usingVacancy = incoming.filter((o) => o.via === 'vacancy').length;
  if (vacanciesOf(target) - usingVacancy > 0) return 'vacancy';
  const claimed = new Set(incoming.map((o) => (typeof o.via === 'object' ? o.via.vacatedBy : undefined)));
  const leaver = others.find(
    (o) => o.fromPositionId === target.id && o.targetPositionId && o.officialId !== officialId && !claimed.has(o.officialId),
  );
  return leaver ? { vacatedBy: leaver.officialId } : undefined;
}

function clearTarget(item: ProposalItem): ProposalItem {
  const {
    targetPositionId: _t,
    targetPositionTitle: _tt,
    targetUnitId: _tu,
    targetUnitName: _tn,
    via: _via,
    ...rest
  } = item;
  return { ...rest, explanation: 'Chưa có vị trí dự kiến (no target)' };
}

/** A unit exists on a date when it is within its validity (a merged district's units end on their validTo). */
function unitValidOn(unit: Unit | undefined, date: IsoDate): boolean {
  return unit !== undefined && (!unit.validTo || date <= unit.validTo) && (!unit.validFrom || date >= unit.validFrom);
}

function itemIdOf(index: number): string {
  return `I${String(index + 1).padStart(4, '0')}`;
}

function nameOf(units: Map<string, Unit>, unitId: string | null | undefined): string {
  return (unitId && units.get(unitId)?.name) || unitId || '';
}

function toPlacement(p: Position, units: Map<string, Unit>): PlacementPosition {
  return {
    id: p.id,
    unitId: p.unitId,
    agencyId: p.agencyId,
    category: p.category,
    headcount: p.headcount,
    holders: p.holders,
    title: p.title,
    unitName: nameOf(units, p.unitId),
  };
}

function summary(proposal: Proposal) {
  return {
    ...headerOf(proposal),
    placed: proposal.items.length,
    unarranged: proposal.unarranged.length,
    exempt: proposal.exempt.length,
  };
}

async function allPositions(deps: UseCaseDeps, agencyIds: string[], keep: (p: Position) => boolean): Promise<Position[]> {
  const all: Position[] = [];
  let cursor: string | undefined;
  do {
    const page = await deps.organisation.listPositions({ agencyIds, limit: 500, cursor, keep });
    all.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return all;
}

/** The candidates' aggregates, read a few at a time (the system reads them; scope was checked on the flags). */
async function readAggregates(deps: UseCaseDeps, actor: Actor, ids: string[]): Promise<Map<string, LoadedAggregate>> {
  const found = new Map<string, LoadedAggregate>();
  let next = 0;
  const worker = async () => {
    while (next < ids.length) {
      const id = ids[next++];
      found.set(id, await loadForRead(deps, actor, id));
    }
  };
  await Promise.all(Array.from({ length: Math.min(READ_CONCURRENCY, ids.length) }, worker));
  return found;
}
