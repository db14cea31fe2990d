/**
 * Authentication: turns a request into a Principal. Two authenticators share one claims mapping:
 * - local: verifies an HS256 token signed by `npm run token` with the key in DATA_DIR;
 * - apiGateway: API Gateway's Cognito JWT authorizer has already verified the token; read the claims it passed on.
 * Every refusal is an AuthenticationError that says which of missing, malformed, expired, bad signature or bad
 * claims it is, so a 401 tells the caller what to fix (RFC 6750 header, Vietnamese detail).
 *
 * jose is imported on the first token verified, not with this module: in AWS API Gateway verifies the API's tokens,
 * and only a console sign-in needs it, so a cold start of the API does not load it.
 */
import type { Context } from 'hono';
import type { JWTVerifyGetKey } from 'jose';
import {
  GROUPS_CLAIM,
  LOCAL_AUDIENCE,
  LOCAL_ISSUER,
  MAX_LOCAL_TOKEN_LIFETIME_SECONDS,
  MAX_SCOPE_LENGTH,
  MAX_SUBJECT_LENGTH,
  parseScopeClaim,
  ROLES,
  type Role,
  SCOPE_CLAIM,
  subjectProblem,
} from '../auth-contract';
import type { ErrorCode } from '../domain/errors';
import type { Principal } from '../ports';

type TokenErrorCode = Extract<ErrorCode, `TOKEN_${string}`>;

/**
 * A 401. `message` is the problem's `detail` (Vietnamese first); `description` goes into the WWW-Authenticate
 * header's error_description, which RFC 6750 limits to printable ASCII.
 */
export class AuthenticationError extends Error {
  constructor(
    readonly code: TokenErrorCode,
    message: string,
    readonly description: string,
  ) {
    super(message);
    this.name = 'AuthenticationError';
  }
}

/** Returns the caller, or throws AuthenticationError (401). */
export type Authenticator = (c: Context) => Promise<Principal>;

/**
 * How the console (/console) signs a person in and verifies its session cookie (the token itself):
 * - local: a form takes a token from `npm run token` (the command the page shows), verified like the API's;
 * - cognito: Cognito's hosted UI (authorization code with PKCE) gives an ID token, verified with the pool's keys.
 */
export type ConsoleSignIn =
  | {
      mode: 'local';
      verify: TokenVerifier;
      /** `npm run -s token --` as this server needs it (with DATA_DIR when not the default); role and units follow. */
      tokenCommand: string;
    }
  | {
      mode: 'cognito';
      verify: TokenVerifier;
      /** The user pool domain, `https://<prefix>.auth.<region>.amazoncognito.com`. */
      domain: string;
      clientId: string;
      /** How the code is exchanged at the domain's /oauth2/token (a test passes its own). */
      fetch?: typeof fetch;
    };

/** The longest bearer token read: Cognito ID tokens are 1-2 KB. */
const MAX_TOKEN_LENGTH = 8192;
const MAX_EMAIL_LENGTH = 254;

function invalidClaims(vi: string, en: string): AuthenticationError {
  return new AuthenticationError(
    'TOKEN_CLAIMS_INVALID',
    `Mã xác thực không hợp lệ: ${vi} (invalid token: ${en})`,
    `Invalid token: ${en}`,
  );
}

/** Map verified claims to a principal; unknown groups are ignored, a token without a role or scope is rejected. */
export function principalFromClaims(claims: Record<string, unknown>): Principal {
  const sub = claims.sub;
  const subProblem = subjectProblem(sub);
  if (subProblem !== undefined || typeof sub !== 'string')
    throw invalidClaims(
      `chủ thể (sub) phải có, dài tối đa ${MAX_SUBJECT_LENGTH} ký tự, không chứa khoảng trắng hay #`,
      subProblem ?? 'no subject (sub)',
    );
  const groups = claims[GROUPS_CLAIM];
  if (JSON.stringify(groups ?? '').length > MAX_SCOPE_LENGTH)
    throw invalidClaims('danh sách nhóm quá dài', `${GROUPS_CLAIM} too long`);
  const roles = parseList(groups).filter((g): g is Role => (ROLES as readonly string[]).includes(g));
  if (!roles.length)
    throw invalidClaims(
      `không có vai trò nào đã biết (${ROLES.join(', ')}) trong ${GROUPS_CLAIM}`,
      `no known role in ${GROUPS_CLAIM}`,
    );
  const scope = parseScopeClaim(claims[SCOPE_CLAIM]);
  if ('problem' in scope)
    throw invalidClaims(
      `phạm vi đơn vị (${SCOPE_CLAIM}) phải là '*' hoặc danh sách mã đơn vị cách nhau bởi dấu phẩy`,
      scope.problem,
    );
  const email = claims.email;
  if (email !== undefined && (typeof email !== 'string' || email.length > MAX_EMAIL_LENGTH))
    throw invalidClaims('email không hợp lệ hoặc quá dài', 'email claim invalid or too long');
  return { sub, email, roles, scope: scope.scope };
}

/**
 * Groups arrive as arrays (local tokens, Cognito ID tokens) or, through API Gateway's authorizer context, as strings
 * such as "[hr leader]". Lenient on purpose: a group that is not a role is ignored, it grants nothing.
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
  const header = c.req.header('authorization');
  if (!header)
    throw new AuthenticationError(
      'TOKEN_MISSING',
      'Thiếu mã xác thực: gửi header Authorization: Bearer <token> (missing bearer token)',
      'Missing bearer token',
    );
  const match = /^Bearer +(\S+)$/i.exec(header.trim());
  if (!match || match[1].length > MAX_TOKEN_LENGTH || !/^[\w-]+\.[\w-]+\.[\w-]*$/.test(match[1]))
    throw new AuthenticationError(
      'TOKEN_MALFORMED',
      'Mã xác thực không đúng dạng: cần header Authorization: Bearer <JWT> (malformed bearer token)',
      'The Authorization header is not Bearer followed by a JWT',
    );
  return match[1];
}

/** What jose's verification errors mean to the caller. */
function fromJoseError(
  error: unknown,
  expected: { algorithm: string; issuer: string; audience: string } = {
    algorithm: 'HS256',
    issuer: LOCAL_ISSUER,
    audience: LOCAL_AUDIENCE,
  },
): AuthenticationError {
  const { code, claim, reason, payload } = error as { code?: string; claim?: string; reason?: string; payload?: { exp?: unknown } };
  switch (code) {
    case 'ERR_JWT_EXPIRED': {
      const at = typeof payload?.exp === 'number' ? ` lúc ${new Date(payload.exp * 1000).toISOString()}` : '';
      return new AuthenticationError(
        'TOKEN_EXPIRED',
        `Mã xác thực đã hết hạn${at}; hãy lấy mã mới (token expired)`,
        'The token has expired',
      );
    }
    case 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED':
      return new AuthenticationError(
        'TOKEN_BAD_SIGNATURE',
        'Chữ ký của mã xác thực không đúng: mã được ký bằng khoá khác, ví dụ với DATA_DIR khác của máy chủ ' +
          '(bad signature: signed with another key)',
        'Bad signature: the token was signed with another key',
      );
    case 'ERR_JOSE_ALG_NOT_ALLOWED':
    case 'ERR_JOSE_NOT_SUPPORTED':
      return new AuthenticationError(
        'TOKEN_BAD_SIGNATURE',
        `Mã xác thực được ký bằng thuật toán không được chấp nhận; chỉ ${expected.algorithm} (algorithm not allowed)`,
        `Signature algorithm not allowed; ${expected.algorithm} only`,
      );
    case 'ERR_JWT_CLAIM_VALIDATION_FAILED':
      if (claim === 'exp')
        return invalidClaims(
          'không có thời hạn (exp) hoặc thời hạn sai dạng; mọi mã phải hết hạn',
          reason === 'missing' ? 'no expiry (exp)' : 'expiry (exp) is not a number',
        );
      if (claim === 'iat')
        return invalidClaims(
          'không có thời điểm cấp (iat) hợp lệ, nên không kiểm tra được thời hạn',
          'no valid issued-at time (iat)',
        );
      if (claim === 'iss' || claim === 'aud')
        return invalidClaims(
          `không do máy chủ này cấp (${claim} khác ${claim === 'iss' ? expected.issuer : expected.audience})`,
          `unexpected ${claim}`,
        );
      if (claim === 'nbf') return invalidClaims('chưa đến thời điểm có hiệu lực (nbf)', 'not yet valid (nbf)');
      return invalidClaims(`trường ${claim ?? '?'} không hợp lệ`, `claim ${claim ?? 'unspecified'} failed (${reason ?? ''})`);
    default:
      return new AuthenticationError(
        'TOKEN_MALFORMED',
        'Mã xác thực không đọc được: không phải một JWT hợp lệ (malformed token)',
        'The token is not a well-formed JWT',
      );
  }
}

/** Verifies a token (a JWT, as a string) and returns the caller, or throws AuthenticationError. */
export type TokenVerifier = (token: string) => Promise<Principal>;

/** The token's shape before any cryptography: a JWT of bounded length. */
function assertJwtShape(token: string): void {
  if (token.length > MAX_TOKEN_LENGTH || !/^[\w-]+\.[\w-]+\.[\w-]*$/.test(token))
    throw new AuthenticationError(
      'TOKEN_MALFORMED',
      'Mã xác thực không đúng dạng: không phải một JWT (malformed token)',
      'The token is not a JWT',
    );
}

/**
 * Verifies tokens signed with the local key (`npm run token`). They must expire, within the local lifetime bound.
 * The API reads them from the Authorization header (localJwtAuthenticator), the console from its session cookie.
 */
export function localTokenVerifier(secret: Uint8Array): TokenVerifier {
  return async (token) => {
    assertJwtShape(token);
    const { jwtVerify } = await import('jose');
    let claims: Record<string, unknown>;
    try {
      ({ payload: claims } = await jwtVerify(token, secret, {
        issuer: LOCAL_ISSUER,
        audience: LOCAL_AUDIENCE,
        algorithms: ['HS256'],
        requiredClaims: ['exp', 'iat'],
      }));
    } catch (error) {
      throw fromJoseError(error);
    }
    const lifetime = (claims.exp as number) - (claims.iat as number);
    if (lifetime > MAX_LOCAL_TOKEN_LIFETIME_SECONDS)
      throw invalidClaims(
        `thời hạn (exp - iat) dài hơn ${MAX_LOCAL_TOKEN_LIFETIME_SECONDS / 86_400} ngày`,
        `lifetime (exp - iat) longer than ${MAX_LOCAL_TOKEN_LIFETIME_SECONDS / 86_400} days`,
      );
    return principalFromClaims(claims);
  };
}

/** Verifies tokens signed with the local key, sent as `Authorization: Bearer <token>`. */
export function localJwtAuthenticator(secret: Uint8Array): Authenticator {
  const verify = localTokenVerifier(secret);
  return (c) => verify(bearerToken(c));
}

export interface CognitoVerifierOptions {
  /** `https://cognito-idp.<region>.amazonaws.com/<userPoolId>`: the tokens' `iss`, and where the keys are published. */
  issuer: string;
  /** The app client the console signs in with: an ID token's `aud`. */
  clientId: string;
  /** The keys; by default the issuer's `/.well-known/jwks.json`, fetched and cached by jose. */
  keys?: JWTVerifyGetKey;
}

/**
 * Verifies a Cognito ID token the way API Gateway's JWT authorizer does for the API (RS256 with the pool's published
 * keys, issuer, audience = the client, not expired) and that it is an ID token; then the same claims mapping as
 * every other token. The console uses it for its session cookie, which API Gateway never sees.
 */
export function cognitoTokenVerifier(options: CognitoVerifierOptions): TokenVerifier {
  const issuer = options.issuer.replace(/\/+$/, '');
  // Built on the first token, once: the key set caches the keys it fetched.
  let keys = options.keys;
  return async (token) => {
    assertJwtShape(token);
    const { createRemoteJWKSet, jwtVerify } = await import('jose');
    keys ??= createRemoteJWKSet(new URL(`${issuer}/.well-known/jwks.json`));
    let claims: Record<string, unknown>;
    try {
      ({ payload: claims } = await jwtVerify(token, keys, {
        issuer,
        audience: options.clientId,
        algorithms: ['RS256'],
        requiredClaims: ['exp', 'iat'],
      }));
    } catch (error) {
      // The keys could not be read (network, timeout, a broken JWKS): the service's failure, not the caller's token.
      const code = (error as { code?: unknown }).code;
      if (typeof code !== 'string' || code === 'ERR_JWKS_TIMEOUT' || code === 'ERR_JWKS_INVALID') throw error;
      throw fromJoseError(error, { algorithm: 'RS256', issuer, audience: options.clientId });
    }
    if (claims.token_use !== 'id')
      throw invalidClaims('không phải mã định danh (ID token) của Cognito', 'not an ID token (token_use)');
    return principalFromClaims(claims);
  };
}

/**
 * Reads the claims that API Gateway's JWT authorizer verified (event.requestContext.authorizer.jwt.claims). The
 * authorizer has already checked the signature, issuer, audience and expiry; the claims mapping is still strict.
 */
export function apiGatewayAuthenticator(): Authenticator {
  return async (c) => {
    const event = (c.env as { event?: { requestContext?: { authorizer?: { jwt?: { claims?: unknown } } } } })?.event;
    const claims = event?.requestContext?.authorizer?.jwt?.claims;
    if (!claims || typeof claims !== 'object')
      throw new AuthenticationError(
        'TOKEN_MISSING',
        'Yêu cầu chưa qua bước xác thực của API Gateway (no verified token)',
        'No verified token',
      );
    return principalFromClaims(claims as Record<string, unknown>);
  };
}

/**
 * The WWW-Authenticate value for a 401 (RFC 6750 section 3): no error attribute when no token was sent, else
 * `error="invalid_token"` with a description reduced to the characters the RFC allows.
 */
export function wwwAuthenticate(error: AuthenticationError): string {
  if (error.code === 'TOKEN_MISSING') return 'Bearer realm="luanchuyen"';
  const description = error.description.replace(/[^\x20-\x21\x23-\x5B\x5D-\x7E]/g, '').slice(0, 200);
  return `Bearer realm="luanchuyen", error="invalid_token", error_description="${description}"`;
}
