/**
 * The real app against DynamoDB Local, one table per test file: the local runtime (./dynamo.ts) with the real
 * adapters, a local token signer, and small request helpers. Requests go through app.request (no HTTP server).
 */
import type { Role } from '../../shared/domain/types';
import type { LocalRuntime } from '../../scripts/lib/local-runtime';
import { startTestRuntime, type TestTable } from './dynamo';

export interface TestApp {
  app: LocalRuntime['app'];
  table: TestTable;
  deps: LocalRuntime['deps'];
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

export async function createTestApp(
  options: { now?: () => Date; env?: Record<string, string | undefined>; newId?: () => string } = {},
): Promise<TestApp> {
  const runtime = await startTestRuntime({
    now: options.now,
    ...(options.env ? { env: options.env } : {}),
    ...(options.newId ? { newId: options.newId } : {}),
  });
  const { app, deps } = runtime;
  const token = (role: Role, units: string[] | '*', sub = `${role}-user`) => runtime.signToken({ role, units, sub });
  return {
    app,
    table: { tableName: runtime.tableName, endpoint: runtime.endpoint, client: runtime.client },
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
