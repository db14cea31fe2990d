/**
 * The console's one stylesheet, served by the app itself (/console/assets/console.<hash>.css): no CDN, nothing for
 * the Lambda bundle to copy. Plain CSS, no framework. Readable at 1366x768 and on a phone; tables scroll inside
 * their `.table-wrap`, never the page. Focus is always visible.
 */
import { createHash } from 'node:crypto';
import { DASHBOARD_CSS } from '../dashboard-css';

const BASE_CSS = `
:root {
  --ink: #1b1f24; --muted: #55606b; --line: #d0d7de; --bg: #f6f8fa; --card: #fff;
  --brand: #a4161a; --brand-ink: #fff; --link: #0b57a4; --focus: #ffbf47;
  --ok: #1a7f37; --ok-bg: #dafbe1; --warn: #8a5a00; --warn-bg: #fff3cd; --bad: #b42318; --bad-bg: #ffe4e1;
  --info-bg: #e7f0fb;
  font-size: 100%;
}
*, *::before, *::after { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body {
  margin: 0; color: var(--ink); background: var(--bg);
  font: 1rem/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", Arial, sans-serif;
  overflow-wrap: anywhere;
}
a { color: var(--link); }
a:hover { text-decoration-thickness: 2px; }
:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; box-shadow: 0 0 0 5px var(--ink); }
.skip-link { position: absolute; left: 0.5rem; top: -3rem; z-index: 10; background: var(--card); color: var(--ink); padding: 0.5rem 1rem; border: 2px solid var(--ink); }
.skip-link:focus { top: 0.5rem; }
.visually-hidden { position: absolute !important; width: 1px; height: 1px; padding: 0; margin: -1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; }

.site-header { background: var(--brand); color: var(--brand-ink); }
.site-header .bar { max-width: 80rem; margin: 0 auto; padding: 0.5rem 1rem; display: flex; flex-wrap: wrap; align-items: center; gap: 0.5rem 1.5rem; }
.site-header .brand { font-weight: 700; font-size: 1.1rem; color: var(--brand-ink); text-decoration: none; margin-right: auto; }
.site-header .who { font-size: 0.9rem; display: flex; flex-wrap: wrap; align-items: center; gap: 0.25rem 0.75rem; }
.site-header .who form { margin: 0; }
.site-header .who .btn { background: transparent; color: var(--brand-ink); border-color: var(--brand-ink); padding: 0.2rem 0.7rem; }
.nav { background: #7a1014; }
.nav ul { max-width: 80rem; margin: 0 auto; padding: 0 1rem; list-style: none; display: flex; flex-wrap: wrap; gap: 0 0.25rem; }
.nav a { display: block; padding: 0.6rem 0.9rem; color: #fff; text-decoration: none; border-bottom: 3px solid transparent; }
.nav a:hover { background: rgba(255,255,255,0.1); }
.nav a[aria-current="page"] { border-bottom-color: #fff; font-weight: 700; }

main { max-width: 80rem; margin: 0 auto; padding: 1rem; }
h1 { font-size: 1.5rem; line-height: 1.25; margin: 0.5rem 0 1rem; }
h2 { font-size: 1.2rem; margin: 1.5rem 0 0.5rem; }
h3 { font-size: 1.05rem; margin: 1rem 0 0.5rem; }
p { margin: 0.5rem 0; }
.muted { color: var(--muted); }
.small { font-size: 0.875rem; }
.card { background: var(--card); border: 1px solid var(--line); border-radius: 6px; padding: 1rem; margin: 0 0 1rem; }
.grid { display: grid; gap: 1rem; grid-template-columns: repeat(auto-fit, minmax(14rem, 1fr)); }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 0.25rem 1rem; margin: 0; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; }

.flash { border-left: 6px solid var(--link); background: var(--info-bg); padding: 0.75rem 1rem; margin: 0 0 1rem; border-radius: 4px; }
.flash.ok { border-color: var(--ok); background: var(--ok-bg); }
.flash.error { border-color: var(--bad); background: var(--bad-bg); }
.flash.warn { border-color: var(--warn); background: var(--warn-bg); }

.tabs { display: flex; flex-wrap: wrap; gap: 0.25rem; list-style: none; padding: 0; margin: 0 0 1rem; border-bottom: 2px solid var(--line); }
.tabs a { display: block; padding: 0.4rem 0.9rem; text-decoration: none; border: 1px solid transparent; border-bottom: none; border-radius: 4px 4px 0 0; }
.tabs a[aria-current="page"] { background: var(--card); border-color: var(--line); font-weight: 700; color: var(--ink); }

.table-wrap { width: 100%; overflow-x: auto; background: var(--card); border: 1px solid var(--line); border-radius: 6px; margin: 0 0 1rem; }
.table-wrap:focus-visible { outline-offset: -3px; }
table { border-collapse: collapse; width: 100%; font-size: 0.925rem; }
caption { text-align: left; padding: 0.5rem 0.75rem; font-weight: 600; }
th, td { text-align: left; vertical-align: top; padding: 0.5rem 0.75rem; border-bottom: 1px solid var(--line); }
thead th { background: #eef1f4; white-space: nowrap; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
tbody tr:hover { background: #fafbfc; }
table .reasons { margin: 0; padding-left: 1.1rem; min-width: 12rem; }
table .reasons li + li { margin-top: 0.25rem; }
.rule { color: var(--muted); font-size: 0.85rem; }

.badge { display: inline-block; padding: 0.05rem 0.5rem; border-radius: 999px; font-size: 0.8rem; font-weight: 600; border: 1px solid currentColor; white-space: nowrap; }
.badge.pending { color: var(--warn); background: var(--warn-bg); }
.badge.approved, .badge.applied { color: var(--ok); background: var(--ok-bg); }
.badge.rejected, .badge.failed { color: var(--bad); background: var(--bad-bg); }
.badge.draft, .badge.submitted, .badge.decided { color: var(--link); background: var(--info-bg); }

form { margin: 0; }
fieldset { border: 1px solid var(--line); border-radius: 6px; padding: 0.75rem 1rem; margin: 0 0 1rem; }
legend { font-weight: 600; padding: 0 0.25rem; }
label { display: block; font-weight: 600; margin: 0 0 0.25rem; }
.field { margin: 0 0 0.75rem; }
.hint { display: block; color: var(--muted); font-size: 0.875rem; font-weight: 400; margin: 0 0 0.25rem; }
input[type="text"], input[type="date"], input[type="password"], input[type="search"], select, textarea {
  font: inherit; color: var(--ink); background: #fff; border: 2px solid #6e7781; border-radius: 4px; padding: 0.35rem 0.5rem;
  width: 100%; max-width: 32rem;
}
textarea { min-height: 5rem; }
input.short, select.short { max-width: 14rem; }
.inline-form { display: flex; flex-wrap: wrap; align-items: flex-end; gap: 0.5rem 1rem; }
.inline-form .field { margin: 0; }
.decide { display: grid; gap: 0.4rem; min-width: 11rem; margin-top: 0.5rem; }
.decide textarea { min-height: 2.5rem; max-width: none; }
.decide .actions { display: flex; gap: 0.4rem; flex-wrap: wrap; }
code, kbd { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 0.9em; background: #eef1f4; padding: 0.05rem 0.3rem; border-radius: 3px; }
/* A command to copy wraps inside its box (a soft wrap: copied, it is still one line) rather than run past the card's
   edge, where at 1366 px it was cut off with no visible scrollbar. */
pre.command { background: #0d1117; color: #e6edf3; padding: 0.5rem 0.75rem; border-radius: 4px; max-width: 100%; white-space: pre-wrap; overflow-wrap: anywhere; }
pre.command code { background: none; color: inherit; padding: 0; }

.btn { display: inline-block; font: inherit; font-weight: 600; line-height: 1.3; text-decoration: none; cursor: pointer;
  padding: 0.45rem 1rem; border-radius: 4px; border: 2px solid var(--link); background: #fff; color: var(--link); }
.btn:hover { background: var(--info-bg); }
.btn.primary { background: var(--link); color: #fff; }
.btn.primary:hover { background: #08457f; }
.btn.approve { border-color: var(--ok); color: var(--ok); }
.btn.approve:hover { background: var(--ok-bg); }
.btn.reject { border-color: var(--bad); color: var(--bad); }
.btn.reject:hover { background: var(--bad-bg); }
.btn.small { padding: 0.2rem 0.6rem; font-size: 0.875rem; }
.actions-bar { display: flex; flex-wrap: wrap; gap: 0.5rem 1rem; align-items: center; margin: 0 0 1rem; }
.pager { display: flex; gap: 1rem; margin: 0.5rem 0 1rem; }
.site-footer { max-width: 80rem; margin: 2rem auto 1rem; padding: 0 1rem; color: var(--muted); font-size: 0.85rem; }

.sign-in { max-width: 36rem; margin: 2rem auto; }
.chart svg { max-width: 100%; height: auto; }

@media (max-width: 40rem) {
  main { padding: 0.75rem; }
  h1 { font-size: 1.25rem; }
  .site-header .bar { padding: 0.5rem 0.75rem; }
  .nav ul { padding: 0 0.25rem; }
  .nav a { padding: 0.5rem 0.6rem; }
  dl.facts { grid-template-columns: 1fr; }
  dl.facts dd { margin-bottom: 0.5rem; }
}
@media print {
  .site-header, .nav, .skip-link, form, .actions-bar { display: none !important; }
  body { background: #fff; }
  .table-wrap { overflow: visible; border: none; }
}
`;

/** The whole stylesheet: the frame and proposals pages', then the dashboard's and flags list's rules. */
export const CONSOLE_CSS = `${BASE_CSS}\n${DASHBOARD_CSS}`;

/** A short hash of the stylesheet: its URL changes with its content, so it may be cached for a year. */
export const CONSOLE_CSS_HASH = createHash('sha256').update(CONSOLE_CSS).digest('hex').slice(0, 12);
export const CONSOLE_CSS_FILE = `console.${CONSOLE_CSS_HASH}.css`;
