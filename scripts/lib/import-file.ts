/**
 * The work of `npm run import` (scripts/import.ts): a file of any size validated whole with the domain's parser, then
 * sent through the API in chunks (POST /v1/imports/{kind}), so it goes through the same use cases, against the local
 * server or a deployed stack alike.
 *
 * - The rows of one official stay in one chunk (their writes are in turn; chunks run in parallel, a few at a time,
 *   through the ApiLoader), and each chunk is the template as CSV: a title line, the headers, the valid rows.
 * - Only valid rows are sent. The server's report of a chunk is mapped back to the rows of the file.
 * - Every row is idempotent on the server, so a re-run skips what is there; with `resume`, the chunks a previous run
 *   of the same file completed without a refusal are not even sent again.
 * - A chunk the server did not answer (a network error, a 5xx, throttling) is sent again, up to three times; any
 *   other refusal of a whole chunk (a token, a role) stops the import.
 */
import { createHash } from 'node:crypto';
import { parseImportFile, type ImportError, type ParsedRow } from '../../shared/domain/import-parsing';
import { TEMPLATE_COLUMNS, templateRow, type ImportKind } from '../../shared/domain/import-templates';
import { writeCsv } from '../../shared/http/documents/csv';
import { readCsv } from '../../shared/http/documents/read-csv';
import { readXlsx } from '../../shared/http/documents/read-xlsx';
import { ApiCallError, ApiLoader, type ApiCall } from './api-loader';

/** Rows per request: well inside the route's 5,000 rows and API Gateway's 30 seconds. */
export const DEFAULT_CHUNK_ROWS = 500;
/** Requests in flight at once; each writes several officials at a time on the server. */
export const DEFAULT_CONCURRENCY = 2;
const ATTEMPTS = 3;

export interface ChunkRecord {
  index: number;
  /** The file's rows in the chunk (an official's rows stay together): the lowest and the highest. */
  firstRow: number;
  lastRow: number;
  rows: number;
  /** Of the chunk's CSV: a resumed run skips a chunk it completed before, if it is the same. */
  hash: string;
  status: 'pending' | 'done' | 'skipped';
  written: number;
  present: number;
  failed: number;
  /** The server's record of the chunk's import. */
  importId?: string;
}

/** What an import did, row by row: kept in a file next to the imported one, and printed. */
export interface ImportSummary {
  kind: ImportKind;
  file: string;
  /** sha256 of the file. */
  fileHash: string;
  target: string;
  dryRun: boolean;
  startedAt: string;
  finishedAt?: string;
  /** Rows with content below the header. */
  rows: number;
  /** Rows refused by validation, before anything was sent. */
  invalid: number;
  /** Rows written (in a dry run: that would be). */
  written: number;
  /** Rows skipped: already recorded. */
  present: number;
  /** Rows the server refused (a rule, a reference, scope). */
  failed: number;
  /** Rows refused by validation, with why (by the file's row). */
  errors: ImportError[];
  /** Rows the server refused, with why (by the file's row). */
  refused: ImportError[];
  chunks: ChunkRecord[];
}

export interface Progress {
  rowsDone: number;
  rowsTotal: number;
  chunksDone: number;
  chunks: number;
}

export interface ImportThroughApiOptions {
  kind: ImportKind;
  /** The name recorded with each chunk's import and in the summary. */
  fileName: string;
  bytes: Uint8Array;
  dryRun: boolean;
  call: ApiCall;
  /** Where the chunks go, for the summary. */
  target: string;
  today: string;
  chunkRows?: number;
  concurrency?: number;
  /** The summary of an earlier run: its completed chunks of this same file are not sent again. */
  resume?: ImportSummary;
  /** Called with the summary after validation and after every chunk (to keep it on disk as it grows). */
  onUpdate?: (summary: ImportSummary, progress: Progress) => void;
  /** Waits between attempts of a chunk (tests pass a shorter one). */
  retryDelayMs?: number;
}

/** A problem with the file or the command: its message says everything. */
export class ImportCommandError extends Error {}

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];

/** The file as sheets: XLSX (a zip) or CSV, by content. */
export async function readFileSheets(bytes: Uint8Array) {
  return ZIP_MAGIC.every((b, i) => bytes[i] === b) ? readXlsx(bytes) : [{ rows: readCsv(bytes) }];
}

export async function importThroughApi(options: ImportThroughApiOptions): Promise<ImportSummary> {
  const { kind, dryRun } = options;
  let sheets;
  try {
    sheets = await readFileSheets(options.bytes);
  } catch (error) {
    throw new ImportCommandError((error as Error).message);
  }
  const parsed = parseImportFile(kind, sheets, options.today);
  if (!parsed.ok) throw new ImportCommandError(parsed.problem.message);
  const { sheet } = parsed;

  const chunks = packChunks(sheet.valid, options.chunkRows ?? DEFAULT_CHUNK_ROWS).map((rows, index, all) =>
    chunkFile(kind, rows, index, all.length, options.fileName),
  );
  const summary: ImportSummary = {
    kind,
    file: options.fileName,
    fileHash: createHash('sha256').update(options.bytes).digest('hex'),
    target: options.target,
    dryRun,
    startedAt: new Date().toISOString(),
    rows: sheet.rows,
    invalid: new Set(sheet.errors.map((e) => e.row)).size,
    written: 0,
    present: 0,
    failed: 0,
    errors: sheet.errors,
    refused: [],
    chunks: chunks.map((c) => c.record),
  };
  const progress: Progress = { rowsDone: 0, rowsTotal: sheet.valid.length, chunksDone: 0, chunks: chunks.length };
  const update = () => options.onUpdate?.(summary, progress);

  const completed = resumable(options, summary);
  for (const chunk of chunks) {
    const before = completed.get(chunk.record.hash);
    if (!before) continue;
    Object.assign(chunk.record, { status: 'skipped', written: before.written, present: before.present, importId: before.importId });
    summary.written += before.written;
    summary.present += before.present;
    progress.rowsDone += chunk.record.rows;
    progress.chunksDone++;
  }
  update();

  const loader = new ApiLoader(options.call, { concurrency: options.concurrency ?? DEFAULT_CONCURRENCY });
  const name = (chunk: (typeof chunks)[number]) =>
    chunks.length > 1 ? `${options.fileName} (${chunk.record.index + 1}/${chunks.length})` : options.fileName;
  await loader.eachConcurrently(
    chunks.filter((c) => c.record.status === 'pending'),
    async (chunk) => {
      const path = `/v1/imports/${kind}?dryRun=${dryRun}&fileName=${encodeURIComponent(name(chunk))}`;
      const report = await send(loader, path, chunk.bytes, options.retryDelayMs ?? 1000);
      const errors = (report.errors as ImportError[]).map((e) => ({ ...e, row: chunk.rowOf.get(e.row) ?? e.row }));
      Object.assign(chunk.record, {
        status: 'done',
        written: report.written,
        present: report.present,
        failed: report.failed,
        ...(report.id ? { importId: report.id } : {}),
      });
      summary.written += report.written;
      summary.present += report.present;
      summary.failed += report.failed;
      summary.refused.push(...errors);
      summary.refused.sort((a, b) => a.row - b.row);
      progress.rowsDone += chunk.record.rows;
      progress.chunksDone++;
      update();
    },
  );
  summary.finishedAt = new Date().toISOString();
  update();
  return summary;
}

/** A chunk's POST, sent again while the server does not answer it; anything but a report stops the import. */
async function send(loader: ApiLoader, path: string, body: Uint8Array, delayMs: number): Promise<any> {
  for (let attempt = 1; ; attempt++) {
    let status: number;
    let answer: unknown;
    try {
      const res = await loader.call({ method: 'POST', path, body, as: 'hr', headers: { 'content-type': 'text/csv' } });
      if (res.status === 200 || res.status === 201) return res.body;
      ({ status, body: answer } = res);
    } catch (error) {
      // The server did not answer (refused connection, reset): the rows are idempotent, so try again.
      if (attempt >= ATTEMPTS) throw new ImportCommandError(`POST ${path}: ${(error as Error).message}`);
      await new Promise((done) => setTimeout(done, delayMs * 2 ** (attempt - 1)));
      continue;
    }
    const again = status >= 500 || status === 429 || (status === 409 && (answer as { code?: string })?.code === 'IDEMPOTENCY_IN_PROGRESS');
    if (!again || attempt >= ATTEMPTS) throw new ApiCallError('POST', path, status, answer);
    await new Promise((done) => setTimeout(done, delayMs * 2 ** (attempt - 1)));
  }
}

/** The chunks an earlier run of this very file completed with nothing refused, by hash. */
function resumable(options: ImportThroughApiOptions, summary: ImportSummary): Map<string, ChunkRecord> {
  const previous = options.resume;
  if (!previous || options.dryRun || previous.dryRun || previous.kind !== summary.kind || previous.fileHash !== summary.fileHash)
    return new Map();
  return new Map(previous.chunks.filter((c) => c.status !== 'pending' && c.failed === 0).map((c) => [c.hash, c]));
}

/**
 * Rows grouped by official (in the order officials first appear), groups packed into chunks of at most `size` rows; a
 * group larger than that is a chunk of its own.
 */
export function packChunks<R extends ParsedRow<ImportKind>>(rows: readonly R[], size: number): R[][] {
  const groups = new Map<string, R[]>();
  for (const row of rows) {
    const group = groups.get(row.values.employeeCode);
    if (group) group.push(row);
    else groups.set(row.values.employeeCode, [row]);
  }
  const chunks: R[][] = [];
  let current: R[] = [];
  for (const group of groups.values()) {
    if (current.length > 0 && current.length + group.length > size) {
      chunks.push(current);
      current = [];
    }
    current.push(...group);
  }
  if (current.length) chunks.push(current);
  return chunks;
}

/** A chunk as the template's CSV, and the file's row of each of its lines. */
function chunkFile(kind: ImportKind, rows: ParsedRow<ImportKind>[], index: number, count: number, fileName: string) {
  const bytes = writeCsv({
    title: `${fileName} - phần ${index + 1}/${count} (npm run import)`,
    sheetName: kind,
    columns: TEMPLATE_COLUMNS[kind].map((c) => ({ header: c.header, width: c.width })),
    rows: rows.map((r) => templateRow(kind, r.values)),
    fileName: { ascii: kind, vi: kind },
  });
  // A note with a line break spans lines: read the chunk back for the line each row starts on.
  const lines = readCsv(bytes).slice(2);
  const rowOf = new Map(lines.map((line, i) => [line.row, rows[i].row]));
  const record: ChunkRecord = {
    index,
    firstRow: Math.min(...rows.map((r) => r.row)),
    lastRow: Math.max(...rows.map((r) => r.row)),
    rows: rows.length,
    hash: createHash('sha256').update(bytes).digest('hex'),
    status: 'pending',
    written: 0,
    present: 0,
    failed: 0,
  };
  return { bytes, rowOf, record };
}
