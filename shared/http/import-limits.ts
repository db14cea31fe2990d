/**
 * The body limit of an import's upload (POST /v1/imports/{kind}): 5 MB, where every other request of the API gets
 * the app's general limit. Apart from the import routes (./routes/imports.ts) because the app applies it to every
 * request before it knows which route group will answer, and so without loading that group.
 */
import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { IMPORT_KINDS } from '../domain/import-kinds';
import type { AppEnv } from './env';
import { problem, problemResponse } from './problem';

/** The largest file the import route takes. */
export const IMPORT_MAX_BYTES = 5 * 1024 * 1024;

const IMPORT_PATH = new RegExp(`^/v1/imports/(?:${IMPORT_KINDS.join('|')})$`);

/** True for an import's upload, which the app's general body limit leaves to `importUploadLimit()`. */
export function isImportUpload(method: string, path: string): boolean {
  return method === 'POST' && IMPORT_PATH.test(path);
}

/** The body limit of an import's upload: 5 MB. */
export function importUploadLimit(): MiddlewareHandler<AppEnv> {
  const limit = bodyLimit({
    maxSize: IMPORT_MAX_BYTES,
    onError: (c) =>
      problemResponse(
        c,
        problem(
          413,
          `Tệp nhập vượt quá ${IMPORT_MAX_BYTES / 1024 / 1024} MB: chia nhỏ tệp, hoặc dùng npm run import (gửi theo từng phần) ` +
            `(the file is over ${IMPORT_MAX_BYTES / 1024 / 1024} MB)`,
          { code: 'PAYLOAD_TOO_LARGE' },
        ),
        // The unread body is still arriving: the client must not reuse the connection.
        { connection: 'close' },
      ),
  });
  return (c, next) => (isImportUpload(c.req.method, c.req.path) ? limit(c, next) : next());
}
