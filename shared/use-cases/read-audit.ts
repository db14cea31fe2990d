/**
 * Who changed what and when, with the before and after images (auditors and admins): one entity's history, one
 * actor's changes, or everything in the caller's scope, between two dates (Asia/Ho_Chi_Minh), newest first.
 * Records outside the caller's scope are never returned.
 */
import { addDays } from '../domain/dates';
import { RuleViolationError } from '../domain/errors';
import type { IsoDate } from '../domain/types';
import { AUDIT_ENTITY_TYPES, type AuditEntityType, type AuditRecord, type Page } from '../ports';
import type { Actor, UseCaseDeps } from './context';
import { decodeOffset, pageByOffset } from './paging';
import { authorize } from './policy';
import { canSee, visibleAgencies } from './scope';

export interface AuditQueryInput {
  entityId?: string;
  entityType?: AuditEntityType;
  actor?: string;
  from?: IsoDate;
  to?: IsoDate;
  limit: number;
  cursor?: string;
}

/** The first instant of a Vietnamese calendar day (UTC+7, no daylight saving), as an ISO timestamp. */
function startOfDay(date: IsoDate): string {
  return `${addDays(date, -1)}T17:00:00.000Z`;
}

function endOfDay(date: IsoDate): string {
  return `${date}T16:59:59.999Z`;
}

export async function readAudit(deps: UseCaseDeps, actor: Actor, query: AuditQueryInput): Promise<Page<AuditRecord>> {
  authorize(actor, 'readAudit');
  if (query.from && query.to && query.to < query.from)
    throw new RuleViolationError('RANGE_REVERSED', 'Ngày kết thúc (to) trước ngày bắt đầu (from)', [
      { path: 'to', message: 'to must not be before from' },
    ]);
  const range = {
    from: query.from ? startOfDay(query.from) : '0000',
    to: query.to ? endOfDay(query.to) : '9999',
  };
  const visible = (r: AuditRecord) => canSee(actor.principal, r.unitPath) && r.at >= range.from && r.at <= range.to;

  if (query.entityId !== undefined) {
    const types = query.entityType ? [query.entityType] : AUDIT_ENTITY_TYPES;
    const lists = await Promise.all(types.map((type) => deps.auditLog.listForEntity(type, query.entityId!)));
    const records = lists
      .flat()
      .filter(visible)
      .filter((r) => query.actor === undefined || r.actor.sub === query.actor)
      .sort((a, b) => (a.at === b.at ? b.id.localeCompare(a.id) : a.at < b.at ? 1 : -1));
    return pageByOffset(records, decodeOffset(query.cursor), query.limit);
  }
  const page = { limit: query.limit, cursor: query.cursor };
  if (query.actor !== undefined) return deps.auditLog.listByActor(query.actor, range, { ...page, keep: visible });
  const { agencyIds } = await visibleAgencies(deps.organisation, actor.principal);
  return deps.auditLog.listByAgencies(agencyIds, range, { ...page, keep: visible });
}
