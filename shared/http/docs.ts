/**
 * `/docs`: Swagger UI over `/v1/openapi.json`. Every URL the page uses is relative to `/docs/`, so it keeps working
 * when the API sits under a base path (an API Gateway stage, a reverse proxy). The page has no inline script, so a
 * strict `script-src 'self'` Content-Security-Policy does not break it.
 */
import { Hono, type Context } from 'hono';

/** Returns an allow-listed asset's text, or undefined (see shared/adapters/docs-assets.ts). */
export type ReadDocsAsset = (file: string) => Promise<string | undefined>;

export interface DocsOptions {
  /** The OpenAPI document, relative to the `/docs/` page. */
  specUrl?: string;
}

const CONTENT_TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

/** swagger-ui-dist is pinned, but its file names carry no hash: a day, not forever. */
const ASSET_CACHE = 'public, max-age=86400';
/** The page and its initializer are tiny and change with the app: always revalidate. */
const PAGE_CACHE = 'no-cache';
const INIT_FILE = 'swagger-init.js';

function page(): string {
  return `<!doctype html>
<html lang="vi">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>luanchuyen - Tài liệu API</title>
  <link rel="stylesheet" href="./assets/swagger-ui.css">
</head>
<body>
  <div id="swagger-ui"><noscript>Trang tài liệu API cần JavaScript. Bản mô tả OpenAPI: <a href="../v1/openapi.json">/v1/openapi.json</a></noscript></div>
  <script src="./assets/swagger-ui-bundle.js"></script>
  <script src="./assets/${INIT_FILE}"></script>
</body>
</html>
`;
}

function initializer(specUrl: string): string {
  return `window.addEventListener('load', function () {
  window.ui = SwaggerUIBundle({
    url: new URL(${JSON.stringify(specUrl)}, document.baseURI).href,
    dom_id: '#swagger-ui',
    deepLinking: true,
    persistAuthorization: true,
  });
});
`;
}

/**
 * Routes to mount with `app.route('/docs', docsRoutes(readAsset))`:
 * - GET `/docs/` (and `/docs/index.html`): the Swagger UI page;
 * - GET `/docs`: a redirect to `docs/`, because the page's relative asset URLs resolve against the trailing slash;
 * - GET `/docs/assets/:file`: swagger-ui-bundle.js, swagger-ui.css (via `readAsset`) and the page's initializer.
 * Anything else falls through to the app's not-found handler.
 */
export function docsRoutes(readAsset?: ReadDocsAsset, options: DocsOptions = {}): Hono {
  const specUrl = options.specUrl ?? '../v1/openapi.json';
  const init = initializer(specUrl);
  const routes = new Hono();

  // With the parent's default strict routing, `/` matches `/docs` and the optional `index.html` segment matches
  // `/docs/`; with strict: false, `/` matches both. Either way the raw URL decides between page and redirect.
  const index = (c: Context) => {
    const url = new URL(c.req.url);
    if (!url.pathname.endsWith('/') && !url.pathname.endsWith('/index.html')) {
      // Relative, so it survives whatever base path sits in front: `/stage/docs` -> `/stage/docs/`.
      const last = url.pathname.slice(url.pathname.lastIndexOf('/') + 1);
      return c.redirect(`${last}/${url.search}`, 301);
    }
    c.header('Cache-Control', PAGE_CACHE);
    return c.html(page());
  };
  routes.get('/', index);
  routes.get('/:index{(?:index\\.html)?}', index);

  routes.get(`/assets/${INIT_FILE}`, (c) => {
    c.header('Content-Type', CONTENT_TYPES['.js']);
    c.header('Cache-Control', PAGE_CACHE);
    return c.body(init);
  });

  routes.get('/assets/:file', async (c) => {
    const file = c.req.param('file');
    const contentType = CONTENT_TYPES[file.slice(file.lastIndexOf('.'))];
    const text = contentType === undefined || readAsset === undefined ? undefined : await readAsset(file);
    if (text === undefined) return c.notFound();
    c.header('Content-Type', contentType);
    c.header('Cache-Control', ASSET_CACHE);
    return c.body(text);
  });

  return routes;
}
