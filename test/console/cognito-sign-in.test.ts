/**
 * The console's sign-in in AWS (Cognito's hosted UI, authorization code with PKCE), tested without AWS: a small HTTP
 * server on this machine plays the user pool's domain and issuer. It publishes an RS256 key as JWKS (read by jose's
 * createRemoteJWKSet, as in AWS) and answers /oauth2/token only for a code it issued, to the client and redirect URI
 * it was issued for, with the verifier whose S256 challenge the authorize request carried; the ID token it returns
 * is shaped per test (audience, expiry, nonce, token_use). The console must set a session only for a good one.
 */
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../shared/http/app';
import type { ConsoleSignIn } from '../../shared/http/auth';
import { csrfFor } from '../../shared/http/console/session';
import { consoleSignInFor } from '../../shared/wiring';
import { createTestApp, type TestApp } from '../support/app';

const CLIENT_ID = 'consoleclient123';
const ORIGIN = 'https://console.example';
const CALLBACK = `${ORIGIN}/console/auth/callback`;

let t: TestApp;
let app: ReturnType<typeof createApp>;
let pool: Server;
let domain: string;
let issuer: string;
let privateKey: CryptoKey;

interface Issued {
  challenge: string;
  redirectUri: string;
  claims: Record<string, unknown>;
}
/** Codes the fake hosted UI handed out, each with what the token endpoint must see before it answers. */
const codes = new Map<string, Issued>();
const tokenCalls: URLSearchParams[] = [];

beforeAll(async () => {
  t = await createTestApp();
  const keys = await generateKeyPair('RS256');
  privateKey = keys.privateKey;
  const jwk = { ...(await exportJWK(keys.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
  pool = createServer((req, res) => {
    const url = new URL(req.url!, domain);
    if (req.method === 'GET' && url.pathname === '/pool/.well-known/jwks.json') {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ keys: [jwk] }));
      return;
    }
    if (req.method === 'POST' && url.pathname === '/oauth2/token') {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', async () => {
        const form = new URLSearchParams(body);
        tokenCalls.push(form);
        const issued = codes.get(form.get('code') ?? '');
        const verifier = form.get('code_verifier') ?? '';
        const ok =
          issued !== undefined &&
          req.headers['content-type'] === 'application/x-www-form-urlencoded' &&
          form.get('grant_type') === 'authorization_code' &&
          form.get('client_id') === CLIENT_ID &&
          form.get('redirect_uri') === issued.redirectUri &&
          createHash('sha256').update(verifier).digest('base64url') === issued.challenge;
        codes.delete(form.get('code') ?? '');
        res.setHeader('content-type', 'application/json');
        if (!ok) {
          res.statusCode = 400;
          res.end(JSON.stringify({ error: 'invalid_grant' }));
          return;
        }
        const idToken = await new SignJWT(issued.claims).setProtectedHeader({ alg: 'RS256', kid: 'k1' }).sign(privateKey);
        res.end(JSON.stringify({ id_token: idToken, access_token: 'opaque', token_type: 'Bearer', expires_in: 3600 }));
      });
      return;
    }
    res.statusCode = 404;
    res.end();
  }).listen(0, '127.0.0.1');
  await new Promise((listening) => pool.once('listening', listening));
  domain = `http://127.0.0.1:${(pool.address() as AddressInfo).port}`;
  issuer = `${domain}/pool`;
  const signIn = consoleSignInFor({ AUTH_MODE: 'apigateway', COGNITO_DOMAIN: domain, COGNITO_CLIENT_ID: CLIENT_ID, COGNITO_ISSUER: issuer });
  app = createApp({ ...t.deps, consoleSignIn: signIn });
});

afterAll(async () => {
  await new Promise((closed) => pool?.close(closed));
});

function cookieValue(res: Response, name: string): string | undefined {
  const line = res.headers.getSetCookie().find((c) => c.startsWith(`${name}=`));
  return line === undefined ? undefined : line.slice(name.length + 1).split(';')[0];
}

/** The claims of a good ID token for a leader of DL1, with the nonce of this sign-in. */
function idClaims(nonce: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const now = Math.floor(Date.now() / 1000);
  return {
    sub: 'f3b0-leader',
    email: 'giamdoc@skhcn.example.vn',
    'cognito:groups': ['leader'],
    'custom:scope': 'DL1',
    token_use: 'id',
    iss: issuer,
    aud: CLIENT_ID,
    iat: now,
    exp: now + 3600,
    nonce,
    ...overrides,
  };
}

/** Starts a sign-in: the console's redirect to the hosted UI, and the cookie holding state, nonce and verifier. */
async function startSignIn(next = '/console/proposals') {
  const res = await app.request(`${ORIGIN}/console/auth/login?next=${encodeURIComponent(next)}`);
  expect(res.status).toBe(302);
  const authorize = new URL(res.headers.get('location')!);
  return { res, authorize, cookie: cookieValue(res, '__Host-lc_oauth')! };
}

/** The hosted UI signs the person in and sends the browser back with a code issued for the given claims. */
function issueCode(authorize: URL, claims: Record<string, unknown>): string {
  const code = `code-${codes.size}-${Math.random().toString(36).slice(2)}`;
  codes.set(code, { challenge: authorize.searchParams.get('code_challenge')!, redirectUri: authorize.searchParams.get('redirect_uri')!, claims });
  return code;
}

function callback(query: Record<string, string>, cookie?: string) {
  return app.request(`${CALLBACK}?${new URLSearchParams(query)}`, { headers: cookie ? { cookie: `__Host-lc_oauth=${cookie}` } : {} });
}

describe('sign-in through the hosted UI (authorization code with PKCE)', () => {
  it('sends a person without a session to the hosted UI with S256, state, nonce and this callback', async () => {
    const first = await app.request(`${ORIGIN}/console/proposals?status=submitted`);
    expect(first.status).toBe(303);
    expect(first.headers.get('location')).toBe('/console/auth/login?next=%2Fconsole%2Fproposals%3Fstatus%3Dsubmitted');

    const { res, authorize } = await startSignIn();
    expect(`${authorize.origin}${authorize.pathname}`).toBe(`${domain}/oauth2/authorize`);
    expect(Object.fromEntries(authorize.searchParams)).toMatchObject({
      response_type: 'code',
      client_id: CLIENT_ID,
      redirect_uri: CALLBACK,
      code_challenge_method: 'S256',
      scope: expect.stringContaining('openid'),
    });
    expect(authorize.searchParams.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    expect(authorize.searchParams.get('state')).toMatch(/^[\w-]{43}$/);
    expect(authorize.searchParams.get('nonce')).toMatch(/^[\w-]{43}$/);
    const pending = res.headers.getSetCookie().find((c) => c.startsWith('__Host-lc_oauth='))!;
    expect(pending).toMatch(/HttpOnly/);
    expect(pending).toMatch(/Secure/);
    expect(pending).toMatch(/SameSite=Lax/);
    expect(pending).toMatch(/Max-Age=600/);
    // Nothing of it is readable by the hosted UI: the verifier never leaves the cookie.
    expect(authorize.search).not.toContain(Buffer.from(cookieValue(res, '__Host-lc_oauth')!, 'base64url').toString().match(/"verifier":"([^"]+)"/)![1]);
  });

  it('exchanges the code with the verifier, verifies the ID token with the published key, and sets the session', async () => {
    const { authorize, cookie } = await startSignIn();
    const code = issueCode(authorize, idClaims(authorize.searchParams.get('nonce')!));
    const res = await callback({ code, state: authorize.searchParams.get('state')! }, cookie);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/console/proposals');
    const session = cookieValue(res, '__Host-lc_session')!;
    expect(session.split('.')).toHaveLength(3);
    expect(res.headers.getSetCookie().find((c) => c.startsWith('__Host-lc_session='))).toMatch(/HttpOnly; Secure; SameSite=Lax/);
    // The pending sign-in is used up.
    expect(cookieValue(res, '__Host-lc_oauth')).toBe('');
    expect(tokenCalls.at(-1)!.get('redirect_uri')).toBe(CALLBACK);

    const page = await app.request(`${ORIGIN}/console/proposals`, { headers: { cookie: `__Host-lc_session=${session}` } });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('giamdoc@skhcn.example.vn');
    expect(html).toContain('Vai trò: Lãnh đạo · Phạm vi: DL1');
  });

  async function refused(claims: (nonce: string) => Record<string, unknown>, status: number, says: string) {
    const { authorize, cookie } = await startSignIn();
    const code = issueCode(authorize, claims(authorize.searchParams.get('nonce')!));
    const res = await callback({ code, state: authorize.searchParams.get('state')! }, cookie);
    expect(res.status).toBe(status);
    expect(await res.text()).toContain(says);
    expect(cookieValue(res, '__Host-lc_session')).toBeUndefined();
  }

  it('refuses an ID token for another client (audience)', () =>
    refused((nonce) => idClaims(nonce, { aud: 'another-client' }), 401, 'không do máy chủ này cấp (aud khác consoleclient123)'));

  it('refuses an expired ID token', () =>
    refused((nonce) => idClaims(nonce, { iat: Math.floor(Date.now() / 1000) - 7200, exp: Math.floor(Date.now() / 1000) - 3600 }), 401, 'đã hết hạn'));

  it('refuses a token from another issuer, an access token, and one of another sign-in (nonce)', async () => {
    await refused((nonce) => idClaims(nonce, { iss: 'https://cognito-idp.ap-southeast-1.amazonaws.com/other' }), 401, 'iss khác');
    await refused((nonce) => idClaims(nonce, { token_use: 'access' }), 401, 'ID token');
    await refused(() => idClaims('someone-elses-nonce'), 401, 'nonce');
  });

  it('refuses a token signed with another key', async () => {
    const { authorize, cookie } = await startSignIn();
    const stranger = await generateKeyPair('RS256');
    const forged = await new SignJWT(idClaims(authorize.searchParams.get('nonce')!)).setProtectedHeader({ alg: 'RS256', kid: 'k1' }).sign(stranger.privateKey);
    // A token endpoint that answers with a token signed by someone else (compromised, or a confused proxy).
    const signIn = consoleSignInFor({ AUTH_MODE: 'apigateway', COGNITO_DOMAIN: domain, COGNITO_CLIENT_ID: CLIENT_ID, COGNITO_ISSUER: issuer }) as Extract<
      ConsoleSignIn,
      { mode: 'cognito' }
    >;
    const lying = createApp({
      ...t.deps,
      consoleSignIn: { ...signIn, fetch: async () => new Response(JSON.stringify({ id_token: forged }), { headers: { 'content-type': 'application/json' } }) },
    });
    const res = await lying.request(`${CALLBACK}?${new URLSearchParams({ code: 'any', state: authorize.searchParams.get('state')! })}`, {
      headers: { cookie: `__Host-lc_oauth=${cookie}` },
    });
    expect(res.status).toBe(401);
    expect(cookieValue(res, '__Host-lc_session')).toBeUndefined();
  });

  it('refuses a callback whose state does not match, or without the pending sign-in, before any code exchange', async () => {
    const { authorize, cookie } = await startSignIn();
    const code = issueCode(authorize, idClaims(authorize.searchParams.get('nonce')!));
    const calls = tokenCalls.length;
    const wrongState = await callback({ code, state: 'x'.repeat(43) }, cookie);
    expect(wrongState.status).toBe(400);
    expect(await wrongState.text()).toContain('state');
    const noCookie = await callback({ code, state: authorize.searchParams.get('state')! });
    expect(noCookie.status).toBe(400);
    expect(tokenCalls.length).toBe(calls);
    for (const res of [wrongState, noCookie]) expect(cookieValue(res, '__Host-lc_session')).toBeUndefined();
  });

  it('refuses a code the token endpoint does not accept (used twice)', async () => {
    const { authorize, cookie } = await startSignIn();
    const code = issueCode(authorize, idClaims(authorize.searchParams.get('nonce')!));
    const state = authorize.searchParams.get('state')!;
    expect((await callback({ code, state }, cookie)).status).toBe(303);
    const again = await callback({ code, state }, cookie);
    expect(again.status).toBe(400);
    expect(cookieValue(again, '__Host-lc_session')).toBeUndefined();
  });

  it('signs out at Cognito too, which the pages allow as a form target', async () => {
    const { authorize, cookie } = await startSignIn();
    const code = issueCode(authorize, idClaims(authorize.searchParams.get('nonce')!));
    const session = cookieValue(await callback({ code, state: authorize.searchParams.get('state')! }, cookie), '__Host-lc_session')!;
    const res = await app.request(`${ORIGIN}/console/sign-out`, {
      method: 'POST',
      headers: { cookie: `__Host-lc_session=${session}`, 'content-type': 'application/x-www-form-urlencoded', origin: ORIGIN },
      body: new URLSearchParams({ csrf: csrfFor(session) }),
    });
    expect(res.status).toBe(303);
    const logout = new URL(res.headers.get('location')!);
    expect(`${logout.origin}${logout.pathname}`).toBe(`${domain}/logout`);
    expect(Object.fromEntries(logout.searchParams)).toEqual({ client_id: CLIENT_ID, logout_uri: `${ORIGIN}/console/signed-out` });
    expect(cookieValue(res, '__Host-lc_session')).toBe('');
    expect(res.headers.get('content-security-policy')).toContain(`form-action 'self' ${domain}`);
  });
});
