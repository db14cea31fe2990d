/** Units of the organisation tree, with validity dates and successors so history survives mergers. */
import { NotFoundError, RuleViolationError } from '../domain/errors';
import type { Unit, UnitKind } from '../domain/types';
import type { Page } from '../ports';
import { decodeOffset, pageByOffset } from './paging';
import { applyPatch, type Patch, auditRecord, staleVersion, type Actor, type UseCaseDeps } from './context';
import { assertCanWrite, canSee, unitPath } from './scope';

export interface UnitInput {
  id?: string;
  name: string;
  kind: UnitKind;
  parentId?: string;
  validFrom?: string;
  validTo?: string;
  successorId?: string;
  hrEmails: string[];
}

export async function createUnit(deps: UseCaseDeps, actor: Actor, input: UnitInput): Promise<Unit> {
  const parent = input.parentId ? await deps.repo.getUnit(input.parentId) : undefined;
  if (input.parentId && !parent)
    throw new RuleViolationError('PARENT_NOT_FOUND', `Đơn vị cấp trên '${input.parentId}' không tồn tại`, [
      { path: 'body.parentId', message: 'Unknown unit' },
    ]);
  // A root unit can only be created by someone whose scope is every unit.
  assertCanWrite(actor.principal, parent ? unitPath(parent) : [], 'Đơn vị cấp trên');
  await checkSuccessor(deps, input.successorId);
  checkValidity(input.validFrom, input.validTo);
  const id = input.id ?? deps.newId();
  const now = deps.clock.now().toISOString();
  const unit: Unit = {
    id,
    name: input.name,
    kind: input.kind,
    parentId: input.parentId,
    validFrom: input.validFrom,
    validTo: input.validTo,
    successorId: input.successorId,
    hrEmails: input.hrEmails,
    ancestors: parent ? unitPath(parent) : [],
    agencyId: agencyOf(id, parent),
    version: 1,
    createdAt: now,
    updatedAt: now,
  };
  await deps.repo.putUnit(unit, {
    audit: auditRecord(deps, actor, {
      entityType: 'unit',
      entityId: id,
      action: 'create',
      unitPath: unitPath(unit),
      after: unit,
    }),
  });
  return unit;
}

/**
 * The agency is the unit directly below a province (a department, a district, or since 2025 a commune), or the
 * root of the tree when no province sits above. Flags and lists are partitioned by it.
 */
export function agencyOf(id: string, parent: Unit | undefined): string {
  if (!parent || parent.kind === 'province') return id;
  return parent.agencyId;
}

export async function updateUnit(
  deps: UseCaseDeps,
  actor: Actor,
  id: string,
  patch: Patch<Omit<UnitInput, 'id' | 'parentId'>>,
  expectedVersion?: number,
): Promise<Unit> {
  const current = await deps.repo.getUnit(id);
  if (!current) throw new NotFoundError('Đơn vị', id);
  assertCanWrite(actor.principal, unitPath(current), 'Đơn vị');
  if (expectedVersion !== undefined && expectedVersion !== current.version)
    throw staleVersion(current.version, expectedVersion);
  if (patch.kind && patch.kind !== current.kind && (patch.kind === 'province' || current.kind === 'province'))
    throw new RuleViolationError(
      'UNIT_KIND_FIXED',
      'Không thể đổi loại đơn vị sang hoặc từ cấp tỉnh: hãy tạo đơn vị mới và ghi đơn vị kế thừa (successorId)',
    );
  if (patch.successorId === id)
    throw new RuleViolationError('SUCCESSOR_SELF', 'Đơn vị không thể kế thừa chính nó', [
      { path: 'body.successorId', message: 'Must differ from the unit' },
    ]);
  if (typeof patch.successorId === 'string') await checkSuccessor(deps, patch.successorId);
  const next: Unit = {
    ...applyPatch(current, patch),
    version: current.version + 1,
    updatedAt: deps.clock.now().toISOString(),
  };
  checkValidity(next.validFrom, next.validTo);
  await deps.repo.putUnit(next, {
    expectedVersion: current.version,
    audit: auditRecord(deps, actor, {
      entityType: 'unit',
      entityId: id,
      action: 'update',
      unitPath: unitPath(current),
      before: current,
      after: next,
    }),
  });
  return next;
}

export async function getUnit(deps: UseCaseDeps, actor: Actor, id: string): Promise<Unit> {
  const unit = await deps.repo.getUnit(id);
  if (!unit || !canSee(actor.principal, unitPath(unit))) throw new NotFoundError('Đơn vị', id);
  return unit;
}

export async function listUnits(
  deps: UseCaseDeps,
  actor: Actor,
  query: { parentId?: string; limit: number; cursor?: string },
): Promise<Page<Unit>> {
  const offset = decodeOffset(query.cursor);
  const units = (await deps.repo.listAllUnits())
    .filter((u) => canSee(actor.principal, unitPath(u)))
    .filter((u) => !query.parentId || u.parentId === query.parentId)
    .sort((a, b) => a.id.localeCompare(b.id));
  return pageByOffset(units, offset, query.limit);
}

async function checkSuccessor(deps: UseCaseDeps, successorId: string | undefined) {
  if (successorId && !(await deps.repo.getUnit(successorId)))
    throw new RuleViolationError('SUCCESSOR_NOT_FOUND', `Đơn vị kế thừa '${successorId}' không tồn tại`, [
      { path: 'body.successorId', message: 'Unknown unit' },
    ]);
}

function checkValidity(validFrom?: string, validTo?: string) {
  if (validFrom && validTo && validTo < validFrom)
    throw new RuleViolationError('VALIDITY_REVERSED', 'Ngày hết hiệu lực (validTo) trước ngày có hiệu lực (validFrom)', [
      { path: 'body.validTo', message: 'validTo must not be before validFrom' },
    ]);
}
