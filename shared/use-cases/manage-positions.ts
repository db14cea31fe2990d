/** Positions (job posts) of a unit: category, headcount, and a periodic-rotation period for sensitive posts. */
import { NotFoundError, RuleViolationError } from '../domain/errors';
import type { Position, PositionCategory } from '../domain/types';
import type { Page } from '../ports';
import { checkRotationPeriod } from '../domain/tenure';
import { applyPatch, auditRecord, idempotentResponse, staleVersion, type Actor, type Patch, type UseCaseDeps } from './context';
import { hideUnseen } from './conflicts';
import { authorize } from './policy';
import { canSee, unitPath, visibleAgencies } from './scope';

export interface PositionInput {
  id?: string;
  unitId: string;
  title: string;
  category: PositionCategory;
  headcount: number;
  rotationPeriodMonths?: number;
}

export async function createPosition(deps: UseCaseDeps, actor: Actor, input: PositionInput): Promise<Position> {
  authorize(actor, 'createPosition');
  const unit = await deps.organisation.getUnit(input.unitId);
  // A unit outside the scope is answered as one that does not exist: the refusal tells nothing about it.
  if (!unit || !canSee(actor.principal, unitPath(unit)))
    throw new RuleViolationError('UNIT_NOT_FOUND', `Đơn vị '${input.unitId}' không tồn tại`, [
      { path: 'unitId', message: 'Unknown unit' },
    ]);
  if (input.rotationPeriodMonths !== undefined) checkRotationPeriod(input.rotationPeriodMonths);
  const id = input.id ?? deps.newId();
  const now = deps.clock.now().toISOString();
  const position: Position = {
    id,
    unitId: unit.id,
    title: input.title,
    category: input.category,
    headcount: input.headcount,
    holders: 0,
    rotationPeriodMonths: input.rotationPeriodMonths,
    unitPath: unitPath(unit),
    agencyId: unit.agencyId,
    version: 1,
    createdAt: now,
    updatedAt: now,
  };
  await hideUnseen(
    () =>
      deps.organisation.putPosition(position, {
        audit: auditRecord(deps, actor, {
          entityType: 'position',
          entityId: id,
          action: 'create',
          unitPath: position.unitPath,
          agencyId: position.agencyId,
          after: position,
        }),
        idempotency: idempotentResponse(actor, position),
      }),
    ['POSITION_EXISTS'],
    async () => {
      const existing = await deps.organisation.getPosition(id);
      return existing !== undefined && canSee(actor.principal, existing.unitPath);
    },
  );
  return position;
}

/**
 * The unit of a position never changes: moving a post to another unit is a new position, reached by a
 * `reorganization` assignment, so the tenure chain and the history stay intact.
 */
export async function updatePosition(
  deps: UseCaseDeps,
  actor: Actor,
  id: string,
  patch: Patch<Omit<PositionInput, 'id' | 'unitId'>>,
  expectedVersion?: number,
): Promise<Position> {
  authorize(actor, 'updatePosition');
  const current = await deps.organisation.getPosition(id);
  // Out of scope is the same 404 as missing: a write must not tell what exists outside the caller's scope.
  if (!current || !canSee(actor.principal, current.unitPath)) throw new NotFoundError('Vị trí', id);
  if (typeof patch.rotationPeriodMonths === 'number') checkRotationPeriod(patch.rotationPeriodMonths);
  if (expectedVersion !== undefined && expectedVersion !== current.version)
    throw staleVersion(current.version, expectedVersion);
  const next: Position = {
    ...applyPatch(current, patch),
    version: current.version + 1,
    updatedAt: deps.clock.now().toISOString(),
  };
  await deps.organisation.putPosition(next, {
    expectedVersion: current.version,
    audit: auditRecord(deps, actor, {
      entityType: 'position',
      entityId: id,
      action: 'update',
      unitPath: current.unitPath,
      agencyId: current.agencyId,
      before: current,
      after: next,
    }),
    idempotency: idempotentResponse(actor, next),
  });
  return next;
}

export async function getPosition(deps: UseCaseDeps, actor: Actor, id: string): Promise<Position> {
  authorize(actor, 'getPosition');
  const position = await deps.organisation.getPosition(id);
  if (!position || !canSee(actor.principal, position.unitPath)) throw new NotFoundError('Vị trí', id);
  return position;
}

export async function listPositions(
  deps: UseCaseDeps,
  actor: Actor,
  query: { unitId?: string; limit: number; cursor?: string },
): Promise<Page<Position>> {
  authorize(actor, 'listPositions');
  const { agencyIds, keep } = await visibleAgencies(deps.organisation, actor.principal, query.unitId);
  return deps.organisation.listPositions({ agencyIds, limit: query.limit, cursor: query.cursor, keep: (p) => keep(p.unitPath) });
}
