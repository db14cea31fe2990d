/** Positions (job posts) of a unit: category, headcount, and a periodic-rotation period for sensitive posts. */
import { ConflictError, NotFoundError, RuleViolationError } from '../domain/errors';
import type { Position, PositionCategory } from '../domain/types';
import type { OfficialStatus, Page } from '../ports';
import { checkRotationPeriod } from '../domain/tenure';
import { applyPatch, auditRecord, idempotentResponse, staleVersion, today, type Actor, type Patch, type UseCaseDeps } from './context';
import { hideUnseen } from './conflicts';
import { positionFacts, restampChain } from './official-aggregate';
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
  for (let attempt = 1; ; attempt++) {
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
    const restamp = await holdersToRestamp(deps, current, next);
    try {
      await deps.organisation.putPosition(next, {
        expectedVersion: current.version,
        restamp,
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
      if (factsChange(current, next)) await restampLate(deps, next, new Set(restamp.map((r) => r.status.officialId)));
      return next;
    } catch (error) {
      // A holder's record changed between the read and the write (their own write landed first): read them again.
      if (!(error instanceof ConflictError && error.code === 'CONCURRENT_UPDATE' && restamp.length && attempt < RESTAMP_ATTEMPTS))
        throw error;
    }
  }
}

/** Whether an update changes what holders' status items copy from the post. */
function factsChange(current: Position, next: Position): boolean {
  return current.title !== next.title || current.category !== next.category || current.rotationPeriodMonths !== next.rotationPeriodMonths;
}

/**
 * After the update: the holders the index shows now but the update did not re-stamp are read by key, and any still
 * carrying the post's old facts re-stamped, each guarded by its revision and by the post still having these facts (a
 * later update of the post then owns its holders). The index is read eventually consistently, so a write that put an
 * official on the post just before the update may show up only now; the update itself is already whole, and this only
 * brings such a late copy up to date.
 */
async function restampLate(deps: UseCaseDeps, position: Position, done: ReadonlySet<string>): Promise<void> {
  for (const found of await holdersOf(deps, position, done)) {
    let status: OfficialStatus | undefined = found;
    for (let attempt = 1; status && attempt <= RESTAMP_ATTEMPTS; attempt++) {
      const stamped = restampChain(status, position);
      if (!stamped) break;
      try {
        await deps.officials.writeAggregate({
          officialId: status.officialId,
          expectedRev: status.rev,
          expectedMailSeq: status.mail?.seq,
          status: stamped,
          positionCheck: positionFacts(position),
          audit: [],
        });
        break;
      } catch (error) {
        if (!(error instanceof ConflictError)) throw error;
        const now = await deps.organisation.getPosition(position.id);
        if (!now || factsChange(now, position)) return;
        status = await deps.officials.getStatus(status.officialId);
      }
    }
  }
}

/**
 * The status items whose chain is on the post (still serving), but those in `skip`: the index names them, the items
 * themselves are read by key, strongly consistent, so the revisions a write guards are the latest.
 */
async function holdersOf(deps: UseCaseDeps, position: Position, skip: ReadonlySet<string> = new Set()): Promise<OfficialStatus[]> {
  const ids = await deps.officials.queryStatusesOfPosition(position.agencyId, position.id, today(deps));
  return deps.officials.getStatuses(ids.filter((id) => !skip.has(id)));
}

/** Attempts of a post update whose holders' records keep changing under it, before answering 409. */
const RESTAMP_ATTEMPTS = 3;
/**
 * Holders re-stamped with a post's update, in its one transaction: DynamoDB takes 100 items, and the post, its audit
 * record and the idempotency record take three; the cap keeps a margin under that.
 */
export const RESTAMP_MOST = 90;

/**
 * The status items that copy this post's title, category and period (their chain is on it), re-stamped with its new
 * facts; none when the update changes none of them. Too many to change in one transaction is a 409 that says so.
 */
async function holdersToRestamp(deps: UseCaseDeps, current: Position, next: Position) {
  if (!factsChange(current, next)) return [];
  const restamp = (await holdersOf(deps, next)).flatMap((status) => {
    const stamped = restampChain(status, next);
    return stamped ? [{ status: stamped, expectedRev: status.rev }] : [];
  });
  if (restamp.length > RESTAMP_MOST)
    throw new ConflictError(
      'POSITION_TOO_MANY_HOLDERS',
      `Vị trí '${next.id}' đang ghi nhận ${restamp.length} công chức, quá ${RESTAMP_MOST} người để đổi tên, nhóm hoặc thời hạn ` +
        'định kỳ chuyển đổi trong một lần ' +
        `/ The post's title, category or rotation period is copied into ${restamp.length} officials' records, more than ` +
        `${RESTAMP_MOST} can be changed at once`,
    );
  return restamp;
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
