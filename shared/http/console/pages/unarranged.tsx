/**
 * The report of the candidates a unit could not place (for the People's Committee through the Department of Home
 * Affairs): the unarranged list of the latest proposal drafted for exactly that unit as of a date, read through the
 * same use case as GET /v1/reports/unarranged, with the CSV and XLSX files to sign.
 */
import { Hono, type Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { BadRequestError, DomainError, NotFoundError } from '../../../domain/errors';
import { mayDo } from '../../../use-cases/policy';
import type { Unit } from '../../../domain/types';
import { reportUnarranged, type UnarrangedReport } from '../../../use-cases/proposal-documents';
import type { AppEnv } from '../../env';
import { respondFile } from '../../routing';
import { fileOf } from '../../routes/proposal-documents';
import type { ConsoleEnv } from '../env';
import { actorOf, dateField, flashOf, idParam, Reasons, TableWrap, unitOptionLabel, unitsInScope } from '../kit';
import { CONSOLE_BASE, formatDate, Page, type Flash } from '../layout';
import { fileFormat, proposalHref } from './proposals';

const PAGE = `${CONSOLE_BASE}/unarranged`;

export function unarrangedPages(): Hono<ConsoleEnv> {
  const app = new Hono<ConsoleEnv>();

  app.get('/unarranged', async (c) => {
    const query = c.req.query();
    const units = await unitsInScope(c);
    // One unit in scope: its report at once; otherwise the person chooses.
    const unitId = query.unitId || (units.length === 1 ? units[0].id : undefined);
    let report: UnarrangedReport | undefined;
    let refusal: { flash: Flash; status: ContentfulStatusCode } | undefined;
    if (unitId) {
      try {
        report = await reportUnarranged(c.var.deps, actorOf(c), {
          unitId: idParam(unitId, 'Đơn vị'),
          asOf: dateField(query.asOf, 'Tính đến ngày', 'asOf'),
        });
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        refusal = flashOf(error);
        // A unit of the scope without a proposal: say it in the console's words (the API's names its POST).
        const unit = units.find((u) => u.id === unitId);
        if (error instanceof NotFoundError && unit)
          refusal.flash = {
            kind: 'error',
            text:
              `Chưa có đề xuất nào lập cho đúng đơn vị ${unit.name}${query.asOf ? ' tính đến ngày đã chọn' : ''}: danh sách ` +
              'người chưa bố trí được lấy từ đề xuất mới nhất lập cho đơn vị đó.',
          };
      }
    }
    const canDraft = mayDo(c.var.principal, 'createProposal');
    return c.html(
      <Page title="Chưa bố trí được" principal={c.var.principal} scopeNames={c.var.scopeNames} csrf={c.var.csrf} active="unarranged" flash={refusal?.flash}>
        <h1>Người chưa bố trí được</h1>
        <p>
          Danh sách lấy từ đề xuất mới nhất lập cho đúng đơn vị đã chọn, tính đến ngày đã chọn: những người đến hạn chuyển
          đổi nhưng không có vị trí phù hợp, kèm lý do, để báo cáo Ủy ban nhân dân qua Sở Nội vụ.
        </p>
        <ReportForm units={units} unitId={unitId} asOf={query.asOf} />
        {refusal?.status === 404 && canDraft && (
          <p>
            <a class="btn" href={`${CONSOLE_BASE}/proposals/new`}>
              Lập đề xuất
            </a>
          </p>
        )}
        {report && <ReportBody report={report} asOfQuery={query.asOf} />}
      </Page>,
      refusal?.status ?? 200,
    );
  });

  app.get('/unarranged/export', async (c) => {
    const query = c.req.query();
    if (!query.unitId) throw new BadRequestError('Hãy chọn đơn vị', [{ path: 'unitId', message: 'Required' }]);
    const unitId = idParam(query.unitId, 'Đơn vị');
    const asOf = dateField(query.asOf, 'Tính đến ngày', 'asOf');
    const format = fileFormat(query.format);
    return respondFile(
      c as unknown as Context<AppEnv>,
      (deps, actor) => reportUnarranged(deps, actor, { unitId, asOf }),
      (report) => fileOf(report.document, format),
    );
  });

  return app;
}

function ReportForm(props: { units: Unit[]; unitId?: string; asOf?: string }) {
  return (
    <form method="get" action={PAGE} class="card inline-form">
      <div class="field">
        <label for="unitId">Đơn vị</label>
        <select id="unitId" name="unitId" required>
          <option value="">-- Chọn đơn vị --</option>
          {props.units.map((u) => (
            <option value={u.id} selected={u.id === props.unitId}>
              {unitOptionLabel(u, props.units)}
            </option>
          ))}
        </select>
      </div>
      <div class="field">
        <label for="asOf">Tính đến ngày</label>
        <input type="date" id="asOf" name="asOf" class="short" value={props.asOf} />
      </div>
      <button type="submit" class="btn">
        Xem
      </button>
    </form>
  );
}

function ReportBody(props: { report: UnarrangedReport; asOfQuery?: string }) {
  const { report } = props;
  const exportHref = (format: string) =>
    `${PAGE}/export?${new URLSearchParams({ unitId: report.unitId, ...(props.asOfQuery ? { asOf: props.asOfQuery } : {}), format })}`;
  return (
    <>
      <h2>
        {report.unitName}: {report.items.length} người, tính đến {formatDate(report.asOf)}
      </h2>
      <p>
        {/* The title already says "Đề xuất ..." (unless HR gave another): not "Theo đề xuất Đề xuất ...". */}
        Nguồn: <a href={proposalHref(report.proposalId)}>{report.proposalTitle}</a>.
      </p>
      <p class="actions-bar">
        <span>Tải danh sách:</span>
        <a href={exportHref('xlsx')}>Excel (XLSX)</a>
        <a href={exportHref('csv')}>CSV</a>
      </p>
      {report.items.length === 0 ? (
        <p>Không có người nào chưa bố trí được.</p>
      ) : (
        <TableWrap label="Người chưa bố trí được">
          <table>
            <thead>
              <tr>
                <th scope="col" class="num">
                  STT
                </th>
                <th scope="col">Họ và tên</th>
                <th scope="col">Chức vụ / vị trí hiện tại</th>
                <th scope="col">Thời gian giữ vị trí</th>
                <th scope="col">Lý do</th>
                <th scope="col">Hình thức đề xuất</th>
                <th scope="col">Lý do chưa bố trí được</th>
              </tr>
            </thead>
            <tbody>
              {report.items.map((item, index) => (
                <tr>
                  <td class="num">{index + 1}</td>
                  <th scope="row">{item.fullName}</th>
                  <td>
                    {item.positionTitle}
                    <div class="small muted">{item.unitName}</div>
                  </td>
                  <td>{item.timeHeld}</td>
                  <td>
                    <Reasons reasons={item.reasons} />
                  </td>
                  <td>{item.actionLabel}</td>
                  <td>{item.whyLabel}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
    </>
  );
}
