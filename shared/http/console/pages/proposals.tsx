/**
 * The console's proposal pages: the list by status, the draft form (HR), one proposal with its items, the leader's
 * decision on each item (or on every undecided item shown), submitting (HR), applying with a decision number
 * (leader), and the proposal as a file to sign. Every read and write goes through the API's use cases, so the same
 * policy, scope and state rules apply; the buttons a role may not use are not shown, and the use cases refuse them
 * anyway. Forms post, then redirect to the page they came from with what happened (POST-redirect-GET); a refusal
 * shows the page again with the reason and its status.
 */
import { Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { AppEnv } from '../../env';
import type { Context } from 'hono';
import { BadRequestError, DomainError } from '../../../domain/errors';
import {
  ACTION_LABELS_VI,
  PROPOSAL_STATUSES,
  STATUS_LABELS_VI,
  type Decision,
  type Proposal,
  type ProposalHeader,
  type ProposalItem,
  type ProposalStatus,
} from '../../../domain/proposal';
import { DECISION_LABELS_VI, timeHeldVi } from '../../../domain/proposal-documents';
import { addMonths } from '../../../domain/dates';
import { applyProposal } from '../../../use-cases/apply-proposal';
import { today } from '../../../use-cases/context';
import {
  decideProposal,
  draftProposal,
  getProposal,
  listProposals,
  MAX_DECISIONS_PER_CALL,
  submitProposal,
} from '../../../use-cases/manage-proposals';
import { authorize, mayDo } from '../../../use-cases/policy';
import { exportProposal } from '../../../use-cases/proposal-documents';
import { respondFile } from '../../routing';
import { fileOf, FORMATS, type FileFormat } from '../../routes/proposal-documents';
import type { ConsoleEnv } from '../env';
import {
  actorOf,
  countParam,
  dateField,
  flashOf,
  idParam,
  Reasons,
  TableWrap,
  unitOptionLabel,
  unitsInScope,
  type Ctx,
} from '../kit';
import { CONSOLE_BASE, CsrfField, formatDate, Page, type Flash } from '../layout';
import { field, fields, formOf } from '../session';

const LIST_PAGE_SIZE = 50;
const PROPOSALS = `${CONSOLE_BASE}/proposals`;

// The filters name each status as its badge does, and the API's statusLabel: one term for a status everywhere (the
// submitted one is "Đã trình"; "Chờ quyết định" is a person's decision still to take, a different thing).
const STATUS_TABS: { status?: ProposalStatus; label: string }[] = [
  { label: 'Tất cả' },
  ...PROPOSAL_STATUSES.map((status) => ({ status, label: STATUS_LABELS_VI[status] })),
];

const ITEM_FILTERS = ['all', 'pending', 'approved', 'rejected'] as const;
type ItemFilter = (typeof ITEM_FILTERS)[number];
const ITEM_FILTER_LABELS: Record<ItemFilter, string> = {
  all: 'Tất cả',
  pending: 'Chờ quyết định',
  approved: 'Đã duyệt',
  rejected: 'Không duyệt',
};

export function proposalHref(id: string, params: Record<string, string | number | undefined> = {}, hash = ''): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined && value !== '' && value !== 'all') query.set(key, String(value));
  const search = query.toString();
  return `${PROPOSALS}/${encodeURIComponent(id)}${search ? `?${search}` : ''}${hash}`;
}

export function proposalPages(): Hono<ConsoleEnv> {
  const app = new Hono<ConsoleEnv>();

  app.get('/proposals', async (c) => {
    const query = c.req.query();
    const status = (PROPOSAL_STATUSES as readonly string[]).includes(query.status ?? '') ? (query.status as ProposalStatus) : undefined;
    const cursor = query.cursor || undefined;
    const page = await listProposals(c.var.deps, actorOf(c), { status, limit: LIST_PAGE_SIZE, cursor });
    const tab = STATUS_TABS.find((t) => t.status === status)!;
    return c.html(
      <Page title={`Đề xuất - ${tab.label}`} principal={c.var.principal} scopeNames={c.var.scopeNames} csrf={c.var.csrf} active="proposals">
        <ProposalList items={page.items} status={status} cursor={cursor} nextCursor={page.nextCursor} canDraft={mayDo(c.var.principal, 'createProposal')} />
      </Page>,
    );
  });

  app.get('/proposals/new', async (c) => draftForm(c, {}));

  app.post('/proposals', async (c) => {
    const form = await formOf(c);
    const values: DraftValues = {
      scopeUnitId: field(form, 'scopeUnitId')?.trim(),
      effectiveDate: field(form, 'effectiveDate')?.trim(),
      asOf: field(form, 'asOf')?.trim(),
      title: field(form, 'title')?.trim(),
    };
    try {
      if (!values.scopeUnitId)
        throw new BadRequestError('Hãy chọn đơn vị lập đề xuất', [{ path: 'scopeUnitId', message: 'Required' }]);
      const effectiveDate = dateField(values.effectiveDate, 'Ngày hiệu lực', 'effectiveDate');
      if (!effectiveDate) throw new BadRequestError('Hãy nhập ngày hiệu lực', [{ path: 'effectiveDate', message: 'Required' }]);
      if (values.title && values.title.length > 300)
        throw new BadRequestError('Tiêu đề dài tối đa 300 ký tự', [{ path: 'title', message: 'Too long' }]);
      const proposal = await draftProposal(c.var.deps, actorOf(c), {
        scopeUnitId: values.scopeUnitId,
        effectiveDate,
        asOf: dateField(values.asOf, 'Ngày xét', 'asOf'),
        title: values.title || undefined,
      });
      return c.redirect(proposalHref(proposal.id, { msg: 'drafted' }), 303);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      return draftForm(c, values, flashOf(error));
    }
  });

  app.get('/proposals/:id', async (c) => {
    const query = c.req.query();
    return detail(c, idParam(c.req.param('id'), 'Đề xuất'), { filter: itemFilter(query.items), flash: flashFromQuery(query) });
  });

  app.post('/proposals/:id/submit', async (c) => {
    const id = idParam(c.req.param('id'), 'Đề xuất');
    const form = await formOf(c);
    return act(c, id, 'all', async () => {
      const version = Number(field(form, 'version'));
      await submitProposal(c.var.deps, actorOf(c), id, Number.isInteger(version) && version > 0 ? version : undefined);
      return proposalHref(id, { msg: 'submitted' });
    });
  });

  app.post('/proposals/:id/decisions', async (c) => {
    const id = idParam(c.req.param('id'), 'Đề xuất');
    const form = await formOf(c);
    const filter = itemFilter(field(form, 'items'));
    return act(c, id, filter, async () => {
      const decision = field(form, 'decision');
      if (decision !== 'approved' && decision !== 'rejected')
        throw new BadRequestError('Hãy chọn Duyệt hoặc Không duyệt', [{ path: 'decision', message: 'approved or rejected' }]);
      const note = field(form, 'note')?.trim() || undefined;
      if (note && note.length > 1000) throw new BadRequestError('Ghi chú dài tối đa 1000 ký tự', [{ path: 'note', message: 'Too long' }]);
      const itemIds = fields(form, 'itemId').map((itemId) => idParam(itemId, 'Mục đề xuất'));
      if (!itemIds.length) throw new BadRequestError('Chưa chọn người nào để quyết định', [{ path: 'itemId', message: 'Required' }]);
      const actor = actorOf(c);
      if (field(form, 'all') === '1') {
        if (decision !== 'approved') throw new BadRequestError('Chỉ có thể duyệt tất cả, không từ chối tất cả', []);
        // Only the items shown that are still undecided: a decision made meanwhile (another tab) is not overwritten.
        const proposal = await getProposal(c.var.deps, actor, id);
        const pending = new Set(proposal.items.filter((i) => i.decision === 'pending').map((i) => i.itemId));
        const chosen = [...new Set(itemIds)].filter((itemId) => pending.has(itemId));
        for (let start = 0; start < chosen.length; start += MAX_DECISIONS_PER_CALL)
          await decideProposal(
            c.var.deps,
            actor,
            id,
            chosen.slice(start, start + MAX_DECISIONS_PER_CALL).map((itemId) => ({ itemId, decision: 'approved' as const, note })),
          );
        return proposalHref(id, { msg: 'decided', n: chosen.length, items: filter });
      }
      if (itemIds.length !== 1) throw new BadRequestError('Mỗi lần quyết định một người, hoặc dùng "Duyệt tất cả"', []);
      await decideProposal(c.var.deps, actor, id, [{ itemId: itemIds[0], decision, note }]);
      return proposalHref(id, { msg: 'decided', n: 1, items: filter }, `#item-${itemIds[0]}`);
    });
  });

  app.post('/proposals/:id/apply', async (c) => {
    const id = idParam(c.req.param('id'), 'Đề xuất');
    const form = await formOf(c);
    return act(c, id, 'all', async () => {
      const decisionNo = field(form, 'decisionNo')?.trim() ?? '';
      if (!decisionNo || decisionNo.length > 80)
        throw new BadRequestError('Hãy nhập số quyết định (tối đa 80 ký tự), ví dụ 125/QĐ-SKHCN', [
          { path: 'decisionNo', message: 'Required, at most 80 characters' },
        ]);
      const { results } = await applyProposal(c.var.deps, actorOf(c), id, decisionNo);
      const count = (result: string) => results.filter((r) => r.result === result).length;
      return proposalHref(id, { msg: 'applied', ok: count('applied'), failed: count('failed'), already: count('already_applied') });
    });
  });

  app.get('/proposals/:id/export', async (c) => {
    const id = idParam(c.req.param('id'), 'Đề xuất');
    const format = fileFormat(c.req.query('format'));
    // The same use case and writer as GET /v1/proposals/{id}/export; a browser sends the session cookie instead of a token.
    return respondFile(c as unknown as Context<AppEnv>, (deps, actor) => exportProposal(deps, actor, id), (table) => fileOf(table, format));
  });

  return app;
}

/** `csv` or `xlsx` (the default), else a 400. */
export function fileFormat(value: string | undefined): FileFormat {
  if (value === undefined || value === '') return 'xlsx';
  if ((FORMATS as readonly string[]).includes(value)) return value as FileFormat;
  throw new BadRequestError(`Định dạng tệp '${value.slice(0, 20)}' không hỗ trợ; chọn csv hoặc xlsx`, [{ path: 'format', message: 'csv or xlsx' }]);
}

function itemFilter(value: string | undefined): ItemFilter {
  return (ITEM_FILTERS as readonly string[]).includes(value ?? '') ? (value as ItemFilter) : 'all';
}

/**
 * Runs a proposal's action and redirects to where it says; a refusal (a DomainError) shows the proposal again with
 * the reason and the status the API would answer, and changes nothing.
 */
async function act(c: Ctx, id: string, filter: ItemFilter, run: () => Promise<string>): Promise<Response> {
  try {
    return c.redirect(await run(), 303);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    const { flash, status } = flashOf(error);
    return detail(c, id, { filter, flash, status });
  }
}

function flashFromQuery(query: Record<string, string>): Flash | undefined {
  switch (query.msg) {
    case 'drafted':
      return { kind: 'ok', text: 'Đã lập dự thảo đề xuất. Xem lại từng người, rồi trình lãnh đạo.' };
    case 'submitted':
      return { kind: 'ok', text: 'Đã trình đề xuất. Lãnh đạo có thể quyết định từng người.' };
    case 'decided': {
      const n = countParam(query.n);
      if (n === 0) return { kind: 'info', text: 'Không có người nào đang chờ quyết định trong danh sách.' };
      return { kind: 'ok', text: n === undefined ? 'Đã ghi nhận quyết định.' : `Đã ghi nhận quyết định cho ${n} người.` };
    }
    case 'applied': {
      const ok = countParam(query.ok) ?? 0;
      const failed = countParam(query.failed) ?? 0;
      const already = countParam(query.already) ?? 0;
      const parts = [`${ok} người đã được chuyển vị trí theo quyết định`];
      if (already) parts.push(`${already} người đã được thực hiện từ trước`);
      if (failed) parts.push(`${failed} người chưa thực hiện được (xem lý do ở từng dòng; thực hiện lại sẽ thử lại)`);
      return { kind: failed ? 'warn' : 'ok', text: `Đã thực hiện đề xuất: ${parts.join('; ')}.` };
    }
    default:
      return undefined;
  }
}

interface DraftValues {
  scopeUnitId?: string;
  effectiveDate?: string;
  asOf?: string;
  title?: string;
}

async function draftForm(c: Ctx, values: DraftValues, refusal?: { flash: Flash; status: ContentfulStatusCode }) {
  // The form is for those the draft use case lets draft: anyone else (a leader who typed the URL, say) gets its 403
  // page now, as the submit would answer, not a form only the submit refuses.
  authorize(actorOf(c), 'createProposal');
  const units = await unitsInScope(c);
  const todayIso = today(c.var.deps);
  return c.html(
    <Page title="Lập đề xuất" principal={c.var.principal} scopeNames={c.var.scopeNames} csrf={c.var.csrf} active="proposals" flash={refusal?.flash}>
      <p>
        <a href={PROPOSALS}>← Danh sách đề xuất</a>
      </p>
      <h1>Lập đề xuất chuyển đổi vị trí công tác, điều động, luân chuyển</h1>
      <p>
        Hệ thống lập dự thảo từ danh sách cảnh báo: mọi công chức trong đơn vị đã quá thời hạn giữ vị trí, đến kỳ chuyển
        đổi định kỳ hoặc không đáp ứng yêu cầu, với hình thức đề xuất và vị trí dự kiến còn trống. Người thuộc diện miễn,
        hoãn được liệt kê riêng; người chưa bố trí được có lý do.
      </p>
      <form method="post" action={PROPOSALS} class="card">
        <CsrfField csrf={c.var.csrf} />
        <div class="field">
          <label for="scopeUnitId">Đơn vị</label>
          <span class="hint" id="scopeUnitId-hint">
            Đề xuất gồm đơn vị này và các đơn vị trực thuộc.
          </span>
          <select id="scopeUnitId" name="scopeUnitId" required aria-describedby="scopeUnitId-hint">
            <option value="">-- Chọn đơn vị --</option>
            {units.map((u) => (
              <option value={u.id} selected={u.id === values.scopeUnitId}>
                {unitOptionLabel(u, units)}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="effectiveDate">Ngày hiệu lực</label>
          <span class="hint" id="effectiveDate-hint">
            Ngày các quyết định có hiệu lực: không trước ngày xét, tối đa 12 tháng tới ({formatDate(addMonths(todayIso, 12))}).
          </span>
          <input
            type="date"
            id="effectiveDate"
            name="effectiveDate"
            class="short"
            required
            max={addMonths(todayIso, 12)}
            value={values.effectiveDate}
            aria-describedby="effectiveDate-hint"
          />
        </div>
        <div class="field">
          <label for="asOf">Ngày xét (không bắt buộc)</label>
          <span class="hint" id="asOf-hint">
            Xét những ai bị cảnh báo tính đến ngày này; mặc định hôm nay ({formatDate(todayIso)}). Nhập ngày hiệu lực để gồm cả
            người sẽ quá hạn trước ngày đó.
          </span>
          <input type="date" id="asOf" name="asOf" class="short" value={values.asOf} aria-describedby="asOf-hint" />
        </div>
        <div class="field">
          <label for="title">Tiêu đề (không bắt buộc)</label>
          <span class="hint" id="title-hint">
            Mặc định: "Đề xuất chuyển đổi vị trí công tác, điều động, luân chuyển - tên đơn vị - hiệu lực ngày...".
          </span>
          <input type="text" id="title" name="title" maxlength={300} value={values.title} aria-describedby="title-hint" />
        </div>
        <button type="submit" class="btn primary">
          Lập dự thảo
        </button>
      </form>
    </Page>,
    refusal?.status ?? 200,
  );
}

function StatusBadge(props: { status: ProposalStatus }) {
  return <span class={`badge ${props.status}`}>{STATUS_LABELS_VI[props.status]}</span>;
}

function ProposalList(props: {
  items: ProposalHeader[];
  status?: ProposalStatus;
  cursor?: string;
  nextCursor?: string;
  canDraft: boolean;
}) {
  const tabHref = (status?: ProposalStatus) => (status ? `${PROPOSALS}?status=${status}` : PROPOSALS);
  return (
    <>
      <h1>Đề xuất chuyển đổi vị trí công tác, điều động, luân chuyển</h1>
      {props.canDraft && (
        <p class="actions-bar">
          <a class="btn primary" href={`${PROPOSALS}/new`}>
            Lập đề xuất mới
          </a>
        </p>
      )}
      <nav aria-label="Lọc theo trạng thái">
        <ul class="tabs">
          {STATUS_TABS.map((tab) => (
            <li>
              <a href={tabHref(tab.status)} aria-current={tab.status === props.status ? 'page' : undefined}>
                {tab.label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      {props.items.length === 0 ? (
        <p>
          Không có đề xuất nào{props.status ? ` ở trạng thái "${STATUS_LABELS_VI[props.status]}"` : ''} trong phạm vi của bạn.
        </p>
      ) : (
        <TableWrap label="Danh sách đề xuất">
          <table>
            <thead>
              <tr>
                <th scope="col">Đề xuất</th>
                <th scope="col">Phạm vi</th>
                <th scope="col">Ngày xét</th>
                <th scope="col">Ngày hiệu lực</th>
                <th scope="col">Trạng thái</th>
                <th scope="col" class="num">
                  Số người
                </th>
                <th scope="col" class="num">
                  Chờ quyết định
                </th>
                <th scope="col">Cập nhật</th>
              </tr>
            </thead>
            <tbody>
              {props.items.map((p) => (
                <tr>
                  <td>
                    <a href={proposalHref(p.id)}>{p.title}</a>
                    {p.decisionNo && <div class="small muted">Quyết định số {p.decisionNo}</div>}
                  </td>
                  <td>{p.scopeUnitName}</td>
                  <td class="nowrap">{formatDate(p.asOf)}</td>
                  <td class="nowrap">{formatDate(p.effectiveDate)}</td>
                  <td>
                    <StatusBadge status={p.status} />
                  </td>
                  <td class="num">{p.itemCount}</td>
                  <td class="num">{p.pending}</td>
                  <td class="nowrap">{formatDate(p.updatedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      <div class="pager">
        {props.cursor && <a href={tabHref(props.status)}>← Trang đầu</a>}
        {props.nextCursor && (
          <a href={`${PROPOSALS}?${new URLSearchParams({ ...(props.status ? { status: props.status } : {}), cursor: props.nextCursor })}`}>
            Trang sau →
          </a>
        )}
      </div>
    </>
  );
}

/** The proposal page, after a GET or a refused POST (with its flash and status). */
async function detail(
  c: Ctx,
  id: string,
  options: { filter: ItemFilter; flash?: Flash; status?: ContentfulStatusCode },
): Promise<Response> {
  const proposal = await getProposal(c.var.deps, actorOf(c), id);
  return c.html(
    <Page title={proposal.title} principal={c.var.principal} scopeNames={c.var.scopeNames} csrf={c.var.csrf} active="proposals" flash={options.flash}>
      <ProposalDetail c={c} proposal={proposal} filter={options.filter} />
    </Page>,
    options.status ?? 200,
  );
}

function ProposalDetail(props: { c: Ctx; proposal: Proposal; filter: ItemFilter }) {
  const { c, proposal, filter } = props;
  const principal = c.var.principal;
  const csrf = c.var.csrf;
  const canSubmit = proposal.status === 'draft' && mayDo(principal, 'submitProposal');
  const canDecide = proposal.status === 'submitted' && mayDo(principal, 'decideProposal');
  const unapplied = proposal.items.filter((i) => i.decision === 'approved' && !i.applied);
  const canApply =
    mayDo(principal, 'applyProposal') && (proposal.status === 'decided' || (proposal.status === 'applied' && unapplied.length > 0));
  const shown = proposal.items.filter((i) => filter === 'all' || i.decision === filter);
  const pendingShown = shown.filter((i) => i.decision === 'pending');
  const counts = (d: Decision) => proposal.items.filter((i) => i.decision === d).length;
  const untargeted = proposal.items.filter((i) => !i.targetPositionId).length;

  return (
    <>
      <p>
        <a href={PROPOSALS}>← Danh sách đề xuất</a>
      </p>
      <h1>{proposal.title}</h1>
      <div class="card">
        <dl class="facts">
          <dt>Trạng thái</dt>
          <dd>
            <StatusBadge status={proposal.status} />
          </dd>
          <dt>Phạm vi</dt>
          <dd>{proposal.scopeUnitName}</dd>
          <dt>Ngày xét</dt>
          <dd>{formatDate(proposal.asOf)}</dd>
          <dt>Ngày hiệu lực</dt>
          <dd>{formatDate(proposal.effectiveDate)}</dd>
          <dt>Số người</dt>
          <dd>
            {proposal.itemCount} (đã duyệt {counts('approved')}, không duyệt {counts('rejected')}, chờ quyết định {counts('pending')});
            chưa bố trí được {proposal.unarranged.length}; miễn, hoãn {proposal.exempt.length}
          </dd>
          {proposal.decisionNo && (
            <>
              <dt>Số quyết định</dt>
              <dd>{proposal.decisionNo}</dd>
            </>
          )}
          <dt>Người lập</dt>
          <dd>
            {proposal.createdBy}, ngày {formatDate(proposal.createdAt)}
          </dd>
          {proposal.submittedAt && (
            <>
              <dt>Ngày trình</dt>
              <dd>{formatDate(proposal.submittedAt)}</dd>
            </>
          )}
          {proposal.decidedAt && (
            <>
              <dt>Ngày quyết định xong</dt>
              <dd>{formatDate(proposal.decidedAt)}</dd>
            </>
          )}
          {proposal.appliedAt && (
            <>
              <dt>Ngày thực hiện</dt>
              <dd>{formatDate(proposal.appliedAt)}</dd>
            </>
          )}
        </dl>
      </div>

      <div class="actions-bar">
        <span>Tải danh sách để ký:</span>
        <a href={`${proposalHref(proposal.id)}/export?format=xlsx`}>Excel (XLSX)</a>
        <a href={`${proposalHref(proposal.id)}/export?format=csv`}>CSV</a>
        {canSubmit && (
          <form method="post" action={`${proposalHref(proposal.id)}/submit`}>
            <CsrfField csrf={csrf} />
            <input type="hidden" name="version" value={String(proposal.version)} />
            <button type="submit" class="btn primary">
              Trình lãnh đạo quyết định
            </button>
          </form>
        )}
      </div>
      {canSubmit && untargeted > 0 && (
        <p class="flash warn">
          Còn {untargeted} người chưa có vị trí dự kiến: cần chọn vị trí cho họ (qua API, PATCH mục đề xuất) trước khi trình.
        </p>
      )}
      {proposal.status === 'draft' && !canSubmit && <p class="muted">Dự thảo đang được bộ phận tổ chức cán bộ chuẩn bị.</p>}

      {canApply && (
        <form method="post" action={`${proposalHref(proposal.id)}/apply`} class="card">
          <CsrfField csrf={csrf} />
          <h2>Thực hiện đề xuất</h2>
          <p>
            Với mỗi người được duyệt ({unapplied.length} người chưa thực hiện): kết thúc quá trình công tác hiện tại vào ngày
            trước ngày hiệu lực và ghi quá trình mới theo số quyết định. Người đổi chỗ cho nhau được thực hiện cùng nhau.
          </p>
          <div class="inline-form">
            <div class="field">
              <label for="decisionNo">Số quyết định</label>
              <input
                type="text"
                id="decisionNo"
                name="decisionNo"
                required
                maxlength={80}
                placeholder="125/QĐ-SKHCN"
                value={proposal.decisionNo}
              />
            </div>
            <button type="submit" class="btn primary">
              Thực hiện đề xuất
            </button>
          </div>
        </form>
      )}

      <h2 id="items">Danh sách đề xuất ({proposal.items.length} người)</h2>
      <nav aria-label="Lọc theo quyết định">
        <ul class="tabs">
          {ITEM_FILTERS.map((f) => (
            <li>
              <a href={proposalHref(proposal.id, { items: f }, '#items')} aria-current={f === filter ? 'page' : undefined}>
                {ITEM_FILTER_LABELS[f]}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      {canDecide && pendingShown.length > 0 && (
        <form method="post" action={`${proposalHref(proposal.id)}/decisions`} class="actions-bar">
          <CsrfField csrf={csrf} />
          <input type="hidden" name="all" value="1" />
          <input type="hidden" name="decision" value="approved" />
          <input type="hidden" name="items" value={filter} />
          {pendingShown.map((i) => (
            <input type="hidden" name="itemId" value={i.itemId} />
          ))}
          <button type="submit" class="btn approve">
            Duyệt tất cả {pendingShown.length} người đang hiển thị chưa quyết định
          </button>
        </form>
      )}
      {shown.length === 0 ? (
        <p>Không có người nào trong mục này.</p>
      ) : (
        <TableWrap label="Danh sách người được đề xuất">
          <table>
            <thead>
              <tr>
                <th scope="col" class="num">
                  STT
                </th>
                <th scope="col">Công chức</th>
                <th scope="col">Vị trí hiện tại</th>
                <th scope="col">Thời gian giữ vị trí</th>
                <th scope="col">Lý do</th>
                <th scope="col">Hình thức</th>
                <th scope="col">Vị trí dự kiến</th>
                <th scope="col">Quyết định</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((item) => (
                <ItemRow
                  item={item}
                  index={proposal.items.indexOf(item)}
                  proposal={proposal}
                  canDecide={canDecide}
                  csrf={csrf}
                  filter={filter}
                />
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}

      <h2>Chưa bố trí được ({proposal.unarranged.length} người)</h2>
      {proposal.unarranged.length === 0 ? (
        <p>Không có.</p>
      ) : (
        <TableWrap label="Người chưa bố trí được">
          <table>
            <thead>
              <tr>
                <th scope="col">Công chức</th>
                <th scope="col">Vị trí hiện tại</th>
                <th scope="col">Thời gian giữ vị trí</th>
                <th scope="col">Lý do</th>
                <th scope="col">Hình thức</th>
                <th scope="col">Vì sao chưa bố trí được</th>
              </tr>
            </thead>
            <tbody>
              {proposal.unarranged.map((u) => (
                <tr>
                  <th scope="row">{u.fullName}</th>
                  <td>
                    {u.positionTitle}
                    <div class="small muted">{u.unitName}</div>
                  </td>
                  <td>{timeHeldVi(u.chainStart, proposal.asOf)}</td>
                  <td>
                    <Reasons reasons={u.reasons} />
                  </td>
                  <td>{ACTION_LABELS_VI[u.action]}</td>
                  <td>{u.whyLabel}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      <p>
        <a href={`${CONSOLE_BASE}/unarranged?${new URLSearchParams({ unitId: proposal.scopeUnitId })}`}>
          Báo cáo người chưa bố trí được của đơn vị
        </a>
      </p>

      <h2>Thuộc diện miễn, hoãn ({proposal.exempt.length} người)</h2>
      {proposal.exempt.length === 0 ? (
        <p>Không có.</p>
      ) : (
        <TableWrap label="Người thuộc diện miễn, hoãn">
          <table>
            <thead>
              <tr>
                <th scope="col">Công chức</th>
                <th scope="col">Vị trí hiện tại</th>
                <th scope="col">Lý do</th>
                <th scope="col">Miễn, hoãn</th>
              </tr>
            </thead>
            <tbody>
              {proposal.exempt.map((e) => (
                <tr>
                  <th scope="row">{e.fullName}</th>
                  <td>
                    {e.positionTitle}
                    <div class="small muted">{e.unitName}</div>
                  </td>
                  <td>
                    <Reasons reasons={e.reasons} />
                  </td>
                  <td>
                    <ul class="reasons">
                      {e.exemptions.map((x) => (
                        <li>
                          {x.detail} (từ {formatDate(x.from)}
                          {x.to ? ` đến ${formatDate(x.to)}` : ''}) <span class="rule">({x.rule})</span>
                        </li>
                      ))}
                    </ul>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
    </>
  );
}

function ItemRow(props: {
  item: ProposalItem;
  index: number;
  proposal: Proposal;
  canDecide: boolean;
  csrf: string;
  filter: ItemFilter;
}) {
  const { item, proposal } = props;
  const noteId = `note-${item.itemId}`;
  return (
    <tr id={`item-${item.itemId}`}>
      <td class="num">{props.index + 1}</td>
      <th scope="row">{item.fullName}</th>
      <td>
        {item.fromPositionTitle}
        <div class="small muted">{item.fromUnitName}</div>
      </td>
      <td>
        {timeHeldVi(item.chainStart, proposal.asOf)}
        {item.dueDate && <div class="small muted">Đến hạn {formatDate(item.dueDate)}</div>}
      </td>
      <td>
        <Reasons reasons={item.reasons} />
      </td>
      <td>
        {ACTION_LABELS_VI[item.action]}
        {item.demote && <div class="small muted">sang vị trí thấp hơn</div>}
        {item.plannedEnd && <div class="small muted">dự kiến đến {formatDate(item.plannedEnd)}</div>}
      </td>
      <td>
        {item.targetPositionId ? (
          <>
            {item.targetPositionTitle}
            <div class="small muted">{item.targetUnitName}</div>
          </>
        ) : (
          <span class="muted">Chưa có vị trí dự kiến</span>
        )}
        <div class="small">{item.explanation}</div>
      </td>
      <td>
        <span class={`badge ${item.decision}`}>{DECISION_LABELS_VI[item.decision]}</span>
        {item.applied && (
          <div>
            <span class="badge applied">Đã thực hiện</span>
            {item.appliedAt && <span class="small muted"> ngày {formatDate(item.appliedAt)}</span>}
          </div>
        )}
        {item.failure && !item.applied && (
          <div class="small">
            <span class="badge failed">Chưa thực hiện được</span> {item.failure.reason}
          </div>
        )}
        {item.note && <div class="small">Ghi chú: {item.note}</div>}
        {item.decidedBy && (
          <div class="small muted">
            {item.decidedBy}
            {item.decidedAt ? `, ${formatDate(item.decidedAt)}` : ''}
          </div>
        )}
        {props.canDecide && (
          <form method="post" action={`${proposalHref(proposal.id)}/decisions`} class="decide">
            <CsrfField csrf={props.csrf} />
            <input type="hidden" name="itemId" value={item.itemId} />
            <input type="hidden" name="items" value={props.filter} />
            <label for={noteId} class="small">
              Ghi chú<span class="visually-hidden"> cho {item.fullName}</span> (không bắt buộc)
            </label>
            <textarea id={noteId} name="note" maxlength={1000} rows={2}>
              {item.note ?? ''}
            </textarea>
            <div class="actions">
              <button type="submit" name="decision" value="approved" class="btn approve small">
                Duyệt<span class="visually-hidden"> {item.fullName}</span>
              </button>
              <button type="submit" name="decision" value="rejected" class="btn reject small">
                Không duyệt<span class="visually-hidden"> {item.fullName}</span>
              </button>
            </div>
          </form>
        )}
      </td>
    </tr>
  );
}

