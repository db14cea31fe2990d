/**
 * Officials (công chức): identity, birth date and gender (for the retirement date), their current unit, and when
 * they left service. Recording `leftOn` closes their open assignment on that day in the same transaction, and from
 * then on the status item leaves every sparse index.
 */
import { addMonths } from '../domain/dates';
import { RuleViolationError } from '../domain/errors';
import type { LeftReason } from '../domain/leaving';
import { foldName } from '../domain/names';
import { checkDateOfBirth, MAX_PLANNED_MONTHS_AHEAD } from '../domain/plausibility';
import { retirementDate, statutoryRetirementDate } from '../domain/retirement';
import type { Assignment, Gender, Official } from '../domain/types';
import type { AuditRecord, ChildWrite, Page } from '../ports';
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
import { hideUnseen } from './conflicts';
import { buildStatus, commit, loadForRead, loadForWrite } from './official-aggregate';
import { authorize } from './policy';
import { canSee, unitPath, visibleAgencies } from './scope';

export interface OfficialInput {
  id?: string;
  employeeCode?: string;
  fullName: string;
  gender: Gender;
  dateOfBirth: string;
  email?: string;
  retirementDate?: string;
  unitId?: string;
}

export interface OfficialPatchInput extends Omit<OfficialInput, 'id' | 'unitId'> {
  leftOn?: string;
  leftReason?: LeftReason;
}

/** The official as the API shows it, with both retirement dates. */
export function presentOfficial(official: Official) {
  return {
    ...official,
    statutoryRetirementDate: statutoryRetirementDate(official.gender, official.dateOfBirth),
    effectiveRetirementDate: retirementDate(official),
  };
}

export async function createOfficial(deps: UseCaseDeps, actor: Actor, input: OfficialInput): Promise<Official> {
  authorize(actor, 'createOfficial');
  const { scope } = actor.principal;
  const unitId = input.unitId ?? (scope !== '*' && scope.length === 1 ? scope[0] : undefined);
  if (!unitId)
    throw new RuleViolationError('UNIT_REQUIRED', 'Hãy cho biết đơn vị (unitId) của công chức', [
      { path: 'unitId', message: 'Required when your scope covers more than one unit' },
    ]);
  const unit = await deps.organisation.getUnit(unitId);
  // A unit outside the scope is answered as one that does not exist: the refusal tells nothing about it.
  if (!unit || !canSee(actor.principal, unitPath(unit)))
    throw new RuleViolationError('UNIT_NOT_FOUND', `Đơn vị '${unitId}' không tồn tại`, [
      { path: 'unitId', message: 'Unknown unit' },
    ]);
  checkDateOfBirth(input.dateOfBirth, today(deps));
  checkBirthAndRetirement(input.dateOfBirth, input.retirementDate);
  const now = deps.clock.now().toISOString();
  const official: Official = {
    id: input.id ?? deps.newId(),
    employeeCode: input.employeeCode,
    fullName: input.fullName,
    gender: input.gender,
    dateOfBirth: input.dateOfBirth,
    email: input.email,
    retirementDate: input.retirementDate,
    unitId: unit.id,
    unitPath: unitPath(unit),
    agencyId: unit.agencyId,
    version: 1,
    createdAt: now,
    updatedAt: now,
  };
  const status = buildStatus({
    official,
    assignments: [],
    positions: new Map(),
    circumstances: [],
    assessments: [],
    rev: 1,
    today: today(deps),
  });
  await hideUnseen(
    () =>
      deps.officials.writeAggregate({
        officialId: official.id,
        expectedRev: 0,
        status,
        official: { item: official, create: true },
        claimEmployeeCode: official.employeeCode,
        audit: [
          auditRecord(deps, actor, {
            entityType: 'official',
            entityId: official.id,
            action: 'create',
            unitPath: official.unitPath,
            agencyId: official.agencyId,
            after: official,
          }),
        ],
        idempotency: idempotentResponse(actor, official),
      }),
    ['OFFICIAL_EXISTS', 'EMPLOYEE_CODE_TAKEN', 'CONCURRENT_UPDATE'],
    () => collisionVisible(deps, actor, official),
  );
  return official;
}

/** Whether what the new official collided with (their id, or their employee code) is in the caller's scope. */
async function collisionVisible(deps: UseCaseDeps, actor: Actor, official: Official): Promise<boolean> {
  const byId = await deps.officials.getOfficial(official.id);
  if (byId) return canSee(actor.principal, byId.unitPath);
  const holder = official.employeeCode ? await deps.officials.findByEmployeeCode(official.employeeCode) : undefined;
  const byCode = holder ? await deps.officials.getOfficial(holder) : undefined;
  // Nothing found: a concurrent create that has since gone; the plain conflict says nothing about anyone.
  return byCode ? canSee(actor.principal, byCode.unitPath) : true;
}

export async function updateOfficial(
  deps: UseCaseDeps,
  actor: Actor,
  id: string,
  patch: Patch<OfficialPatchInput>,
  expected?: number,
): Promise<Official> {
  authorize(actor, 'updateOfficial');
  const current = await loadForWrite(deps, actor, id);
  const before = current.official;
  if (expected !== undefined && expected !== before.version) throw staleVersion(before.version, expected);
  const next: Official = {
    ...applyPatch(before, patch),
    version: before.version + 1,
    updatedAt: deps.clock.now().toISOString(),
  };
  if (patch.dateOfBirth !== undefined) checkDateOfBirth(next.dateOfBirth, today(deps));
  checkBirthAndRetirement(next.dateOfBirth, next.retirementDate);
  checkLeaving(next, today(deps));
  const closed = next.leftOn && next.leftOn !== before.leftOn ? closeOnLeaving(deps, current.assignments, next.leftOn) : [];
  const assignments = current.assignments.map((a) => closed.find((c) => c.id === a.id) ?? a);
  const codeChanged = next.employeeCode !== before.employeeCode;
  const audit: AuditRecord[] = [
    auditRecord(deps, actor, {
      entityType: 'official',
      entityId: id,
      action: 'update',
      unitPath: before.unitPath,
      agencyId: before.agencyId,
      before,
      after: next,
    }),
    ...closed.map((after) =>
      auditRecord(deps, actor, {
        entityType: 'assignment',
        entityId: after.id,
        parentId: id,
        action: 'update',
        unitPath: current.positions.get(after.positionId)?.unitPath ?? before.unitPath,
        agencyId: current.positions.get(after.positionId)?.agencyId ?? before.agencyId,
        before: current.assignments.find((a) => a.id === after.id),
        after,
      }),
    ),
  ];
  const assignmentWrites: ChildWrite<Assignment>[] = closed.map((item) => ({ item, expectedVersion: item.version - 1 }));
  const { official } = await hideUnseen(
    () =>
      commit(
        deps,
        current,
        { ...current, official: next, assignments },
        {
          official: { item: next, expectedVersion: before.version },
          assignments: assignmentWrites,
          claimEmployeeCode: codeChanged ? next.employeeCode : undefined,
          releaseEmployeeCode: codeChanged ? before.employeeCode : undefined,
          audit,
        },
        (placed) => idempotentResponse(actor, placed),
      ),
    ['EMPLOYEE_CODE_TAKEN'],
    () => collisionVisible(deps, actor, { ...next, id: '' }),
  );
  return official;
}

/** `leftOn` and `leftReason` come together, after the official came of age, and at most a year ahead. */
function checkLeaving(official: Official, todayDate: string): void {
  if ((official.leftOn === undefined) !== (official.leftReason === undefined))
    throw new RuleViolationError(
      'LEFT_REASON_REQUIRED',
      'Ghi cả ngày thôi công tác (leftOn) và lý do (leftReason), hoặc bỏ cả hai / Give leftOn and leftReason together',
      [{ path: official.leftOn === undefined ? 'leftOn' : 'leftReason', message: 'leftOn and leftReason go together' }],
    );
  if (official.leftOn === undefined) return;
  if (official.leftOn <= official.dateOfBirth)
    throw new RuleViolationError('LEFT_BEFORE_BIRTH', 'Ngày thôi công tác phải sau ngày sinh', [
      { path: 'leftOn', message: 'Must be after dateOfBirth' },
    ]);
  const latest = addMonths(todayDate, MAX_PLANNED_MONTHS_AHEAD);
  if (official.leftOn > latest)
    throw new RuleViolationError(
      'LEFT_TOO_FAR_AHEAD',
      `Ngày thôi công tác ${official.leftOn} quá xa: chỉ ghi trước tối đa ${MAX_PLANNED_MONTHS_AHEAD} tháng (đến ${latest})`,
      [{ path: 'leftOn', message: `Must be on or before ${latest}` }],
    );
}

/**
 * The assignments that leaving on `leftOn` ends: every one still open on that day is closed on it. One that starts
 * after `leftOn` cannot be closed before it began: that is a mistake to void or correct first.
 */
function closeOnLeaving(deps: UseCaseDeps, assignments: Assignment[], leftOn: string): Assignment[] {
  const later = assignments.find((a) => a.startDate > leftOn);
  if (later)
    throw new RuleViolationError(
      'ASSIGNMENT_AFTER_LEAVING',
      `Quá trình công tác '${later.id}' bắt đầu ${later.startDate}, sau ngày thôi công tác ${leftOn}: ` +
        'hãy sửa hoặc huỷ quá trình đó trước',
      [{ path: 'leftOn', message: `An assignment starts after it (${later.id})` }],
    );
  const updatedAt = deps.clock.now().toISOString();
  return assignments
    .filter((a) => a.endDate === undefined || a.endDate > leftOn)
    .map((a) => ({ ...a, endDate: leftOn, version: a.version + 1, updatedAt }));
}

export async function getOfficial(deps: UseCaseDeps, actor: Actor, id: string): Promise<Official> {
  authorize(actor, 'getOfficial');
  return (await loadForRead(deps, actor, id)).official;
}

export async function listOfficials(
  deps: UseCaseDeps,
  actor: Actor,
  query: { unitId?: string; q?: string; limit: number; cursor?: string },
): Promise<Page<Official>> {
  authorize(actor, 'listOfficials');
  const { agencyIds, keep } = await visibleAgencies(deps.organisation, actor.principal, query.unitId);
  const needle = query.q ? foldName(query.q) : undefined;
  return deps.officials.listOfficials({
    agencyIds,
    limit: query.limit,
    cursor: query.cursor,
    keep: (o) =>
      keep(o.unitPath) &&
      (!needle || foldName(o.fullName).includes(needle) || foldName(o.employeeCode ?? '') === needle),
  });
}

function checkBirthAndRetirement(dateOfBirth: string, explicitRetirement?: string) {
  if (explicitRetirement && explicitRetirement <= dateOfBirth)
    throw new RuleViolationError('RETIREMENT_BEFORE_BIRTH', 'Ngày nghỉ hưu phải sau ngày sinh', [
      { path: 'retirementDate', message: 'Must be after dateOfBirth' },
    ]);
}
