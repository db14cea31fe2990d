/**
 * Who changed what and when, with the before and after images (auditors and admins): one entity's history, one
 * actor's changes, or everything in the caller's scope, between two dates (Asia/Ho_Chi_Minh), newest first.
 * Records outside the caller's scope are never returned. Access records (entity type `access`) tell who read
 * sensitive data.
 *
 * Images are shown as the caller's roles allow (policy.ts `mayReadImagesOf`: an admin sees that an official changed,
 * not their data), and the personal fields of an image only until their retention ended (personal-data.ts), even
 * where the table has not yet deleted them. Showing images of assessments or circumstances is itself a sensitive read,
 * logged before the answer.
 */
import { addDays } from '../domain/dates';
import { RuleViolationError } from '../domain/errors';
import type { IsoDate } from '../domain/types';
import { SENSITIVE_KINDS, mergePersonal, type SensitiveKind } from '../domain/personal-data';
import { AUDIT_ENTITY_TYPES, type AuditEntityType, type AuditRecord, type Page } from '../ports';
import type { Actor, UseCaseDeps } from './context';
import { decodeOffset, pageByOffset } from './paging';
import { logSensitiveReads, type SensitiveRead } from './access-log';
import { authorize, mayReadImagesOf } from './policy';
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

/** A record as a reader sees it. */
export type ShownAuditRecord = Omit<AuditRecord, 'personalExpiresAt'> & {
  /** The images held personal fields: shown (`kept`) until `personalDataUntil`, then removed (`expired`). */
  personalData?: 'kept' | 'expired';
  personalDataUntil?: string;
  /** The caller's roles may not read this kind of entity: its images are left out. */
  imagesWithheld?: true;
};

export async function readAudit(deps: UseCaseDeps, actor: Actor, query: AuditQueryInput): Promise<Page<ShownAuditRecord>> {
  const page = await readRecords(deps, actor, query);
  return { ...page, items: await shown(deps, actor, page.items) };
}

async function shown(deps: UseCaseDeps, actor: Actor, records: AuditRecord[]): Promise<ShownAuditRecord[]> {
  const readable = records.filter((r) => mayReadImagesOf(actor.principal, r.entityType));
  const images = await deps.auditLog.personalImages(readable);
  const nowSeconds = Math.floor(deps.clock.now().getTime() / 1000);
  const reads: SensitiveRead[] = [];
  const out = records.map((record): ShownAuditRecord => {
    const { personalExpiresAt, ...rest } = record;
    if (!mayReadImagesOf(actor.principal, record.entityType)) {
      const { before: _b, after: _a, ...withheld } = rest;
      return { ...withheld, imagesWithheld: true };
    }
    const disclosed = () => {
      if (SENSITIVE_KINDS.includes(record.entityType as SensitiveKind) && (record.before !== undefined || record.after !== undefined))
        reads.push({
          official: { id: record.parentId ?? record.entityId, unitPath: record.unitPath, agencyId: record.agencyId },
          kinds: [record.entityType as SensitiveKind],
        });
    };
    if (personalExpiresAt === undefined) {
      disclosed();
      return rest;
    }
    const until = new Date(personalExpiresAt * 1000).toISOString();
    const personal = images.get(record.id);
    // DynamoDB deletes an expired item some time after it expires (DynamoDB Local never does): read as gone.
    if (!personal || personal.expiresAt <= nowSeconds) return { ...rest, personalData: 'expired', personalDataUntil: until };
    disclosed();
    return {
      ...rest,
      before: mergePersonal(rest.before, personal.before),
      after: mergePersonal(rest.after, personal.after),
      personalData: 'kept',
      personalDataUntil: until,
    };
  });
  await logSensitiveReads(deps, actor, 'readAudit', reads);
  return out;
}

async function readRecords(deps: UseCaseDeps, actor: Actor, query: AuditQueryInput): Promise<Page<AuditRecord>> {
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
  // Changes by default; reads of sensitive data (access records) when asked for with entityType=access. So reading the
  // log, itself logged when it shows assessments or circumstances, never shifts the pages of changes being browsed.
  // With an entityId, entityType picks the partitions read (an official's brings its children's records along).
  const ofType = (r: AuditRecord) => (query.entityType ? r.entityType === query.entityType : r.entityType !== 'access');

  if (query.entityId !== undefined) {
    const types = query.entityType ? [query.entityType] : AUDIT_ENTITY_TYPES.filter((t) => t !== 'access');
    const lists = await Promise.all(types.map((type) => deps.auditLog.listForEntity(type, query.entityId!)));
    const records = lists
      .flat()
      .filter(visible)
      .filter((r) => query.actor === undefined || r.actor.sub === query.actor)
      .sort((a, b) => (a.at === b.at ? b.id.localeCompare(a.id) : a.at < b.at ? 1 : -1));
    return pageByOffset(records, decodeOffset(query.cursor), query.limit);
  }
  const page = { limit: query.limit, cursor: query.cursor };
  const keep = (r: AuditRecord) => visible(r) && ofType(r);
  if (query.actor !== undefined) return deps.auditLog.listByActor(query.actor, range, { ...page, keep });
  const { agencyIds } = await visibleAgencies(deps.organisation, actor.principal);
  return deps.auditLog.listByAgencies(agencyIds, range, { ...page, keep });
}
