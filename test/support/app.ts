/**
 * The real app against DynamoDB Local, one table per test file: createApp() with the real adapters, a local
 * token signer, and small request helpers. Requests go through app.request (no HTTP server).
 */
import { randomBytes } from 'node:crypto';
import { Logger } from '@aws-lambda-powertools/logger';
import { signLocalToken } from '../../scripts/lib/local-keys';
import { loadConfig } from '../../shared/config';
import { createApp } from '../../shared/http/app';
import { localJwtAuthenticator } from '../../shared/http/auth';
import type { Role } from '../../shared/domain/types';
import { buildAppDeps } from '../../shared/wiring';
import { createTestTable, type TestTable } from './dynamo';

export interface TestApp {
  app: ReturnType<typeof createApp>;
  table: TestTable;
  deps: ReturnType<typeof buildAppDeps>;
  token(role: Role, units: string[] | '*', sub?: string): Promise<string>;
  /** Call the API as a role; `body` is sent as JSON. */
  call(
    role: Role | { token: string },
    method: string,
    path: string,
    body?: unknown,
    options?: { units?: string[] | '*'; headers?: Record<string, string>; sub?: string },
  ): Promise<{ status: number; body: any; headers: Headers }>;
}

export async function createTestApp(options: { now?: () => Date } = {}): Promise<TestApp> {
  const table = await createTestTable();
  const secret = new Uint8Array(randomBytes(32));
  const config = loadConfig({
    TABLE_NAME: table.tableName,
    DYNAMODB_ENDPOINT: table.endpoint,
    AWS_REGION: 'ap-southeast-1',
    AUTH_MODE: 'local',
  });
  const deps = buildAppDeps({
    config,
    authenticator: localJwtAuthenticator(secret),
    now: options.now,
    logger: new Logger({ serviceName: 'test', logLevel: 'SILENT' as never }),
  });
  const app = createApp(deps);
  const token = (role: Role, units: string[] | '*', sub = `${role}-user`) => signLocalToken(secret, { role, units, sub });
  return {
    app,
    table,
    deps,
    token,
    async call(role, method, path, body, callOptions = {}) {
      const bearer = typeof role === 'string' ? await token(role, callOptions.units ?? '*', callOptions.sub) : role.token;
      const res = await app.request(path, {
        method,
        headers: {
          authorization: `Bearer ${bearer}`,
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...callOptions.headers,
        },
        body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      });
      const text = await res.text();
      let parsed: unknown = text;
      try {
        parsed = text ? JSON.parse(text) : undefined;
      } catch {
        // not JSON: keep the text
      }
      return { status: res.status, body: parsed, headers: res.headers };
    },
  };
}
