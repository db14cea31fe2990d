/**
 * The auth contract between the app and the infrastructure: what a token carries and which routes need none.
 * The app (shared/http), the CDK stack (infra/), the local token command (scripts/) and their tests import it from
 * here, so the claim names, the roles and the public routes cannot drift between the code that checks them and the
 * stack that provisions them. It imports only the domain's role list, nothing from HTTP, AWS or the file system.
 *
 * In AWS, API Gateway's JWT authorizer verifies a Cognito ID token that carries `cognito:groups` (the roles) and
 * `custom:scope` (the user's units); locally, `npm run token` signs an HS256 token with the same claims.
 */
import { ROLES, type Role } from './domain/types';

export { ROLES, type Role };

/** The roles, as Cognito groups: an array in the token, a string such as "[hr leader]" through API Gateway. */
export const GROUPS_CLAIM = 'cognito:groups';
/** The Cognito custom attribute holding the scope (declared without the `custom:` prefix tokens give it). */
export const SCOPE_ATTRIBUTE = 'scope';
/** The scope claim: unit ids separated by commas (each covers its subtree), or `*` alone for every unit. */
export const SCOPE_CLAIM = `custom:${SCOPE_ATTRIBUTE}`;

/** Issuer and audience of tokens signed by `npm run token` and verified by the local server. */
export const LOCAL_ISSUER = 'luanchuyen-local';
export const LOCAL_AUDIENCE = 'luanchuyen-local';

/** A local token lives at most 30 days: the token command refuses more, the local verifier refuses `exp - iat` beyond. */
export const MAX_LOCAL_TOKEN_LIFETIME_SECONDS = 30 * 24 * 60 * 60;

/** The subject goes into audit records and idempotency keys: longer is refused, not cut. */
export const MAX_SUBJECT_LENGTH = 128;
/** No whitespace, no control characters, no '#' (it separates the parts of stored keys, such as `<sub>#<key>`). */
export const SUBJECT_PATTERN = /^[^\s#\p{Cc}]+$/u;
/** The longest scope claim: also the Cognito attribute's maximum length. */
export const MAX_SCOPE_LENGTH = 2048;

/** A unit id, as every client-chosen id: 1-64 letters, digits, dot, underscore or hyphen (no '#', no space). */
export const ID_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;

/** A route API Gateway passes on without a token. Paths use API Gateway's syntax: `{proxy+}` is one or more segments. */
export interface PublicRoute {
  method: 'GET';
  path: string;
}

/**
 * The only routes anyone may call without a token: liveness, the OpenAPI document and its Swagger UI page. The
 * stack routes them without the authorizer, and the app skips authentication for them; everything else needs a token.
 */
export const PUBLIC_ROUTES: readonly PublicRoute[] = [
  { method: 'GET', path: '/v1/health' },
  { method: 'GET', path: '/v1/openapi.json' },
  { method: 'GET', path: '/docs' },
  { method: 'GET', path: '/docs/{proxy+}' },
];

/**
 * Routes API Gateway passes to the app without its JWT authorizer because the app establishes the caller itself: the
 * console's pages (shared/http/console), whose session is an HttpOnly cookie that the authorizer, reading the
 * Authorization header, cannot see. The app verifies that cookie on every request with the same key set the
 * authorizer uses; a page without a valid session goes to sign-in.
 */
export const SESSION_ROUTES: readonly { method: 'ANY'; path: string }[] = [
  { method: 'ANY', path: '/console' },
  { method: 'ANY', path: '/console/{proxy+}' },
];

function pathPattern(path: string): RegExp {
  const source = path
    .split('/')
    .map((segment) => {
      if (/^\{[A-Za-z0-9_]+\+\}$/.test(segment)) return '[^/].*';
      if (/^\{[A-Za-z0-9_]+\}$/.test(segment)) return '[^/]+';
      return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('/');
  return new RegExp(`^${source}$`);
}

const PUBLIC_PATTERNS = PUBLIC_ROUTES.map((route) => ({ method: route.method, pattern: pathPattern(route.path) }));

/**
 * True when `method path` is one of PUBLIC_ROUTES, matched as API Gateway matches them. A HEAD is the GET without
 * its body (the app answers it from the GET route), so the HEAD of a public GET route is public too.
 */
export function isPublicRoute(method: string, path: string): boolean {
  const asMethod = method === 'HEAD' ? 'GET' : method;
  return PUBLIC_PATTERNS.some((route) => route.method === asMethod && route.pattern.test(path));
}

/** Why `sub` cannot name a caller (in English, for the WWW-Authenticate header), or undefined when it can. */
export function subjectProblem(sub: unknown): string | undefined {
  if (typeof sub !== 'string' || sub === '') return 'no subject (sub)';
  if (sub.length > MAX_SUBJECT_LENGTH) return `subject (sub) longer than ${MAX_SUBJECT_LENGTH} characters`;
  if (!SUBJECT_PATTERN.test(sub)) return 'subject (sub) holds whitespace, control characters or #';
  return undefined;
}

/**
 * Reads a scope claim strictly. Accepted: `*` alone; unit ids separated by commas (`"U1,U2"`, spaces around commas
 * allowed); a JSON array of unit ids, as a claim value or a string (`["U1","U2"]`); an array as API Gateway passes
 * it on (`"[U1 U2]"`). Each id must match ID_PATTERN, and `*` must stand alone. Anything else, such as `"SKHCN *"`,
 * is a reason to refuse the token (returned in English, for the WWW-Authenticate header), never a wider scope.
 */
export function parseScopeClaim(value: unknown): { scope: string[] | '*' } | { problem: string } {
  let items: unknown[];
  if (Array.isArray(value)) {
    if (JSON.stringify(value).length > MAX_SCOPE_LENGTH)
      return { problem: `scope claim longer than ${MAX_SCOPE_LENGTH} characters` };
    items = value;
  }
  else if (typeof value === 'string') {
    if (value.length > MAX_SCOPE_LENGTH) return { problem: `scope claim longer than ${MAX_SCOPE_LENGTH} characters` };
    const text = value.trim();
    if (text.startsWith('[') && text.endsWith(']')) {
      const inner = text.slice(1, -1).trim();
      if (inner.startsWith('"')) {
        try {
          items = JSON.parse(text) as unknown[];
        } catch {
          return { problem: 'scope claim is not a valid JSON array' };
        }
      } else items = inner === '' ? [] : inner.split(/\s+/);
    } else items = text === '' ? [] : text.split(',').map((item) => item.trim());
  } else if (value === undefined || value === null) return { problem: 'token has no scope claim' };
  else return { problem: 'scope claim is neither a string nor a list' };

  if (items.length === 0) return { problem: 'scope claim is empty' };
  if (items.length === 1 && items[0] === '*') return { scope: '*' };
  if (items.includes('*')) return { problem: "'*' in the scope claim must stand alone" };
  const units: string[] = [];
  for (const item of items) {
    if (typeof item !== 'string' || !ID_PATTERN.test(item))
      return { problem: `scope claim holds an invalid unit id: ${JSON.stringify(item).slice(0, 70)}` };
    if (!units.includes(item)) units.push(item);
  }
  return { scope: units };
}

/**
 * The roles that need a second factor: Cognito withholds these groups from the tokens of a user without TOTP MFA
 * (the pre-token-generation trigger, functions/pre-token.ts), so the app never sees such a role without MFA.
 */
export const MFA_ROLES: readonly Role[] = ['leader', 'admin'];

/** The groups a token may carry: all of them with MFA, all but MFA_ROLES without. */
export function groupsForToken(groups: readonly string[], hasMfa: boolean): string[] {
  return hasMfa ? [...groups] : groups.filter((group) => !(MFA_ROLES as readonly string[]).includes(group));
}
