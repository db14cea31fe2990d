/**
 * Circumstances that defer or exempt an official from rotation (Decree 59/2019/NĐ-CP art. 38-39), each with a date
 * range. They are part of the official's aggregate, so tenure and flags show them as exemptions at once.
 */
import { ConflictError, NotFoundError, RuleViolationError } from '../domain/errors';
import { CIRCUMSTANCE_LABELS_VI } from '../domain/exemptions';
import type { Circumstance, CircumstanceType } from '../domain/types';
import type { Page } from '../ports';
import { applyPatch, auditRecord, idempotentResponse, staleVersion, type Actor, type Patch, type UseCaseDeps } from './context';
import { commit, loadForRead, loadForWrite } from './official-aggregate';
import { decodeOffset, pageByOffset } from './paging';
import { logSensitiveReads } from './access-log';
import { authorize } from './policy';

export interface CircumstanceInput {
  id?: string;
  type: CircumstanceType;
  from: string;
  to?: string;
  note?: string;
}

export function presentCircumstance(c: Circumstance) {
  return { ...c, typeLabel: CIRCUMSTANCE_LABELS_VI[c.type] };
}

export async function recordCircumstance(
  deps: UseCaseDeps,
  actor: Actor,
  officialId: string,
  input: CircumstanceInput,
): Promise<Circumstance> {
  authorize(actor, 'recordCircumstance');
  if (input.to !== undefined && input.to < input.from)
    throw new RuleViolationError('END_BEFORE_START', 'Ngày kết thúc (to) trước ngày bắt đầu (from)', [
      { path: 'to', message: 'to must not be before from' },
    ]);
  const current = await loadForWrite(deps, actor, officialId);
  const now = deps.clock.now().toISOString();
  const circumstance: Circumstance = {
    id: input.id ?? deps.newId(),
    officialId,
    type: input.type,
    from: input.from,
    to: input.to,
    note: input.note,
    version: 1,
    createdAt: now,
    updatedAt: now,
  };
  if (current.circumstances.some((c) => c.id === circumstance.id))
    throw new ConflictError('CIRCUMSTANCE_EXISTS', `Hoàn cảnh '${circumstance.id}' đã tồn tại`);
  await commit(
    deps,
    current,
    { ...current, circumstances: [...current.circumstances, circumstance] },
    {
      circumstance: { item: circumstance, create: true },
      audit: [
        auditRecord(deps, actor, {
          entityType: 'circumstance',
          entityId: circumstance.id,
          parentId: officialId,
          action: 'create',
          unitPath: current.official.unitPath,
          agencyId: current.official.agencyId,
          after: circumstance,
        }),
      ],
      idempotency: idempotentResponse(actor, circumstance),
    },
  );
  return circumstance;
}

/** Close or correct a circumstance (typically: set `to` when a review ends). */
export async function updateCircumstance(
  deps: UseCaseDeps,
  actor: Actor,
  officialId: string,
  circumstanceId: string,
  patch: Patch<Omit<CircumstanceInput, 'id'>>,
  expected?: number,
): Promise<Circumstance> {
  authorize(actor, 'updateCircumstance');
  const current = await loadForWrite(deps, actor, officialId);
  const before = current.circumstances.find((c) => c.id === circumstanceId);
  if (!before) throw new NotFoundError('Hoàn cảnh', circumstanceId);
  if (expected !== undefined && expected !== before.version) throw staleVersion(before.version, expected);
  const next: Circumstance = {
    ...applyPatch(before, patch),
    version: before.version + 1,
    updatedAt: deps.clock.now().toISOString(),
  };
  if (next.to && next.to < next.from)
    throw new RuleViolationError('END_BEFORE_START', 'Ngày kết thúc (to) trước ngày bắt đầu (from)', [
      { path: 'to', message: 'to must not be before from' },
    ]);
  await commit(
    deps,
    current,
    { ...current, circumstances: current.circumstances.map((c) => (c.id === circumstanceId ? next : c)) },
    {
      circumstance: { item: next, expectedVersion: before.version },
      audit: [
        auditRecord(deps, actor, {
          entityType: 'circumstance',
          entityId: circumstanceId,
          parentId: officialId,
          action: 'update',
          unitPath: current.official.unitPath,
          agencyId: current.official.agencyId,
          before,
          after: next,
        }),
      ],
      idempotency: idempotentResponse(actor, next),
    },
  );
  return next;
}

/** Void a circumstance entered by mistake, at the version read; audited with its before image. */
export async function deleteCircumstance(
  deps: UseCaseDeps,
  actor: Actor,
  officialId: string,
  circumstanceId: string,
  expected: number,
): Promise<void> {
  authorize(actor, 'deleteCircumstance');
  const current = await loadForWrite(deps, actor, officialId);
  const before = current.circumstances.find((c) => c.id === circumstanceId);
  if (!before) throw new NotFoundError('Hoàn cảnh', circumstanceId);
  if (expected !== before.version) throw staleVersion(before.version, expected);
  await commit(
    deps,
    current,
    { ...current, circumstances: current.circumstances.filter((c) => c.id !== circumstanceId) },
    {
      circumstance: { item: before, delete: true, expectedVersion: before.version },
      audit: [
        auditRecord(deps, actor, {
          entityType: 'circumstance',
          entityId: circumstanceId,
          parentId: officialId,
          action: 'delete',
          unitPath: current.official.unitPath,
          agencyId: current.official.agencyId,
          before,
        }),
      ],
      idempotency: idempotentResponse(actor, undefined),
    },
  );
}

export async function listCircumstances(
  deps: UseCaseDeps,
  actor: Actor,
  officialId: string,
  query: { limit: number; cursor?: string },
): Promise<Page<Circumstance>> {
  authorize(actor, 'listCircumstances');
  const { circumstances, official } = await loadForRead(deps, actor, officialId);
  const sorted = [...circumstances].sort((a, b) => b.from.localeCompare(a.from) || a.id.localeCompare(b.id));
  const page = pageByOffset(sorted, decodeOffset(query.cursor), query.limit);
  if (page.items.length) await logSensitiveReads(deps, actor, 'listCircumstances', [{ official, kinds: ['circumstance'] }]);
  return page;
}
