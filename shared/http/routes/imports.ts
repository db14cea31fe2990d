/**
 * Spreadsheets in and out: importing a filled-in template (CSV, XLSX, or either as the `file` field of a
 * form), the list of imports, the empty templates, and everything in scope exported in the same templates.
 *
 * An import's body may be larger than any other request's: up to 5 MB and 5,000 rows (`npm run import` sends larger
 * files in chunks). The app's body limit leaves this route to `importUploadLimit()` (../import-limits.ts, which the
 * app applies before this module is loaded), applied in its place.
 */
import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { BadRequestError } from '../../domain/errors';
import { dataRowCount } from '../../domain/import-parsing';
import { IMPORT_KINDS, type ImportKind } from '../../domain/import-templates';
import type { DocumentTable } from '../../domain/proposal-documents';
import { exportRows, getImportTemplate, importRows, listImports, type ImportSheet, type RowWriters } from '../../use-cases/import-rows';
import { createOfficial } from '../../use-cases/manage-officials';
import { putAssessment } from '../../use-cases/record-assessment';
import { createAssignment } from '../../use-cases/record-assignment';
import { CSV_CONTENT_TYPE, writeCsv } from '../documents/csv';
import { readCsv } from '../documents/read-csv';
import { readXlsx } from '../documents/read-xlsx';
import { writeXlsx, XLSX_CONTENT_TYPE } from '../documents/xlsx';
import type { AppEnv } from '../env';
import { problem, PROBLEM_CONTENT_TYPE, problemResponse } from '../problem';
import { jsonResponse, newRouter, respond, respondFile, route, type FileReply } from '../routing';
import { clientId, idempotencyHeader, listQuery, pageOf, ProblemSchema } from '../schemas';

/** The most rows one import request takes: a request must finish within API Gateway's 30 seconds. */
export const IMPORT_MAX_ROWS = 5_000;

/** The write use cases every imported row goes through. */
export const ROW_WRITERS: RowWriters = { createOfficial, createAssignment, putAssessment };

const tags = ['Imports'];
const FORMATS = ['csv', 'xlsx'] as const;
type FileFormat = (typeof FORMATS)[number];

const kindParam = z.object({
  kind: z.enum(IMPORT_KINDS).openapi({ param: { name: 'kind', in: 'path' }, description: 'officials, assignments or assessments' }),
});
const formatQuery = z.enum(FORMATS).default('xlsx').openapi({ param: { name: 'format', in: 'query' } });

const ImportErrorSchema = z
  .object({
    row: z.number().int().openapi({ description: "The row's number in the file (the spreadsheet's row, the CSV's line)" }),
    column: z.string().openapi({ description: 'The column as the file names it', example: 'Ngày sinh' }),
    field: z.string().optional().openapi({ example: 'dateOfBirth' }),
    message: z.string().openapi({ example: 'Ngày 30/02/1980 không tồn tại (no such date)' }),
    code: z.string().optional().openapi({ description: 'For a refused or repeated row: the rule, e.g. ASSIGNMENT_OVERLAP, DUPLICATE_ROW' }),
  })
  .openapi('ImportRowError');

const counts = {
  rows: z.number().int().openapi({ description: 'Rows with content below the header' }),
  valid: z.number().int().openapi({ description: 'Rows that passed validation' }),
  written: z.number().int().openapi({ description: 'Rows written (dry run: that would be written)' }),
  present: z.number().int().openapi({ description: 'Rows skipped: already recorded' }),
  failed: z.number().int().openapi({ description: 'Valid rows a rule refused when written (reason in errors)' }),
};

const ImportReportSchema = z
  .object({
    id: z.string().optional().openapi({ description: "The import's record (GET /v1/imports); none for a dry run" }),
    kind: z.enum(IMPORT_KINDS),
    fileName: z.string(),
    sheet: z.string().optional().openapi({ description: 'The sheet read, for a workbook of several' }),
    dryRun: z.boolean(),
    ...counts,
    errors: z.array(ImportErrorSchema),
    ignoredColumns: z.array(z.string()).openapi({ description: 'Columns of the file that are not in the template' }),
  })
  .openapi('ImportReport');

const ImportRecordSchema = z
  .object({
    id: z.string(),
    kind: z.enum(IMPORT_KINDS),
    fileName: z.string(),
    by: z.object({ sub: z.string(), roles: z.array(z.string()) }),
    requestId: z.string().openapi({ description: "Also the requestId of every row's audit record" }),
    startedAt: z.string(),
    finishedAt: z.string(),
    ...counts,
    errorCount: z.number().int(),
    errors: z.array(ImportErrorSchema).openapi({ description: 'The first 100 errors' }),
  })
  .openapi('ImportRecord');

const binary = z.string().openapi({ format: 'binary' });
const fileContent = {
  'text/csv': { schema: binary.openapi({ description: 'UTF-8 with BOM, CRLF, RFC 4180: a title line, the headers, the rows' }) },
  [XLSX_CONTENT_TYPE]: { schema: binary },
};
const fileHeaders = {
  'Content-Disposition': {
    description: "attachment; filename=\"<ascii>.<ext>\"; filename*=UTF-8''<Vietnamese name, RFC 5987>",
    schema: { type: 'string' as const },
  },
};
const problemContent = { [PROBLEM_CONTENT_TYPE]: { schema: ProblemSchema } };

async function fileOf(table: DocumentTable, format: FileFormat): Promise<FileReply> {
  const name = (ext: string) => ({ ascii: `${table.fileName.ascii}.${ext}`, vi: `${table.fileName.vi}.${ext}` });
  return format === 'csv'
    ? { bytes: writeCsv(table), contentType: CSV_CONTENT_TYPE, fileName: name('csv') }
    : { bytes: await writeXlsx(table), contentType: XLSX_CONTENT_TYPE, fileName: name('xlsx') };
}

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];

/**
 * The uploaded file as sheets: CSV or XLSX by its content (an XLSX is a zip, whatever the Content-Type says), from
 * the body or a form's `file` field. Undefined for a media type the route does not take.
 */
async function readUpload(c: Context<AppEnv>, kind: ImportKind): Promise<{ sheets: ImportSheet[]; fileName?: string } | undefined> {
  const contentType = c.req.header('content-type') ?? '';
  const mediaType = contentType.split(';')[0].trim().toLowerCase();
  let bytes = new Uint8Array(await c.req.arrayBuffer());
  let fileName: string | undefined;
  if (mediaType === 'multipart/form-data') {
    let file: unknown = null;
    try {
      file = (await new Response(bytes, { headers: { 'content-type': contentType } }).formData()).get('file');
    } catch {
      // answered below, as a form without the file
    }
    if (!(file instanceof File))
      throw new BadRequestError('Gửi tệp trong trường "file" của biểu mẫu (multipart/form-data)', [
        { path: 'body.file', message: 'Required: the file' },
      ]);
    bytes = new Uint8Array(await file.arrayBuffer());
    fileName = file.name || undefined;
  } else if (!['text/csv', 'application/csv', 'text/plain', XLSX_CONTENT_TYPE, 'application/octet-stream'].includes(mediaType)) {
    return undefined;
  }
  const isXlsx = ZIP_MAGIC.every((b, i) => bytes[i] === b);
  const sheets = isXlsx ? await readXlsx(bytes) : [{ rows: readCsv(bytes) }];
  return { sheets, fileName: fileName ?? `${kind}.${isXlsx ? 'xlsx' : 'csv'}` };
}

export function importRoutes() {
  const app = newRouter();

  app.openapi(
    route('importRows', {
      method: 'post',
      path: '/imports/{kind}',
      tags,
      summary: 'Import a filled-in template (CSV or XLSX, up to 5 MB and 5,000 rows); dryRun=true writes nothing',
      description:
        'The body is the file (`text/csv` or the XLSX type) or a form with the file in `file`. Every row is validated ' +
        'first; a real import then writes every valid row through the same rules as the API (scope, roles, audit) and ' +
        'none of the invalid ones, and answers 201 with the report and the id of its record. Rows already recorded are ' +
        'skipped as `present`, so importing a file again changes nothing. Officials are linked by `Mã công chức`. A ' +
        'dry run answers 200 with what the import would do. A file of another template, or without the header row, ' +
        'is a 422. Larger files: `npm run import` sends them in chunks.',
      request: {
        params: kindParam,
        query: z.object({
          dryRun: z
            .enum(['true', 'false'])
            .default('false')
            .openapi({ param: { name: 'dryRun', in: 'query' }, description: 'true: validate and check, write nothing' }),
          fileName: z
            .string()
            .trim()
            .min(1)
            .max(200)
            .optional()
            .openapi({ param: { name: 'fileName', in: 'query' }, description: "Recorded with the import (a form's file name otherwise)" }),
        }),
        headers: z.object({ 'idempotency-key': idempotencyHeader.shape['idempotency-key'] }),
        body: {
          required: true,
          content: {
            'text/csv': { schema: binary.openapi({ description: 'UTF-8 (with or without BOM); comma, semicolon or tab' }) },
            [XLSX_CONTENT_TYPE]: { schema: binary.openapi({ description: 'The first sheet holding the template is read' }) },
            'multipart/form-data': {
              schema: {
                type: 'object',
                properties: { file: { type: 'string', format: 'binary', description: 'The CSV or XLSX file' } },
                required: ['file'],
              },
            },
          },
        },
      },
      responses: {
        200: jsonResponse(ImportReportSchema, 'Dry run: what the import would write, skip and refuse'),
        201: jsonResponse(ImportReportSchema, 'Imported: the report, with the id of its record'),
        413: { description: 'Over 5 MB or 5,000 rows', content: problemContent },
        415: { description: 'Not CSV, XLSX or a form with the file', content: problemContent },
      },
    }),
    async (c) => {
      const { kind } = c.req.valid('param');
      const query = c.req.valid('query');
      const upload = await readUpload(c, kind);
      if (!upload)
        return problemResponse(
          c,
          problem(
            415,
            `Gửi tệp với Content-Type: text/csv, ${XLSX_CONTENT_TYPE}, hoặc multipart/form-data (trường file) ` +
              '(send the file as CSV, XLSX, or the file field of a form)',
            { code: 'UNSUPPORTED_MEDIA_TYPE' },
          ),
        ) as never;
      const rows = Math.max(0, ...upload.sheets.map((s) => dataRowCount(kind, s.rows)));
      if (rows > IMPORT_MAX_ROWS)
        return problemResponse(
          c,
          problem(
            413,
            `Tệp có ${rows} dòng, quá ${IMPORT_MAX_ROWS} dòng của một lần nhập: chia nhỏ tệp, hoặc dùng npm run import ` +
              `(at most ${IMPORT_MAX_ROWS} rows per request)`,
            { code: 'PAYLOAD_TOO_LARGE' },
          ),
        ) as never;
      return respond(
        c,
        (deps, actor) =>
          importRows(deps, actor, ROW_WRITERS, {
            kind,
            sheets: upload.sheets,
            fileName: query.fileName ?? upload.fileName ?? kind,
            dryRun: query.dryRun === 'true',
          }),
        (report) => ({ status: report.dryRun ? 200 : 201, body: report }),
      );
    },
  );

  app.openapi(
    route('listImports', {
      method: 'get',
      path: '/imports',
      tags,
      summary: 'Imports of files, newest first: who, when, what, and the report',
      description: "An import is listed to a reader whose scope covers all of the importer's.",
      request: { query: z.object(listQuery) },
      responses: { 200: jsonResponse(pageOf(ImportRecordSchema, 'ImportRecordPage'), 'Imports') },
    }),
    (c) =>
      respond(
        c,
        (deps, actor) => listImports(deps, actor, c.req.valid('query')),
        (page) => ({ status: 200, body: { ...page, items: page.items.map(({ scopePaths: _scope, ...record }) => record) } }),
      ),
  );

  app.openapi(
    route('getImportTemplate', {
      method: 'get',
      path: '/imports/templates/{kind}',
      tags,
      summary: 'The empty template of a kind, XLSX (default) or CSV, with Vietnamese headers',
      description:
        'A title line with how to fill it in (skipped on import), then the headers. officials: Mã công chức, Họ và tên, ' +
        'Giới tính, Ngày sinh, Đơn vị, Email, Ngày nghỉ hưu. assignments: Mã công chức, Mã vị trí, Từ ngày, Đến ngày, ' +
        'Hình thức, Số quyết định, Chính. assessments: Mã công chức, Kỳ, Xếp loại, Điểm, Kỷ luật, Ngày đánh giá, ' +
        'Nhận xét. The English field names are accepted as headers too.',
      request: { params: kindParam, query: z.object({ format: formatQuery }) },
      responses: { 200: { description: 'The template to fill in', headers: fileHeaders, content: fileContent } },
    }),
    (c) =>
      respondFile(
        c,
        async (deps, actor) => getImportTemplate(deps, actor, c.req.valid('param').kind),
        (table) => fileOf(table, c.req.valid('query').format),
      ),
  );

  app.openapi(
    route('exportRows', {
      method: 'get',
      path: '/exports/{kind}',
      tags,
      summary: 'Everything of a kind in your scope (or a unit subtree), in the template it imports with',
      description:
        'Officials by employee code, their assignments by start date, their assessments by period: importing the file ' +
        'into an empty table and exporting again gives the same file. Dates dd/mm/yyyy, Vietnamese labels.',
      request: {
        params: kindParam,
        query: z.object({
          unitId: clientId.optional().openapi({ param: { name: 'unitId', in: 'query' }, description: 'A unit: its subtree only' }),
          format: formatQuery,
        }),
      },
      responses: { 200: { description: 'The file to save', headers: fileHeaders, content: fileContent } },
    }),
    (c) => {
      const { format, unitId } = c.req.valid('query');
      return respondFile(
        c,
        (deps, actor) => exportRows(deps, actor, { kind: c.req.valid('param').kind, unitId }),
        (table) => fileOf(table, format),
      );
    },
  );

  return app;
}
