/**
 * Authentication: turns a request into a Principal. Two authenticators share one claims mapping:
 * - local: verifies an HS256 token signed by `npm run token` with the key in DATA_DIR;
 * - apiGateway: API Gateway's Cognito JWT authorizer has already verified the token; read the claims it passed on.
 * Every refusal is an AuthenticationError that says which of missing, malformed, expired, bad signature or bad
 * claims it is, so a 401 tells the caller what to fix (RFC 6750 header, Vietnamese detail).
 */
import type { Context } from 'hono';
import { jwtVerify } from 'jose';
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
function fromJoseError(error: unknown): AuthenticationError {
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
        'Mã xác thực được ký bằng thuật toán không được chấp nhận; chỉ HS256 (algorithm not allowed)',
        'Signature algorithm not allowed; HS256 only',
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
          `không do máy chủ này cấp (${claim} khác ${claim === 'iss' ? LOCAL_ISSUER : LOCAL_AUDIENCE})`,
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

/** Verifies tokens signed with the local key (`npm run token`). They must expire, within the local lifetime bound. */
export function localJwtAuthenticator(secret: Uint8Array): Authenticator {
  return async (c) => {
    const token = bearerToken(c);
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
