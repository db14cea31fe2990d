/** What every use case receives: plain deps and the calling actor. No container, no decorators. */
import type {
  AlertStore,
  AuditLog,
  AuditRecord,
  Clock,
  IdempotentResponse,
  ImportStore,
  Mailer,
  OfficialStore,
  OrganisationStore,
  Principal,
  ProposalStore,
  StoredResponse,
} from '../ports';
import { SYSTEM_ROLE } from '../ports';
import { todayInHoChiMinh } from '../domain/dates';
import { ConflictError } from '../domain/errors';

export interface UseCaseDeps {
  organisation: OrganisationStore;
  officials: OfficialStore;
  auditLog: AuditLog;
  proposals: ProposalStore;
  alerts: AlertStore;
  imports: ImportStore;
  mailer: Mailer;
  clock: Clock;
  newId: () => string;
  warnMonths: number;
  /** The console's address (config CONSOLE_URL): alert mails link to its pages; without it they carry no link. */
  consoleUrl?: string;
}

/**
 * An Idempotency-Key claim the request holds. A use case that writes passes `respond(result)` into its write's
 * transaction, so the response a retry replays is committed with the change itself.
 */
export interface IdempotencyClaim {
  key: string;
  claimId: string;
  respond(result: unknown): StoredResponse;
}

export interface Actor {
  principal: Principal;
  requestId: string;
  idempotency?: IdempotencyClaim;
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
  const { principal } = actor;
  return {
    id: deps.newId(),
    at: deps.clock.now().toISOString(),
    actor: {
      sub: principal.sub,
      roles: principal.roles,
      ...(principal.roles.includes(SYSTEM_ROLE) ? { system: true } : {}),
    },
    requestId: actor.requestId,
    ...record,
  };
}

/** The idempotency completion to commit with a write whose result is `result`, if the request holds a key. */
export function idempotentResponse(actor: Actor, result: unknown): IdempotentResponse | undefined {
  const claim = actor.idempotency;
  return claim ? { key: claim.key, claimId: claim.claimId, response: claim.respond(result) } : undefined;
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
