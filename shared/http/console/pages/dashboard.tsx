/**
 * The console's dashboard (GET /console/) and flags list (GET /console/flags). Both read through the same use cases
 * and permission checks as the API (readDashboard, listFlags, listUnits), as of a date chosen in a GET form. Every
 * figure of the dashboard links to the flags list narrowed to its unit and status or reason group, as of the same
 * date, so a figure and its list always agree. A bad date, value or unknown unit is a Vietnamese message with a 4xx.
 */
import { Hono, type Context } from 'hono';
import type { Child } from 'hono/jsx';
import {
  FLAG_GROUP_LABELS_VI,
  FLAG_GROUPS,
  FLAG_MEASURE_LABELS_VI,
  FLAG_MEASURES,
  formatMonthVi,
  measureFilter,
  type FlagGroup,
  type FlagMeasure,
  type MeasureCounts,
} from '../../../domain/dashboard';
import { checkIsoDate, diffYearsMonthsDays, MAX_YEAR, MIN_YEAR } from '../../../domain/dates';
import { BadRequestError, DomainError, NotFoundError } from '../../../domain/errors';
import type { IsoDate, TenureStatus, Unit } from '../../../domain/types';
import { today, type Actor } from '../../../use-cases/context';
import { listFlags, type Flag } from '../../../use-cases/list-flags';
import { readDashboard, type Dashboard } from '../../../use-cases/read-dashboard';
import { unitPath } from '../../../use-cases/scope';
import { problemFromError } from '../../problem';
import { DueChart } from '../chart';
import type { ConsoleEnv } from '../env';
import { actorOf, unitsInScope } from '../kit';
import { CONSOLE_BASE, formatDate, Page } from '../layout';

type Ctx = Context<ConsoleEnv>;

/** Rows of a flags page unless the address asks for another number (`limit=`, 1-200, as the API's limit). */
const FLAGS_PAGE_SIZE = 50;
const FLAGS_PAGE_MAX = 200;

export const STATUS_LABELS_VI: Record<TenureStatus, string> = {
  overdue: 'Quá hạn',
  approaching: 'Sắp đến hạn',
  ok: 'Trong hạn',
};

function measureHintsVi(warnMonths: number): Partial<Record<FlagMeasure, string>> {
  return {
    overdue: 'giữ một vị trí từ 10 năm trở lên, hoặc quá thời hạn định kỳ của vị trí nhạy cảm',
    approaching: `trong ${warnMonths} tháng trước thời hạn`,
  };
}

export function dashboardPages(): Hono<ConsoleEnv> {
  const app = new Hono<ConsoleEnv>();

  const dashboard = async (c: Ctx) => {
    const query = c.req.query();
    return render(c, 'dashboard', 'Tổng quan', async (actor) => {
      const asOf = parseAsOf(query.asOf, c);
      const unitId = parseUnitId(query.unitId);
      const [dashboard, units] = await Promise.all([
        readDashboard(c.var.deps, actor, { asOf, unitId }),
        unitsInScope(c),
      ]);
      return <DashboardBody dashboard={dashboard} units={units} warnMonths={c.var.deps.warnMonths} />;
    });
  };
  app.get('/', dashboard);
  // The console's links name the dashboard `/console/`, and the app is strict about a trailing slash: answer there too.
  app.use('*', async (c, next) => (c.req.method === 'GET' && c.req.path === `${CONSOLE_BASE}/` ? dashboard(c) : next()));

  app.get('/flags', async (c) => {
    const query = c.req.query();
    return render(c, 'flags', 'Cảnh báo thời hạn', async (actor) => {
      const asOf = parseAsOf(query.asOf, c);
      const unitId = parseUnitId(query.unitId);
      const status = parseChoice(query.status, ['overdue', 'approaching', 'ok'] as const, 'Trạng thái');
      const group = parseChoice(query.group, FLAG_GROUPS, 'Nhóm lý do');
      const limit = parseLimit(query.limit);
      const units = await unitsInScope(c);
      // The list of a unit outside the scope is not told apart from that of a unit that does not exist.
      if (unitId && !units.some((u) => u.id === unitId)) throw new NotFoundError('Đơn vị', unitId);
      const page = await listFlags(c.var.deps, actor, {
        asOf,
        unitId,
        status,
        group,
        limit,
        cursor: query.cursor || undefined,
      });
      const filters = { asOf, unitId, status, group, limit: limit === FLAGS_PAGE_SIZE ? undefined : String(limit) };
      return <FlagsBody page={page} units={units} filters={filters} cursor={query.cursor || undefined} />;
    });
  });

  return app;
}

/** Runs a page's reads and answers its HTML; a refusal the caller can act on is the page with the message and its 4xx. */
async function render(c: Ctx, active: 'dashboard' | 'flags', title: string, body: (actor: Actor) => Promise<Child>) {
  const actor = actorOf(c);
  const frame = (children: Child, status: 200 | 400 | 403 | 404 | 409 | 422, flashText?: string) =>
    c.html(
      <Page
        title={title}
        principal={c.var.principal}
        scopeNames={c.var.scopeNames}
        csrf={c.var.csrf}
        active={active}
        flash={flashText ? { kind: 'error', text: flashText } : undefined}
      >
        {children}
      </Page>,
      status,
      { 'cache-control': 'no-store' },
    );
  try {
    return frame(await body(actor), 200);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    const { problem } = problemFromError(error);
    const status = (problem.status === 401 ? 403 : problem.status) as 400 | 403 | 404 | 409 | 422;
    return frame(
      <>
        <h1>{title}</h1>
        <p>
          <a href={active === 'dashboard' ? CONSOLE_BASE : `${CONSOLE_BASE}/flags`}>Xem lại với bộ lọc mặc định</a>
        </p>
      </>,
      status,
      problem.detail,
    );
  }
}

function parseAsOf(value: string | undefined, c: Ctx): IsoDate {
  if (!value) return today(c.var.deps);
  switch (checkIsoDate(value)) {
    case 'ok':
      return value;
    case 'nonexistent':
      throw new BadRequestError(`Ngày '${value}' không có trong lịch; hãy chọn lại ngày tính đến`, [{ path: 'asOf', message: 'No such day' }]);
    case 'out-of-range':
      throw new BadRequestError(`Năm của ngày tính đến phải từ ${MIN_YEAR} đến ${MAX_YEAR}`, [{ path: 'asOf', message: 'Year out of range' }]);
    default:
      throw new BadRequestError(`Ngày tính đến '${value}' không đúng dạng; hãy chọn ngày trong ô lịch`, [{ path: 'asOf', message: 'Expected YYYY-MM-DD' }]);
  }
}

function parseUnitId(value: string | undefined): string | undefined {
  if (!value) return undefined;
  if (!/^[A-Za-z0-9._-]{1,64}$/.test(value)) throw new NotFoundError('Đơn vị', value.slice(0, 64));
  return value;
}

function parseLimit(value: string | undefined): number {
  if (!value) return FLAGS_PAGE_SIZE;
  const n = Number(value);
  if (!/^\d{1,3}$/.test(value) || n < 1 || n > FLAGS_PAGE_MAX)
    throw new BadRequestError(`Số dòng mỗi trang phải từ 1 đến ${FLAGS_PAGE_MAX}`, [{ path: 'limit', message: 'Out of range' }]);
  return n;
}

function parseChoice<T extends string>(value: string | undefined, allowed: readonly T[], what: string): T | undefined {
  if (!value) return undefined;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new BadRequestError(`${what} '${value.slice(0, 40)}' không có trong danh sách lựa chọn`, [{ path: what, message: 'Unknown value' }]);
}

/** The units of the caller's scope, in tree order by name, for the unit filter. */
function flagsHref(params: { asOf: IsoDate; unitId?: string; status?: string; group?: string; limit?: string; cursor?: string }): string {
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v) search.set(k, v);
  return `${CONSOLE_BASE}/flags?${search.toString()}`;
}

function measureHref(asOf: IsoDate, unitId: string | undefined, measure: FlagMeasure): string {
  return flagsHref({ asOf, unitId, ...measureFilter(measure) });
}

function UnitSelect(props: { units: Unit[]; selected?: string; id: string }) {
  const depthOf = (u: Unit) => unitPath(u).filter((id) => props.units.some((v) => v.id === id)).length - 1;
  return (
    <select id={props.id} name="unitId">
      <option value="">Tất cả đơn vị trong phạm vi</option>
      {props.units.map((u) => (
        <option value={u.id} selected={u.id === props.selected}>
          {`${'\u00a0\u00a0'.repeat(Math.max(0, depthOf(u)))}${u.name}`}
        </option>
      ))}
    </select>
  );
}

function Figure(props: { asOf: IsoDate; unitId?: string; unitName: string; measure: FlagMeasure; value: number }) {
  return (
    <td class="num">
      <a
        href={measureHref(props.asOf, props.unitId, props.measure)}
        data-measure={props.measure}
        aria-label={`${props.value} người: ${FLAG_MEASURE_LABELS_VI[props.measure].toLowerCase()}, ${props.unitName}`}
      >
        {String(props.value)}
      </a>
    </td>
  );
}

function DashboardBody(props: { dashboard: Dashboard; units: Unit[]; warnMonths: number }) {
  const { dashboard } = props;
  const hints = measureHintsVi(props.warnMonths);
  const { asOf } = dashboard;
  const first = dashboard.dueByMonth[0]?.month;
  const last = dashboard.dueByMonth.at(-1)?.month;
  const dueTotal = dashboard.dueByMonth.reduce((n, b) => n + b.count, 0);
  const busiest = dashboard.dueByMonth.reduce((best, b) => (b.count > best.count ? b : best), { month: '', count: 0 });
  const scopeName = dashboard.unitId ? props.units.find((u) => u.id === dashboard.unitId)?.name ?? dashboard.unitId : 'Toàn bộ phạm vi';
  return (
    <>
      <h1>Tổng quan tính đến ngày {formatDate(asOf)}</h1>
      <form class="filters card" method="get" action={CONSOLE_BASE} aria-label="Chọn ngày và đơn vị">
        <div class="field">
          <label for="asOf">Tính đến ngày</label>
          <input type="date" id="asOf" name="asOf" value={asOf} required />
        </div>
        <div class="field">
          <label for="unitId">Đơn vị</label>
          <UnitSelect id="unitId" units={props.units} selected={dashboard.unitId} />
        </div>
        <button type="submit" class="btn">
          Xem
        </button>
      </form>

      <h2 id="figures-heading">Số công chức theo đơn vị</h2>
      <p class="muted small">
        Mỗi con số mở danh sách tương ứng. Số của một đơn vị gồm cả các đơn vị trực thuộc; một người có thể thuộc nhiều
        cột (người đến kỳ chuyển đổi định kỳ cũng là quá hạn).
      </p>
      {dashboard.units.length === 0 ? (
        <p class="flash info" role="status">
          Không có công chức nào cần chú ý tính đến ngày {formatDate(asOf)}.
        </p>
      ) : (
        <div class="table-wrap" tabindex={0} role="region" aria-labelledby="figures-heading">
          <table class="figures">
            <thead>
              <tr>
                <th scope="col">Đơn vị</th>
                {FLAG_MEASURES.map((m) => (
                  <th scope="col" class="num">
                    {FLAG_MEASURE_LABELS_VI[m]}
                  </th>
                ))}
                <th scope="col" class="num">
                  Tổng số người
                </th>
              </tr>
            </thead>
            <tbody>
              {dashboard.units.map((row) => (
                <tr data-unit={row.unitId} class={row.counts.flagged === 0 ? 'zero-row' : undefined}>
                  <th scope="row" class={`unit depth-${Math.min(row.depth, 4)}`}>
                    {row.unitName}
                  </th>
                  {FLAG_MEASURES.map((m) => (
                    <Figure asOf={asOf} unitId={row.unitId} unitName={row.unitName} measure={m} value={row.counts[m]} />
                  ))}
                  <TotalFigure asOf={asOf} unitId={row.unitId} unitName={row.unitName} counts={row.counts} />
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr data-unit="">
                <th scope="row">Tổng cộng ({scopeName})</th>
                {FLAG_MEASURES.map((m) => (
                  <Figure asOf={asOf} unitId={dashboard.unitId} unitName={scopeName} measure={m} value={dashboard.totals[m]} />
                ))}
                <TotalFigure asOf={asOf} unitId={dashboard.unitId} unitName={scopeName} counts={dashboard.totals} />
              </tr>
            </tfoot>
          </table>
        </div>
      )}
      <ul class="small muted">
        {FLAG_MEASURES.filter((m) => hints[m]).map((m) => (
          <li>
            {FLAG_MEASURE_LABELS_VI[m]}: {hints[m]}.
          </li>
        ))}
      </ul>

      <h2 id="chart-heading">
        Đến hạn giữ vị trí trong 24 tháng tới{first && last ? ` (${formatMonthVi(first)} - ${formatMonthVi(last)})` : ''}
      </h2>
      <div class="chart-card">
        <DueChart
          id="due-chart"
          buckets={dashboard.dueByMonth}
          title={`Số công chức đến hạn giữ vị trí theo tháng, từ ${formatDate(dashboard.horizon.from)} đến ${formatDate(dashboard.horizon.through)}`}
          description={
            dueTotal === 0
              ? 'Không có ai đến hạn trong 24 tháng tới.'
              : `Tổng cộng ${dueTotal} người; nhiều nhất tháng ${formatMonthVi(busiest.month)} với ${busiest.count} người. Bảng số liệu ngay dưới biểu đồ.`
          }
        />
      </div>
      <details class="chart-data">
        <summary>Bảng số liệu của biểu đồ ({dueTotal} người)</summary>
        <div class="table-wrap" tabindex={0} role="region" aria-label="Bảng số liệu của biểu đồ">
          <table class="due-table">
            <caption>Số công chức đến hạn giữ vị trí theo tháng</caption>
            <thead>
              <tr>
                <th scope="col">Tháng</th>
                <th scope="col" class="num">
                  Số người
                </th>
                <th scope="col">Công chức (ngày đến hạn, vị trí, đơn vị)</th>
              </tr>
            </thead>
            <tbody>
              {dashboard.dueByMonth.map((b) => (
                <tr data-month={b.month}>
                  <th scope="row">{formatMonthVi(b.month)}</th>
                  <td class="num">{String(b.count)}</td>
                  <td>
                    {b.officials.length === 0
                      ? '—'
                      : b.officials.map((o, i) => (
                          <>
                            {i > 0 ? '; ' : ''}
                            {o.fullName} ({formatDate(o.dueDate)}
                            {o.positionTitle ? `, ${o.positionTitle}` : ''}
                            {o.unitName ? `, ${o.unitName}` : ''})
                          </>
                        ))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </>
  );
}

function TotalFigure(props: { asOf: IsoDate; unitId?: string; unitName: string; counts: MeasureCounts }) {
  return (
    <td class="num">
      <a
        href={flagsHref({ asOf: props.asOf, unitId: props.unitId })}
        data-measure="flagged"
        aria-label={`${props.counts.flagged} người cần chú ý, ${props.unitName}`}
      >
        {String(props.counts.flagged)}
      </a>
    </td>
  );
}

/** Time held as "x năm y tháng" from the start of the chain to the date. */
function timeHeld(chainStart: IsoDate | null, asOf: IsoDate): string {
  if (!chainStart) return '—';
  const { years, months } = diffYearsMonthsDays(chainStart, asOf);
  if (years <= 0 && months <= 0) return 'dưới 1 tháng';
  return [years > 0 ? `${years} năm` : '', months > 0 ? `${months} tháng` : ''].filter(Boolean).join(' ');
}

function FlagsBody(props: {
  page: { asOf: IsoDate; items: Flag[]; nextCursor?: string };
  units: Unit[];
  filters: { asOf: IsoDate; unitId?: string; status?: TenureStatus; group?: FlagGroup; limit?: string };
  cursor?: string;
}) {
  const { page, filters } = props;
  const unitName = filters.unitId ? props.units.find((u) => u.id === filters.unitId)?.name : undefined;
  const narrowed = [
    unitName,
    filters.status ? STATUS_LABELS_VI[filters.status] : undefined,
    filters.group ? FLAG_GROUP_LABELS_VI[filters.group] : undefined,
  ].filter(Boolean);
  return (
    <>
      <h1>Cảnh báo thời hạn tính đến ngày {formatDate(page.asOf)}</h1>
      <form class="filters card" method="get" action={`${CONSOLE_BASE}/flags`} aria-label="Lọc danh sách">
        <div class="field">
          <label for="f-unit">Đơn vị</label>
          <UnitSelect id="f-unit" units={props.units} selected={filters.unitId} />
        </div>
        <div class="field">
          <label for="f-status">Trạng thái</label>
          <select id="f-status" name="status">
            <option value="">Tất cả</option>
            {(['overdue', 'approaching', 'ok'] as const).map((s) => (
              <option value={s} selected={s === filters.status}>
                {STATUS_LABELS_VI[s]}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="f-group">Nhóm lý do</label>
          <select id="f-group" name="group">
            <option value="">Tất cả</option>
            {FLAG_GROUPS.map((g) => (
              <option value={g} selected={g === filters.group}>
                {FLAG_GROUP_LABELS_VI[g]}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="f-asOf">Tính đến ngày</label>
          <input type="date" id="f-asOf" name="asOf" value={filters.asOf} required />
        </div>
        {filters.limit ? <input type="hidden" name="limit" value={filters.limit} /> : null}
        <button type="submit" class="btn">
          Lọc
        </button>
      </form>
      <p role="status" id="flags-summary">
        {page.items.length === 0
          ? 'Không có công chức nào khớp bộ lọc.'
          : `Hiển thị ${page.items.length} người${props.cursor ? ' (trang tiếp theo)' : ''}${narrowed.length ? `: ${narrowed.join(', ')}` : ''}.`}
      </p>
      {page.items.length > 0 ? (
        <div class="table-wrap" tabindex={0} role="region" aria-labelledby="flags-caption">
          <table class="flags">
            <caption id="flags-caption">Công chức cần chú ý, quá hạn lâu nhất trước</caption>
            <thead>
              <tr>
                <th scope="col">Công chức</th>
                <th scope="col">Đơn vị</th>
                <th scope="col">Vị trí</th>
                <th scope="col">Giữ từ ngày</th>
                <th scope="col">Thời gian giữ</th>
                <th scope="col">Hạn</th>
                <th scope="col">Trạng thái</th>
                <th scope="col">Mức độ</th>
                <th scope="col">Lý do và căn cứ</th>
              </tr>
            </thead>
            <tbody>
              {page.items.map((f) => (
                <tr data-official={f.officialId}>
                  <th scope="row">{f.fullName}</th>
                  <td>{f.unitName ?? f.unitId ?? '—'}</td>
                  <td>{f.positionTitle ?? f.positionId ?? '—'}</td>
                  <td class="nowrap">{f.chainStart ? formatDate(f.chainStart) : '—'}</td>
                  <td class="nowrap">{timeHeld(f.chainStart, page.asOf)}</td>
                  <td class="nowrap">{f.dueDate ? formatDate(f.dueDate) : '—'}</td>
                  <td class={`nowrap status-${f.status}`}>{STATUS_LABELS_VI[f.status]}</td>
                  <td class="nowrap">{f.severityLabel}</td>
                  <td>
                    <ul class="reasons">
                      {f.reasons.map((r) => (
                        <li data-code={r.code}>
                          {r.detail} <span class="rule">({r.rule})</span>
                        </li>
                      ))}
                      {f.exemptions.map((e) => (
                        <li data-code={e.code}>
                          <strong>Được hoãn, miễn:</strong> {e.detail} <span class="rule">({e.rule})</span>
                        </li>
                      ))}
                    </ul>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <nav class="pager" aria-label="Phân trang">
        {props.cursor ? <a href={flagsHref({ ...filters })}>Về trang đầu</a> : null}
        {page.nextCursor ? (
          <a href={flagsHref({ ...filters, cursor: page.nextCursor })} rel="next">
            Trang sau
          </a>
        ) : null}
      </nav>
    </>
  );
}
