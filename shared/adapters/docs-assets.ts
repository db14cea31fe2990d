/**
 * Reads the Swagger UI files that `/docs` serves. Kept out of shared/http so the HTTP layer never touches the file
 * system: the local server passes `fileAssetReader(swaggerUiDistDir())`, a Lambda may pass a reader over files
 * bundled next to it, or nothing.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** Returns the file's text, or undefined when it is not served. */
export type AssetReader = (file: string) => Promise<string | undefined>;

/** The only files served; anything else (including `../` tricks) is undefined, whatever the directory holds. */
export const DOCS_ASSET_FILES = ['swagger-ui-bundle.js', 'swagger-ui.css'] as const;

/**
 * An AssetReader over `dir` limited to DOCS_ASSET_FILES. Each file is read once and kept in memory: the bundle is
 * about 1.5 MB and does not change while the process runs.
 */
export function fileAssetReader(dir: string): AssetReader {
  const cache = new Map<string, Promise<string | undefined>>();
  const allowed: readonly string[] = DOCS_ASSET_FILES;
  return (file) => {
    if (!allowed.includes(file)) return Promise.resolve(undefined);
    let pending = cache.get(file);
    if (pending === undefined) {
      pending = readFile(join(dir, file), 'utf8').catch((error: NodeJS.ErrnoException) => {
        // A failed read is not cached, so a file that appears later is served.
        cache.delete(file);
        if (error.code === 'ENOENT') return undefined;
        throw error;
      });
      cache.set(file, pending);
    }
    return pending;
  };
}

/** The directory of the installed swagger-ui-dist package (where swagger-ui-bundle.js lives). */
export function swaggerUiDistDir(): string {
  return dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
}
