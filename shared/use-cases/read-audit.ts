/** Who changed what and when, with the before and after images (auditors and admins). */
import type { AuditRecord, Page } from '../ports';
import type { Actor, UseCaseDeps } from './context';
import { decodeOffset, pageByOffset } from './paging';
import { canSee } from './scope';

export async function readAudit(
  deps: UseCaseDeps,
  actor: Actor,
  query: { entityId: string; limit: number; cursor?: string },
): Promise<Page<AuditRecord>> {
  const records = (await deps.repo.listAudit(query.entityId)).filter((r) => canSee(actor.principal, r.unitPath));
  return pageByOffset(records, decodeOffset(query.cursor), query.limit);
}
