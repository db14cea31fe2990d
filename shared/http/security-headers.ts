/**
 * The headers every page a browser renders carries: the console's pages and asset (/console) and the API reference
 * (/docs). A Content-Security-Policy that allows only what the page needs (the console runs no script at all, so
 * an injected one cannot run either), no framing, no referrer, no MIME sniffing, HSTS over https, and pages
 * never cached (they hold personal data).
 */
import type { MiddlewareHandler } from 'hono';

/** The console: its own stylesheet, images inline (an SVG chart may use data: URLs), forms to itself. No script. */
export const CONSOLE_CSP = [
  "default-src 'none'",
  "style-src 'self'",
  "img-src 'self' data:",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

/**
 * Swagger UI: its bundle and initializer are files the app serves (no inline script), but it sets inline styles,
 * shows data: images, and fetches the OpenAPI document (and "Try it out" calls the API) from this origin.
 */
export const DOCS_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

/** Two years, subdomains left alone (the API may sit on a shared parent domain). */
const HSTS = 'max-age=63072000';

export interface SecurityHeaderOptions {
  /** The Content-Security-Policy (default: the console's). */
  csp?: string;
  /**
   * Origins a form may also be sent to, or redirected to after it is posted (Chrome applies form-action to the
   * redirect too): the console's sign-out in AWS ends at Cognito's /logout.
   */
  formActionOrigins?: (c: Parameters<MiddlewareHandler>[0]) => string[];
}

/** True when the browser reached us over https (directly, or through API Gateway or a proxy that says so). */
export function isHttps(c: Parameters<MiddlewareHandler>[0]): boolean {
  if (new URL(c.req.url).protocol === 'https:') return true;
  return c.req.header('x-forwarded-proto')?.split(',')[0]?.trim() === 'https';
}

/**
 * Sets the headers on the response, whatever handler or error produced it. A response that set its own
 * Cache-Control (a hashed asset, a file download) keeps it; every other one is `no-store`.
 */
export function securityHeaders(options: SecurityHeaderOptions = {}): MiddlewareHandler {
  return async (c, next) => {
    await next();
    let csp = options.csp ?? CONSOLE_CSP;
    const extra = options.formActionOrigins?.(c) ?? [];
    if (extra.length) csp = csp.replace("form-action 'self'", `form-action 'self' ${extra.join(' ')}`);
    const headers = c.res.headers;
    headers.set('Content-Security-Policy', csp);
    headers.set('Referrer-Policy', 'no-referrer');
    headers.set('X-Content-Type-Options', 'nosniff');
    headers.set('X-Frame-Options', 'DENY');
    headers.set('Cross-Origin-Opener-Policy', 'same-origin');
    headers.set('Cross-Origin-Resource-Policy', 'same-origin');
    if (!headers.has('Cache-Control')) headers.set('Cache-Control', 'no-store');
    if (isHttps(c)) headers.set('Strict-Transport-Security', HSTS);
  };
}
