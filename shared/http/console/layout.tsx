/**
 * The frame of every console page: `<html lang="vi">`, a skip link, the navigation between the four pages, who is
 * signed in (role and scope) with a sign-out form, `<main id="main">` and the stylesheet the app serves. No script.
 * Pages render `<Page title principal scopeNames csrf active>...</Page>` and send it with `c.html()`.
 */
import type { Child } from 'hono/jsx';
import { raw } from 'hono/html';
import { formatDateVi, isIsoDate, todayInHoChiMinh } from '../../domain/dates';
import type { Principal } from '../../ports';
import { CONSOLE_CSS_FILE } from './assets/console-css';

/** Where the console is mounted in the app. */
export const CONSOLE_BASE = '/console';

export type NavKey = 'dashboard' | 'flags' | 'proposals' | 'unarranged';

const NAV: { key: NavKey; href: string; label: string }[] = [
  { key: 'dashboard', href: `${CONSOLE_BASE}/`, label: 'Tổng quan' },
  { key: 'flags', href: `${CONSOLE_BASE}/flags`, label: 'Cảnh báo thời hạn' },
  { key: 'proposals', href: `${CONSOLE_BASE}/proposals`, label: 'Đề xuất' },
  { key: 'unarranged', href: `${CONSOLE_BASE}/unarranged`, label: 'Chưa bố trí được' },
];

export const ROLE_LABELS_VI: Record<string, string> = {
  hr: 'Cán bộ tổ chức',
  leader: 'Lãnh đạo',
  auditor: 'Thanh tra, kiểm tra',
  admin: 'Quản trị hệ thống',
  system: 'Hệ thống',
};

/** The stylesheet's URL: its name carries a hash of its content. */
export const STYLESHEET_HREF = `${CONSOLE_BASE}/assets/${CONSOLE_CSS_FILE}`;

/** The pages' icon: none, said in a data: URL, so no request for /favicon.ico. */
export const FAVICON_HREF = 'data:,';

/** A message shown above the page's content (after a form was posted, or an error). */
export interface Flash {
  kind: 'ok' | 'error' | 'warn' | 'info';
  text: string;
}

/** The scope in the header: its units' names when the page has them (a few units), else their codes. */
export function scopeLabel(principal: Principal, names?: readonly string[]): string {
  if (principal.scope === '*') return 'tất cả đơn vị';
  return (names?.length ? names : principal.scope).join(', ');
}

export function rolesLabel(principal: Principal): string {
  return principal.roles.map((r) => ROLE_LABELS_VI[r] ?? r).join(', ');
}

/**
 * A date as dd/mm/yyyy: a calendar date as it is, a timestamp as its date in Asia/Ho_Chi_Minh. Anything else is
 * returned unchanged rather than failing a whole page.
 */
export function formatDate(iso: string): string {
  if (isIsoDate(iso)) return formatDateVi(iso);
  const instant = new Date(iso);
  if (/^\d{4}-\d{2}-\d{2}T/.test(iso) && Number.isFinite(instant.getTime())) return formatDateVi(todayInHoChiMinh(instant));
  return iso;
}

/** The hidden field every POST form carries. */
export function CsrfField(props: { csrf: string }) {
  return <input type="hidden" name="csrf" value={props.csrf} />;
}

export function FlashMessage(props: { flash?: Flash }) {
  if (!props.flash) return null;
  const { kind, text } = props.flash;
  return (
    <div class={`flash ${kind}`} role={kind === 'error' ? 'alert' : 'status'}>
      {text}
    </div>
  );
}

/**
 * The frame every console page shares: the document, its head, the skip link and the header bar with the brand.
 * `bar` adds to the header bar (who is signed in); `children` follow the header.
 */
function Frame(props: { title: string; bar?: Child; children?: Child }) {
  return (
    <>
      {raw('<!doctype html>')}
      <html lang="vi">
        <Head title={props.title} />
        <body>
          <a class="skip-link" href="#main">
            Bỏ qua, đến nội dung chính
          </a>
          <header class="site-header">
            <div class="bar">
              <a class="brand" href={`${CONSOLE_BASE}/`}>
                Luân chuyển cán bộ
              </a>
              {props.bar}
            </div>
          </header>
          {props.children}
        </body>
      </html>
    </>
  );
}

/** A page without a signed-in caller (sign-in, errors before sign-in): the same frame, no navigation. */
export function BarePage(props: { title: string; children?: Child }) {
  return (
    <Frame title={props.title}>
      <main id="main" tabindex={-1}>
        {props.children}
      </main>
    </Frame>
  );
}

export function Page(props: {
  title: string;
  principal: Principal;
  /** The names of the caller's units (c.var.scopeNames), shown instead of their codes. */
  scopeNames?: readonly string[];
  csrf: string;
  active?: NavKey;
  /** A message above the content. */
  flash?: Flash;
  children?: Child;
}) {
  const { principal } = props;
  const who = (
    <div class="who">
      <span>
        <span class="visually-hidden">Đang đăng nhập: </span>
        <strong>{principal.email ?? principal.sub}</strong>
      </span>
      <span>
        Vai trò: {rolesLabel(principal)} · Phạm vi: {scopeLabel(principal, props.scopeNames)}
      </span>
      <form method="post" action={`${CONSOLE_BASE}/sign-out`}>
        <CsrfField csrf={props.csrf} />
        <button type="submit" class="btn small">
          Đăng xuất
        </button>
      </form>
    </div>
  );
  return (
    <Frame title={props.title} bar={who}>
      <nav class="nav" aria-label="Các trang">
        <ul>
          {NAV.map((item) => (
            <li>
              <a href={item.href} aria-current={props.active === item.key ? 'page' : undefined}>
                {item.label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <main id="main" tabindex={-1}>
        <FlashMessage flash={props.flash} />
        {props.children}
      </main>
      <footer class="site-footer">
        Ngày hiển thị theo dạng ngày/tháng/năm, giờ Việt Nam. Tài liệu API: <a href="/docs/">/docs/</a>
      </footer>
    </Frame>
  );
}

function Head(props: { title: string }) {
  return (
    <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <meta name="referrer" content="no-referrer" />
      <title>{`${props.title} - Luân chuyển cán bộ`}</title>
      {/* An empty icon, so the browser does not ask for /favicon.ico (a 404 in the logs) on every page: the CSP's
          img-src allows data:. */}
      <link rel="icon" href={FAVICON_HREF} />
      <link rel="stylesheet" href={STYLESHEET_HREF} />
    </head>
  );
}
