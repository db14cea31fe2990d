/**
 * Authentication: turns a request into a Principal. Two authenticators share one claims mapping:
 * - local: verifies an HS256 token signed by `npm run token` with the key in DATA_DIR;
 * - apiGateway: API Gateway's Cognito JWT authorizer has already verified the token; read the claims it passed on.
 */
import type { Context } from 'hono';
import { jwtVerify } from 'jose';
import type { Role } from '../domain/types';
import { ROLES } from '../domain/types';
import type { Principal } from '../ports';
import { GROUPS_CLAIM, LOCAL_AUDIENCE, LOCAL_ISSUER, SCOPE_CLAIM } from './token-claims';

export class AuthenticationError extends Error {}

/** Returns the caller, or throws AuthenticationError (401). */
export type Authenticator = (c: Context) => Promise<Principal>;

/** Map verified claims to a principal; unknown groups are ignored, a token without a role or scope is rejected. */
export function principalFromClaims(claims: Record<string, unknown>): Principal {
  const sub = typeof claims.sub === 'string' ? claims.sub : undefined;
  if (!sub) throw new AuthenticationError('token has no subject');
  const roles = parseList(claims[GROUPS_CLAIM]).filter((g): g is Role => (ROLES as readonly string[]).includes(g));
  if (!roles.length) throw new AuthenticationError('token carries no known role');
  const scopeList = parseList(claims[SCOPE_CLAIM]);
  if (!scopeList.length) throw new AuthenticationError('token carries no unit scope');
  return {
    sub,
    email: typeof claims.email === 'string' ? claims.email : undefined,
    roles,
    scope: scopeList.includes('*') ? '*' : scopeList,
  };
}

/**
 * Claims arrive as arrays (local tokens, Cognito ID tokens) or, through API Gateway's authorizer context, as
 * strings such as "[hr leader]" or "U1,U2".
 */
function parseList(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String).map((s) => s.trim()).filter(Boolean);
  if (typeof value !== 'string') return [];
  return value
    .replace(/^\[|\]$/g, '')
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

function bearerToken(c: Context): string {
  const header = c.req.header('authorization') ?? '';
  const match = /^Bearer\s+(.+)$/i.exec(header);
  if (!match) throw new AuthenticationError('missing bearer token');
  return match[1];
}

/** Verifies tokens signed with the local key (`npm run token`). */
export function localJwtAuthenticator(secret: Uint8Array): Authenticator {
  return async (c) => {
    const token = bearerToken(c);
    try {
      const { payload } = await jwtVerify(token, secret, {
        issuer: LOCAL_ISSUER,
        audience: LOCAL_AUDIENCE,
        algorithms: ['HS256'],
      });
      return principalFromClaims(payload);
    } catch (error) {
      if (error instanceof AuthenticationError) throw error;
      throw new AuthenticationError('invalid token');
    }
  };
}

/** Reads the claims that API Gateway's JWT authorizer verified (event.requestContext.authorizer.jwt.claims). */
export function apiGatewayAuthenticator(): Authenticator {
  return async (c) => {
    const event = (c.env as { event?: { requestContext?: { authorizer?: { jwt?: { claims?: unknown } } } } })?.event;
    const claims = event?.requestContext?.authorizer?.jwt?.claims;
    if (!claims || typeof claims !== 'object') throw new AuthenticationError('request was not authorized');
    return principalFromClaims(claims as Record<string, unknown>);
  };
}
