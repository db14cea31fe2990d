/**
 * A 401 tells the caller what is wrong with the token (missing, malformed, expired, bad signature, bad claims), in
 * the problem's detail and in an RFC 6750 WWW-Authenticate header; local tokens must expire within the bound; the
 * scope claim is read strictly, so no malformed scope widens a caller's reach. The app is the real one; only its
 * authenticator is given a key this file knows, so it can sign the tokens a careless or hostile client would send.
 */
import { randomBytes } from 'node:crypto';
import { SignJWT, UnsecuredJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { signLocalToken } from '../../scripts/lib/local-keys';
import {
  isPublicRoute,
  LOCAL_AUDIENCE,
  LOCAL_ISSUER,
  MAX_LOCAL_TOKEN_LIFETIME_SECONDS,
  parseScopeClaim,
  PUBLIC_ROUTES,
} from '../../shared/auth-contract';
import { createApp } from '../../shared/http/app';
import { localJwtAuthenticator, principalFromClaims } from '../../shared/http/auth';
import { createTestApp, type TestApp } from '../support/app';
import { ORG, seedOrganisation } from '../support/fixtures';

let t: TestApp;
let app: ReturnType<typeof createApp>;
const secret = new Uint8Array(randomBytes(32));

beforeAll(async () => {
  t = await createTestApp();
  await seedOrganisation(t);
  app = createApp({ ...t.deps, authenticator: localJwtAuthenticator(secret) });
});

const now = () => Math.floor(Date.now() / 1000);

/** A token as `npm run token` signs it, with `claims` laid over it (undefined removes a claim). */
async function sign(claims: Record<string, unknown> = {}, key: Uint8Array = secret): Promise<string> {
  const payload: Record<string, unknown> = {
    sub: 'cb.tochuc',
    'cognito:groups': ['hr'],
    'custom:scope': '*',
    iss: LOCAL_ISSUER,
    aud: LOCAL_AUDIENCE,
    iat: now(),
    exp: now() + 3600,
    ...claims,
  };
  for (const [k, v] of Object.entries(payload)) if (v === undefined) delete payload[k];
  return new SignJWT(payload).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).sign(key);
}

function get(path: string, authorization?: string) {
  return app.request(path, { headers: authorization === undefined ? {} : { authorization } });
}

async function refused(res: Response, code: string) {
  expect(res.status).toBe(401);
  expect(res.headers.get('content-type')).toContain('application/problem+json');
  const body = (await res.json()) as { code: string; detail: string; instance: string };
  expect(body.code).toBe(code);
  expect(body.instance).toBe(res.headers.get('x-request-id'));
  return { detail: body.detail, header: res.headers.get('www-authenticate') ?? '' };
}

describe('401 reasons', () => {
  it('no token: TOKEN_MISSING, and a Bearer challenge without an error code (RFC 6750 3.1)', async () => {
    const { detail, header } = await refused(await get('/v1/officials'), 'TOKEN_MISSING');
    expect(detail).toMatch(/^Thiếu mã xác thực/);
    expect(header).toBe('Bearer realm="luanchuyen"');
  });

  it.each([
    ['not a JWT', 'Bearer not-a-jwt'],
    ['another scheme', 'Basic dXNlcjpwYXNz'],
    ['three parts whose header is not JSON', 'Bearer bm90IGpzb24.e30.c2ln'],
  ])('%s: TOKEN_MALFORMED', async (_, authorization) => {
    const { detail, header } = await refused(await get('/v1/officials', authorization), 'TOKEN_MALFORMED');
    expect(detail).toContain('không');
    expect(header).toMatch(/^Bearer realm="luanchuyen", error="invalid_token", error_description="[^"]+"$/);
  });

  it('an expired token: TOKEN_EXPIRED, saying when', async () => {
    const token = await sign({ iat: now() - 7200, exp: now() - 3600 });
    const { detail, header } = await refused(await get('/v1/officials', `Bearer ${token}`), 'TOKEN_EXPIRED');
    expect(detail).toMatch(/hết hạn lúc \d{4}-\d{2}-\d{2}T/);
    expect(header).toContain('error="invalid_token"');
    expect(header).toContain('expired');
  });

  it('a token signed with another key (another DATA_DIR): TOKEN_BAD_SIGNATURE', async () => {
    const token = await sign({}, new Uint8Array(randomBytes(32)));
    const { detail, header } = await refused(await get('/v1/officials', `Bearer ${token}`), 'TOKEN_BAD_SIGNATURE');
    expect(detail).toContain('DATA_DIR');
    expect(header).toContain('error="invalid_token"');
  });

  it('an unsigned token (alg none): TOKEN_BAD_SIGNATURE', async () => {
    const token = new UnsecuredJWT({ 'cognito:groups': ['admin'], 'custom:scope': '*' })
      .setSubject('x')
      .setIssuer(LOCAL_ISSUER)
      .setAudience(LOCAL_AUDIENCE)
      .setIssuedAt()
      .setExpirationTime('1h')
      .encode();
    await refused(await get('/v1/officials', `Bearer ${token}`), 'TOKEN_BAD_SIGNATURE');
  });

  it('every header value stays within the characters RFC 6750 allows in error_description', async () => {
    const token = await sign({ 'custom:scope': 'Đơn vị "1"' });
    const { header } = await refused(await get('/v1/officials', `Bearer ${token}`), 'TOKEN_CLAIMS_INVALID');
    const description = /error_description="(.*)"$/.exec(header)?.[1] ?? '';
    expect(description.length).toBeGreaterThan(0);
    expect(description).toMatch(/^[\x20\x21\x23-\x5B\x5D-\x7E]+$/);
  });
});

describe('token hygiene', () => {
  it('accepts the token the local signer makes, as the baseline for every case below', async () => {
    expect((await get('/v1/officials', `Bearer ${await sign()}`)).status).toBe(200);
    expect((await get('/v1/officials', `Bearer ${await signLocalToken(secret, { role: 'hr', units: '*' })}`)).status).toBe(200);
  });

  it('refuses a token without exp, saying so', async () => {
    const { detail } = await refused(await get('/v1/officials', `Bearer ${await sign({ exp: undefined })}`), 'TOKEN_CLAIMS_INVALID');
    expect(detail).toContain('exp');
  });

  it('refuses a token without iat: its lifetime cannot be checked', async () => {
    const { detail } = await refused(await get('/v1/officials', `Bearer ${await sign({ iat: undefined })}`), 'TOKEN_CLAIMS_INVALID');
    expect(detail).toContain('iat');
  });

  it('refuses a local token that lives longer than 30 days, and accepts one of exactly 30', async () => {
    const long = await sign({ iat: now(), exp: now() + MAX_LOCAL_TOKEN_LIFETIME_SECONDS + 1 });
    const { detail } = await refused(await get('/v1/officials', `Bearer ${long}`), 'TOKEN_CLAIMS_INVALID');
    expect(detail).toContain('30 ngày');
    const bounded = await sign({ iat: now(), exp: now() + MAX_LOCAL_TOKEN_LIFETIME_SECONDS });
    expect((await get('/v1/officials', `Bearer ${bounded}`)).status).toBe(200);
    await expect(signLocalToken(secret, { role: 'hr', units: '*' }, MAX_LOCAL_TOKEN_LIFETIME_SECONDS + 1)).rejects.toThrow(
      RangeError,
    );
  });

  it('refuses another issuer or audience', async () => {
    await refused(await get('/v1/officials', `Bearer ${await sign({ iss: 'someone-else' })}`), 'TOKEN_CLAIMS_INVALID');
    await refused(await get('/v1/officials', `Bearer ${await sign({ aud: 'another-app' })}`), 'TOKEN_CLAIMS_INVALID');
  });

  it('bounds the subject: 128 characters pass, 129 are refused, and so are spaces or #', async () => {
    expect((await get('/v1/officials', `Bearer ${await sign({ sub: 's'.repeat(128) })}`)).status).toBe(200);
    for (const sub of ['s'.repeat(129), 'a b', 'a#b', '', 42]) {
      const { detail } = await refused(await get('/v1/officials', `Bearer ${await sign({ sub })}`), 'TOKEN_CLAIMS_INVALID');
      expect(detail, String(sub)).toContain('sub');
    }
  });

  it('refuses a token whose groups hold no known role', async () => {
    await refused(await get('/v1/officials', `Bearer ${await sign({ 'cognito:groups': ['boss'] })}`), 'TOKEN_CLAIMS_INVALID');
  });
});

describe('the scope claim', () => {
  it("does not read 'SKHCN *' as every unit: the token is refused, with the reason", async () => {
    const { detail, header } = await refused(
      await get('/v1/officials', `Bearer ${await sign({ 'custom:scope': 'SKHCN *' })}`),
      'TOKEN_CLAIMS_INVALID',
    );
    expect(detail).toContain('custom:scope');
    expect(header).toContain('invalid unit id');
  });

  it('scopes a caller to the units it names, in every accepted form', async () => {
    const official = await t.call('hr', 'POST', '/v1/officials', {
      fullName: 'Phạm Văn Dũng',
      gender: 'male',
      dateOfBirth: '1979-04-04',
      unitId: ORG.otherOffice,
    });
    expect(official.status).toBe(201);
    const path = `/v1/officials/${official.body.id}`;
    for (const scope of [ORG.otherAgency, `${ORG.agency}, ${ORG.otherAgency}`, [ORG.otherAgency], `["${ORG.otherAgency}"]`])
      expect((await get(path, `Bearer ${await sign({ 'custom:scope': scope })}`)).status, JSON.stringify(scope)).toBe(200);
    // Out of scope reads as missing, never as every unit.
    expect((await get(path, `Bearer ${await sign({ 'custom:scope': ORG.agency })}`)).status).toBe(404);
  });

  it.each([
    ['*', '*'],
    ['U1', ['U1']],
    ['U1,U2', ['U1', 'U2']],
    [' U1 , U2 ', ['U1', 'U2']],
    ['U1,U1', ['U1']],
    [['U1', 'U2'], ['U1', 'U2']],
    [['*'], '*'],
    ['["U1","U2"]', ['U1', 'U2']],
    ['[U1 U2]', ['U1', 'U2']],
  ])('reads %j as %j', (claim, scope) => {
    expect(parseScopeClaim(claim)).toEqual({ scope });
  });

  it.each([
    ['a space inside an id', 'SKHCN *'],
    ["'*' among ids", 'U1,*'],
    ["'*' among ids in an array", ['*', 'U1']],
    ['an empty id', 'U1,,U2'],
    ['nothing', ''],
    ['an empty array', []],
    ['an id with #', 'U1#x'],
    ['an id over 64 characters', 'U'.repeat(65)],
    ['a number', 42],
    ['an array holding a number', [1]],
    ['broken JSON', '["U1",'],
    ['no claim', undefined],
    ['a claim over 2048 characters', Array.from({ length: 300 }, (_, i) => `UNIT-${i}`).join(',')],
  ])('refuses %s', (_, claim) => {
    expect(parseScopeClaim(claim)).toHaveProperty('problem');
  });
});

describe('claims passed on by API Gateway', () => {
  it('reads groups stringified as "[hr leader]" and a comma-separated scope', () => {
    expect(principalFromClaims({ sub: 'abc', 'cognito:groups': '[hr leader]', 'custom:scope': 'U1,U2' })).toEqual({
      sub: 'abc',
      email: undefined,
      roles: ['hr', 'leader'],
      scope: ['U1', 'U2'],
    });
  });

  it('refuses the same claims with a malformed scope', () => {
    expect(() => principalFromClaims({ sub: 'abc', 'cognito:groups': '[hr]', 'custom:scope': 'U1 *' })).toThrow(/custom:scope/);
  });
});

describe('public routes', () => {
  it('are the GET routes of the contract, matched as API Gateway matches them', () => {
    expect(PUBLIC_ROUTES.every((r) => r.method === 'GET')).toBe(true);
    expect(isPublicRoute('GET', '/v1/health')).toBe(true);
    expect(isPublicRoute('GET', '/docs')).toBe(true);
    expect(isPublicRoute('GET', '/docs/assets/swagger-ui.css')).toBe(true);
    expect(isPublicRoute('POST', '/v1/health')).toBe(false);
    expect(isPublicRoute('GET', '/docs/')).toBe(false);
    expect(isPublicRoute('GET', '/v1/health/x')).toBe(false);
    expect(isPublicRoute('GET', '/v1/officials')).toBe(false);
  });

  it('answer without a token in the app; nothing else does', async () => {
    expect((await get('/v1/health')).status).toBe(200);
    expect((await get('/v1/openapi.json')).status).toBe(200);
    expect((await get('/v1/units')).status).toBe(401);
  });

  it('answer HEAD as they answer GET, without a token; HEAD of any other route still needs one', async () => {
    expect(isPublicRoute('HEAD', '/v1/health')).toBe(true);
    expect(isPublicRoute('HEAD', '/v1/officials')).toBe(false);
    for (const path of ['/v1/health', '/v1/openapi.json']) {
      const res = await app.request(path, { method: 'HEAD' });
      expect(res.status, `HEAD ${path}`).toBe(200);
      expect(await res.text()).toBe('');
    }
    expect((await app.request('/v1/units', { method: 'HEAD' })).status).toBe(401);
  });
});
