/**
 * Apply a decided proposal: for each approved item, close the official's current assignment the day before the
 * effective date and open the new one with the decision number and the item's action as its kind. Items that depend
 * on each other's vacated posts (a swap, a chain) are applied in one transaction or not at all; independent items
 * alone. No post ever holds more than its headcount (the posts' holder counts are guarded in the same transaction),
 * and an item is never applied twice: calling apply again, or twice at once, answers `already_applied`.
 */
import { addDays, formatDateVi } from '../domain/dates';
import { ConflictError, DomainError } from '../domain/errors';
import { groupDependentPlacements } from '../domain/placement';
import { checkAssignmentDates } from '../domain/plausibility';
import { assertTransition, type Proposal, type ProposalHeader, type ProposalItem } from '../domain/proposal';
import type { Assignment, Unit } from '../domain/types';
import type { AggregateWrite, AuditRecord, HolderDelta } from '../ports';
import { auditRecord, today, type Actor, type UseCaseDeps } from './context';
import { headerOf, loadVisible, proposalAudit } from './proposal-aggregate';
import { stampWrite, unitsOfPosts } from './mail-stamp';
import { assertNoOverlap, holderDeltas, prepareWrite, type LoadedAggregate } from './official-aggregate';
import { logSensitiveReads, proposalReads } from './access-log';
import { authorize } from './policy';
import { assertCanWrite } from './scope';

/** Officials moved in one transaction: each takes about six writes, and a transaction holds at most 100. */
const MAX_GROUP = 12;
/** Failed items whose reason is kept on the item, with the header, in one transaction. */
const MAX_FAILURES_RECORDED = 90;

export type ItemOutcome =
  | { itemId: string; officialId: string; result: 'applied'; assignmentId: string }
  | { itemId: string; officialId: string; result: 'already_applied'; assignmentId?: string }
  | { itemId: string; officialId: string; result: 'failed'; reason: string; code: string };

export async function applyProposal(
  deps: UseCaseDeps,
  actor: Actor,
  id: string,
  decisionNo: string,
): Promise<{ proposal: Proposal; results: ItemOutcome[] }> {
  authorize(actor, 'applyProposal');
  let proposal = await loadVisible(deps, actor, id);
  assertCanWrite(actor.principal, proposal.scopeUnitPath, 'Đề xuất');
  assertTransition('apply', proposal.status);
  // The answer carries the proposal: logged before anything is applied.
  await logSensitiveReads(deps, actor, 'applyProposal', proposalReads(proposal, ['items', 'unarranged', 'exempt']));

  const results = new Map<string, ItemOutcome>();
  for (const item of proposal.items)
    if (item.decision === 'approved' && item.applied)
      results.set(item.itemId, { itemId: item.itemId, officialId: item.officialId, result: 'already_applied', assignmentId: item.appliedAssignmentId });

  const approved = proposal.items.filter((i) => i.decision === 'approved' && !i.applied);
  const byOfficial = new Map(proposal.items.map((i) => [i.officialId, i]));
  // An item counting on the post of an official who does not move (rejected, or failing below) cannot move either.
  const blocked = new Map<string, string>();
  const movesOut = (officialId: string) => {
    const other = byOfficial.get(officialId);
    return other !== undefined && other.decision === 'approved' && !blocked.has(other.itemId);
  };
  for (let changed = true; changed; ) {
    changed = false;
    for (const item of approved) {
      if (blocked.has(item.itemId) || typeof item.via !== 'object') continue;
      const source = byOfficial.get(item.via.vacatedBy);
      if (source?.applied) continue;
      if (!movesOut(item.via.vacatedBy)) {
        const name = source?.fullName ?? item.via.vacatedBy;
        blocked.set(
          item.itemId,
          `Vị trí dự kiến là vị trí ${name} để lại, nhưng ${name} không chuyển đi (không được duyệt hoặc không thực hiện được) ` +
            `(the target post is the one ${name} leaves, and ${name} is not moving)`,
        );
        changed = true;
      }
    }
  }
  for (const [itemId, reason] of blocked) {
    const item = approved.find((i) => i.itemId === itemId)!;
    results.set(itemId, { itemId, officialId: item.officialId, result: 'failed', reason, code: 'DEPENDS_ON_UNMOVED' });
  }

  const runnable = approved.filter((i) => !blocked.has(i.itemId));
  // Dependencies on items applied earlier are settled: only the unapplied ones bind items together.
  const groups = groupDependentPlacements(
    runnable.map((i) => ({
      ...i,
      via: typeof i.via === 'object' && runnable.some((r) => r.officialId === (i.via as { vacatedBy: string }).vacatedBy) ? i.via : ('vacancy' as const),
    })),
  );
  // The units the moved officials' mail stamps are resolved from, read once for every group.
  const units = await unitsOfPosts(deps, runnable.map((i) => i.targetPositionId!));
  for (const group of groups) {
    const items = group.map((g) => runnable.find((r) => r.itemId === g.itemId)!);
    const outcome = await applyGroup(deps, actor, proposal, items, decisionNo, units);
    for (const o of outcome) results.set(o.itemId, o);
  }

  // The proposal is applied once apply has run: the items it could not carry out keep their reason (and a later
  // apply retries them).
  proposal = await loadVisible(deps, actor, id);
  const now = deps.clock.now().toISOString();
  const failedItems = proposal.items
    .filter((i) => !i.applied && results.get(i.itemId)?.result === 'failed')
    .slice(0, MAX_FAILURES_RECORDED)
    .map((i) => {
      const outcome = results.get(i.itemId) as Extract<ItemOutcome, { result: 'failed' }>;
      return { ...i, failure: { code: outcome.code, reason: outcome.reason, at: now }, version: i.version + 1 };
    });
  if (proposal.status !== 'applied' || failedItems.length) {
    const header: ProposalHeader = {
      ...headerOf(proposal),
      status: 'applied',
      decisionNo: proposal.decisionNo ?? decisionNo,
      appliedAt: proposal.appliedAt ?? now,
      version: proposal.version + 1,
      updatedAt: now,
    };
    try {
      await deps.proposals.update(header, failedItems, {
        expectedVersion: proposal.version,
        audit: [proposalAudit(deps, actor, proposal, 'apply', headerOf(proposal), header)],
      });
    } catch (error) {
      // A concurrent apply finished the proposal first: what it wrote stands.
      if (!(error instanceof ConflictError)) throw error;
    }
    proposal = await loadVisible(deps, actor, id);
  }
  const order = new Map(proposal.items.map((i, index) => [i.itemId, index]));
  return { proposal, results: [...results.values()].sort((a, b) => order.get(a.itemId)! - order.get(b.itemId)!) };
}

async function applyGroup(
  deps: UseCaseDeps,
  actor: Actor,
  proposal: Proposal,
  items: ProposalItem[],
  decisionNo: string,
  units: ReadonlyMap<string, Unit>,
): Promise<ItemOutcome[]> {
  const fail = (reason: string, code: string): ItemOutcome[] =>
    items.map((i) => ({ itemId: i.itemId, officialId: i.officialId, result: 'failed' as const, reason, code }));
  if (items.length > MAX_GROUP)
    return fail(`Nhóm hoán đổi gồm ${items.length} người, quá ${MAX_GROUP} người cho một lần ghi; hãy tách đề xuất`, 'GROUP_TOO_LARGE');

  const writes: AggregateWrite[] = [];
  const holders = new Map<string, number>();
  const appliedItems: ProposalItem[] = [];
  const now = deps.clock.now().toISOString();
  const closeOn = addDays(proposal.effectiveDate, -1);
  try {
    for (const item of items) {
      const current = await deps.officials.getOfficialAggregate(item.officialId);
      const target = await deps.organisation.getPosition(item.targetPositionId!);
      const stale = staleness(item, current, target?.version);
      if (stale) {
        // The change may be this very proposal, carried out by a concurrent apply: then it is done, once.
        const settled = await alreadyApplied(deps, proposal.id, items);
        if (settled) return settled;
        return items.map((i) =>
          i.itemId === item.itemId
            ? { itemId: i.itemId, officialId: i.officialId, result: 'failed' as const, reason: `${item.fullName}: ${stale}`, code: 'CHANGED_SINCE_DECISION' }
            : {
                itemId: i.itemId,
                officialId: i.officialId,
                result: 'failed' as const,
                reason: `Cùng nhóm hoán đổi với ${item.fullName}, người không chuyển được: ${stale}`,
                code: 'DEPENDS_ON_UNMOVED',
              },
        );
      }
      const positions = new Map((await deps.organisation.getPositions(current!.assignments.map((a) => a.positionId))).map((p) => [p.id, p]));
      positions.set(target!.id, target!);
      const loaded: LoadedAggregate = { ...current!, positions };
      const from = loaded.assignments.find((a) => a.id === item.fromAssignmentId)!;
      if (closeOn < from.startDate)
        return fail(`${item.fullName}: quá trình hiện tại bắt đầu sau ngày ${formatDateVi(closeOn)}`, 'CHANGED_SINCE_DECISION');
      const closed: Assignment = { ...from, endDate: closeOn, version: from.version + 1, updatedAt: now };
      const opened: Assignment = {
        id: `${proposal.id}.${item.itemId}`,
        officialId: item.officialId,
        positionId: target!.id,
        unitId: target!.unitId,
        startDate: proposal.effectiveDate,
        kind: item.action,
        decisionNo,
        primary: true,
        version: 1,
        createdAt: now,
        updatedAt: now,
      };
      checkAssignmentDates(opened, loaded.official, today(deps));
      const assignments = loaded.assignments.map((a) => (a.id === closed.id ? closed : a));
      assertNoOverlap(assignments, opened);
      const nextAssignments = [...assignments, opened];
      const audit: AuditRecord[] = [
        assignmentAudit(deps, actor, item, 'update', from, closed, positions.get(from.positionId) ?? target!),
        assignmentAudit(deps, actor, item, 'create', undefined, opened, target!),
      ];
      const prepared = prepareWrite(
        deps,
        loaded,
        { ...loaded, assignments: nextAssignments },
        {
          assignments: [
            { item: closed, expectedVersion: from.version },
            { item: opened, create: true },
          ],
          audit,
          holders: [],
        },
      );
      writes.push(await stampWrite(deps, loaded.positions, loaded.status, prepared.write, units));
      for (const d of holderDeltas(loaded.assignments, nextAssignments)) holders.set(d.positionId, (holders.get(d.positionId) ?? 0) + d.delta);
      appliedItems.push({ ...item, applied: true, appliedAt: now, appliedAssignmentId: opened.id, version: item.version + 1 });
    }
  } catch (error) {
    if (error instanceof DomainError) return fail(error.message, error.code);
    throw error;
  }

  const guarded: HolderDelta[] = [];
  for (const [positionId, delta] of [...holders].sort(([a], [b]) => a.localeCompare(b))) {
    if (delta === 0) continue;
    if (delta < 0) {
      guarded.push({ positionId, delta });
      continue;
    }
    const position = await deps.organisation.getPosition(positionId);
    guarded.push({ positionId, delta, guard: { headcount: position!.headcount } });
  }
  try {
    await deps.proposals.applyGroup({
      proposalId: proposal.id,
      items: appliedItems,
      writes,
      holders: guarded,
      audit: [
        proposalAudit(
          deps,
          actor,
          proposal,
          'apply',
          undefined,
          appliedItems.map((i) => ({ itemId: i.itemId, officialId: i.officialId, assignmentId: i.appliedAssignmentId, decisionNo })),
        ),
      ],
    });
  } catch (error) {
    if (!(error instanceof ConflictError)) throw error;
    // Another apply of this proposal may have got there first: then these items are applied, once.
    const settled = await alreadyApplied(deps, proposal.id, items);
    if (settled) return settled;
    const reason =
      error.code === 'POST_FULL'
        ? 'Vị trí dự kiến đã đủ biên chế (có thể do một đề xuất khác vừa thực hiện) (the target post is full)'
        : 'Hồ sơ vừa được cập nhật đồng thời; hãy thực hiện lại (changed concurrently)';
    return fail(reason, error.code);
  }
  return appliedItems.map((i) => ({ itemId: i.itemId, officialId: i.officialId, result: 'applied', assignmentId: i.appliedAssignmentId! }));
}

/** The group's outcomes when a concurrent apply of the same proposal has already carried every item out. */
async function alreadyApplied(deps: UseCaseDeps, proposalId: string, items: ProposalItem[]): Promise<ItemOutcome[] | undefined> {
  const fresh = await deps.proposals.get(proposalId);
  const done = items.map((i) => fresh?.items.find((f) => f.itemId === i.itemId));
  if (!done.every((d) => d?.applied)) return undefined;
  return done.map((d) => ({ itemId: d!.itemId, officialId: d!.officialId, result: 'already_applied', assignmentId: d!.appliedAssignmentId }));
}

/** Why an item may no longer be applied as decided: its official or its target changed since the decision. */
function staleness(
  item: ProposalItem,
  current: Awaited<ReturnType<UseCaseDeps['officials']['getOfficialAggregate']>>,
  targetVersion: number | undefined,
): string | undefined {
  if (!current) return 'hồ sơ công chức không còn (official gone)';
  if (current.official.leftOn !== undefined) return 'công chức đã thôi công tác (official left service)';
  if (item.decidedOfficialRev !== undefined && current.status.rev !== item.decidedOfficialRev)
    return 'hồ sơ công chức đã thay đổi sau khi quyết định (official changed since the decision)';
  const from = current.assignments.find((a) => a.id === item.fromAssignmentId);
  if (!from || from.endDate !== undefined) return 'quá trình công tác hiện tại đã thay đổi (current assignment changed)';
  if (targetVersion === undefined) return 'vị trí dự kiến không còn (target gone)';
  if (item.decidedTargetVersion !== undefined && targetVersion !== item.decidedTargetVersion)
    return 'vị trí dự kiến đã thay đổi sau khi quyết định (target changed since the decision)';
  return undefined;
}

function assignmentAudit(
  deps: UseCaseDeps,
  actor: Actor,
  item: ProposalItem,
  action: 'create' | 'update',
  before: Assignment | undefined,
  after: Assignment,
  position: { unitPath: string[]; agencyId: string },
): AuditRecord {
  return auditRecord(deps, actor, {
    entityType: 'assignment',
    entityId: after.id,
    parentId: item.officialId,
    action,
    unitPath: position.unitPath,
    agencyId: position.agencyId,
    before,
    after,
  });
}
