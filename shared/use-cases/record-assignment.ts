/**
 * Record an official's assignment history (quá trình công tác). Each write re-derives the official's unit and
 * current tenure chain and writes the audit record in the same transaction. Every unit a write touches is checked
 * against the caller's scope: the official's, the position's, and on a change the old position's too.
 */
import { ConflictError, NotFoundError, RuleViolationError } from '../domain/errors';
import { checkAssignmentDates } from '../domain/plausibility';
import type { Assignment, AssignmentKind, Position } from '../domain/types';
import type { Page } from '../ports';
import {
  applyPatch,
  auditRecord,
  idempotentResponse,
  staleVersion,
  today,
  type Actor,
  type Patch,
  type UseCaseDeps,
} from './context';
import { assertNoOverlap, commit, loadForRead, loadForWrite, type LoadedAggregate } from './official-aggregate';
import { decodeOffset, pageByOffset } from './paging';
import { authorize } from './policy';
import { assertCanWrite, canSee } from './scope';

export interface AssignmentInput {
  id?: string;
  positionId: string;
  startDate: string;
  endDate?: string;
  kind: AssignmentKind;
  decisionNo?: string;
  primary: boolean;
}

export async function createAssignment(
  deps: UseCaseDeps,
  actor: Actor,
  officialId: string,
  input: AssignmentInput,
): Promise<Assignment> {
  authorize(actor, 'createAssignment');
  checkOrder(input.startDate, input.endDate);
  const current = await loadForWrite(deps, actor, officialId);
  const position = await loadPosition(deps, actor, current, input.positionId, input.startDate, 'target');
  checkAssignmentDates(input, current.official, today(deps));
  const now = deps.clock.now().toISOString();
  const assignment: Assignment = {
    id: input.id ?? deps.newId(),
    officialId,
    positionId: position.id,
    unitId: position.unitId,
    startDate: input.startDate,
    endDate: input.endDate,
    kind: input.kind,
    decisionNo: input.decisionNo,
    primary: input.primary,
    version: 1,
    createdAt: now,
    updatedAt: now,
  };
  if (current.assignments.some((a) => a.id === assignment.id))
    throw new ConflictError('ASSIGNMENT_EXISTS', `Quá trình công tác '${assignment.id}' đã tồn tại`);
  assertNoOverlap(current.assignments, assignment);
  await commit(
    deps,
    current,
    { ...current, assignments: [...current.assignments, assignment] },
    {
      assignments: [{ item: assignment, create: true }],
      audit: [
        auditRecord(deps, actor, {
          entityType: 'assignment',
          entityId: assignment.id,
          parentId: officialId,
          action: 'create',
          unitPath: position.unitPath,
          agencyId: position.agencyId,
          after: assignment,
        }),
      ],
      idempotency: idempotentResponse(actor, assignment),
    },
  );
  return assignment;
}

export async function updateAssignment(
  deps: UseCaseDeps,
  actor: Actor,
  officialId: string,
  assignmentId: string,
  patch: Patch<Omit<AssignmentInput, 'id'>>,
  expected?: number,
): Promise<Assignment> {
  authorize(actor, 'updateAssignment');
  const current = await loadForWrite(deps, actor, officialId);
  const before = current.assignments.find((a) => a.id === assignmentId);
  if (!before) throw new NotFoundError('Quá trình công tác', assignmentId);
  if (expected !== undefined && expected !== before.version) throw staleVersion(before.version, expected);
  // The post the official is moved out of must be the caller's too.
  const previous = await loadPosition(deps, actor, current, before.positionId, undefined, 'held');
  const merged = applyPatch(before, patch);
  checkOrder(merged.startDate, merged.endDate);
  const position = await loadPosition(
    deps,
    actor,
    current,
    merged.positionId,
    merged.startDate,
    merged.positionId === before.positionId ? 'held' : 'target',
  );
  checkAssignmentDates(merged, current.official, today(deps));
  const next: Assignment = {
    ...merged,
    unitId: position.unitId,
    version: before.version + 1,
    updatedAt: deps.clock.now().toISOString(),
  };
  assertNoOverlap(current.assignments, next);
  await commit(
    deps,
    current,
    { ...current, assignments: current.assignments.map((a) => (a.id === assignmentId ? next : a)) },
    {
      assignments: [{ item: next, expectedVersion: before.version }],
      audit: [
        auditRecord(deps, actor, {
          entityType: 'assignment',
          entityId: assignmentId,
          parentId: officialId,
          action: 'update',
          unitPath: position.unitPath,
          agencyId: position.agencyId ?? previous.agencyId,
          before,
          after: next,
        }),
      ],
      idempotency: idempotentResponse(actor, next),
    },
  );
  return next;
}

/**
 * Void an assignment entered by mistake. The version read must be sent: a record changed since is not deleted
 * blind. The before image is audited and the status (chain, due date, indexes) recomputed in the same transaction.
 */
export async function deleteAssignment(
  deps: UseCaseDeps,
  actor: Actor,
  officialId: string,
  assignmentId: string,
  expected: number,
): Promise<void> {
  authorize(actor, 'deleteAssignment');
  const current = await loadForWrite(deps, actor, officialId);
  const before = current.assignments.find((a) => a.id === assignmentId);
  if (!before) throw new NotFoundError('Quá trình công tác', assignmentId);
  if (expected !== before.version) throw staleVersion(before.version, expected);
  const position = await loadPosition(deps, actor, current, before.positionId, undefined, 'held');
  await commit(
    deps,
    current,
    { ...current, assignments: current.assignments.filter((a) => a.id !== assignmentId) },
    {
      assignments: [{ item: before, delete: true, expectedVersion: before.version }],
      audit: [
        auditRecord(deps, actor, {
          entityType: 'assignment',
          entityId: assignmentId,
          parentId: officialId,
          action: 'delete',
          unitPath: position.unitPath,
          agencyId: position.agencyId,
          before,
        }),
      ],
      idempotency: idempotentResponse(actor, undefined),
    },
  );
}

export async function listAssignments(
  deps: UseCaseDeps,
  actor: Actor,
  officialId: string,
  query: { limit: number; cursor?: string },
): Promise<Page<Assignment>> {
  authorize(actor, 'listAssignments');
  const { assignments } = await loadForRead(deps, actor, officialId);
  const sorted = [...assignments].sort((a, b) => a.startDate.localeCompare(b.startDate) || a.id.localeCompare(b.id));
  return pageByOffset(sorted, decodeOffset(query.cursor), query.limit);
}

/** An assignment ends on or after the day it starts (checked here too: not every caller comes through the API). */
function checkOrder(startDate: string, endDate: string | undefined): void {
  if (endDate !== undefined && endDate < startDate)
    throw new RuleViolationError('END_BEFORE_START', 'Ngày kết thúc trước ngày bắt đầu (endDate before startDate)', [
      { path: 'endDate', message: 'endDate must not be before startDate' },
    ]);
}

/**
 * The position must exist and be in the caller's scope (placing someone in a post, even for past history, is a
 * write to that post's unit). A `target` named in the request that lies outside the scope is answered as one that
 * does not exist, so the refusal tells nothing about other agencies; a post the official already `held` there is
 * known to the caller, and changing it is a 403. With a start date, its unit must exist on that day: a unit
 * dissolved in a merger takes no new assignments; its successor does.
 */
async function loadPosition(
  deps: UseCaseDeps,
  actor: Actor,
  aggregate: LoadedAggregate,
  positionId: string,
  startDate: string | undefined,
  role: 'target' | 'held',
): Promise<Position> {
  const position = aggregate.positions.get(positionId) ?? (await deps.organisation.getPosition(positionId));
  if (!position || (role === 'target' && !canSee(actor.principal, position.unitPath)))
    throw new RuleViolationError('POSITION_NOT_FOUND', `Vị trí '${positionId}' không tồn tại`, [
      { path: 'positionId', message: 'Unknown position' },
    ]);
  assertCanWrite(actor.principal, position.unitPath, 'Vị trí');
  aggregate.positions.set(position.id, position);
  if (startDate === undefined) return position;
  const unit = await deps.organisation.getUnit(position.unitId);
  if (unit?.validTo && startDate > unit.validTo)
    throw new RuleViolationError(
      'UNIT_DISSOLVED',
      `Đơn vị '${unit.name}' chỉ còn hiệu lực đến ${unit.validTo}` +
        (unit.successorId ? `; hãy ghi quá trình mới ở đơn vị kế thừa '${unit.successorId}' (kind: reorganization)` : ''),
      [{ path: 'startDate', message: `The unit ceased to exist after ${unit.validTo}` }],
    );
  if (unit?.validFrom && startDate < unit.validFrom)
    throw new RuleViolationError('UNIT_NOT_YET_VALID', `Đơn vị '${unit.name}' chỉ có hiệu lực từ ${unit.validFrom}`, [
      { path: 'startDate', message: `The unit exists from ${unit.validFrom}` },
    ]);
  return position;
}
