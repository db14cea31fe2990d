/**
 * Who is signed in to the console, and the protection of its forms.
 *
 * - The session is the token itself in the cookie `__Host-lc_session` (HttpOnly, Secure, SameSite=Lax, Path=/,
 *   Max-Age bounded by the token's exp), verified on every request as the API verifies a bearer token: the local
 *   key's HS256 tokens locally, Cognito's ID tokens (the pool's keys) in AWS.
 * - Sign-in: locally a form takes a token from `npm run token`; in AWS, Cognito's hosted UI with the authorization
 *   code and PKCE (S256), `state`, `nonce` and the verifier kept for ten minutes in an HttpOnly cookie.
 * - CSRF: every POST form carries `csrf` = base64url(SHA-256("csrf\0" + session token)), which a third party cannot
 *   compute (the cookie is HttpOnly); a POST without it, or sent from another origin (`Origin`), is refused before
 *   anything is read or changed. The sign-in form, before any session, carries a double-submit cookie's value.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { decodeJwt } from 'jose';
import { ForbiddenError } from '../../domain/errors';
import { AuthenticationError, type ConsoleSignIn } from '../auth';
import { isHttps } from '../security-headers';
import type { ConsoleEnv } from './env';
import { renderErrorPage } from './errors';
import { BarePage, CONSOLE_BASE, FlashMessage, type Flash } from './layout';

/** `__Host-lc_session`: hono/cookie adds the prefix and enforces what it requires (Secure, Path=/, no Domain). */
export const SESSION_COOKIE = 'lc_session';
const PRESESSION_COOKIE = 'lc_presession';
const OAUTH_COOKIE = 'lc_oauth';
/** The full names, as a browser stores them. */
export const COOKIE_NAMES = {
  session: `__Host-${SESSION_COOKIE}`,
  presession: `__Host-${PRESESSION_COOKIE}`,
  oauth: `__Host-${OAUTH_COOKIE}`,
} as const;

/** A sign-in under way (hosted UI and back) or a sign-in form left open: ten minutes, then start again. */
const PENDING_SIGN_IN_SECONDS = 600;
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const FORM_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data'];

/** The hidden form field of a signed-in caller. */
export function csrfFor(sessionToken: string): string {
  return createHash('sha256').update(`csrf\0${sessionToken}`).digest('base64url');
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function randomToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * Where to go after signing in: a path of the console on this origin (`/console...`), never another site, a
 * protocol-relative URL or a backslash trick; anything else is the dashboard.
 */
export function safeNext(next: unknown): string {
  const fallback = `${CONSOLE_BASE}/`;
  if (typeof next !== 'string' || next.length > 2000 || !next.startsWith('/') || /[\\\s\p{Cc}]/u.test(next)) return fallback;
  if (next.startsWith('//')) return fallback;
  let url: URL;
  try {
    url = new URL(next, 'http://console.invalid');
  } catch {
    return fallback;
  }
  if (url.origin !== 'http://console.invalid') return fallback;
  if (url.pathname !== CONSOLE_BASE && !url.pathname.startsWith(`${CONSOLE_BASE}/`)) return fallback;
  return `${url.pathname}${url.search}`;
}

function cookieOptions(maxAge: number, sameSite: 'Lax' | 'Strict' = 'Lax') {
  return { prefix: 'host' as const, path: '/', secure: true, httpOnly: true, sameSite, maxAge: Math.max(0, Math.floor(maxAge)) };
}

/**
 * Seconds until the token's exp (the cookie must not outlive it), by the real clock: the one the token's verifier
 * reads (the deps' clock is the business date a test or the bench may fix).
 */
function secondsLeft(token: string): number {
  const { exp } = decodeJwt(token);
  return typeof exp === 'number' ? exp - Math.floor(Date.now() / 1000) : 0;
}

function setSession(c: Context<ConsoleEnv>, token: string): void {
  setCookie(c, SESSION_COOKIE, token, cookieOptions(secondsLeft(token)));
}

function clearCookie(c: Context<ConsoleEnv>, name: string): void {
  deleteCookie(c, name, { prefix: 'host', path: '/', secure: true });
}

/** The origin the browser sees (the Lambda adapter builds https://<domainName>; a local server, its Host). */
function originOf(c: Context): string {
  const url = new URL(c.req.url);
  return isHttps(c) ? `https://${url.host}` : url.origin;
}

/**
 * Refuses a state-changing request sent from another origin, or one that is not a form. The browser says where a
 * request comes from in `Sec-Fetch-Site` (every current browser) and `Origin`. Under `Referrer-Policy: no-referrer`,
 * which every console page sends, a browser posts even a same-origin form with `Origin: null`: that alone is not a
 * refusal (the form token still has to match), but any named origin other than this one is.
 */
function assertSameOriginForm(c: Context<ConsoleEnv>): void {
  const site = c.req.header('sec-fetch-site');
  const origin = c.req.header('origin');
  if ((site !== undefined && site !== 'same-origin') || (origin !== undefined && origin !== 'null' && origin !== originOf(c)))
    throw new ForbiddenError('Yêu cầu gửi từ một trang khác bị từ chối; không có gì thay đổi (cross-origin request refused)');
  const type = (c.req.header('content-type') ?? '').split(';')[0].trim().toLowerCase();
  if (!FORM_TYPES.includes(type))
    throw new ForbiddenError('Yêu cầu không phải là biểu mẫu của bảng điều khiển; không có gì thay đổi (not a form post)');
}

/** The posted form, read once (hono caches it for the handler). */
export async function formOf(c: Context<ConsoleEnv>): Promise<Record<string, string | string[]>> {
  const body = await c.req.parseBody({ all: true });
  const form: Record<string, string | string[]> = {};
  for (const [key, value] of Object.entries(body)) {
    if (typeof value === 'string') form[key] = value;
    else if (Array.isArray(value)) form[key] = value.filter((v): v is string => typeof v === 'string');
  }
  return form;
}

export function field(form: Record<string, string | string[]>, name: string): string | undefined {
  const value = form[name];
  return Array.isArray(value) ? value[0] : value;
}

export function fields(form: Record<string, string | string[]>, name: string): string[] {
  const value = form[name];
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

const CSRF_REFUSED =
  'Biểu mẫu không hợp lệ hoặc đã cũ (thiếu mã chống giả mạo yêu cầu); không có gì thay đổi. Hãy tải lại trang rồi thử lại ' +
  '(CSRF token missing or wrong)';

/**
 * The console's pages need a session: without one a GET goes to sign-in (and comes back after), anything else is
 * refused. A POST must come from this origin with the session's form token.
 */
export function requireSession(): MiddlewareHandler<ConsoleEnv> {
  return async (c, next) => {
    const signIn = c.var.deps.consoleSignIn;
    if (!signIn) return notConfigured(c);
    const token = getCookie(c, SESSION_COOKIE, 'host');
    let expired = false;
    if (token) {
      try {
        const principal = await signIn.verify(token);
        c.set('principal', principal);
        c.set('csrf', csrfFor(token));
      } catch (error) {
        if (!(error instanceof AuthenticationError)) throw error;
        clearCookie(c, SESSION_COOKIE);
        expired = true;
      }
    }
    if (!c.get('principal')) {
      const back = `${c.req.path}${new URL(c.req.url).search}`;
      if (SAFE_METHODS.has(c.req.method)) return c.redirect(signInUrl(signIn, back, expired), 303);
      return renderErrorPage(c, {
        status: 401,
        heading: 'Cần đăng nhập lại',
        detail: expired
          ? 'Phiên đăng nhập đã hết hạn nên thao tác chưa được thực hiện. Hãy đăng nhập lại rồi làm lại.'
          : 'Bạn chưa đăng nhập nên thao tác chưa được thực hiện.',
        back: { href: signInUrl(signIn, `${CONSOLE_BASE}/`, false), label: 'Đăng nhập' },
      });
    }
    if (!SAFE_METHODS.has(c.req.method)) {
      assertSameOriginForm(c);
      const sent = field(await formOf(c), 'csrf');
      if (sent === undefined || !sameSecret(sent, c.get('csrf'))) throw new ForbiddenError(CSRF_REFUSED);
    }
    await next();
  };
}

function signInUrl(signIn: ConsoleSignIn, next: string, expired: boolean): string {
  const query = new URLSearchParams({ next: safeNext(next) });
  if (expired) query.set('reason', 'expired');
  return `${CONSOLE_BASE}/${signIn.mode === 'cognito' ? 'auth/login' : 'sign-in'}?${query}`;
}

function notConfigured(c: Context<ConsoleEnv>) {
  return renderErrorPage(c, {
    status: 503,
    heading: 'Chưa cấu hình đăng nhập',
    detail:
      'Máy chủ này chưa được cấu hình để đăng nhập vào bảng điều khiển (thiếu COGNITO_DOMAIN, COGNITO_CLIENT_ID, ' +
      'COGNITO_ISSUER). API /v1 vẫn hoạt động với mã xác thực.',
    back: { href: '/docs/', label: 'Tài liệu API' },
  });
}

const REASONS: Record<string, Flash> = {
  expired: { kind: 'warn', text: 'Phiên đăng nhập đã hết hạn. Hãy đăng nhập lại.' },
  'signed-out': { kind: 'ok', text: 'Bạn đã đăng xuất.' },
};

/** http on a host other than this machine: the browser will not keep a Secure cookie, so sign-in cannot stick. */
function insecureOrigin(c: Context): boolean {
  if (isHttps(c)) return false;
  const host = new URL(c.req.url).hostname;
  return !['localhost', '127.0.0.1', '[::1]'].includes(host) && !host.endsWith('.localhost');
}

function SignInPage(props: {
  signIn: ConsoleSignIn;
  next: string;
  csrf?: string;
  flash?: Flash;
  insecure: boolean;
}) {
  const { signIn } = props;
  return (
    <BarePage title="Đăng nhập">
      <div class="sign-in">
        <h1>Đăng nhập bảng điều khiển</h1>
        <FlashMessage flash={props.flash} />
        {props.insecure && (
          <div class="flash warn" role="alert">
            Trang đang mở qua http trên một máy khác: trình duyệt sẽ không lưu phiên đăng nhập. Hãy mở qua https, hoặc
            qua http://localhost trên chính máy chạy máy chủ.
          </div>
        )}
        {signIn.mode === 'cognito' ? (
          <div class="card">
            <p>Đăng nhập bằng tài khoản được cấp (email và mật khẩu) trên trang đăng nhập của hệ thống.</p>
            <p>
              <a class="btn primary" href={`${CONSOLE_BASE}/auth/login?${new URLSearchParams({ next: props.next })}`}>
                Đăng nhập
              </a>
            </p>
          </div>
        ) : (
          <form method="post" action={`${CONSOLE_BASE}/sign-in`} class="card">
            <input type="hidden" name="csrf" value={props.csrf} />
            <input type="hidden" name="next" value={props.next} />
            <div class="field">
              <label for="token">Mã xác thực (token)</label>
              <span class="hint" id="token-hint">
                Máy chủ chạy trên máy này: lấy mã bằng lệnh dưới đây trong thư mục dự án, rồi dán dòng nó in ra vào ô
                này. Vai trò <code>hr</code> lập và trình đề xuất; <code>leader</code> duyệt và thực hiện; thay{' '}
                <code>'*'</code> bằng mã đơn vị (ví dụ <code>SKHCN</code>) để giới hạn phạm vi.
              </span>
              <pre class="command">
                <code>{`${signIn.tokenCommand} --role hr --units '*'`}</code>
              </pre>
              <pre class="command">
                <code>{`${signIn.tokenCommand} --role leader --units '*'`}</code>
              </pre>
              <input
                type="password"
                id="token"
                name="token"
                required
                autocomplete="off"
                spellcheck={false}
                aria-describedby="token-hint"
              />
            </div>
            <button type="submit" class="btn primary">
              Đăng nhập
            </button>
          </form>
        )}
      </div>
    </BarePage>
  );
}

function renderSignIn(c: Context<ConsoleEnv>, signIn: ConsoleSignIn, next: string, flash: Flash | undefined, status: 200 | 401 = 200) {
  let csrf: string | undefined;
  if (signIn.mode === 'local') {
    csrf = randomToken();
    setCookie(c, PRESESSION_COOKIE, csrf, cookieOptions(PENDING_SIGN_IN_SECONDS, 'Strict'));
  }
  return c.html(
    <SignInPage signIn={signIn} next={next} csrf={csrf} flash={flash} insecure={insecureOrigin(c)} />,
    status,
  );
}

interface PendingSignIn {
  state: string;
  nonce: string;
  verifier: string;
  next: string;
}

function readPending(value: string | undefined): PendingSignIn | undefined {
  if (!value) return undefined;
  try {
    const parsed = JSON.parse(Buffer.from(value, 'base64url').toString('utf8')) as Partial<PendingSignIn>;
    if ([parsed.state, parsed.nonce, parsed.verifier, parsed.next].every((v) => typeof v === 'string')) return parsed as PendingSignIn;
  } catch {
    // unreadable: treated as absent
  }
  return undefined;
}

function callbackUrl(c: Context): string {
  return `${originOf(c)}${CONSOLE_BASE}/auth/callback`;
}

/** Sign-in, the hosted UI's way back, sign-out. Mounted without the session middleware. */
export function mountSignIn(app: import('hono').Hono<ConsoleEnv>): void {
  app.get('/sign-in', (c) => {
    const signIn = c.var.deps.consoleSignIn;
    if (!signIn) return notConfigured(c);
    return renderSignIn(c, signIn, safeNext(c.req.query('next')), REASONS[c.req.query('reason') ?? '']);
  });

  app.post('/sign-in', async (c) => {
    const signIn = c.var.deps.consoleSignIn;
    if (!signIn) return notConfigured(c);
    if (signIn.mode !== 'local')
      return c.redirect(`${CONSOLE_BASE}/auth/login?${new URLSearchParams({ next: `${CONSOLE_BASE}/` })}`, 303);
    assertSameOriginForm(c);
    const form = await formOf(c);
    const expected = getCookie(c, PRESESSION_COOKIE, 'host');
    const sent = field(form, 'csrf');
    if (!expected || !sent || !sameSecret(sent, expected))
      return renderErrorPage(c, {
        status: 403,
        heading: 'Không có quyền thực hiện',
        detail: 'Biểu mẫu đăng nhập không hợp lệ hoặc đã quá 10 phút; hãy mở lại trang đăng nhập (CSRF).',
        back: { href: `${CONSOLE_BASE}/sign-in`, label: 'Mở lại trang đăng nhập' },
      });
    clearCookie(c, PRESESSION_COOKIE);
    const next = safeNext(field(form, 'next'));
    const token = (field(form, 'token') ?? '').trim().replace(/^Bearer\s+/i, '');
    if (!token) return renderSignIn(c, signIn, next, { kind: 'error', text: 'Hãy dán mã xác thực vào ô bên dưới.' }, 401);
    try {
      await signIn.verify(token);
    } catch (error) {
      if (!(error instanceof AuthenticationError)) throw error;
      return renderSignIn(c, signIn, next, { kind: 'error', text: `Không đăng nhập được: ${error.message}` }, 401);
    }
    setSession(c, token);
    return c.redirect(next, 303);
  });

  app.get('/auth/login', (c) => {
    const signIn = c.var.deps.consoleSignIn;
    if (!signIn) return notConfigured(c);
    const next = safeNext(c.req.query('next'));
    if (signIn.mode !== 'cognito') return c.redirect(`${CONSOLE_BASE}/sign-in?${new URLSearchParams({ next })}`, 303);
    const pending: PendingSignIn = { state: randomToken(), nonce: randomToken(), verifier: randomToken(), next };
    setCookie(c, OAUTH_COOKIE, Buffer.from(JSON.stringify(pending)).toString('base64url'), cookieOptions(PENDING_SIGN_IN_SECONDS));
    const query = new URLSearchParams({
      response_type: 'code',
      client_id: signIn.clientId,
      redirect_uri: callbackUrl(c),
      scope: 'openid email',
      state: pending.state,
      nonce: pending.nonce,
      code_challenge: createHash('sha256').update(pending.verifier).digest('base64url'),
      code_challenge_method: 'S256',
    });
    return c.redirect(`${signIn.domain}/oauth2/authorize?${query}`, 302);
  });

  app.get('/auth/callback', async (c) => {
    const signIn = c.var.deps.consoleSignIn;
    if (!signIn || signIn.mode !== 'cognito') return notConfigured(c);
    const pending = readPending(getCookie(c, OAUTH_COOKIE, 'host'));
    clearCookie(c, OAUTH_COOKIE);
    const again = { href: `${CONSOLE_BASE}/auth/login?${new URLSearchParams({ next: pending?.next ?? `${CONSOLE_BASE}/` })}`, label: 'Đăng nhập lại' };
    const refuse = (status: 400 | 401, detail: string) => renderErrorPage(c, { status, heading: 'Không đăng nhập được', detail, back: again });
    const { code, state, error } = c.req.query();
    if (error) return refuse(400, `Trang đăng nhập trả về lỗi: ${error.slice(0, 100)}. Hãy thử lại.`);
    if (!pending || !state || !sameSecret(state, pending.state))
      return refuse(400, 'Lượt đăng nhập không khớp hoặc đã quá 10 phút (state); không có gì được ghi nhận. Hãy đăng nhập lại.');
    if (!code || code.length > 2048) return refuse(400, 'Thiếu mã cấp quyền (code) từ trang đăng nhập. Hãy đăng nhập lại.');

    const response = await (signIn.fetch ?? fetch)(`${signIn.domain}/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        client_id: signIn.clientId,
        code,
        redirect_uri: callbackUrl(c),
        code_verifier: pending.verifier,
      }),
      signal: AbortSignal.timeout(10_000),
    });
    if (response.status >= 500) throw new Error(`Cognito token endpoint answered ${response.status}`);
    const tokens = (await response.json().catch(() => ({}))) as { id_token?: unknown };
    if (!response.ok || typeof tokens.id_token !== 'string')
      return refuse(400, 'Mã cấp quyền không đổi được lấy mã định danh (đã dùng rồi hoặc đã hết hạn). Hãy đăng nhập lại.');
    const idToken = tokens.id_token;
    try {
      await signIn.verify(idToken);
    } catch (failure) {
      if (!(failure instanceof AuthenticationError)) throw failure;
      return refuse(401, failure.message);
    }
    const nonce = decodeJwt(idToken).nonce;
    if (typeof nonce !== 'string' || !sameSecret(nonce, pending.nonce))
      return refuse(401, 'Mã định danh không thuộc lượt đăng nhập này (nonce). Hãy đăng nhập lại.');
    setSession(c, idToken);
    return c.redirect(safeNext(pending.next), 303);
  });

  app.post('/sign-out', async (c) => {
    const signIn = c.var.deps.consoleSignIn;
    const token = getCookie(c, SESSION_COOKIE, 'host');
    if (token) {
      assertSameOriginForm(c);
      const sent = field(await formOf(c), 'csrf');
      if (sent === undefined || !sameSecret(sent, csrfFor(token))) throw new ForbiddenError(CSRF_REFUSED);
    }
    clearCookie(c, SESSION_COOKIE);
    if (signIn?.mode === 'cognito') {
      const query = new URLSearchParams({ client_id: signIn.clientId, logout_uri: `${originOf(c)}${CONSOLE_BASE}/signed-out` });
      return c.redirect(`${signIn.domain}/logout?${query}`, 303);
    }
    return c.redirect(`${CONSOLE_BASE}/signed-out`, 303);
  });

  app.get('/signed-out', (c) =>
    c.html(
      <BarePage title="Đã đăng xuất">
        <div class="sign-in">
          <h1>Bạn đã đăng xuất</h1>
          <p>Phiên đăng nhập trên trình duyệt này đã được xoá.</p>
          <p>
            <a class="btn primary" href={`${CONSOLE_BASE}/sign-in`}>
              Đăng nhập lại
            </a>
          </p>
        </div>
      </BarePage>,
    ),
  );
}

/** The origins a console form may end at besides this one: Cognito's /logout after sign-out. */
export function formActionOrigins(c: Context): string[] {
  const signIn = (c as Context<ConsoleEnv>).var.deps?.consoleSignIn;
  return signIn?.mode === 'cognito' ? [new URL(signIn.domain).origin] : [];
}
