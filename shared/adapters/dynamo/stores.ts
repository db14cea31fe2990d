/**
 * Every DynamoDB-backed port the use cases and the HTTP edge need, built over one document client: one store per
 * aggregate. The one place that knows which adapter class serves which port: edges call this (through
 * shared/wiring.ts) and never name an adapter class themselves.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoAlertStore } from './alert-store';
import { DynamoAuditLog } from './audit-log';
import { DynamoIdempotencyStore } from './idempotency-store';
import { DynamoImportStore } from './import-store';
import { DynamoOfficialStore } from './official-store';
import { DynamoOrganisationStore } from './organisation-store';
import { DynamoProposalStore } from './proposal-store';
import { TableClient } from './table-client';

export function createDynamoStores(doc: DynamoDBDocumentClient, tableName: string, now: () => Date) {
  const table = new TableClient(doc, tableName);
  return {
    organisation: new DynamoOrganisationStore(table),
    officials: new DynamoOfficialStore(table),
    auditLog: new DynamoAuditLog(table),
    proposals: new DynamoProposalStore(table),
    alerts: new DynamoAlertStore(table),
    imports: new DynamoImportStore(table),
    idempotency: new DynamoIdempotencyStore(table, now),
  };
}

export type DynamoStores = ReturnType<typeof createDynamoStores>;
