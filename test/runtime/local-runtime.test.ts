/**
 * The local runtime every local edge shares (scripts/lib/local-runtime.ts) and the wiring under it: a runtime on
 * the run's DynamoDB Local serves the app on a table of its own and leaves that DynamoDB Local running when it
 * closes; AUTH_MODE decides which tokens the app trusts.
 */
import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../shared/config';
import { createApp } from '../../shared/http/app';
import { buildAppDeps } from '../../shared/wiring';
import { createTestClient, startTestRuntime } from '../support/dynamo';

describe('startLocalRuntime on a running DynamoDB Local', () => {
  it('serves the app on a table of its own, and close() leaves that DynamoDB Local running for others', async () => {
    const runtime = await startTestRuntime();
    expect(runtime.dynamo).toBeUndefined();
    expect(runtime.table).toBe('created');
    expect(runtime.config).toMatchObject({ AUTH_MODE: 'local', TABLE_NAME: runtime.tableName });
    const token = await runtime.signToken({ role: 'admin', units: '*' });
    const created = await runtime.app.request('/v1/units', {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ id: 'SKHCN', name: 'Sở Khoa học và Công nghệ', kind: 'department' }),
    });
    expect(created.status).toBe(201);

    await runtime.close();
    await runtime.close();
    const client = createTestClient(runtime.endpoint);
    try {
      expect((await client.send(new ListTablesCommand({}))).TableNames).toContain(runtime.tableName);
    } finally {
      client.destroy();
    }
  });
});

describe('AUTH_MODE', () => {
  it('apigateway: the app ignores a bearer token, even one signed with the local key, and answers 401', async () => {
    const runtime = await startTestRuntime();
    const config = loadConfig({
      TABLE_NAME: runtime.tableName,
      DYNAMODB_ENDPOINT: runtime.endpoint,
      AUTH_MODE: 'apigateway',
      LOG_LEVEL: 'ERROR',
    });
    const lambdaApp = createApp(buildAppDeps(config));
    const token = await runtime.signToken({ role: 'admin', units: '*' });
    const res = await lambdaApp.request('/v1/units', { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(401);
    // The same token against the locally wired app of the same table is accepted.
    expect((await runtime.app.request('/v1/units', { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
  });

  it('local: building the app without the local key fails at start-up, naming what is missing', () => {
    const config = loadConfig({ TABLE_NAME: 't', AUTH_MODE: 'local' });
    expect(() => buildAppDeps(config)).toThrow('AUTH_MODE=local needs the local token key');
  });

  it('defaults to apigateway, so a deployment that forgets it never trusts a locally signed token', () => {
    expect(loadConfig({ TABLE_NAME: 't' }).AUTH_MODE).toBe('apigateway');
  });
});
