/**
 * /docs: the Swagger UI page and its two assets, served from the installed swagger-ui-dist, and nothing else.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { fileAssetReader, swaggerUiDistDir } from '../../shared/adapters/docs-assets';
import { docsRoutes } from '../../shared/http/docs';

function appWithDocs(options: { strict?: boolean } = {}) {
  const app = new Hono({ strict: options.strict ?? true });
  app.route('/docs', docsRoutes(fileAssetReader(swaggerUiDistDir())));
  app.notFound((c) => c.json({ status: 404 }, 404));
  return app;
}

describe('docs routes', () => {
  it.each([true, false])('serve the Vietnamese page at /docs/ (strict routing %s)', async (strict) => {
    const res = await appWithDocs({ strict }).request('/docs/');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await res.text();
    expect(html).toContain('<html lang="vi">');
    expect(html).toContain('<title>luanchuyen - Tài liệu API</title>');
    // Relative, so the page works under any base path.
    expect(html).toContain('href="./assets/swagger-ui.css"');
    expect(html).toContain('src="./assets/swagger-ui-bundle.js"');
    expect(html).not.toMatch(/<script>(?!<\/script>)/);
  });

  it.each([true, false])('redirect /docs to docs/ so relative URLs resolve (strict routing %s)', async (strict) => {
    const res = await appWithDocs({ strict }).request('/docs?x=1');
    expect(res.status).toBe(301);
    expect(res.headers.get('location')).toBe('docs/?x=1');
    expect(new URL(res.headers.get('location')!, 'http://h/stage/docs?x=1').pathname).toBe('/stage/docs/');
  });

  it('render /v1/openapi.json, resolved against the page', async () => {
    const res = await appWithDocs().request('/docs/assets/swagger-init.js');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    const script = await res.text();
    expect(script).toContain('"../v1/openapi.json"');
    expect(new URL('../v1/openapi.json', 'http://localhost:3000/docs/').pathname).toBe('/v1/openapi.json');
  });

  it.each([
    ['swagger-ui-bundle.js', 'text/javascript; charset=utf-8'],
    ['swagger-ui.css', 'text/css; charset=utf-8'],
  ])('serve %s from swagger-ui-dist with its content type and a cache header', async (file, type) => {
    const res = await appWithDocs().request(`/docs/assets/${file}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(type);
    expect(res.headers.get('cache-control')).toMatch(/max-age=\d+/);
    expect(await res.text()).toBe(await readFile(join(swaggerUiDistDir(), file), 'utf8'));
  });

  it.each([
    '/docs/assets/index.html',
    '/docs/assets/package.json',
    '/docs/assets/swagger-ui.js',
    '/docs/assets/..%2Fpackage.json',
    '/docs/other',
  ])('answer 404 for %s', async (path) => {
    const res = await appWithDocs().request(path);
    expect(res.status).toBe(404);
  });

  it('answer 404 for the assets when no reader is given', async () => {
    const app = new Hono();
    app.route('/docs', docsRoutes(undefined));
    expect((await app.request('/docs/assets/swagger-ui.css')).status).toBe(404);
    expect((await app.request('/docs/')).status).toBe(200);
  });
});

describe('fileAssetReader', () => {
  it('reads only the allow-listed files', async () => {
    const read = fileAssetReader(swaggerUiDistDir());
    expect(await read('swagger-ui.css')).toContain('.swagger-ui');
    expect(await read('package.json')).toBeUndefined();
    expect(await read('../swagger-ui-dist/package.json')).toBeUndefined();
  });

  it('answers undefined for an allow-listed file missing from the directory', async () => {
    expect(await fileAssetReader('/nonexistent')('swagger-ui.css')).toBeUndefined();
  });
});
