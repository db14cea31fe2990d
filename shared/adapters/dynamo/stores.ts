/**
 * Every DynamoDB-backed port the use cases and the HTTP edge need, built over one document client: one store per
 * aggregate. The one place that knows which adapter class serves which port: edges call this (through
 * shared/wiring.ts) and never name an adapter class themselves.
 *
 * Each store's module (and with it the zod item schemas of ./item-schemas.ts) is imported when the store is first
 * called, not when the stores are built: building them is part of every cold start, and a request uses one or two of
 * the seven. Until then a store is a stand-in with the store's type whose every method imports the module, builds
 * the store once, and calls the same method on it (all store methods are async, so the caller sees no difference).
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { DynamoAlertStore } from './alert-store';
import type { DynamoAuditLog } from './audit-log';
import type { DynamoIdempotencyStore } from './idempotency-store';
import type { DynamoImportStore } from './import-store';
import type { DynamoOfficialStore } from './official-store';
import type { DynamoOrganisationStore } from './organisation-store';
import type { DynamoProposalStore } from './proposal-store';
import type { TableClient } from './table-client';

export function createDynamoStores(doc: DynamoDBDocumentClient, tableName: string, now: () => Date) {
  // The one table client every store shares, built with the first store (its module holds the key builders).
  let client: Promise<TableClient> | undefined;
  const table = () => (client ??= import('./table-client').then(({ TableClient }) => new TableClient(doc, tableName)));
  return {
    organisation: onFirstCall<DynamoOrganisationStore>(
      async () => new (await import('./organisation-store')).DynamoOrganisationStore(await table()),
    ),
    officials: onFirstCall<DynamoOfficialStore>(async () => new (await import('./official-store')).DynamoOfficialStore(await table())),
    auditLog: onFirstCall<DynamoAuditLog>(async () => new (await import('./audit-log')).DynamoAuditLog(await table())),
    proposals: onFirstCall<DynamoProposalStore>(async () => new (await import('./proposal-store')).DynamoProposalStore(await table())),
    alerts: onFirstCall<DynamoAlertStore>(async () => new (await import('./alert-store')).DynamoAlertStore(await table())),
    imports: onFirstCall<DynamoImportStore>(async () => new (await import('./import-store')).DynamoImportStore(await table())),
    idempotency: onFirstCall<DynamoIdempotencyStore>(
      async () => new (await import('./idempotency-store')).DynamoIdempotencyStore(await table(), now),
    ),
  };
}

export type DynamoStores = ReturnType<typeof createDynamoStores>;

/**
 * A stand-in for a store of async methods that builds the real one on its first call. Only methods exist on it:
 * reading any other property (`then` included, so it is never taken for a promise) gives undefined. A method
 * assigned to it (a test wrapping one) replaces the stand-in's, as it would on the store itself.
 */
function onFirstCall<T extends object>(build: () => Promise<T>): T {
  let store: Promise<T> | undefined;
  const methods = new Map<string, (...args: unknown[]) => Promise<unknown>>();
  return new Proxy({} as T, {
    get(target, name) {
      if (Object.hasOwn(target, name)) return (target as Record<string | symbol, unknown>)[name];
      if (typeof name !== 'string' || name === 'then') return undefined;
      let method = methods.get(name);
      if (!method) {
        method = async (...args) => {
          const real = await (store ??= build());
          const fn = (real as Record<string, unknown>)[name];
          if (typeof fn !== 'function') throw new TypeError(`The store has no method ${name}`);
          return fn.apply(real, args);
        };
        methods.set(name, method);
      }
      return method;
    },
  });
}
