/**
 * The DynamoDB actions the stack grants each function (API_TABLE_ACTIONS, ALERT_TABLE_ACTIONS in infra/stack.ts) are
 * the ones the code needs, no more and no fewer: a missing one is an AccessDenied in production that no local test
 * would see (DynamoDB Local checks no IAM), an extra one is a permission nobody uses.
 *
 * - The API function runs every store: the adapters' source is read for every SDK command and transaction entry
 *   they build, mapped to IAM actions, and compared with the API's grant.
 * - The alert function runs only runAlerts: a real run against DynamoDB Local (and aws-ses-v2-local) records every
 *   request it sends, down to each transaction entry, and each must be within the alert grant.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALERT_TABLE_ACTIONS, API_TABLE_ACTIONS } from '../../infra/stack';
import { startSesLocal, type SesLocal } from '../../scripts/lib/ses-local';
import { systemActor } from '../../shared/use-cases/policy';
import { runAlerts as runAlertsJob } from '../../shared/use-cases/run-alerts';
import { createTestApp } from '../support/app';
import { addAssignment, addOfficial, ORG, seedOrganisation } from '../support/fixtures';

const ADAPTERS = new URL('../../shared/adapters/dynamo/', import.meta.url);
/** Used only by the local runtime and the bench (table creation, readiness probe, item counts): never in Lambda. */
const LOCAL_ONLY = ['ensure-table.ts', 'read-meter.ts', 'client.ts'];

/** The IAM action each SDK command needs; TransactWrite is mapped entry by entry, below. */
const COMMAND_ACTIONS: Record<string, string> = {
  Get: 'dynamodb:GetItem',
  Query: 'dynamodb:Query',
  BatchGet: 'dynamodb:BatchGetItem',
  Put: 'dynamodb:PutItem',
  Update: 'dynamodb:UpdateItem',
  Delete: 'dynamodb:DeleteItem',
  BatchWrite: 'dynamodb:BatchWriteItem',
  Scan: 'dynamodb:Scan',
  TransactGet: 'dynamodb:GetItem',
};
const ENTRY_ACTIONS: Record<string, string> = {
  Put: 'dynamodb:PutItem',
  Update: 'dynamodb:UpdateItem',
  Delete: 'dynamodb:DeleteItem',
  ConditionCheck: 'dynamodb:ConditionCheckItem',
};

describe('the API function', () => {
  it('is granted exactly the actions of the commands and transaction entries the adapters build', () => {
    const files = readdirSync(ADAPTERS).filter((f) => f.endsWith('.ts') && !LOCAL_ONLY.includes(f));
    expect(files.length).toBeGreaterThan(5);
    const needed = new Set<string>();
    const unknown: string[] = [];
    for (const file of files) {
      const source = readFileSync(new URL(file, ADAPTERS), 'utf8');
      for (const [, command] of source.matchAll(/new (\w+)Command\(/g)) {
        if (command === 'TransactWrite') continue;
        if (COMMAND_ACTIONS[command]) needed.add(COMMAND_ACTIONS[command]);
        else unknown.push(`${file}: ${command}Command`);
      }
      // Transaction entries: `{ Put: {`, `item: { Update: {`, ...
      for (const [, entry] of source.matchAll(/\b(Put|Update|Delete|ConditionCheck): \{/g)) needed.add(ENTRY_ACTIONS[entry]);
    }
    expect(unknown, 'a command this test cannot map: add it here and to the grant').toEqual([]);
    expect([...needed].sort()).toEqual([...API_TABLE_ACTIONS].sort());
  });
});

describe('the alert function', () => {
  let ses: SesLocal;
  beforeAll(async () => {
    ses = await startSesLocal({ port: 0 });
  });
  afterAll(async () => {
    await ses?.close();
  });

  it('sends only requests its grant allows, over runs that mail, restamp, find nothing, and fail to mail', { timeout: 60_000 }, async () => {
    let now = new Date('2026-06-01T01:00:00Z');
    const t = await createTestApp({ now: () => now, env: { SES_ENDPOINT: ses.endpoint } });
    await seedOrganisation(t);
    const id = await addOfficial(t, ORG.office, { fullName: 'Nguyễn Văn An' });
    await addAssignment(t, id, { positionId: 'VP-CV', startDate: '2016-08-30' }); // due 2026-08-30: 90 days after the first run

    const sent: string[] = [];
    // Only the runs' own requests: the API calls between them (a rename, a new official) are the API function's.
    let recording = false;
    t.table.client.middlewareStack.add(
      (next, context) => async (args) => {
        if (!recording) return next(args);
        const command = String(context.commandName).replace(/Command$/, '');
        const input = args.input as { TransactItems?: Record<string, unknown>[] };
        if (command === 'TransactWriteItems')
          for (const item of input.TransactItems ?? []) sent.push(`TransactWriteItems:${Object.keys(item)[0]}`);
        else sent.push(command);
        return next(args);
      },
      { step: 'initialize', name: 'recordTableAccess' },
    );

    const actor = (n: number) => systemActor('alerts', `access-run-${n}`);
    const runAlerts = async (...args: Parameters<typeof runAlertsJob>) => {
      recording = true;
      try {
        return await runAlertsJob(...args);
      } finally {
        recording = false;
      }
    };
    const first = await runAlerts(t.deps, actor(1), { asOf: '2026-06-01' });
    expect(first.mailsSent).toBeGreaterThan(0);
    now = new Date('2026-06-02T01:00:00Z');
    // A renamed unit: the next run rewrites the stamps that read it, and deletes the task.
    expect((await t.call('admin', 'PATCH', `/v1/units/${ORG.office}`, { name: 'Văn phòng Sở (mới)' })).status).toBe(200);
    expect((await runAlerts(t.deps, actor(2), { asOf: '2026-06-02' })).mailsSent).toBe(0);
    // A refused mail: the notices are released for the next run.
    const refusing = { send: async () => Promise.reject(new Error('Maximum sending rate exceeded.')) };
    await addAssignment(t, await addOfficial(t, ORG.office, { fullName: 'Trần Thị Bình' }), {
      positionId: 'VP-CV',
      startDate: '2016-09-01', // 90 days after the third run
    });
    now = new Date('2026-06-03T01:00:00Z');
    const failed = await runAlerts({ ...t.deps, mailer: refusing }, actor(3), { asOf: '2026-06-03' });
    expect(failed.failures.length).toBeGreaterThan(0);

    const actions = new Set(
      sent.map((request) => {
        const [command, entry] = request.split(':');
        if (entry) return ENTRY_ACTIONS[entry] ?? `unknown transaction entry ${entry}`;
        // Low-level names (GetItem, Query, PutItem...) are the IAM action names.
        return `dynamodb:${command}`;
      }),
    );
    console.log(`alert runs sent ${sent.length} DynamoDB requests needing: ${[...actions].sort().join(', ')}`);
    // Each within the grant, and the grant holds nothing these runs did not need.
    expect([...actions].sort()).toEqual([...ALERT_TABLE_ACTIONS].sort());
  });
});
