/**
 * One error format everywhere: the framework's own refusals (malformed JSON, 415, 413), an unknown path (404) and a
 * known path with another method (405 with Allow) answer application/problem+json with a stable code and the request
 * id as `instance`, like every other error; validation messages are Vietnamese first; a client's x-request-id is
 * used only when it looks like an id.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app';
import { ORG, seedOrganisation } from '../support/fixtures';

let t: TestApp;
let hr: string;

beforeAll(async () => {
  t = await createTestApp();
  await seedOrganisation(t);
  hr = await t.token('hr', '*');
});

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A problem answer, checked for the shape every error shares (any code when `code` is undefined). */
async function problemOf(res: Response, status: number, code?: string) {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toContain('application/problem+json');
  const body = (await res.json()) as Record<string, any>;
  expect(body).toMatchObject({ type: expect.stringMatching(/^urn:luanchuyen:problem:/), status, code: code ?? expect.any(String) });
  expect(body.title).toEqual(expect.any(String));
  expect(body.detail).toEqual(expect.any(String));
  expect(body.instance).toBe(res.headers.get('x-request-id'));
  return body;
}

function request(method: string, path: string, init: { body?: string; type?: string; headers?: Record<string, string> } = {}) {
  return t.app.request(path, {
    method,
    headers: {
      authorization: `Bearer ${hr}`,
      ...(init.type ? { 'content-type': init.type } : {}),
      ...init.headers,
    },
    body: init.body,
  });
}

describe('problem+json for what the framework refuses', () => {
  it('malformed JSON is a 400 MALFORMED_JSON', async () => {
    const body = await problemOf(await request('POST', '/v1/officials', { body: '{"fullName": ', type: 'application/json' }), 400, 'MALFORMED_JSON');
    expect(body.detail).toContain('JSON');
  });

  it('a body that is not JSON is a 415 UNSUPPORTED_MEDIA_TYPE', async () => {
    const body = await problemOf(await request('POST', '/v1/officials', { body: 'fullName=A', type: 'text/plain' }), 415, 'UNSUPPORTED_MEDIA_TYPE');
    expect(body.detail).toContain('application/json');
  });

  it('a body over 256 KB is a 413 PAYLOAD_TOO_LARGE that asks the client to close the connection', async () => {
    const res = await request('POST', '/v1/officials', { body: JSON.stringify({ note: 'x'.repeat(300 * 1024) }), type: 'application/json' });
    expect(res.headers.get('connection')).toBe('close');
    const body = await problemOf(res, 413, 'PAYLOAD_TOO_LARGE');
    expect(body.detail).toContain('256 KB');
  });

  it('an unknown path is a 404 ROUTE_NOT_FOUND naming it', async () => {
    const body = await problemOf(await request('GET', '/v1/nowhere'), 404, 'ROUTE_NOT_FOUND');
    expect(body.detail).toContain('/v1/nowhere');
    await problemOf(await t.app.request('/elsewhere'), 404, 'ROUTE_NOT_FOUND');
  });

  it('a known path with another method is a 405 whose Allow lists exactly the methods the API documents there', async () => {
    const doc = (await (await t.app.request('/v1/openapi.json')).json()) as { paths: Record<string, object> };
    const documented = (path: string) => {
      const methods = Object.keys(doc.paths[path]).map((m) => m.toUpperCase());
      return methods.includes('GET') ? [...methods, 'HEAD'] : methods;
    };
    const cases: [method: string, url: string, documentedPath: string][] = [
      ['DELETE', '/v1/units', '/v1/units'],
      ['PUT', `/v1/units/${ORG.office}`, '/v1/units/{unitId}'],
      ['POST', '/v1/tenure/flags', '/v1/tenure/flags'],
    ];
    for (const [method, url, path] of cases) {
      const res = await request(method, url);
      const allow = res.headers.get('allow');
      const body = await problemOf(res, 405, 'METHOD_NOT_ALLOWED');
      expect(allow?.split(', ').sort(), `${method} ${url}`).toEqual(documented(path).sort());
      expect(body.detail).toContain(method);
    }
  });

  it('a wrong method on a public path still needs a token (the public routes are GET only)', async () => {
    const res = await t.app.request('/v1/health', { method: 'POST' });
    await problemOf(res, 401, 'TOKEN_MISSING');
  });
});

describe('validation messages', () => {
  it('a missing required field reads the same in the query and in the body, Vietnamese first', async () => {
    const query = await problemOf(await request('GET', `/v1/assessments?unitId=${ORG.agency}`), 400, 'VALIDATION_FAILED');
    expect(query.errors).toContainEqual({ path: 'query.period', message: 'Thiếu giá trị bắt buộc (required)' });
    const body = await problemOf(
      await request('POST', '/v1/officials', { body: JSON.stringify({ gender: 'male', unitId: ORG.office }), type: 'application/json' }),
      400,
      'VALIDATION_FAILED',
    );
    expect(body.errors).toContainEqual({ path: 'body.fullName', message: 'Thiếu giá trị bắt buộc (required)' });
    for (const e of [...query.errors, ...body.errors]) expect(e.message).not.toMatch(/^Invalid input/);
  });

  it('a missing enum or date field says it is missing, not which values or form it would take', async () => {
    const full = { fullName: 'Nguyễn Văn A', gender: 'male', dateOfBirth: '1980-01-02', unitId: ORG.office };
    for (const field of ['gender', 'dateOfBirth'] as const) {
      const { [field]: _left, ...rest } = full;
      const res = await request('POST', '/v1/officials', { body: JSON.stringify(rest), type: 'application/json' });
      const body = await problemOf(res, 400, 'VALIDATION_FAILED');
      expect(body.errors, field).toEqual([{ path: `body.${field}`, message: 'Thiếu giá trị bắt buộc (required)' }]);
    }
    // Given but wrong, they still say what they take.
    const wrong = await problemOf(
      await request('POST', '/v1/officials', { body: JSON.stringify({ ...full, gender: 'x', dateOfBirth: '2-1-1980' }), type: 'application/json' }),
      400,
      'VALIDATION_FAILED',
    );
    expect(wrong.errors).toEqual(
      expect.arrayContaining([
        { path: 'body.gender', message: expect.stringContaining('male, female') },
        { path: 'body.dateOfBirth', message: expect.stringContaining('YYYY-MM-DD') },
      ]),
    );
  });

  it('an impossible date says it does not exist; a malformed one gives the form', async () => {
    const impossible = await problemOf(await request('GET', '/v1/tenure/flags?asOf=2011-02-30'), 400, 'VALIDATION_FAILED');
    expect(impossible.errors).toEqual([{ path: 'query.asOf', message: expect.stringContaining('Ngày 2011-02-30 không tồn tại') }]);
    const malformed = await problemOf(await request('GET', '/v1/tenure/flags?asOf=2011-2-3'), 400, 'VALIDATION_FAILED');
    expect(malformed.errors).toEqual([{ path: 'query.asOf', message: expect.stringContaining('YYYY-MM-DD') }]);
  });

  it('a forged cursor is a 400 on query.cursor', async () => {
    for (const path of ['/v1/officials?cursor=abc', '/v1/tenure/flags?cursor=abc', '/v1/units?cursor=%25%25']) {
      const body = await problemOf(await request('GET', path), 400);
      expect(body.errors, path).toEqual([expect.objectContaining({ path: 'query.cursor' })]);
    }
  });

  it('a domain refusal carries the same instance as its x-request-id', async () => {
    const res = await request('GET', '/v1/officials/nobody');
    await problemOf(res, 404, 'NOT_FOUND');
  });
});

describe('x-request-id', () => {
  it("a client's id that looks like an id is echoed and recorded in the audit log", async () => {
    const id = await addOfficialWithRequestId('client-req.42');
    expect(id.requestId).toBe('client-req.42');
    expect(await auditRequestIds(id.officialId)).toContain('client-req.42');
  });

  it.each([
    ['too long', 'r'.repeat(129)],
    ['with spaces', 'a forged line'],
    ['with a quote', 'x"y'],
  ])('a client id %s is replaced by a generated one, in the answer and the audit log', async (_, offered) => {
    const id = await addOfficialWithRequestId(offered);
    expect(id.requestId).toMatch(UUID);
    const recorded = await auditRequestIds(id.officialId);
    expect(recorded).toContain(id.requestId);
    expect(recorded).not.toContain(offered);
  });
});

async function addOfficialWithRequestId(requestId: string) {
  const res = await t.call(
    'hr',
    'POST',
    '/v1/officials',
    { fullName: 'Lê Văn Cường', gender: 'male', dateOfBirth: '1980-01-01', unitId: ORG.office },
    { headers: { 'x-request-id': requestId } },
  );
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return { officialId: res.body.id as string, requestId: res.headers.get('x-request-id') };
}

async function auditRequestIds(officialId: string): Promise<string[]> {
  const res = await t.call('auditor', 'GET', `/v1/audit?entityId=${officialId}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.items.map((r: { requestId?: string }) => r.requestId);
}
