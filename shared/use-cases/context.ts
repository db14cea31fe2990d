/** What every use case receives: plain deps and the calling actor. No container, no decorators. */
import type { AuditRecord, Clock, Principal, Repository } from '../ports';
import { todayInHoChiMinh } from '../domain/dates';
import { ConflictError } from '../domain/errors';

export interface UseCaseDeps {
  repo: Repository;
  clock: Clock;
  newId: () => string;
  warnMonths: number;
}

export interface Actor {
  principal: Principal;
  requestId: string;
}

/** Today's calendar date in Asia/Ho_Chi_Minh, the default `asOf`. */
export function today(deps: Pick<UseCaseDeps, 'clock'>): string {
  return todayInHoChiMinh(deps.clock.now());
}

export function auditRecord(
  deps: UseCaseDeps,
  actor: Actor,
  record: Omit<AuditRecord, 'id' | 'at' | 'actor' | 'requestId'>,
): AuditRecord {
  return {
    id: deps.newId(),
    at: deps.clock.now().toISOString(),
    actor: { sub: actor.principal.sub, roles: actor.principal.roles },
    requestId: actor.requestId,
    ...record,
  };
}

/** Resolve the version a client sent in the body or If-Match (a quoted or bare integer). */
export function expectedVersion(bodyVersion: number | undefined, ifMatch: string | undefined): number | undefined {
  if (bodyVersion !== undefined) return bodyVersion;
  if (!ifMatch) return undefined;
  const n = Number(ifMatch.replace(/^W\//, '').replace(/"/g, ''));
  return Number.isInteger(n) && n > 0 ? n : undefined;
}

/** A PATCH body: every field optional, null clears it; `version` is the one the client read. */
export type Patch<T> = { [K in keyof T]?: T[K] | null } & { version?: number };

/** Apply a PATCH: keys with undefined are left alone, null clears an optional field. */
export function applyPatch<T extends object>(current: T, patch: object): T {
  const next: Record<string, unknown> = { ...(current as Record<string, unknown>) };
  for (const [key, value] of Object.entries(patch)) {
    if (key === 'version' || value === undefined) continue;
    if (value === null) delete next[key];
    else next[key] = value;
  }
  return next as T;
}

/** 409 for a client that sent a version other than the stored one: never a silent overwrite. */
export function staleVersion(current: number, sent: number): ConflictError {
  return new ConflictError(
    'STALE_VERSION',
    `Phiên bản đã cũ: bạn gửi version ${sent} nhưng bản ghi đang ở version ${current}; hãy đọc lại rồi cập nhật`,
  );
}
