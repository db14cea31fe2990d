/**
 * Smoke test through functions/api.handler with real API Gateway HTTP API (payload 2.0) events, as the JWT
 * authorizer passes them on: claims arrive as strings ("[admin]" for groups).
 */
import type { APIGatewayProxyEventV2WithJWTAuthorizer, Context } from 'aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestTable } from '../support/dynamo';

let handler: (event: unknown, context: Context) => Promise<{ statusCode: number; body: string; headers?: Record<string, string> }>;

beforeAll(async () => {
  const table = await createTestTable();
  process.env.TABLE_NAME = table.tableName;
  process.env.DYNAMODB_ENDPOINT = table.endpoint;
  process.env.AUTH_MODE = 'apigateway';
  process.env.LOG_LEVEL = 'ERROR';
  ({ handler } = (await import('../../functions/api')) as never);
});

function event(
  method: string,
  path: string,
  options: { body?: unknown; claims?: Record<string, string>; query?: string } = {},
): APIGatewayProxyEventV2WithJWTAuthorizer {
  return {
    version: '2.0',
    routeKey: path.startsWith('/v1/health') ? 'GET /v1/health' : 'ANY /v1/{proxy+}',
    rawPath: path,
    rawQueryString: options.query ?? '',
    headers: {
      host: 'abc123.execute-api.ap-southeast-1.amazonaws.com',
      'content-type': 'application/json',
      'user-agent': 'vitest',
    },
    requestContext: {
      accountId: '123456789012',
      apiId: 'abc123',
      authorizer: {
        principalId: '',
        integrationLatency: 0,
        jwt: { claims: options.claims ?? {}, scopes: [] },
      },
      domainName: 'abc123.execute-api.ap-southeast-1.amazonaws.com',
      domainPrefix: 'abc123',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '203.0.113.10', userAgent: 'vitest' },
      requestId: `req-${Math.random().toString(36).slice(2)}`,
      routeKey: 'ANY /v1/{proxy+}',
      stage: '$default',
      time: '23/Nov/2026:08:00:00 +0000',
      timeEpoch: 1795420800000,
    },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
    isBase64Encoded: false,
  } as APIGatewayProxyEventV2WithJWTAuthorizer;
}

const context = { awsRequestId: 'lambda-req-1', getRemainingTimeInMillis: () => 29_000 } as unknown as Context;
const admin = { sub: 'cognito-admin', 'cognito:groups': '[admin]', 'custom:scope': '*', email: 'admin@example.gov.vn' };

describe('functions/api.handler', () => {
  it('serves health without claims and refuses the API without them', async () => {
    const health = await handler(event('GET', '/v1/health'), context);
    expect(health.statusCode).toBe(200);
    expect(JSON.parse(health.body)).toEqual({ status: 'ok' });
    const noClaims = await handler(event('GET', '/v1/units'), context);
    expect(noClaims.statusCode).toBe(401);
  });

  it('maps Cognito claims to a principal: groups are roles, custom:scope is the unit scope', async () => {
    const created = await handler(
      event('POST', '/v1/units', { body: { id: 'LAMBDA-U', name: 'Đơn vị thử', kind: 'department' }, claims: admin }),
      context,
    );
    expect(created.statusCode, created.body).toBe(201);
    expect(JSON.parse(created.body)).toMatchObject({ id: 'LAMBDA-U', version: 1 });
    const asHr = await handler(
      event('POST', '/v1/units', { body: { name: 'X', kind: 'office' }, claims: { ...admin, 'cognito:groups': '[hr]' } }),
      context,
    );
    expect(asHr.statusCode).toBe(403);
    expect(asHr.headers?.['content-type']).toContain('application/problem+json');
    const outOfScope = await handler(
      event('GET', '/v1/units/LAMBDA-U', { claims: { ...admin, 'custom:scope': 'OTHER' } }),
      context,
    );
    expect(outOfScope.statusCode).toBe(404);
    const listed = await handler(event('GET', '/v1/units', { claims: admin, query: 'limit=5' }), context);
    expect(JSON.parse(listed.body).items.map((u: { id: string }) => u.id)).toEqual(['LAMBDA-U']);
  });
});
