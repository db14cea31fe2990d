/**
 * The console (/console): server-rendered Vietnamese pages over the same use cases as the API, for the people who
 * do not use an API client. No script at all; plain forms that post and redirect. Order:
 * security headers (every page and the stylesheet) -> body limit -> the stylesheet and the sign-in pages (no
 * session) -> the session (a GET without one goes to sign-in; a POST must carry the session's form token and come
 * from this origin) -> the pages: the dashboard and flags list (./pages/dashboard.tsx), proposals, the unarranged
 * report. Errors are Vietnamese pages with the status the API would answer.
 */
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { securityHeaders } from '../security-headers';
import { CONSOLE_CSS, CONSOLE_CSS_FILE, CONSOLE_CSS_HASH } from './assets/console-css';
import type { ConsoleEnv } from './env';
import { consoleErrorHandler, notFoundPage, renderErrorPage } from './errors';
import { dashboardPages } from './pages/dashboard';
import { proposalPages } from './pages/proposals';
import { unarrangedPages } from './pages/unarranged';
import { resolveScopeNames } from './scope-names';
import { formActionOrigins, mountSignIn, requireSession } from './session';

/** Forms carry a few fields; the longest is a token or a note. */
const MAX_FORM_BYTES = 64 * 1024;
const ETAG = `"${CONSOLE_CSS_HASH}"`;

export function consoleRoutes(): Hono<ConsoleEnv> {
  const app = new Hono<ConsoleEnv>();
  app.onError(consoleErrorHandler);
  app.use('*', securityHeaders({ formActionOrigins }));
  app.use(
    '*',
    bodyLimit({
      maxSize: MAX_FORM_BYTES,
      onError: (c) =>
        renderErrorPage(c, {
          status: 413,
          heading: 'Dữ liệu gửi lên quá lớn',
          detail: `Biểu mẫu gửi lên vượt quá ${MAX_FORM_BYTES / 1024} KB; không có gì thay đổi.`,
        }),
    }),
  );

  // The stylesheet: its name carries its hash, so it is cached for a year and revalidated by ETag if asked.
  app.get(`/assets/${CONSOLE_CSS_FILE}`, (c) => {
    if (c.req.header('if-none-match') === ETAG) return c.body(null, 304, { etag: ETAG, 'cache-control': 'public, max-age=31536000, immutable' });
    return c.body(CONSOLE_CSS, 200, {
      'content-type': 'text/css; charset=utf-8',
      'cache-control': 'public, max-age=31536000, immutable',
      etag: ETAG,
    });
  });

  mountSignIn(app);

  app.use('*', requireSession());
  app.use('*', resolveScopeNames());
  app.route('/', dashboardPages());
  app.route('/', proposalPages());
  app.route('/', unarrangedPages());
  // Anything else under /console is the console's own 404 page (after sign-in, so it tells nothing to a stranger).
  app.all('*', notFoundPage);
  return app;
}
