/**
 * DynamoDB Local serialises transactions, so it never answers TransactionConflict; the service does when two
 * transactions touch one item (an agency's rating counts). This drives the table client's retry with a client that
 * answers as the service would.
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { DynamoOrganisationStore } from '../../shared/adapters/dynamo/organisation-store';
import { TableClient } from '../../shared/adapters/dynamo/table-client';
import { ConflictError } from '../../shared/domain/errors';

function cancelled(codes: string[]) {
  return new TransactionCanceledException({
    message: 'Transaction cancelled',
    $metadata: {},
    CancellationReasons: codes.map((Code) => ({ Code })),
  });
}

function repoAnswering(answers: (Error | undefined)[]) {
  const calls: unknown[] = [];
  const doc = {
    send: async (command: unknown) => {
      calls.push(command);
      const answer = answers.shift();
      if (answer) throw answer;
      return {};
    },
  } as unknown as DynamoDBDocumentClient;
  return { repo: new DynamoOrganisationStore(new TableClient(doc, 'table')), calls };
}

const unit = {
  id: 'U',
  name: 'U',
  kind: 'office' as const,
  hrEmails: [],
  leaderEmails: [],
  ancestors: [],
  agencyId: 'U',
  version: 1,
  createdAt: '2026-01-01T00:00:00Z',
  updatedAt: '2026-01-01T00:00:00Z',
};
const audit = {
  id: 'a',
  at: '2026-01-01T00:00:00Z',
  entityType: 'unit' as const,
  entityId: 'U',
  action: 'create' as const,
  actor: { sub: 's', roles: ['admin' as const] },
  unitPath: ['U'],
};

describe('transactions cancelled by a concurrent transaction', () => {
  it('are retried until they go through', async () => {
    const { repo, calls } = repoAnswering([cancelled(['None', 'TransactionConflict']), cancelled(['TransactionConflict', 'None'])]);
    await repo.putUnit(unit, { audit });
    expect(calls).toHaveLength(3);
  });

  it('give up with a 409 CONCURRENT_UPDATE after five attempts', async () => {
    const { repo, calls } = repoAnswering(Array.from({ length: 6 }, () => cancelled(['TransactionConflict', 'None'])));
    await expect(repo.putUnit(unit, { audit })).rejects.toMatchObject({ code: 'CONCURRENT_UPDATE' });
    expect(calls).toHaveLength(5);
  });

  it('are not retried when a condition failed, and name the most specific condition', async () => {
    const { repo, calls } = repoAnswering([cancelled(['ConditionalCheckFailed', 'TransactionConflict'])]);
    const error = await repo.putUnit(unit, { audit }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConflictError);
    expect(error).toMatchObject({ code: 'UNIT_EXISTS' });
    expect(calls).toHaveLength(1);
  });
});
