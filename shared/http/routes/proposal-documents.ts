/**
 * The documents for signature: a proposal as CSV or XLSX, and the report of the candidates who
 * could not be placed as JSON, CSV or XLSX.
 * The use cases give a document table (shared/domain/proposal-documents.ts); writing it as CSV or XLSX is this
 * edge's presentation, like JSON (../documents/).
 */
import { z } from '@hono/zod-openapi';
import type { DocumentTable } from '../../domain/proposal-documents';
import { CSV_CONTENT_TYPE, writeCsv } from '../documents/csv';
import { writeXlsx, XLSX_CONTENT_TYPE } from '../documents/xlsx';
import { exportProposal, reportUnarranged } from '../../use-cases/proposal-documents';
import { jsonResponse, newRouter, respond, respondFile, route, type FileReply } from '../routing';
import { clientId, isoDate, ReasonSchema } from '../schemas';

export const FORMATS = ['csv', 'xlsx'] as const;
export type FileFormat = (typeof FORMATS)[number];

const binary = z.string().openapi({ format: 'binary' });
const fileContent = {
  'text/csv': { schema: binary.openapi({ description: 'UTF-8 with BOM, CRLF, RFC 4180: the title line, the headers, the rows' }) },
  [XLSX_CONTENT_TYPE]: { schema: binary },
};
const fileHeaders = {
  'Content-Disposition': {
    description: "attachment; filename=\"<ascii>.<ext>\"; filename*=UTF-8''<Vietnamese name, RFC 5987>",
    schema: { type: 'string' as const },
  },
};

const proposalParam = z.object({ proposalId: clientId.openapi({ param: { name: 'proposalId', in: 'path' } }) });

const UnarrangedReportSchema = z
  .object({
    asOf: z.string().openapi({ description: "The date the list is true for: the proposal's asOf" }),
    proposalId: z.string(),
    proposalTitle: z.string(),
    proposalStatus: z.string(),
    unitId: z.string(),
    unitName: z.string(),
    items: z.array(
      z.object({
        officialId: z.string(),
        fullName: z.string(),
        positionTitle: z.string(),
        unitName: z.string(),
        chainStart: z.string(),
        timeHeld: z.string().openapi({ example: '10 năm 4 tháng (từ 01/09/2016)' }),
        reasons: z.array(ReasonSchema),
        action: z.string(),
        actionLabel: z.string(),
        why: z.string(),
        whyLabel: z.string(),
      }),
    ),
  })
  .openapi('UnarrangedReport');

/** A document table as the file to save: the API's export routes and the console's download links share it. */
export async function fileOf(table: DocumentTable, format: FileFormat): Promise<FileReply> {
  return format === 'csv'
    ? { bytes: writeCsv(table), contentType: CSV_CONTENT_TYPE, fileName: withExtension(table, 'csv') }
    : { bytes: await writeXlsx(table), contentType: XLSX_CONTENT_TYPE, fileName: withExtension(table, 'xlsx') };
}

function withExtension(table: DocumentTable, ext: string) {
  return { ascii: `${table.fileName.ascii}.${ext}`, vi: `${table.fileName.vi}.${ext}` };
}

export function proposalDocumentRoutes() {
  const app = newRouter();

  app.openapi(
    route('exportProposal', {
      method: 'get',
      path: '/proposals/{proposalId}/export',
      tags: ['Proposals'],
      summary: 'A proposal as a list for signature, CSV or XLSX (default), with Vietnamese headers',
      description:
        'A title line (the scope unit, the date of the proposal, the effective date), then STT, Họ và tên, Chức vụ / ' +
        'vị trí hiện tại, Đơn vị, Thời gian giữ vị trí, Lý do, Hình thức, Vị trí dự kiến, Ghi chú: one row per item, ' +
        'dates dd/mm/yyyy. Saved as de-xuat-luan-chuyen-<scope>-<asOf>.csv|xlsx.',
      request: {
        params: proposalParam,
        query: z.object({ format: z.enum(FORMATS).default('xlsx').openapi({ param: { name: 'format', in: 'query' } }) }),
      },
      responses: { 200: { description: 'The file to save', headers: fileHeaders, content: fileContent } },
    }),
    (c) =>
      respondFile(
        c,
        (deps, actor) => exportProposal(deps, actor, c.req.valid('param').proposalId),
        (table) => fileOf(table, c.req.valid('query').format),
      ),
  );

  app.openapi(
    route('reportUnarranged', {
      method: 'get',
      path: '/reports/unarranged',
      tags: ['Proposals'],
      summary:
        "Candidates who could not be placed, for the People's Committee: the unarranged list of the latest proposal " +
        'drafted for exactly this unit with asOf on or before the date (404 if none: draft one first)',
      description:
        'Not recomputed: the report reads the most recently created proposal whose scopeUnitId is `unitId` and whose ' +
        'asOf is on or before `asOf` (default today), and lists its unarranged candidates. JSON (default) is ' +
        '{ asOf, proposalId, unitId, unitName, items }; CSV and XLSX have a title line and STT, Họ và tên, Chức vụ / ' +
        'vị trí hiện tại, Đơn vị, Thời gian giữ vị trí, Lý do, Lý do chưa bố trí được. Saved as ' +
        'danh-sach-chua-bo-tri-<unit>-<asOf>.csv|xlsx.',
      request: {
        query: z.object({
          unitId: clientId.openapi({ param: { name: 'unitId', in: 'query' }, description: 'The unit the proposal was drafted for' }),
          asOf: isoDate.optional().openapi({ param: { name: 'asOf', in: 'query' }, description: 'Default: today' }),
          format: z.enum(['json', ...FORMATS]).default('json').openapi({ param: { name: 'format', in: 'query' } }),
        }),
      },
      responses: {
        200: {
          description: 'The report',
          headers: fileHeaders,
          content: { ...jsonResponse(UnarrangedReportSchema, '').content, ...fileContent },
        },
      },
    }),
    (c) => {
      const { format, ...query } = c.req.valid('query');
      const run = (deps: Parameters<typeof reportUnarranged>[0], actor: Parameters<typeof reportUnarranged>[1]) =>
        reportUnarranged(deps, actor, query);
      if (format === 'json')
        return respond(c, run, ({ document: _document, ...report }) => ({ status: 200, body: report }));
      return respondFile(c, run, (report) => fileOf(report.document, format));
    },
  );

  return app;
}
