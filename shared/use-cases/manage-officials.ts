/** Officials (công chức): identity, birth date and gender (for the retirement date), and their current unit. */
import { RuleViolationError } from '../domain/errors';
import { retirementDate, statutoryRetirementDate } from '../domain/retirement';
import type { Gender, Official } from '../domain/types';
import { foldName } from '../domain/names';
import type { Page } from '../ports';
import { applyPatch, type Patch, auditRecord, staleVersion, type Actor, type UseCaseDeps } from './context';
import { buildStatus, commit, loadForRead, loadForWrite } from './official-aggregate';
import { assertCanWrite, unitPath, visibleAgencies } from './scope';

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

/** The official as the API shows it, with both retirement dates. */
export function presentOfficial(official: Official) {
  return {
    ...official,
    statutoryRetirementDate: statutoryRetirementDate(official.gender, official.dateOfBirth),
    effectiveRetirementDate: retirementDate(official),
  };
}

export async function createOfficial(deps: UseCaseDeps, actor: Actor, input: OfficialInput): Promise<Official> {
  const { scope } = actor.principal;
  const unitId = input.unitId ?? (scope !== '*' && scope.length === 1 ? scope[0] : undefined);
  if (!unitId)
    throw new RuleViolationError('UNIT_REQUIRED', 'Hãy cho biết đơn vị (unitId) của công chức', [
      { path: 'body.unitId', message: 'Required when your scope covers more than one unit' },
    ]);
  const unit = await deps.repo.getUnit(unitId);
  if (!unit)
    throw new RuleViolationError('UNIT_NOT_FOUND', `Đơn vị '${unitId}' không tồn tại`, [
      { path: 'body.unitId', message: 'Unknown unit' },
    ]);
  assertCanWrite(actor.principal, unitPath(unit), 'Đơn vị');
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
  });
  await deps.repo.writeAggregate({
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
        after: official,
      }),
    ],
  });
  return official;
}

export async function updateOfficial(
  deps: UseCaseDeps,
  actor: Actor,
  id: string,
  patch: Patch<Omit<OfficialInput, 'id' | 'unitId'>>,
  expected?: number,
): Promise<Official> {
  const current = await loadForWrite(deps, actor, id);
  const before = current.official;
  if (expected !== undefined && expected !== before.version) throw staleVersion(before.version, expected);
  const next: Official = {
    ...applyPatch(before, patch),
    version: before.version + 1,
    updatedAt: deps.clock.now().toISOString(),
  };
  checkBirthAndRetirement(next.dateOfBirth, next.retirementDate);
  const codeChanged = next.employeeCode !== before.employeeCode;
  const { official } = await commit(
    deps,
    current,
    { ...current, official: next },
    {
      official: { item: next, expectedVersion: before.version },
      claimEmployeeCode: codeChanged ? next.employeeCode : undefined,
      releaseEmployeeCode: codeChanged ? before.employeeCode : undefined,
      audit: [
        auditRecord(deps, actor, {
          entityType: 'official',
          entityId: id,
          action: 'update',
          unitPath: before.unitPath,
          before,
          after: next,
        }),
      ],
    },
  );
  return official;
}

export async function getOfficial(deps: UseCaseDeps, actor: Actor, id: string): Promise<Official> {
  return (await loadForRead(deps, actor, id)).official;
}

export async function listOfficials(
  deps: UseCaseDeps,
  actor: Actor,
  query: { unitId?: string; q?: string; limit: number; cursor?: string },
): Promise<Page<Official>> {
  const { agencyIds, keep } = await visibleAgencies(deps.repo, actor.principal, query.unitId);
  const needle = query.q ? foldName(query.q) : undefined;
  return deps.repo.listOfficials({
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
      { path: 'body.retirementDate', message: 'Must be after dateOfBirth' },
    ]);
}
