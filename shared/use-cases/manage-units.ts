/** Units of the organisation tree, with validity dates and successors so history survives mergers. */
import { NotFoundError, RuleViolationError } from '../domain/errors';
import type { Unit, UnitKind } from '../domain/types';
import type { Page } from '../ports';
import { decodeOffset, pageByOffset } from './paging';
import { applyPatch, auditRecord, idempotentResponse, staleVersion, type Actor, type Patch, type UseCaseDeps } from './context';
import { hideUnseen } from './conflicts';
import { authorize } from './policy';
import { assertCanWrite, canSee, unitPath, visibleAgencies } from './scope';

export interface UnitInput {
  id?: string;
  name: string;
  kind: UnitKind;
  parentId?: string;
  validFrom?: string;
  validTo?: string;
  successorId?: string;
  hrEmails: string[];
  /** On an agency: its leadership, who receive the monthly alert digest. */
  leaderEmails?: string[];
}

export async function createUnit(deps: UseCaseDeps, actor: Actor, input: UnitInput): Promise<Unit> {
  authorize(actor, 'createUnit');
  const parent = input.parentId ? await deps.organisation.getUnit(input.parentId) : undefined;
  // A parent outside the caller's scope is answered as one that does not exist.
  if (input.parentId && (!parent || !canSee(actor.principal, unitPath(parent))))
    throw new RuleViolationError('PARENT_NOT_FOUND', `Đơn vị cấp trên '${input.parentId}' không tồn tại`, [
      { path: 'parentId', message: 'Unknown unit' },
    ]);
  // Agencies sit directly below a province, so a province inside an agency would put agencies inside an agency, and
  // resolving that agency's scope would then have to search below it (shared/use-cases/scope.ts relies on this).
  if (input.kind === 'province' && parent && parent.kind !== 'province')
    throw new RuleViolationError(
      'PROVINCE_UNDER_AGENCY',
      'Đơn vị cấp tỉnh chỉ đứng đầu cây tổ chức hoặc dưới một đơn vị cấp tỉnh khác',
      [{ path: 'parentId', message: 'A province sits at the root or under another province' }],
    );
  // A root unit can only be created by someone whose scope is every unit.
  assertCanWrite(actor.principal, parent ? unitPath(parent) : [], 'Đơn vị cấp trên');
  await checkSuccessor(deps, actor, input.successorId);
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
    leaderEmails: input.leaderEmails ?? [],
    ancestors: parent ? unitPath(parent) : [],
    agencyId: agencyOf(id, parent),
    version: 1,
    createdAt: now,
    updatedAt: now,
  };
  await hideUnseen(
    () =>
      deps.organisation.putUnit(unit, {
        audit: auditRecord(deps, actor, {
          entityType: 'unit',
          entityId: id,
          action: 'create',
          unitPath: unitPath(unit),
          agencyId: unit.agencyId,
          after: unit,
        }),
        idempotency: idempotentResponse(actor, unit),
      }),
    ['UNIT_EXISTS'],
    async () => {
      const existing = await deps.organisation.getUnit(id);
      return existing !== undefined && canSee(actor.principal, unitPath(existing));
    },
  );
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
  authorize(actor, 'updateUnit');
  const current = await deps.organisation.getUnit(id);
  // Out of scope is the same 404 as missing: a write must not tell what exists outside the caller's scope.
  if (!current || !canSee(actor.principal, unitPath(current))) throw new NotFoundError('Đơn vị', id);
  if (expectedVersion !== undefined && expectedVersion !== current.version)
    throw staleVersion(current.version, expectedVersion);
  if (patch.kind && patch.kind !== current.kind && (patch.kind === 'province' || current.kind === 'province'))
    throw new RuleViolationError(
      'UNIT_KIND_FIXED',
      'Không thể đổi loại đơn vị sang hoặc từ cấp tỉnh: hãy tạo đơn vị mới và ghi đơn vị kế thừa (successorId)',
    );
  if (patch.successorId === id)
    throw new RuleViolationError('SUCCESSOR_SELF', 'Đơn vị không thể kế thừa chính nó', [
      { path: 'successorId', message: 'Must differ from the unit' },
    ]);
  if (typeof patch.successorId === 'string') await checkSuccessor(deps, actor, patch.successorId);
  const next: Unit = {
    ...applyPatch(current, patch),
    version: current.version + 1,
    updatedAt: deps.clock.now().toISOString(),
  };
  checkValidity(next.validFrom, next.validTo);
  await deps.organisation.putUnit(next, {
    expectedVersion: current.version,
    // What status items' mail stamps copied from the unit: the alert run rewrites those that read it.
    restamp: next.name !== current.name || JSON.stringify(next.hrEmails) !== JSON.stringify(current.hrEmails),
    audit: auditRecord(deps, actor, {
      entityType: 'unit',
      entityId: id,
      action: 'update',
      unitPath: unitPath(current),
      agencyId: current.agencyId,
      before: current,
      after: next,
    }),
    idempotency: idempotentResponse(actor, next),
  });
  return next;
}

export async function getUnit(deps: UseCaseDeps, actor: Actor, id: string): Promise<Unit> {
  authorize(actor, 'getUnit');
  const unit = await deps.organisation.getUnit(id);
  if (!unit || !canSee(actor.principal, unitPath(unit))) throw new NotFoundError('Đơn vị', id);
  return unit;
}

export async function listUnits(
  deps: UseCaseDeps,
  actor: Actor,
  query: { parentId?: string; limit: number; cursor?: string },
): Promise<Page<Unit>> {
  authorize(actor, 'listUnits');
  const offset = decodeOffset(query.cursor);
  // A scoped caller reads only its agencies' units (pattern 29); the country's list (pattern 2) is for a `*` scope.
  const all =
    actor.principal.scope === '*'
      ? await deps.organisation.listAllUnits()
      : [...(await (await visibleAgencies(deps.organisation, actor.principal)).loadUnits()).values()];
  const units = all
    .filter((u) => canSee(actor.principal, unitPath(u)))
    .filter((u) => !query.parentId || u.parentId === query.parentId)
    .sort((a, b) => a.id.localeCompare(b.id));
  return pageByOffset(units, offset, query.limit);
}

/** The successor must be a unit the caller may write to: naming one is placing the unit's future staff there. */
async function checkSuccessor(deps: UseCaseDeps, actor: Actor, successorId: string | undefined) {
  if (!successorId) return;
  const successor = await deps.organisation.getUnit(successorId);
  // Out of scope reads as missing: the answer must not tell what exists elsewhere.
  if (!successor || !canSee(actor.principal, unitPath(successor)))
    throw new RuleViolationError('SUCCESSOR_NOT_FOUND', `Đơn vị kế thừa '${successorId}' không tồn tại`, [
      { path: 'successorId', message: 'Unknown unit' },
    ]);
}

function checkValidity(validFrom?: string, validTo?: string) {
  if (validFrom && validTo && validTo < validFrom)
    throw new RuleViolationError('VALIDITY_REVERSED', 'Ngày hết hiệu lực (validTo) trước ngày có hiệu lực (validFrom)', [
      { path: 'validTo', message: 'validTo must not be before validFrom' },
    ]);
}
