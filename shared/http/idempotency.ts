/**
 * Idempotency-Key on writes: the first successful response is stored for 24 hours and replayed for the same key and
 * body; the same key with another body is a 422; a concurrent duplicate is a 409. The use case's own transaction
 * completes the record with the response (routing.ts `write`), so a crash between the change and the reply cannot
 * make a retry write twice. Failed requests release their claim so the client may retry.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import type { AppDeps, AppEnv } from './env';
import { problem, problemResponse } from './problem';

/** An in-progress claim older than this is taken over by a retry (the first attempt died before writing). */
export const IDEMPOTENCY_LEASE_SECONDS = 60;
const WRITE_METHODS = ['POST', 'PUT', 'PATCH', 'DELETE'];

export function idempotency(deps: AppDeps): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const key = c.req.header('idempotency-key');
    if (key === undefined || !WRITE_METHODS.includes(c.req.method)) return next();
    if (!/^[\x21-\x7e]{1,128}$/.test(key))
      return problemResponse(
        c,
        problem(400, 'Idempotency-Key gồm 1-128 ký tự ASCII in được (printable ASCII, at most 128)', {
          code: 'BAD_IDEMPOTENCY_KEY',
        }),
      );
    const scopedKey = `${c.get('principal').sub}#${key}`;
    const claimId = randomUUID();
    const hash = await requestHash(c);
    const existing = await deps.idempotency.begin(scopedKey, claimId, hash, IDEMPOTENCY_LEASE_SECONDS);
    if (existing) {
      if (existing.requestHash !== hash)
        return problemResponse(
          c,
          problem(422, 'Idempotency-Key này đã được dùng cho một yêu cầu khác; hãy dùng khoá mới', {
            code: 'IDEMPOTENCY_KEY_REUSED',
          }),
        );
      if (existing.status !== 'completed' || !existing.response)
        return problemResponse(
          c,
          problem(409, 'Yêu cầu với Idempotency-Key này đang được xử lý', { code: 'IDEMPOTENCY_IN_PROGRESS' }),
        );
      const { status, body, contentType } = existing.response;
      if (status === 204) return c.body(null, 204, { 'idempotent-replayed': 'true' });
      return c.body(body, status as 200, { 'content-type': contentType, 'idempotent-replayed': 'true' });
    }
    c.set('idempotency', { key: scopedKey, claimId });
    try {
      await next();
    } catch (error) {
      await deps.idempotency.release(scopedKey, claimId);
      throw error;
    }
    if (c.res.status >= 200 && c.res.status < 300) {
      // Usually done already, in the write's transaction; this covers a route whose use case stores nothing.
      await deps.idempotency.complete(scopedKey, claimId, {
        status: c.res.status,
        body: await c.res.clone().text(),
        contentType: c.res.headers.get('content-type') ?? 'application/json',
      });
    } else {
      await deps.idempotency.release(scopedKey, claimId);
    }
  };
}

async function requestHash(c: Context<AppEnv>): Promise<string> {
  // The bytes, not text: an uploaded workbook is binary, and the route reads the same bytes after this (Hono keeps
  // the body read first). For a UTF-8 body the hash is the same as of its text.
  const body = new Uint8Array(await c.req.arrayBuffer());
  return createHash('sha256').update(`${c.req.method} ${c.req.path}?${new URL(c.req.url).search}\n`).update(body).digest('hex');
}
