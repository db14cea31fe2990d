/**
 * Record an official's assignment history (quá trình công tác). Each write re-derives the official's unit and
 * current tenure chain and writes the audit record in the same transaction.
 */
import { ConflictError, NotFoundError, RuleViolationError } from '../domain/errors';
import type { Assignment, AssignmentKind } from '../domain/types';
import type { Page } from '../ports';
import { applyPatch, type Patch, auditRecord, staleVersion, type Actor, type UseCaseDeps } from './context';
import { assertNoOverlap, commit, loadForRead, loadForWrite, type LoadedAggregate } from './official-aggregate';
import { pageByOffset, decodeOffset } from './paging';
import { assertCanWrite } from './scope';

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
  const current = await loadForWrite(deps, actor, officialId);
  const position = await loadPosition(deps, actor, current, input.positionId, input.startDate, input.endDate);
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
      assignment: { item: assignment, create: true },
      audit: [
        auditRecord(deps, actor, {
          entityType: 'assignment',
          entityId: assignment.id,
          parentId: officialId,
          action: 'create',
          unitPath: position.unitPath,
          after: assignment,
        }),
      ],
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
  const current = await loadForWrite(deps, actor, officialId);
  const before = current.assignments.find((a) => a.id === assignmentId);
  if (!before) throw new NotFoundError('Quá trình công tác', assignmentId);
  if (expected !== undefined && expected !== before.version) throw staleVersion(before.version, expected);
  const merged = applyPatch(before, patch);
  if (merged.endDate && merged.endDate < merged.startDate)
    throw new RuleViolationError('END_BEFORE_START', 'Ngày kết thúc trước ngày bắt đầu', [
      { path: 'body.endDate', message: 'endDate must not be before startDate' },
    ]);
  const position = await loadPosition(deps, actor, current, merged.positionId, merged.startDate, merged.endDate);
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
      assignment: { item: next, expectedVersion: before.version },
      audit: [
        auditRecord(deps, actor, {
          entityType: 'assignment',
          entityId: assignmentId,
          parentId: officialId,
          action: 'update',
          unitPath: position.unitPath,
          before,
          after: next,
        }),
      ],
    },
  );
  return next;
}

export async function listAssignments(
  deps: UseCaseDeps,
  actor: Actor,
  officialId: string,
  query: { limit: number; cursor?: string },
): Promise<Page<Assignment>> {
  const { assignments } = await loadForRead(deps, actor, officialId);
  const sorted = [...assignments].sort((a, b) => a.startDate.localeCompare(b.startDate) || a.id.localeCompare(b.id));
  return pageByOffset(sorted, decodeOffset(query.cursor), query.limit);
}

/**
 * The position must exist, and its unit must exist on the start date (a unit dissolved in a merger takes no new
 * assignments; its successor does). Placing someone in a post outside your scope is only allowed for history
 * (an assignment that has ended): an HR office records where its staff served before, but does not fill
 * another agency's posts.
 */
async function loadPosition(
  deps: UseCaseDeps,
  actor: Actor,
  aggregate: LoadedAggregate,
  positionId: string,
  startDate: string,
  endDate: string | undefined,
) {
  const position = aggregate.positions.get(positionId) ?? (await deps.repo.getPosition(positionId));
  if (!position)
    throw new RuleViolationError('POSITION_NOT_FOUND', `Vị trí '${positionId}' không tồn tại`, [
      { path: 'body.positionId', message: 'Unknown position' },
    ]);
  if (!endDate) assertCanWrite(actor.principal, position.unitPath, 'Vị trí');
  const unit = await deps.repo.getUnit(position.unitId);
  if (unit?.validTo && startDate > unit.validTo)
    throw new RuleViolationError(
      'UNIT_DISSOLVED',
      `Đơn vị '${unit.name}' chỉ còn hiệu lực đến ${unit.validTo}` +
        (unit.successorId ? `; hãy ghi quá trình mới ở đơn vị kế thừa '${unit.successorId}' (kind: reorganization)` : ''),
      [{ path: 'body.startDate', message: `The unit ceased to exist after ${unit.validTo}` }],
    );
  if (unit?.validFrom && startDate < unit.validFrom)
    throw new RuleViolationError('UNIT_NOT_YET_VALID', `Đơn vị '${unit.name}' chỉ có hiệu lực từ ${unit.validFrom}`, [
      { path: 'body.startDate', message: `The unit exists from ${unit.validFrom}` },
    ]);
  aggregate.positions.set(position.id, position);
  return position;
}
